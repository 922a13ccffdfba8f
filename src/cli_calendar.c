/* cli_calendar.c - the working-day calendar a command runs with. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

cp_status cli_calendar_open(cli_calendar *cc, const char *holidays_path,
                            const policy *p, const char *division,
                            cp_error *err)
{
	memset(cc, 0, sizeof *cc);
	char found[4096];
	if (!holidays_path || !*holidays_path)
		holidays_path = getenv("CPDESK_HOLIDAYS");
	if (!holidays_path || !*holidays_path) {
		cp_status st = cli_data_path("bank-holidays.json", found,
		                             sizeof found, err);
		if (st != CP_OK)
			return st;
		holidays_path = found;
	}
	cp_status st = holidays_load(holidays_path, &cc->hf, err);
	if (st != CP_OK)
		return st;
	size_t nclosures = 0;
	if (p) {
		division = p->division;
		nclosures = p->nclosures;
		if (!(cc->closures = policy_closures(p))) {
			cli_calendar_close(cc);
			return cp_fail(err, CP_FAILED, "out of memory");
		}
	}
	st = calendar_init(&cc->cal, cc->hf, division ? division : "england-and-wales",
	                   cc->closures, nclosures, err);
	if (st != CP_OK) {
		if (p)
			cp_error_prefix(err, "policy %s: ", p->path);
		cli_calendar_close(cc);
		return st;
	}
	cc->ready = true;
	return CP_OK;
}

void cli_calendar_close(cli_calendar *cc)
{
	if (cc->ready)
		calendar_fini(&cc->cal);
	holidays_free(cc->hf);
	free(cc->closures);
	memset(cc, 0, sizeof *cc);
}
