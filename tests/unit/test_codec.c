/* test_codec.c - record encoding: round trips, damaged input, key order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "codec.h"

static cp_date D(int y, int m, int d)
{
	cp_date out;
	assert_true(date_from_ymd(y, m, d, &out));
	return out;
}

static void fill_meeting(cp_meeting *m)
{
	static anchor_date anchors[2] = { { "s47-start", 0 }, { "care-start", 0 } };
	anchors[0].date = D(2025, 1, 6);
	anchors[1].date = D(1969, 12, 31);   /* negative day number */
	cp_meeting_init(m);
	m->id = 0x0102030405060708ull;
	m->child_id = "C-1";
	m->type = "icpc";
	m->date = D(2025, 2, 3);
	m->minutes = 570;
	m->chair = "chair1";
	m->minute_taker = "";
	m->how = HOW_ONE_TO_ONE_WRITTEN;
	m->anchors = anchors;
	m->nanchors = 2;
	m->status = MEETING_HELD;
	m->nth = 3;
	m->prev_id = 7;
	m->cadence_by = D(2025, 5, 1);
	m->cadence_exception = true;
	m->reason = "snow \"day\"\nline two";
	m->approved_by = "sm1,sm2";
	m->outcome.decision = "CP plan: neglect";
	m->outcome.plan = PLAN_CP;
	m->outcome.attendees = "mum\ndad\nschool";
	m->outcome.reports = "police";
	m->outcome.views_missing = "child too young";
	m->outcome.summary = "\xc3\xa9t\xc3\xa9";   /* UTF-8 kept byte for byte */
	m->outcome.next_date = D(2025, 5, 1);
	m->outcome.next_id = 99;
}

static void test_meeting_round_trip(void **state)
{
	(void)state;
	cp_meeting m, out;
	unsigned char *buf;
	size_t len;
	cp_error e;
	fill_meeting(&m);
	assert_int_equal(codec_encode_meeting(&m, &buf, &len, &e), CP_OK);
	assert_int_equal(buf[0], CODEC_VERSION);
	assert_int_equal(buf[1], REC_MEETING);
	assert_int_equal(codec_decode_meeting(buf, len, &out, &e), CP_OK);
	assert_true(out.id == m.id);
	assert_string_equal(out.child_id, "C-1");
	assert_string_equal(out.type, "icpc");
	assert_int_equal(out.date, m.date);
	assert_int_equal(out.minutes, 570);
	assert_string_equal(out.chair, "chair1");
	assert_string_equal(out.minute_taker, "");
	assert_int_equal(out.how, HOW_ONE_TO_ONE_WRITTEN);
	assert_int_equal(out.nanchors, 2);
	assert_string_equal(out.anchors[1].name, "care-start");
	assert_int_equal(out.anchors[1].date, m.anchors[1].date);
	assert_int_equal(out.status, MEETING_HELD);
	assert_int_equal(out.nth, 3);
	assert_true(out.prev_id == 7);
	assert_int_equal(out.cadence_by, m.cadence_by);
	assert_true(out.cadence_exception);
	assert_int_equal(out.moved_from, CP_DATE_NONE);
	assert_string_equal(out.reason, m.reason);
	assert_string_equal(out.approved_by, "sm1,sm2");
	assert_string_equal(out.outcome.decision, m.outcome.decision);
	assert_int_equal(out.outcome.plan, PLAN_CP);
	assert_string_equal(out.outcome.attendees, m.outcome.attendees);
	assert_string_equal(out.outcome.reports, "police");
	assert_string_equal(out.outcome.views_missing, "child too young");
	assert_string_equal(out.outcome.summary, m.outcome.summary);
	assert_int_equal(out.outcome.next_date, m.outcome.next_date);
	assert_true(out.outcome.next_id == 99);
	cp_meeting_free(&out);
	free(buf);
}

