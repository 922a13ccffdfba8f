/* cli_args.c - a command's options and arguments, parsed from its table:
 * each value checked for its type and stored where the table points.
 * Errors name the option ("--date: ...") or the argument ("task done:
 * ID ..."), quoting what was typed, sanitised and cut short. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_util.h"
#include "import.h"
#include "model.h"
#include "text.h"
#include "vec.h"

#define OPTS_MAX 64   /* options a command may declare: a bit each */

static size_t count_of(const cli_opt *v)
{
	size_t n = 0;
	while (v && v[n].name)
		n++;
	return n;
}

bool cli_valid_id(const char *s)
{
	return model_id_valid(s, false);
}

/* ---- one value --------------------------------------------------------- */

/* Typed text that could hide what it is (text_is_clean) is refused, not
 * cleaned: a name stored with a zero-width space would look like another
 * worker's or child's everywhere it is shown. */
static cp_status unclean(const char *label, cp_error *err)
{
	return cp_fail(err, CP_BADINPUT, "%s holds control characters, "
	               "invisible or bidirectional characters, or invalid "
	               "UTF-8: give plain text", label);
}

static cp_status set_str(const cli_opt *o, const char *label, char *v,
                         cp_error *err)
{
	if (o->type == CLI_TEXT && !text_is_clean(v))
		return unclean(label, err);
	if (o->type == CLI_LOGIN && !model_id_valid(v, false))
		return cp_fail(err, CP_BADINPUT, "%s '%s': a login is 1-%d "
		               "letters, digits, '.', '_' or '-'", label,
		               cmd_q(v), MODEL_ID_MAX);
	if (o->valid && !o->valid(v))
		return cp_fail(err, CP_BADINPUT, "%s '%s' is not %s", label,
		               cmd_q(v), o->expect);
	*o->out.str = v;
	return CP_OK;
}

static cp_status set_time(const cli_opt *o, const char *label, char *v,
                          cp_error *err)
{
	if (!import_time_parse(v, o->out.minutes))
		return cp_fail(err, CP_BADINPUT, "%s '%s': write HH:MM (24-hour), "
		               "e.g. 10:30", label, cmd_q(v));
	return CP_OK;
}

/* A whole number of digits alone: no sign, no space, no overflow. */
static bool whole(const char *v, unsigned long long *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*v))
		return false;
	*out = strtoull(v, &end, 10);
	return !*end && !errno;
}

static cp_status set_number(const cli_opt *o, const char *label,
                            char *v, cp_error *err)
{
	unsigned long long n;
	bool ok = whole(v, &n);
	if (o->type == CLI_ID) {
		if (!ok || n == 0)
			return cp_fail(err, CP_BADINPUT, "%s '%s': write the number "
			               "cpdesk printed, e.g. 12", label, cmd_q(v));
		*o->out.id = (uint64_t)n;
		return CP_OK;
	}
	if (!ok || n < o->min || n > o->max)
		return cp_fail(err, CP_BADINPUT, "%s '%s': a whole number from "
		               "%lu to %lu", label, cmd_q(v), o->min, o->max);
	*o->out.count = (unsigned long)n;
	return CP_OK;
}

/* "a, b or c" (conj "or"): choices, roles, arguments for a message. */
static void join(const char *const *names, size_t n, const char *conj,
                 char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s%s%s",
		                         !i ? "" : i + 1 == n ? " " : ", ",
		                         i && i + 1 == n ? conj : "",
		                         i && i + 1 == n ? " " : "", names[i]);
}

static cp_status set_choice(const cli_opt *o, const char *label,
                            char *v, cp_error *err)
{
	size_t n = 0;
	for (; o->choices[n]; n++)
		if (!strcmp(o->choices[n], v)) {
			*o->out.choice = o->choices[n];
			return CP_OK;
		}
	char list[512];
	join(o->choices, n, "or", list, sizeof list);
	return cp_fail(err, CP_BADINPUT, "%s '%s': %s", label, cmd_q(v), list);
}

