/* approval.h - the actions a policy may mark as needing approval (issue
 * 18): each is a kind of request for approval (model.h's cp_request), and
 * the policy's approvals: section names who approves each (policy.h).
 * Its own header because both the records and the policy use it. */
#ifndef CPDESK_APPROVAL_H
#define CPDESK_APPROVAL_H

#include <stdbool.h>

typedef enum {
	REQUEST_CANCEL_MEETING,   /* cancel a scheduled meeting */
	REQUEST_LATE_MOVE,        /* move a meeting later, past the latest
	                             date its timescale allows */
	REQUEST_KIND_COUNT
} request_kind;

/* "cancel-meeting" | "late-move"; "?" out of range. */
const char *request_kind_name(request_kind k);
/* For people: "cancellation" | "late move". */
const char *request_kind_title(request_kind k);
/* The kind named s (its request_kind_name); false when none is. */
bool request_kind_parse(const char *s, request_kind *out);

#endif
