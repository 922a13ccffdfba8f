/* fuzz_csv.c - libFuzzer harness for the CSV reader that import uses. */
#include <stdint.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_reader *r;
	cp_error err;
	if (csv_open_mem("fuzz.csv", (const char *)data, size, &r, &err) != CP_OK)
		return 0;
	for (;;) {
		char **fields;
		size_t n;
		unsigned long line;
		bool eof;
		if (csv_next(r, &fields, &n, &line, &eof, &err) != CP_OK || eof)
			break;
		for (size_t i = 0; i < n; i++)
			(void)fields[i][0];
	}
	csv_close(r);
	return 0;
}