static cp_status set_roles(const cli_opt *o, const char *label,
                           char *v, cp_error *err)
{
	role_set r = 0;
	const char *bad = NULL;
	if (role_set_parse(v, &r, &bad) && r) {
		*o->out.roles |= r;
		return CP_OK;
	}
	const char *names[ROLE_COUNT];
	char list[512];
	for (int i = 0; i < ROLE_COUNT; i++)
		names[i] = role_name((cp_role)i);
	join(names, ROLE_COUNT, "or", list, sizeof list);
	return cp_fail(err, CP_BADINPUT, "%s: unknown role at '%s' (roles: %s)",
	               label, cmd_q(bad ? bad : v), list);
}

static cp_status set_anchor(const cli_opt *o, const char *label,
                            char *v, cp_error *err)
{
	cli_anchors *a = o->out.anchors;
	if (a->n == ANCHORS_MAX)
		return cp_fail(err, CP_BADINPUT, "%s: at most %d", label,
		               ANCHORS_MAX);
	cp_status st = anchor_add(a->v, &a->n, v, strlen(v), err);
	if (st != CP_OK)
		cp_error_prefix(err, "%s ", label);
	return st;
}

static cp_status list_push(const cli_opt *o, const char *label,
                           const char *v, size_t len, cp_error *err)
{
	cli_list *l = o->out.list;
	if (o->max && l->n >= o->max)
		return cp_fail(err, CP_BADINPUT, "%s: at most %lu", label, o->max);
	return str_vec_addn(l, v, len) ? CP_OK : cp_oom(err);
}

static cp_status set_texts(const cli_opt *o, const char *label,
                           char *v, cp_error *err)
{
	if (!text_is_clean(v))
		return unclean(label, err);
	if (o->valid && !o->valid(v))
		return cp_fail(err, CP_BADINPUT, "%s '%s' is not %s", label,
		               cmd_q(v), o->expect);
	return list_push(o, label, v, strlen(v), err);
}

/* Logins one a use or separated by commas ("sm1, sm2"). */
static cp_status set_logins(const cli_opt *o, const char *label,
                            char *v, cp_error *err)
{
	while (*v) {
		v += strspn(v, " ");
		size_t len = strcspn(v, ",");
		char login[MODEL_ID_MAX + 2];
		snprintf(login, sizeof login, "%.*s", (int)len, v);
		if (len && (len > MODEL_ID_MAX || !model_id_valid(login, false)))
			return cp_fail(err, CP_BADINPUT, "%s '%.*s': not a login",
			               label, (int)(len > 60 ? 60 : len), cmd_q(v));
		if (len)
			CP_TRY(list_push(o, label, v, len, err));
		v += len + (v[len] == ',');
	}
	return CP_OK;
}

static cp_status set_value(const cli_opt *o, const char *label,
                           char *v, cp_error *err)
{
	switch (o->type) {
	case CLI_STR: case CLI_TEXT: case CLI_LOGIN:
		return set_str(o, label, v, err);
	case CLI_DATE: {
		cp_status st = date_parse(v, o->out.date, err);
		if (st != CP_OK)
			cp_error_prefix(err, "%s: ", label);
		return st;
	}
	case CLI_TIME: return set_time(o, label, v, err);
	case CLI_ID: case CLI_COUNT: return set_number(o, label, v, err);
	case CLI_CHOICE: return set_choice(o, label, v, err);
	case CLI_ROLES: return set_roles(o, label, v, err);
	case CLI_ANCHOR: return set_anchor(o, label, v, err);
	case CLI_STRS:
		return list_push(o, label, v, strlen(v), err);
	case CLI_TEXTS:
		return set_texts(o, label, v, err);
	case CLI_LOGINS: return set_logins(o, label, v, err);
	case CLI_FLAG: case CLI_TYPE_COUNT: break;
	}
	return cp_fail(err, CP_FAILED, "%s: no such type of option", label);
}

