/* casework_priv.h - what the casework files (casework*.c) and the policy
 * switch's planner (switch_plan.c) share: helpers of the work layer's
 * writers, not an API.  Nothing outside src/work includes it. */
#ifndef CPDESK_CASEWORK_PRIV_H
#define CPDESK_CASEWORK_PRIV_H

#include "casework.h"
#include "text.h"



/* Unix seconds for audit entries: cw->now when set, else the clock. */
int64_t cw_now(const casework *cw);
/* Typed text has a length limit (CP_BADINPUT naming what). */
cp_status cw_too_long(const char *what, const char *s, size_t max,
                      cp_error *err);
/* Replace *field (owned) with a copy of s. */
cp_status cw_set_str(char **field, const char *s, cp_error *err);
/* Who the audit names: the real user, also when acting for another. */
const char *cw_audit_login(const casework *cw);
/* A date as YYYY-MM-DD, "(none)" when absent. */
void cw_date_str(cp_date d, char buf[CP_DATE_STRLEN]);
/* "policy=ID chain="..." hash=HEX": the audit's view of a policy. */
char *cw_describe_policy(const policy *p, uint64_t root_hash);
/* Store a policy chain as the store's policy (init and policy use). */
cp_status cw_put_chain(casework *cw, store_txn *t,
                       const cp_policy_file *files, size_t n,
                       const char *reason, cp_error *err);
/* The child, or CP_BADINPUT naming it. */
cp_status cw_need_child(store_txn *t, const char *id, cp_child *c,
                        cp_error *err);

/* Who does each step of a meeting: the child's social worker, managers
 * looked up only when a step needs them, the chair, the minute taker. */
typedef struct cw_people {
	const cp_child *child;
	const char *chair, *minute_taker;
	char tm[MODEL_ID_MAX + 1], sm[MODEL_ID_MAX + 1];
	bool tm_known, sm_known;
} cw_people;
cp_status cw_assignee_for(store_txn *t, cw_people *pp, cp_role r,
                          const char *step, const char *type,
                          const char **out, cp_error *err);

#endif
