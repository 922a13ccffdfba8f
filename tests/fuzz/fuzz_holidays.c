/* fuzz_holidays.c - libFuzzer harness for the bank-holiday file reader,
 * and the calendar built from whatever it accepts. */
#include <stdint.h>

#include "calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	holiday_file *hf = NULL;
	cp_error err;
	if (holidays_parse("fuzz.json", data, size, &hf, &err) != CP_OK)
		return 0;
	for (size_t i = 0; i < hf->ndivisions; i++) {
		calendar cal;
		if (calendar_init(&cal, hf, hf->divisions[i].name, NULL, 0,
		                  &err) != CP_OK)
			continue;
		cp_date out;
		calendar_add_workdays(&cal, cal.first + 10, 20, &out, &err);
		calendar_add_workdays(&cal, cal.last - 10, -20, &out, &err);
		calendar_fini(&cal);
	}
	holidays_free(hf);
	return 0;
}
