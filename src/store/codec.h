/* codec.h - records and keys as bytes, the same on every machine.
 *
 * A record is a version byte, a record-type byte, then its fields in a
 * fixed order: integers big-endian (u8/u32/u64; signed values as their
 * two's complement), strings as a u32 length then that many bytes (no
 * NUL inside, no terminator).  Nothing may follow the last field.
 *
 * Decoding never reads outside the buffer: a truncated, over-long or
 * garbage record, a string holding NUL, an enum out of range, or a
 * version newer than this build gives CP_FAILED with one line saying what
 * and where ("damaged meeting record: string at byte 17 runs past the
 * end (40 bytes)").  On failure the output record is zeroed, with nothing
 * left allocated.  Older record versions decode into the current struct
 * (missing fields get their "nothing known" values).
 *
 * Keys are big-endian so that memcmp order is numeric order; dates are
 * stored with the sign bit flipped so that negative day numbers and
 * CP_DATE_NONE (smallest) sort first. */
#ifndef CPDESK_CODEC_H
#define CPDESK_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include "calendar.h"
#include "model.h"
#include "policy.h"
#include "status.h"
#include "store.h"

/* The record format written by this build.  2 (schema 4): a worker's
 * email; a child's household, expected date of birth and episodes (in
 * place of format 1's three "since" dates); a meeting's siblings and its
 * decision for each child.  3: a task's done-on day (format 2's: none
 * stated); an agency's invitation (person, how it takes part) and
 * attendance on its report record.  4: a request's move (day, time,
 * forced), for a late move's approval.  5: a consultation's LL
 * Consultation form (who took part, the plan, whether it is progressing,
 * escalation) and its meeting.  Older records decode into these. */
#define CODEC_VERSION 5

typedef enum {
	REC_WORKER = 1,
	REC_CHILD,
	REC_MEETING,
	REC_TASK,
	REC_REPORT,
	REC_CONSULT,
	REC_AUDIT,
	REC_POLICY_FILE,
	REC_POLICY_COMPILED,
	REC_HOLIDAYS_COMPILED,
	REC_FAMILY,
	REC_SWITCH,
	REC_SWITCH_TASKS,
	REC_REQUEST      /* schema 7: a request for approval */
} codec_rec_type;

/* Encoders: *buf is malloc'd (caller frees), *len its size.  NULL string
 * fields are written as "".  CP_FAILED only on out of memory or a string
 * over 4 GiB. */
cp_status codec_encode_worker(const cp_worker *w, unsigned char **buf,
                              size_t *len, cp_error *err);
cp_status codec_encode_family(const cp_family *f, unsigned char **buf,
                              size_t *len, cp_error *err);
cp_status codec_encode_child(const cp_child *c, unsigned char **buf,
                             size_t *len, cp_error *err);
cp_status codec_encode_meeting(const cp_meeting *m, unsigned char **buf,
                               size_t *len, cp_error *err);
cp_status codec_encode_task(const cp_task *t, unsigned char **buf,
                            size_t *len, cp_error *err);
cp_status codec_encode_report(const cp_report *r, unsigned char **buf,
                              size_t *len, cp_error *err);
cp_status codec_encode_consult(const cp_consult *c, unsigned char **buf,
                               size_t *len, cp_error *err);
cp_status codec_encode_audit(const cp_audit *a, unsigned char **buf,
                             size_t *len, cp_error *err);
cp_status codec_encode_policy_file(const cp_policy_file *f,
                                   unsigned char **buf, size_t *len,
                                   cp_error *err);

/* Decoders: out is overwritten (not freed first); caller frees it with
 * the record's *_free() after CP_OK. */
cp_status codec_decode_worker(const unsigned char *buf, size_t len,
                              cp_worker *out, cp_error *err);
cp_status codec_decode_family(const unsigned char *buf, size_t len,
                              cp_family *out, cp_error *err);
cp_status codec_decode_child(const unsigned char *buf, size_t len,
                             cp_child *out, cp_error *err);
cp_status codec_decode_meeting(const unsigned char *buf, size_t len,
                               cp_meeting *out, cp_error *err);
cp_status codec_decode_task(const unsigned char *buf, size_t len,
                            cp_task *out, cp_error *err);
