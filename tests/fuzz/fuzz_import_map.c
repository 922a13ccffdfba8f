/* fuzz_import_map.c - libFuzzer harness for import's column maps, its
 * encodings and its DD/MM/YYYY dates (work/import_map.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	import_map m;
	cp_error err;
	if (import_map_load_mem("fuzz.yaml", text, size, &m, &err) == CP_OK) {
		for (size_t i = 0; i < m.ncolumns; i++)
			(void)import_map_column_find(&m, m.columns[i].header);
		import_map_free(&m);
	}
	static const char *const encodings[] = { "windows-1252", "UTF-8",
	                                          "UTF-16" };
	for (size_t e = 0; e < sizeof encodings / sizeof *encodings; e++) {
		char *out;
		size_t len;
		if (import_to_utf8("fuzz.csv", encodings[e], text, size, &out, &len,
		                   &err) == CP_OK)
			free(out);
	}
	char date[32];
	if (size < sizeof date) {
		memcpy(date, data, size);
		date[size] = '\0';
		cp_date d;
		(void)import_date_parse(date, IMPORT_DATE_DMY, &d);
		(void)import_date_parse(date, IMPORT_DATE_ISO, &d);
	}
	return 0;
}
