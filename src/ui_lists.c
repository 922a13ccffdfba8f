/* ui_lists.c - Lists: the weekly and exception lists arrive with their
 * own issue.  Until then this view says so plainly (and what the policy
 * already says about when each list goes out), rather than show nothing. */
#include <stdio.h>

#include "ui_app.h"
#include "ui_draw.h"
#include "ui_theme.h"

void ui_lists_draw(ui_app *a, int y, int h)
{
	int w = a->cols, ymax = y + h;
	ui_rule(y, 0, w, "Lists");
	y = ui_wrap(y + 2, 2, w - 4, ymax, A_BOLD,
	            "Not available yet: the weekly and exception lists arrive with "
	            "the lists issue. Nothing on this page is missing from the "
	            "store; the lists will be built from it.");
	y++;
	if (y < ymax)
		ui_put(y++, 2, w - 4, A_NORMAL, false,
		       "The policy in force says these lists go out:");
	static const char *const days[] = { "", "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday", "Sunday" };
	for (int k = 0; k < LIST_COUNT && y < ymax; k++) {
		const policy_list *l = &a->cw.pol->lists[k];
		if (!l->present)
			continue;
		char when[48];
		if (l->weekday >= 1 && l->weekday <= 7)
			snprintf(when, sizeof when, "every %s", days[l->weekday]);
		else if (l->day_of_month)
			snprintf(when, sizeof when, "day %d of each month",
			         l->day_of_month);
		else
			snprintf(when, sizeof when, "when asked");
		ui_putf(y++, 4, w - 6, A_NORMAL, false, "%-12s %-26s %s",
		        policy_list_name((policy_list_kind)k), when,
		        l->subject ? l->subject : "");
	}
}
