/* policy_cal.c - the working-day calendar of a policy (policy_cal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "policy_cal.h"
#include "yamltree.h"

cp_status policy_cal_open(policy_cal *cc, const char *holidays_path,
                          const policy *p, const char *division,
                          cp_error *err)
{
	memset(cc, 0, sizeof *cc);
	char found[4096];
	holiday_file *hf = NULL;
	if (!holidays_path || !*holidays_path) {
		cp_status st = paths_holidays(found, sizeof found, err);
		if (st != CP_OK)
			return st;
		holidays_path = found;
	}
	CP_TRY(holidays_load(holidays_path, &hf, err));
	return policy_cal_open_hf(cc, hf, p, division, err);
}

cp_status policy_cal_open_hf(policy_cal *cc, holiday_file *hf,
                             const policy *p, const char *division,
                             cp_error *err)
{
	memset(cc, 0, sizeof *cc);
	cc->hf = hf;
	cp_status st;
	size_t nclosures = 0;
	if (p) {
		division = p->division;
		nclosures = p->nclosures;
		if (!(cc->closures = policy_closures(p))) {
			policy_cal_close(cc);
			return cp_oom(err);
		}
	}
	st = calendar_init(&cc->cal, cc->hf, division ? division : "england-and-wales",
	                   cc->closures, nclosures, err);
	if (st != CP_OK) {
		if (p)
			cp_error_prefix(err, "policy %s: ", p->path);
		policy_cal_close(cc);
		return st;
	}
	cc->ready = true;
	return CP_OK;
}

void policy_cal_close(policy_cal *cc)
{
	if (cc->ready)
		calendar_fini(&cc->cal);
	holidays_free(cc->hf);
	free(cc->closures);
	memset(cc, 0, sizeof *cc);
}

/* Where the policy's chain declares its division (date CP_DATE_NONE) or
 * the closure on `date`, as FILE:LINE:COL, searching from the child file
 * up; false when it cannot be found. */
static bool declared_at(const policy *p, cp_date date, char *buf, size_t size)
{
	bool found = false;
	for (size_t f = p->nfiles; !found && f-- > 0;) {
		char *text;
		size_t len;
		cp_error e;
		if (policy_read_file(p->files[f], &text, &len, &e) != CP_OK)
			continue;
		yt_doc d;
		if (yt_load(&d, p->files[f], (const unsigned char *)text, len,
		            &e) == CP_OK) {
			yaml_node_t *root = yt_root(&d);
			yaml_node_t *v = yt_get(&d, root, date == CP_DATE_NONE
			                                  ? "division" : "closures");
			if (v && date == CP_DATE_NONE) {
				yt_where(&d, v, buf, size);
				found = true;
			} else if (v && v->type == YAML_SEQUENCE_NODE) {
				yaml_node_item_t *i;
				for (i = v->data.sequence.items.start;
				     !found && i < v->data.sequence.items.top; i++) {
					yaml_node_t *dn = yt_get(&d, yt_node(&d, *i), "date");
					cp_date x;
					if (dn && dn->type == YAML_SCALAR_NODE &&
					    date_parse(yt_str(dn), &x, &e) == CP_OK &&
					    x == date) {
						yt_where(&d, dn, buf, size);
						found = true;
					}
				}
			}
			yt_free(&d);
		}
		free(text);
	}
	return found;
}

/* The calendar of policy p.  A division the bank holidays do not have,
 * or a local closure outside their years, is reported at the line of the
 * policy that declares it. */
cp_status policy_cal_check(policy_cal *cc, const char *holidays,
                           const policy *p, holiday_file *hf, cp_error *err)
{
	cp_status st = hf ? policy_cal_open_hf(cc, hf, p, NULL, err)
	                  : policy_cal_open(cc, holidays, p, NULL, err);
	if (st != CP_BADINPUT || hf)
		return st;
	policy_cal plain;
	cp_error e;
	char where[512];
	if (policy_cal_open(&plain, holidays, NULL, p->division, &e) == CP_OK) {
		for (size_t i = 0; i < p->nclosures; i++) {
			const policy_closure *c = &p->closures[i];
			bool open;
			if (calendar_covers(&plain.cal, c->date))
				continue;
			calendar_is_workday(&plain.cal, c->date, &open, &e);
			if (declared_at(p, c->date, where, sizeof where))
				cp_fail(err, CP_BADINPUT, "%s: local closure '%.80s': %s",
				        where, c->title ? c->title : "", e.msg);
			break;
		}
		policy_cal_close(&plain);
	} else if (!strncmp(e.msg, "no division '", 13) &&
	           declared_at(p, CP_DATE_NONE, where, sizeof where)) {
		cp_fail(err, CP_BADINPUT, "%s: %s", where, e.msg);
	}
	return st;
}