cp_status codec_decode_report(const unsigned char *buf, size_t len,
                              cp_report *out, cp_error *err);
cp_status codec_decode_consult(const unsigned char *buf, size_t len,
                               cp_consult *out, cp_error *err);
cp_status codec_decode_audit(const unsigned char *buf, size_t len,
                             cp_audit *out, cp_error *err);
cp_status codec_decode_policy_file(const unsigned char *buf, size_t len,
                                   cp_policy_file *out, cp_error *err);

/* A request for approval (schema 7). */
cp_status codec_encode_request(const cp_request *q, unsigned char **buf,
                               size_t *len, cp_error *err);
cp_status codec_decode_request(const unsigned char *buf, size_t len,
                               cp_request *out, cp_error *err);

/* The hash field of an encoded policy file, its text not copied. */
cp_status codec_policy_file_hash(const unsigned char *buf, size_t len,
                                 uint64_t *hash, cp_error *err);

/* The compiled policy: what policy_load_mem built from the stored files
 * whose model_hash values are hashes[0..nhashes), so a command need not
 * parse YAML.  Decoding a record written for other files, another
 * layout or another cpdesk version is not an error: CP_OK with *out NULL
 * (parse the files instead).  A damaged record is CP_FAILED. */
cp_status codec_encode_policy(const policy *p, const uint64_t *hashes,
                              size_t nhashes, unsigned char **buf,
                              size_t *len, cp_error *err);
cp_status codec_decode_policy(const unsigned char *buf, size_t len,
                              const uint64_t *hashes, size_t nhashes,
                              policy **out, cp_error *err);

/* What identifies a file's contents without reading it (stat). */
typedef struct codec_file_id {
	uint64_t dev, ino, size;
	int64_t mtime_ns, ctime_ns;
} codec_file_id;

/* One division of a bank-holidays file, kept with the identity of the
 * file it came from.  Decoding gives a holiday_file with that one
 * division, or CP_OK with *out NULL when the record is for another file,
 * another state of it or another division.  id NULL: whatever file it
 * came from (the store's own copy; hf->path then says which). */
cp_status codec_encode_holidays(const char *path, const codec_file_id *id,
                                const holiday_division *hd,
                                unsigned char **buf, size_t *len,
                                cp_error *err);
cp_status codec_decode_holidays(const unsigned char *buf, size_t len,
                                const char *path, const codec_file_id *id,
                                const char *division, holiday_file **out,
                                cp_error *err);

/* Fuzzing entry: decode buf as every record type in turn and free the
 * results.  Returns how many types accepted it. */
int codec_fuzz_one(const unsigned char *buf, size_t len);

/* A policy switch kept for undo (store.h): its head, and its tasks in
 * records built one task at a time (codec_chunk: zero it to start;
 * _end gives the record, malloc'd, and empties the chunk). */
cp_status codec_encode_switch(const store_switch *s, unsigned char **buf,
                              size_t *len, cp_error *err);
cp_status codec_decode_switch(const unsigned char *buf, size_t len,
                              store_switch *out, cp_error *err);
typedef struct codec_chunk {
	unsigned char *p;
	size_t len, cap;
	bool oom;
	uint32_t n;
} codec_chunk;
void codec_chunk_add(codec_chunk *c, const store_sw_task *k);
cp_status codec_chunk_end(codec_chunk *c, unsigned char **buf, size_t *len,
                          cp_error *err);
/* A tasks record: *v (malloc'd, *n of them; free each with
 * store_sw_task_free, then v). */
cp_status codec_decode_switch_tasks(const unsigned char *buf, size_t len,
                                    store_sw_task **v, size_t *n,
                                    cp_error *err);

/* ---- key pieces -------------------------------------------------------- */
void codec_put_u32(unsigned char out[4], uint32_t v);
void codec_put_u64(unsigned char out[8], uint64_t v);
uint32_t codec_get_u32(const unsigned char in[4]);
uint64_t codec_get_u64(const unsigned char in[8]);
/* A date as 4 key bytes that sort like the dates (CP_DATE_NONE first). */
void codec_put_date(unsigned char out[4], cp_date d);
cp_date codec_get_date(const unsigned char in[4]);

#endif
