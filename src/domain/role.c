/* role.c - role names and comma-separated role lists. */
#include <string.h>

#include "role.h"

static const char *const names[ROLE_COUNT] = {
	[ROLE_SOCIAL_WORKER] = "social-worker",
	[ROLE_TEAM_MANAGER] = "team-manager",
	[ROLE_SERVICE_MANAGER] = "service-manager",
	[ROLE_CP_CHAIR] = "cp-chair",
	[ROLE_IRO] = "iro",
	[ROLE_MINUTE_TAKER] = "minute-taker",
	[ROLE_QA_ADMIN] = "qa-admin",
	[ROLE_QA_MANAGER] = "qa-manager",
	[ROLE_DIRECTOR] = "director",
	[ROLE_SAFEGUARDING_MANAGER] = "safeguarding-manager",
	[ROLE_QA_REVIEW_MANAGER] = "qa-review-manager",
};

const char *role_name(cp_role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return NULL;
	return names[r];
}

/* Match the first len bytes of name against the role names. */
static bool parse_n(const char *name, size_t len, cp_role *out)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (strlen(names[r]) == len && !strncmp(names[r], name, len)) {
			*out = (cp_role)r;
			return true;
		}
	}
	return false;
}

bool role_parse(const char *name, cp_role *out)
{
	return name && parse_n(name, strlen(name), out);
}

bool role_set_parse(const char *list, role_set *out, const char **bad)
{
	role_set s = 0;
	const char *p = list;
	for (;;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, ",");
		size_t trimmed = len;
		while (trimmed > 0 && p[trimmed - 1] == ' ')
			trimmed--;
		cp_role r;
		if (!parse_n(p, trimmed, &r)) {
			if (bad)
				*bad = p;
			return false;
		}
		s |= ROLE_BIT(r);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = s;
	return true;
}

void role_set_format(role_set s, char *buf, unsigned size)
{
	if (size == 0)
		return;
	size_t used = 0;
	buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(s & ROLE_BIT(r)))
			continue;
		size_t len = strlen(names[r]) + (used ? 1 : 0);
		if (used + len >= size)
			break; /* truncated: never a partial name */
		if (used)
			buf[used++] = ',';
		memcpy(buf + used, names[r], strlen(names[r]) + 1);
		used += strlen(names[r]);
	}
}
