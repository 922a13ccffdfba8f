/* role.h - the roles people hold in children's services.
 *
 * The set is fixed (the store, permissions and policies all name them);
 * each policy gives them their local names ("CPA", "SQA", "clerk"). */
#ifndef CPDESK_ROLE_H
#define CPDESK_ROLE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	ROLE_SOCIAL_WORKER,
	ROLE_TEAM_MANAGER,
	ROLE_SERVICE_MANAGER,
	ROLE_CP_CHAIR,
	ROLE_IRO,
	ROLE_MINUTE_TAKER,
	ROLE_QA_ADMIN,
	ROLE_QA_MANAGER,
	ROLE_DIRECTOR,
	/* Added after the rest: stored role sets keep their bits. */
	ROLE_SAFEGUARDING_MANAGER, /* agrees cancellations (001) */
	ROLE_QA_REVIEW_MANAGER,    /* Swindon's QA & Review SM (004 point 17) */
	ROLE_COUNT
} cp_role;

typedef uint32_t role_set; /* bit (1u << role) */

#define ROLE_BIT(r) ((role_set)1u << (r))

/* "social-worker" .. "qa-review-manager"; NULL for an out-of-range value. */
const char *role_name(cp_role r);
/* Parse one role name; false when unknown. */
bool role_parse(const char *name, cp_role *out);
/* Parse "a,b,c"; on failure *bad points at the first unknown name's start
 * and the function returns false. */
bool role_set_parse(const char *list, role_set *out, const char **bad);
/* Write "a,b,c" into buf (truncated to size). */
void role_set_format(role_set s, char *buf, unsigned size);

#endif
