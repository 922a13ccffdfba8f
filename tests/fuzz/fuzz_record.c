/* fuzz_record.c - libFuzzer harness for the record decoder: what a
 * damaged store could hand back.  codec_fuzz_one decodes the bytes as
 * every record type and re-encodes whatever decodes. */
#include <stdint.h>

#include "codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	codec_fuzz_one(data, size);
	return 0;
}
