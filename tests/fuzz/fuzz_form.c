/* fuzz_form.c - libFuzzer harness for the console's form input: any
 * sequence of keys into a form with a text, date, time and choice field,
 * through review and a refused submit.  No terminal: drawing is not
 * exercised, only what keys do to the form's state. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app.h"
#include "ui_form.h"

static cp_status refuse(ui_app *a, ui_form *f, char *ok, size_t size,
                        cp_error *err)
{
	(void)a; (void)f; (void)ok; (void)size;
	return cp_fail(err, CP_REFUSED, "refused by the fuzzer");
}

static void open_form(ui_app *a)
{
	ui_form *f = ui_form_new("Fuzz");
	if (!f)
		return;
	ui_form_add(f, "Reason", FLD_TEXT, true, "");
	ui_form_add(f, "Date", FLD_DATE, true, "2027-05-12");
	ui_form_add(f, "Time", FLD_TIME, false, "");
	ui_field *c = ui_form_add(f, "Held", FLD_CHOICE, true, "");
	if (c) {
		c->choices[0] = "teams";
		c->choices[1] = "phone";
		c->nchoices = 2;
	}
	f->submit = refuse;
	a->form = f;
	ui_form_check_all(a, f);
}

/* The shipped bank holidays: date fields say which days are closed. */
static const calendar *shipped_calendar(void)
{
	static holiday_file *hf;
	static calendar cal;
	static bool ready;
	cp_error err;
	if (!ready && holidays_load("data/bank-holidays.json", &hf, &err) == CP_OK &&
	    calendar_init(&cal, hf, "england-and-wales", NULL, 0, &err) == CP_OK)
		ready = true;
	if (!ready)
		abort(); /* run from the source tree */
	return &cal;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool locale_set;
	if (!locale_set) {
		setlocale(LC_ALL, "C.UTF-8");
		locale_set = true;
	}
	ui_app *a = calloc(1, sizeof *a);
	if (!a)
		return 0;
	a->cw.cal = shipped_calendar();
	open_form(a);
	/* three bytes a key: 21 bits of key, one bit "function key" */
	for (size_t i = 0; a->form && i + 3 <= size; i += 3) {
		int key = data[i] | data[i + 1] << 8 | (data[i + 2] & 0x1F) << 16;
		bool fkey = data[i + 2] & 0x80;
		char ok[256];
		ui_form_key(a, key, fkey, ok, sizeof ok);
	}
	ui_form_free(a->form);
	free(a);
	return 0;
}