static void test_other_round_trips(void **state)
{
	(void)state;
	unsigned char *buf;
	size_t len;
	cp_error e;

	cp_worker w = { "jsmith", "Jo Smith", ROLE_BIT(ROLE_SOCIAL_WORKER) |
	                ROLE_BIT(ROLE_DIRECTOR), "North", "tm1", true, "" }, w2;
	assert_int_equal(codec_encode_worker(&w, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_worker(buf, len, &w2, &e), CP_OK);
	assert_string_equal(w2.login, "jsmith");
	assert_string_equal(w2.name, "Jo Smith");
	assert_true(w2.roles == w.roles);
	assert_string_equal(w2.team, "North");
	assert_string_equal(w2.manager, "tm1");
	assert_true(w2.left);
	cp_worker_free(&w2);
	free(buf);

	cp_child c, c2;
	cp_child_init(&c);
	c.id = "AB123";
	c.name = "Child A";
	c.dob = D(2015, 6, 1);
	c.social_worker = NULL;          /* NULL encodes as "" */
	c.family_pref = FAMILY_PREF_HAND_DELIVERED;
	c.family_id = "F1";
	assert_int_equal(child_episode_start(&c, EPISODE_CP, D(2024, 1, 1),
	                                     CP_CATEGORY_NEGLECT, 7, &e), CP_OK);
	assert_int_equal(child_episode_end(&c, EPISODE_CP, D(2024, 6, 3), 9,
	                                   "review: no plan", &e), CP_OK);
	assert_int_equal(child_episode_start(&c, EPISODE_LAC, D(2024, 5, 1),
	                                     CP_CATEGORY_UNKNOWN, 0, &e), CP_OK);
	assert_int_equal(codec_encode_child(&c, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_child(buf, len, &c2, &e), CP_OK);
	assert_string_equal(c2.id, "AB123");
	assert_string_equal(c2.social_worker, "");
	assert_string_equal(c2.family_id, "F1");
	assert_int_equal(c2.dob, c.dob);
	assert_int_equal(c2.expected_birth, CP_DATE_NONE);
	assert_int_equal(child_since(&c2, EPISODE_CIN), CP_DATE_NONE);
	assert_int_equal(child_since(&c2, EPISODE_CP), CP_DATE_NONE);
	assert_int_equal(child_since(&c2, EPISODE_LAC), D(2024, 5, 1));
	const cp_episode *plan = child_last_episode(&c2, EPISODE_CP);
	assert_non_null(plan);
	assert_int_equal(plan->start, D(2024, 1, 1));
	assert_int_equal(plan->end, D(2024, 6, 3));
	assert_int_equal(plan->category, CP_CATEGORY_NEGLECT);
	assert_int_equal(plan->start_meeting, 7);
	assert_int_equal(plan->end_meeting, 9);
	assert_string_equal(plan->end_reason, "review: no plan");
	assert_int_equal(c2.family_pref, FAMILY_PREF_HAND_DELIVERED);
	cp_child_free(&c2);
	child_episodes_free(&c);
	free(buf);

	cp_task k, k2;
	cp_task_init(&k);
	k.id = 5; k.meeting_id = 6; k.child_id = "AB123"; k.step_id = "invite";
	k.role = ROLE_QA_ADMIN; k.title = "Send invites"; k.assignee = "@qa-admin";
	k.due = D(2025, 1, 20); k.status = TASK_DONE; k.done_by = "x";
	k.done_at = -5; k.note = "n"; k.kind = TASK_REMINDER;
	assert_int_equal(codec_encode_task(&k, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_task(buf, len, &k2, &e), CP_OK);
	assert_true(k2.id == 5 && k2.meeting_id == 6);
	assert_int_equal(k2.role, ROLE_QA_ADMIN);
	assert_string_equal(k2.assignee, "@qa-admin");
	assert_int_equal(k2.due, k.due);
	assert_int_equal(k2.status, TASK_DONE);
	assert_true(k2.done_at == -5);
	assert_int_equal(k2.kind, TASK_REMINDER);
	cp_task_free(&k2);
	free(buf);

	cp_report r = { 9, "Police", true, D(2025, 1, 1), CP_DATE_NONE, true,
	                "DC Hale", TAKE_TEAMS, ATTEND_APOLOGIES }, r2;
	assert_int_equal(codec_encode_report(&r, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_report(buf, len, &r2, &e), CP_OK);
	assert_true(r2.meeting_id == 9 && r2.expected && r2.invited);
	assert_string_equal(r2.agency, "Police");
	assert_string_equal(r2.person, "DC Hale");
	assert_int_equal(r2.how, TAKE_TEAMS);
	assert_int_equal(r2.attended, ATTEND_APOLOGIES);
	assert_int_equal(r2.received, r.received);
	assert_int_equal(r2.shared, CP_DATE_NONE);
	cp_report_free(&r2);
	free(buf);

	cp_consult o, o2;
	cp_consult_init(&o);
	o.id = 3; o.kind = "case-mapping"; o.date = D(2025, 3, 3);
	o.chair = "chair1"; o.child_id = "AB123"; o.social_worker = "sw1";
	o.decision = "go to conference"; o.notes = "notes";
	/* format 5: the LL Consultation form's rest, and its meeting */
	o.took_part = "sw1, tm1"; o.plan = "weekly visits";
	o.progressing = PROGRESS_NO; o.escalation = "to sm1";
	o.meeting_id = 12;
	assert_int_equal(codec_encode_consult(&o, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_consult(buf, len, &o2, &e), CP_OK);
	assert_string_equal(o2.kind, "case-mapping");
	assert_string_equal(o2.decision, "go to conference");
	assert_int_equal(o2.date, o.date);
	assert_string_equal(o2.took_part, "sw1, tm1");
	assert_string_equal(o2.plan, "weekly visits");
	assert_int_equal(o2.progressing, PROGRESS_NO);
	assert_string_equal(o2.escalation, "to sm1");
	assert_true(o2.meeting_id == 12);
	cp_consult_free(&o2);
	/* a format-4 record (the form's rest not kept) reads with "" and
	 * no meeting: the last 4 + 8 + 4 + 1 + 4 + 13 bytes are format 5's */
	size_t tail = (4 + strlen(o.took_part)) + (4 + strlen(o.plan)) + 1 +
	              (4 + strlen(o.escalation)) + 8;
	buf[0] = 4;
	assert_int_equal(codec_decode_consult(buf, len - tail, &o2, &e), CP_OK);
	assert_string_equal(o2.took_part, "");
	assert_string_equal(o2.plan, "");
	assert_int_equal(o2.progressing, PROGRESS_UNKNOWN);
	assert_true(o2.meeting_id == 0);
	assert_string_equal(o2.notes, "notes");
	cp_consult_free(&o2);
	free(buf);

	/* a request for approval (schema 7): its approvals in order */
	cp_request q, q2;
	cp_request_init(&q);
	q.id = 4; q.kind = REQUEST_CANCEL_MEETING; q.object_id = 12;
	q.child_id = "AB123"; q.requester = "tm1"; q.reason = "moved away";
	q.made_at = 1700000000; q.made_on = D(2025, 3, 3);
	q.need = ROLE_BIT(ROLE_SERVICE_MANAGER) | ROLE_BIT(ROLE_QA_MANAGER);
	q.need_all = true;
	q.state = REQUEST_PENDING; q.closed_by = ""; q.closing_note = "";
	cp_request_add_approval(&q, "sm1", ROLE_SERVICE_MANAGER, 1700000100,
	                        "agreed", &e);
	assert_int_equal(codec_encode_request(&q, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_request(buf, len, &q2, &e), CP_OK);
	assert_true(q2.id == 4 && q2.object_id == 12 && q2.need_all);
	assert_int_equal(q2.need, q.need);
	assert_int_equal(q2.made_on, D(2025, 3, 3));
	assert_int_equal(q2.closed_on, CP_DATE_NONE);
	assert_int_equal(q2.napprovals, 1);
	assert_string_equal(q2.approvals[0].login, "sm1");
	assert_string_equal(q2.approvals[0].note, "agreed");
	assert_int_equal(q2.approvals[0].role, ROLE_SERVICE_MANAGER);
	assert_int_equal(request_missing(&q2), ROLE_BIT(ROLE_QA_MANAGER));
	assert_false(request_satisfied(&q2));
	q2.need_all = false;
	assert_true(request_satisfied(&q2));
	/* a kind out of range is damage (version, type, id: byte 10) */
	buf[10] = REQUEST_KIND_COUNT;
	cp_request q3;
	assert_int_equal(codec_decode_request(buf, len, &q3, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "damaged request record"));
	cp_request_free(&q2);
	free(buf);
	/* a late move (format 4): the day, time and force asked for */
	q.kind = REQUEST_LATE_MOVE;
	q.move_date = D(2025, 4, 28); q.move_minutes = 14 * 60;
	q.move_force = true;
	assert_int_equal(codec_encode_request(&q, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_request(buf, len, &q2, &e), CP_OK);
	assert_int_equal(q2.kind, REQUEST_LATE_MOVE);
	assert_int_equal(q2.move_date, D(2025, 4, 28));
	assert_int_equal(q2.move_minutes, 14 * 60);
	assert_true(q2.move_force);
	cp_request_free(&q2);
	/* a format-3 record (no move: 9 bytes fewer after the reason) reads
	 * as a cancellation's: no day, the time kept */
	size_t at = 1 + 1 + 8 + 1 + 8 + (4 + strlen(q.child_id)) +
	            (4 + strlen(q.requester)) + (4 + strlen(q.reason));
	memmove(buf + at, buf + at + 9, len - at - 9);
	buf[0] = 3;
	assert_int_equal(codec_decode_request(buf, len - 9, &q2, &e), CP_OK);
	assert_int_equal(q2.move_date, CP_DATE_NONE);
	assert_int_equal(q2.move_minutes, -2);
	assert_false(q2.move_force);
	assert_int_equal(q2.napprovals, 1);
	cp_request_free(&q2);
	/* a time out of range is damage */
	buf[0] = CODEC_VERSION;
	free(buf);
	q.move_minutes = 1440;
	assert_int_equal(codec_encode_request(&q, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_request(buf, len, &q2, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "move time"));
	free(q.approvals[0].login); free(q.approvals[0].note);
	free(q.approvals);
	free(buf);

	cp_audit a = { 77, 1700000000, "admin", "task.done", "task:5", "AB123",
	               "status=open", "status=done" }, a2;
	assert_int_equal(codec_encode_audit(&a, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_audit(buf, len, &a2, &e), CP_OK);
	assert_true(a2.seq == 77 && a2.time == 1700000000);
	assert_string_equal(a2.after, "status=done");
	cp_audit_free(&a2);
	free(buf);

	cp_policy_file f = { "p/x.yaml", "/abs/p/x.yaml", "policy: x\n", 10,
	                     model_hash("policy: x\n", 10) }, f2;
	assert_int_equal(codec_encode_policy_file(&f, &buf, &len, &e), CP_OK);
	assert_int_equal(codec_decode_policy_file(buf, len, &f2, &e), CP_OK);
	assert_string_equal(f2.text, "policy: x\n");
	assert_int_equal(f2.len, 10);
	assert_true(f2.hash == f.hash);
	cp_policy_file_free(&f2);
	free(buf);
}

/* Every prefix of a good record is refused, with a message, no leak. */
static void test_truncated(void **state)
{
	(void)state;
	cp_meeting m, out;
	unsigned char *buf;
	size_t len;
	cp_error e;
	fill_meeting(&m);
	assert_int_equal(codec_encode_meeting(&m, &buf, &len, &e), CP_OK);
	for (size_t n = 0; n < len; n++) {
		/* A copy of exactly n bytes, so ASan sees any overread. */
		unsigned char *cut = malloc(n ? n : 1);
		memcpy(cut, buf, n);
		e.msg[0] = '\0';
		assert_int_equal(codec_decode_meeting(cut, n, &out, &e), CP_FAILED);
		assert_non_null(strstr(e.msg, "damaged meeting record"));
		assert_null(out.child_id);
		free(cut);
	}
	/* One byte too many is refused too. */
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, buf, len);
	longer[len] = 0;
	assert_int_equal(codec_decode_meeting(longer, len + 1, &out, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "left over"));
	free(longer);
	free(buf);
}

static void test_refusals(void **state)
{
	(void)state;
	cp_worker w = { "a", "b", 1, "", "", false, "" }, out;
	unsigned char *buf;
	size_t len;
	cp_error e;
	assert_int_equal(codec_encode_worker(&w, &buf, &len, &e), CP_OK);
	buf[0] = CODEC_VERSION + 1;                 /* newer format */
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "newer"));
	buf[0] = CODEC_VERSION;
	buf[1] = REC_CHILD;                          /* wrong type */
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_FAILED);
	buf[1] = REC_WORKER;
	buf[6] = '\0';                               /* NUL inside "a" */
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_FAILED);
	assert_non_null(strstr(e.msg, "NUL"));
	buf[6] = 'a';
	buf[2] = 0xff;                               /* huge string length */
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_FAILED);
	buf[2] = 0;
	buf[len - 1] = 2;                            /* flag out of range */
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_FAILED);
	buf[len - 1] = 0;
	assert_int_equal(codec_decode_worker(buf, len, &out, &e), CP_OK);
	cp_worker_free(&out);
	assert_int_equal(codec_decode_worker(NULL, 0, &out, &e), CP_FAILED);
	free(buf);
}

/* Random bytes and bit flips: never a crash, never an overread. */
static void test_garbage(void **state)
{
	(void)state;
	cp_meeting m;
	unsigned char *buf;
	size_t len;
	cp_error e;
	fill_meeting(&m);
	assert_int_equal(codec_encode_meeting(&m, &buf, &len, &e), CP_OK);
	srand(12345);
	for (int i = 0; i < 20000; i++) {
		unsigned char *copy = malloc(len);
		memcpy(copy, buf, len);
		for (int f = 0; f < 1 + i % 4; f++)
			copy[(size_t)rand() % len] ^= (unsigned char)(1u << (rand() % 8));
		codec_fuzz_one(copy, len);
		free(copy);
	}
	for (int i = 0; i < 5000; i++) {
		size_t n = (size_t)rand() % 64;
		unsigned char *r = malloc(n ? n : 1);
		for (size_t j = 0; j < n; j++)
			r[j] = (unsigned char)rand();
		if (n >= 2 && i % 2) {
			r[0] = CODEC_VERSION;
			r[1] = (unsigned char)(1 + i % 8);
		}
		codec_fuzz_one(r, n);
		free(r);
	}
	free(buf);
}

static void test_key_order(void **state)
{
	(void)state;
	cp_date ds[] = { CP_DATE_NONE, D(1900, 1, 1), D(1969, 12, 31),
	                 D(1970, 1, 1), D(2025, 2, 3), D(2200, 12, 31),
	                 INT32_MAX };
	for (size_t i = 0; i + 1 < sizeof ds / sizeof *ds; i++) {
		unsigned char a[4], b[4];
		codec_put_date(a, ds[i]);
		codec_put_date(b, ds[i + 1]);
		assert_true(memcmp(a, b, 4) < 0);
		assert_int_equal(codec_get_date(a), ds[i]);
	}
	unsigned char a[8], b[8];
	codec_put_u64(a, 255);
	codec_put_u64(b, 256);
	assert_true(memcmp(a, b, 8) < 0);
	assert_true(codec_get_u64(b) == 256);
}

static void test_model_names(void **state)
{
	(void)state;
	meeting_how h;
	plan_decision p;
	task_status s;
	family_pref f;
	assert_true(meeting_how_parse("one-to-one-written", &h));
	assert_int_equal(h, HOW_ONE_TO_ONE_WRITTEN);
	assert_false(meeting_how_parse("zoom", &h));
	assert_true(plan_parse("no-plan", &p) && p == PLAN_NONE);
	assert_true(task_status_parse("cancelled", &s) && s == TASK_CANCELLED);
	assert_true(family_pref_parse("secure-email", &f));
	assert_string_equal(meeting_status_name(MEETING_HELD), "held");
	assert_string_equal(task_kind_name((task_kind)42), "?");
	assert_true(model_id_valid("j.smith-2", false));
	assert_false(model_id_valid("@qa-admin", false));
	assert_true(model_id_valid("@qa-admin", true));
	assert_false(model_id_valid("a b", false));
	assert_false(model_id_valid("", false));
	cp_meeting m;
	fill_meeting(&m);
	char *d = model_meeting_describe(&m);
	assert_non_null(strstr(d, "reason=\"snow \\\"day\\\"\\nline two\""));
	assert_non_null(strstr(d, "date=2025-02-03"));
	free(d);
}

/* ---- compiled policy and holidays ---------------------------------------- */
static void encode_policy(const policy *p, const uint64_t *h, size_t nh,
                          unsigned char **buf, size_t *len)
{
	cp_error e;
	if (codec_encode_policy(p, h, nh, buf, len, &e) != CP_OK)
		fail_msg("%s", e.msg);
}

/* Every shipped policy: decoding its compiled form gives a policy that
 * encodes to the same bytes and answers like the parsed one. */
static void test_policy_compiled(void **state)
{
	(void)state;
	static const char *const files[] = { "policies/generic.yaml",
	                                     "policies/hounslow.yaml",
	                                     "policies/swindon.yaml" };
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		cp_error e;
		policy *p = NULL, *q = NULL;
		if (policy_load(files[f], &p, &e) != CP_OK)
			fail_msg("%s", e.msg);
		uint64_t h[2] = { 11, 22 + f };
		unsigned char *a, *b;
		size_t alen, blen;
		encode_policy(p, h, 2, &a, &alen);
		assert_int_equal(codec_decode_policy(a, alen, h, 2, &q, &e), CP_OK);
		assert_non_null(q);
		encode_policy(q, h, 2, &b, &blen);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		assert_string_equal(q->id, p->id);
		assert_string_equal(q->division, p->division);
		assert_string_equal(q->chain, p->chain);
		assert_int_equal(q->nmeetings, p->nmeetings);
		for (size_t i = 0; i < p->nmeetings; i++) {
			const policy_meeting *pm = &p->meetings[i], *qm = &q->meetings[i];
			assert_string_equal(qm->type, pm->type);
			assert_int_equal(qm->nsteps, pm->nsteps);
			for (size_t j = 0; j < pm->nsteps; j++) {
				const policy_step *ps = &pm->steps[j], *qs = &qm->steps[j];
				assert_string_equal(qs->id, ps->id);
				assert_int_equal(qs->role, ps->role);
				assert_int_equal(qs->due.amount, ps->due.amount);
				assert_int_equal(qs->due.unit, ps->due.unit);
				assert_string_equal(qs->due.anchor, ps->due.anchor);
				assert_int_equal(qs->escalate.present, ps->escalate.present);
				assert_int_equal(qs->escalate.to, ps->escalate.to);
				assert_int_equal(qs->nreminders, ps->nreminders);
				assert_int_equal(qs->minutes, ps->minutes);
			}
		}
		assert_memory_equal(&q->access, &p->access, sizeof p->access);
		assert_memory_equal(&q->gives, &p->gives, sizeof p->gives);
		assert_true(p->gives.of[ROLE_QA_MANAGER] != 0);   /* not all 0 */
		assert_int_equal(q->nclosures, p->nclosures);
		/* the diary (issue 17), every field */
		const policy_diary *pd = &p->diary, *qd = &q->diary;
		assert_int_equal(qd->ntimes, pd->ntimes);
		assert_memory_equal(qd->times, pd->times,
		                    pd->ntimes * sizeof pd->times[0]);
		assert_int_equal(qd->length, pd->length);
		assert_int_equal(qd->per_chair_per_day, pd->per_chair_per_day);
		assert_int_equal(qd->margin, pd->margin);
		assert_int_equal(qd->allocate, pd->allocate);
		assert_int_equal(qd->unallocated_within, pd->unallocated_within);
		assert_string_equal(qd->source, pd->source);
		assert_string_equal(qd->where, pd->where);
		for (int r = 0; r < ROLE_COUNT; r++)
			assert_string_equal(q->role_titles[r], p->role_titles[r]);
		/* Another set of files, or fewer: not this policy's copy. */
		policy *r = NULL;
		uint64_t other[2] = { 11, 99 };
		assert_int_equal(codec_decode_policy(a, alen, other, 2, &r, &e), CP_OK);
		assert_null(r);
		assert_int_equal(codec_decode_policy(a, alen, h, 1, &r, &e), CP_OK);
		assert_null(r);
		/* Cut short anywhere past the head: damaged, never a policy. */
		for (size_t cut = 40; cut < alen; cut += 1 + cut / 16) {
			assert_int_equal(codec_decode_policy(a, cut, h, 2, &r, &e),
			                 CP_FAILED);
			assert_null(r);
		}
		free(a);
		free(b);
		policy_free(p);
		policy_free(q);
	}
}

static void test_holidays_compiled(void **state)
{
	(void)state;
	cp_error e;
	holiday_file *hf = NULL, *got = NULL;
	if (holidays_load("data/bank-holidays.json", &hf, &e) != CP_OK)
		fail_msg("%s", e.msg);
	const holiday_division *hd = holidays_division(hf, "scotland");
	assert_non_null(hd);
	codec_file_id id = { 1, 2, 3, 4, 5 };
	unsigned char *buf;
	size_t len;
	assert_int_equal(codec_encode_holidays("/d/bh.json", &id, hd, &buf, &len,
	                                       &e), CP_OK);
	assert_int_equal(codec_decode_holidays(buf, len, "/d/bh.json", &id,
	                                       "scotland", &got, &e), CP_OK);
	assert_non_null(got);
	assert_int_equal(got->ndivisions, 1);
	const holiday_division *gd = holidays_division(got, "scotland");
	assert_non_null(gd);
	assert_int_equal(gd->nevents, hd->nevents);
	assert_int_equal(gd->first_year, hd->first_year);
	assert_int_equal(gd->last_year, hd->last_year);
	for (size_t i = 0; i < hd->nevents; i++) {
		assert_int_equal(gd->events[i].date, hd->events[i].date);
		assert_string_equal(gd->events[i].title, hd->events[i].title);
	}
	holidays_free(got);
	got = NULL;
	/* The file changed (any field), or another division: stale. */
	codec_file_id later = id;
	later.ctime_ns++;
	assert_int_equal(codec_decode_holidays(buf, len, "/d/bh.json", &later,
	                                       "scotland", &got, &e), CP_OK);
	assert_null(got);
	/* The same file by another name (a link, "build/../data"): used. */
	assert_int_equal(codec_decode_holidays(buf, len, "/e/bh.json", &id,
	                                       "scotland", &got, &e), CP_OK);
	assert_non_null(got);
	assert_string_equal(got->path, "/e/bh.json");
	holidays_free(got);
	got = NULL;
	assert_int_equal(codec_decode_holidays(buf, len, "/d/bh.json", &id,
	                                       "england-and-wales", &got, &e),
	                 CP_OK);
	assert_null(got);
	for (size_t cut = 2; cut < len; cut += 7)
		assert_int_equal(codec_decode_holidays(buf, cut, "/d/bh.json", &id,
		                                       "scotland", &got, &e),
		                 CP_FAILED);
	free(buf);
	holidays_free(hf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meeting_round_trip),
		cmocka_unit_test(test_other_round_trips),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_model_names),
		cmocka_unit_test(test_policy_compiled),
		cmocka_unit_test(test_holidays_compiled),
	};
	return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
