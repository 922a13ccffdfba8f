/* policy_cal.h - the working-day calendar of a policy: its division's
 * bank holidays (from a gov.uk bank-holidays.json file) and its local
 * closures, as every command and screen that counts days builds it. */
#ifndef CPDESK_POLICY_CAL_H
#define CPDESK_POLICY_CAL_H

#include <stdbool.h>
#include "calendar.h"
#include "policy.h"
#include "status.h"

/* A working-day calendar for a command: the bank-holiday file (from
 * holidays_path, else paths_holidays()) and the division and closures of
 * policy p (or `division` when p is NULL). */
typedef struct policy_cal {
	holiday_file *hf;
	closure *closures;
	calendar cal;
	bool ready;
} policy_cal;

cp_status policy_cal_open(policy_cal *cc, const char *holidays_path,
                          const policy *p, const char *division,
                          cp_error *err);
/* The same from bank holidays already read (a store's kept copy): hf is
 * the calendar's from then on, freed by policy_cal_close, also when the
 * open fails. */
cp_status policy_cal_open_hf(policy_cal *cc, holiday_file *hf,
                             const policy *p, const char *division,
                             cp_error *err);
void policy_cal_close(policy_cal *cc);
/* The calendar of policy p, as 'policy check' checks it: a division the
 * bank holidays lack, or a local closure outside their years, is
 * reported at the policy line that declares it (FILE:LINE:COL).  hf:
 * holidays already read (taken as by policy_cal_open_hf; the error is
 * then not placed), else the file `holidays` is read. */
cp_status policy_cal_check(policy_cal *cc, const char *holidays,
                           const policy *p, holiday_file *hf, cp_error *err);
#endif