/* ---- the command line -------------------------------------------------- */

typedef struct parse_state {
	const cli_command *c;
	char **pos;            /* the positional arguments, in order */
	size_t npos;
	uint64_t given;        /* a bit per option */
} parse_state;

/* The option written name[0..len): its exact name, else the one option
 * it is a prefix of (as getopt_long allows); -1 when none or several. */
static int find_opt(const cli_opt *opts, const char *name, size_t len)
{
	int found = -1, n = 0;
	for (int i = 0; opts && opts[i].name; i++) {
		if (strncmp(opts[i].name, name, len))
			continue;
		if (!opts[i].name[len])
			return i;
		found = i;
		n++;
	}
	return n == 1 ? found : -1;
}

static cp_status take_option(parse_state *ps, int argc, char **argv, int *k,
                             cp_error *err)
{
	const char *cmd = ps->c->name;
	char *a = argv[*k], *name = a + 2, *eq = strchr(name, '=');
	int i = a[1] == '-' ? find_opt(ps->c->opts, name,
	                               eq ? (size_t)(eq - name) : strlen(name))
	                    : -1;
	if (i < 0)
		return cp_fail(err, CP_BADINPUT, "%s: unknown option or missing "
		               "value '%s' (try cpdesk %s --help)", cmd,
		               cmd_q(a), cmd);
	const cli_opt *o = &ps->c->opts[i];
	char label[64], vbuf[128];
	snprintf(label, sizeof label, "--%s", o->name);
	ps->given |= (uint64_t)1 << i;
	if (o->type == CLI_FLAG && eq)
		return cp_fail(err, CP_BADINPUT, "%s: %s takes no value (try cpdesk "
		               "%s --help)", cmd, label, cmd);
	if (o->type == CLI_FLAG) {
		*o->out.flag = true;
		return CP_OK;
	}
	char *v = eq ? eq + 1 : *k + 1 < argc ? argv[++*k] : NULL;
	if (!v)
		return cp_fail(err, CP_BADINPUT, "%s: %s needs a value: %s (try "
		               "cpdesk %s --help)", cmd, label,
		               cli_value_name(o, vbuf, sizeof vbuf), cmd);
	return set_value(o, label, v, err);
}

static cp_status scan(parse_state *ps, int argc, char **argv, cp_error *err)
{
	bool opts = true;
	for (int k = 0; k < argc; k++) {
		char *a = argv[k];
		if (opts && !strcmp(a, "--"))
			opts = false;
		else if (opts && a[0] == '-' && a[1] && !isdigit((unsigned char)a[1]))
			CP_TRY(take_option(ps, argc, argv, &k, err));
		else
			ps->pos[ps->npos++] = a;
	}
	return CP_OK;
}

/* "CHILD, TYPE and DATE": the arguments that must be given. */
static void needed_args(const cli_opt *args, char *buf, size_t size)
{
	const char *names[16];
	char rest[64];
	size_t n = 0;
	for (size_t i = 0; args && args[i].name && n < 16; i++) {
		if (args[i].flags & CLI_OPTIONAL)
			continue;
		if (cli_type_repeats(args[i].type)) {
			snprintf(rest, sizeof rest, "at least one %s", args[i].name);
			names[n++] = rest;
		} else {
			names[n++] = args[i].name;
		}
	}
	join(names, n, "and", buf, size);
}

static cp_status bad_count(const parse_state *ps, size_t nargs,
                           cp_error *err)
{
	const char *cmd = ps->c->name;
	char syn[512], need[256];
	cli_synopsis(ps->c, true, syn, sizeof syn);
	if (!nargs)
		return cp_fail(err, CP_BADINPUT, "%s: takes no arguments: "
		               "unexpected '%s' (try cpdesk %s --help)", cmd,
		               cmd_q(ps->pos[0]), cmd);
	if (ps->npos > nargs)
		return cp_fail(err, CP_BADINPUT, "%s: unexpected argument '%s' "
		               "(usage: cpdesk %s %s)", cmd, cmd_q(ps->pos[nargs]),
		               cmd, syn);
	needed_args(ps->c->args, need, sizeof need);
	return cp_fail(err, CP_BADINPUT, "%s: %s %s (usage: cpdesk %s %s)", cmd,
	               strncmp(need, "at least", 8) ? "give" : "name", need, cmd,
	               syn);
}

static cp_status take_args(parse_state *ps, cp_error *err)
{
	const cli_opt *args = ps->c->args;
	size_t nargs = count_of(args), need = 0;
	bool rest = nargs && cli_type_repeats(args[nargs - 1].type);
	for (size_t i = 0; i < nargs; i++)
		need += !(args[i].flags & CLI_OPTIONAL);
	if (ps->npos < need || (ps->npos > nargs && !rest))
		return bad_count(ps, nargs, err);
	for (size_t i = 0; i < ps->npos; i++) {
		const cli_opt *o = &args[i < nargs ? i : nargs - 1];
		char label[96];
		snprintf(label, sizeof label, "%s: %s", ps->c->name, o->name);
		CP_TRY(set_value(o, label, ps->pos[i], err));
	}
	return CP_OK;
}

static bool given(const parse_state *ps, size_t i)
{
	const cli_opt *o = &ps->c->opts[i];
	if (!(ps->given & ((uint64_t)1 << i)) && o->type != CLI_ROLES)
		return false;
	switch (o->type) {   /* "" is not an answer to a required text */
	case CLI_STR: case CLI_TEXT: case CLI_LOGIN: case CLI_CHOICE:
		return *o->out.str && **o->out.str;
	case CLI_STRS: case CLI_TEXTS: case CLI_LOGINS:
		return o->out.list->n > 0;
	case CLI_ROLES:   /* --roles fills --role's variable too */
		return *o->out.roles != 0;
	default:
		return true;
	}
}

static cp_status check_required(const parse_state *ps, cp_error *err)
{
	const cli_opt *opts = ps->c->opts;
	for (size_t i = 0; opts && opts[i].name; i++) {
		const cli_opt *o = &opts[i];
		char vbuf[128];
		if (!(o->flags & CLI_REQUIRED) || given(ps, i))
			continue;
		if (o->missing)
			return cp_fail(err, CP_BADINPUT, "%s: %s", ps->c->name,
			               o->missing);
		return cp_fail(err, CP_BADINPUT, "%s: give --%s %s: %s",
		               ps->c->name, o->name,
		               cli_value_name(o, vbuf, sizeof vbuf), o->help);
	}
	return CP_OK;
}

cp_status cli_parse(const cli_command *c, int argc, char **argv,
                    cp_error *err)
{
	if (count_of(c->opts) > OPTS_MAX)
		return cp_fail(err, CP_FAILED, "%s: more than %d options",
		               c->name, OPTS_MAX);
	parse_state ps = { .c = c };
	ps.pos = calloc(argc > 0 ? (size_t)argc : 1, sizeof *ps.pos);
	if (!ps.pos)
		return cp_oom(err);
	cp_status st = scan(&ps, argc, argv, err);
	if (st == CP_OK)
		st = take_args(&ps, err);
	if (st == CP_OK)
		st = check_required(&ps, err);
	free(ps.pos);
	return st;
}

static void free_lists(const cli_opt *v)
{
	for (size_t i = 0; v && v[i].name; i++) {
		if (v[i].type != CLI_STRS && v[i].type != CLI_TEXTS &&
		    v[i].type != CLI_LOGINS)
			continue;
		str_vec_free(v[i].out.list);
	}
}

void cli_parse_free(const cli_command *c)
{
	free_lists(c->opts);
	free_lists(c->args);
}
