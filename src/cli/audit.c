#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "billcon/app_audit.h"
#include "billcon/cli_audit.h"
#include "billcon/cli_tlog.h"
#include "billcon/cli_stream.h"
#include "billcon/core_auditq.h"
#include "billcon/core_text.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"
#include "billcon/store_db.h"

/* ---- list and export ---- */

/* What `audit list` and `audit export` take besides the global options. */
struct trail_opts {
	const char *since, *until, *actor, *action, *object; /* the filter */
	const char *format, *output;                          /* export only */
	bool all_accounts, oldest_first, force;
};

static int
trail_parse(struct cli_args *a, bool export, struct trail_opts *o)
{
	static const char *const valued[] = { "--since", "--until", "--actor", "--action", "--object",
					      "--format", "--output" };
	const char **slot[] = { &o->since, &o->until, &o->actor, &o->action, &o->object,
				&o->format, &o->output };
	size_t k, nvalued = export ? 7 : 5;
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = 2; i < a->argc; i++) {
		const char *arg = a->argv[i];

		for (k = 0, got = 0; k < nvalued && !got; k++)
			got = cli_opt_value(a->argc, a->argv, &i, valued[k], slot[k]);
		if (got < 0)
			return cli_usage("%s needs a value.", valued[k - 1]);
		if (got)
			continue;
		if (strcmp(arg, "--all-accounts") == 0)
			o->all_accounts = true;
		else if (!export && strcmp(arg, "--oldest-first") == 0)
			o->oldest_first = true;
		else if (export && strcmp(arg, "--force") == 0)
			o->force = true;
		else
			return cli_unexpected(export ? "audit export" : "audit list", arg);
	}
	return 0;
}

/* The options' filter as the trail's filter text (core_auditq), each time
 * read as the console's filter reads it, so that both say the same. */
static int
trail_filter(const struct trail_opts *o, char *out, size_t size)
{
	static const char *const term[] = { "actor", "action", "object" };
	const char *value[] = { o->actor, o->action, o->object };
	char t[CORE_TIME_ISO_LEN + 1];
	struct core_error err;
	size_t k, len = 0;

	core_error_clear(&err);
	out[0] = '\0';
	for (k = 0; k < 3; k++) {
		if (!value[k])
			continue;
		if (!*value[k])
			return cli_usage("--%s needs a value.", term[k]);
		if (strpbrk(value[k], " \t\r\n\f\v"))
			return cli_usage("--%s takes one word with no spaces, as the filter matches words.", term[k]);
		len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s:%s ", term[k], value[k]);
	}
	if (o->since && core_auditq_time(o->since, "--since", t, &err))
		return cli_fail(&err);
	if (o->since)
		len += (size_t)snprintf(out + len, len < size ? size - len : 0, "since:%s ", t);
	if (o->until && core_auditq_time(o->until, "--until", t, &err))
		return cli_fail(&err);
	if (o->until)
		len += (size_t)snprintf(out + len, len < size ? size - len : 0, "until:%s", t);
	if (len >= size)
		return cli_usage("The filter options are too long.");
	/* Refused now, before any output, rather than by the first read. */
	return core_auditq_parse(out, &(struct core_auditq){ 0 }, &err) ? cli_fail(&err) : 0;
}

/* The trail of --account's billing account; of every account with
 * --all-accounts, or when the store has only one (entries about no
 * account then count too). */
static int
trail_scope(struct cli_args *a, struct store *st, bool all, struct store_list_query *q)
{
	struct store_account found[8];
	struct core_error err;
	char names[512] = "";
	int n = 0, i;

	core_error_clear(&err);
	q->spec = store_audit_list(!a->app.account);
	if (a->app.account && all)
		return cli_usage("Give --account NAME or --all-accounts, not both.");
	if (a->app.account && store_account_find(st, a->app.account, &found[0], &err))
		return cli_fail(&err);
	if (a->app.account) {
		q->scope = found[0].id;
		return 0;
	}
	if (!all && store_accounts_all(st, found, 8, &n, &err))
		return cli_fail(&err);
	if (n <= 1)
		return 0;
	for (i = 0; i < n && i < 8; i++) {
		size_t len = strlen(names);
		snprintf(names + len, sizeof(names) - len, "%s\"%s\"", i ? ", " : "", found[i].display_name);
	}
	return cli_usage("This store holds %d billing accounts (%s): choose one with --account NAME, or give --all-accounts.",
			 n, names);
}

/* Opens the store and sets q up from the options; 0, or the exit code. */
static int
trail_open(struct cli_args *a, const struct trail_opts *o, struct store **st,
	   struct store_list_query *q, char *filter, size_t size)
{
	int rc = trail_filter(o, filter, size);

	if (rc || (rc = cli_open_reader(a, st)))
		return rc;
	q->filter = filter;
	if ((rc = trail_scope(a, *st, o->all_accounts, q)))
		store_close(*st);
	return rc;
}

/* The object last: a path, read from its end, it takes what is left. */
static const struct cli_column list_cols[] = {
	{ "seq", "SEQ", 7 }, { "at", "TIME", 20 }, { "actor", "ACTOR", 24 }, { "action", "ACTION", 18 },
	{ "summary", "CHANGE", 48 }, { "object", "OBJECT", 0 },
};

static int
list_row(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_audit_row *r = row;
	char summary[1024];

	(void)key;
	app_audit_summary(r->before, r->after, summary, sizeof(summary));
	cli_table_row(data, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "seq", (json_int_t)r->seq, "at", app_json_text(r->at),
				      "actor", app_json_text(r->actor), "action", app_json_text(r->action),
				      "object", app_json_text(r->object), "summary", app_json_text(summary)));
	return 0;
}

static int
list(struct cli_args *a)
{
	struct cli_table t = { .format = a->format, .cols = list_cols, .ncols = 6 };
	struct store_list_query q = { 0 };
	struct trail_opts o;
	struct core_error err;
	struct store *st;
	char filter[2048];
	int rc = trail_parse(a, false, &o);

	if (rc || (rc = trail_open(a, &o, &st, &q, filter, sizeof(filter))))
		return rc;
	q.descending = !o.oldest_first;
	core_error_clear(&err);
	cli_table_begin(&t);
	rc = cli_stream_walk(st, &q, list_row, &t, &err) ? cli_fail(&err) : 0;
	cli_table_end(&t, "no audit entries");
	store_close(st);
	return rc;
}

/* An export under way. */
struct export_job {
	FILE *f;
	char format;    /* 'c' csv, 'j' json, 'l' jsonl */
	long long n;
	struct cli_stream_progress bar;
};

static int
export_row(const void *row, const struct store_list_key *key, void *data)
{
	struct export_job *j = data;

	(void)key;
	if (j->format == 'c') {
		cli_stream_audit_csv(j->f, row);
	} else {
		if (j->format == 'j')
			fputs(j->n ? ",\n" : "\n", j->f);
		cli_stream_audit_entry(j->f, row);
		if (j->format == 'l')
			putc('\n', j->f);
	}
	j->n++;
	cli_stream_progress_step(&j->bar);
	return ferror(j->f);
}

/* The format export writes: --format, else --json or --csv; 0 when none. */
static char
export_format(const struct cli_args *a, const char *format)
{
	if (!format)
		return a->format == CLI_JSON ? 'j' : a->format == CLI_CSV ? 'c' : 0;
	return strcmp(format, "csv") == 0 ? 'c' : strcmp(format, "json") == 0 ? 'j'
		: strcmp(format, "jsonl") == 0 ? 'l' : 0;
}

/* Writes the whole filtered trail, oldest first, to j->f. */
static enum core_status
export_run(struct store *st, struct store_list_query *q, struct export_job *j, struct core_error *err)
{
	long long total = 0;
	enum core_status rc = store_audit_size(st, &total, err);

	if (rc)
		return rc;
	if (j->format == 'c')
		cli_stream_audit_csv_header(j->f);
	if (j->format == 'j')
		putc('[', j->f);
	cli_stream_progress_start(&j->bar, "Exporting", total);
	rc = cli_stream_walk(st, q, export_row, j, err);
	cli_stream_progress_end(&j->bar);
	if (j->format == 'j')
		fputs(j->n ? "\n]\n" : "]\n", j->f);
	if (!rc && (fflush(j->f) || ferror(j->f)))
		rc = core_error_set(err, CORE_STORE, "The export could not be written: %s.", strerror(errno));
	return rc;
}

static int
export(struct cli_args *a)
{
	static char buf[1 << 16];
	struct store_list_query q = { 0 };
	struct cli_stream_file out = { 0 };
	struct export_job j = { .f = stdout };
	struct trail_opts o;
	struct core_error err;
	struct store *st;
	char filter[2048];
	int rc = trail_parse(a, true, &o);

	if (rc)
		return rc;
	if (!(j.format = export_format(a, o.format)))
		return cli_usage("audit export needs --format csv, json or jsonl.");
	if ((rc = trail_open(a, &o, &st, &q, filter, sizeof(filter))))
		return rc;
	core_error_clear(&err);
	if (o.output && cli_stream_file_open(&out, o.output, o.force, &err)) {
		store_close(st);
		return cli_fail(&err);
	}
	if (o.output)
		j.f = out.f;
	setvbuf(j.f, buf, _IOFBF, sizeof(buf));
	rc = export_run(st, &q, &j, &err);
	if (o.output && cli_stream_file_close(&out, rc == CORE_OK, &err) && !rc)
		rc = CORE_STORE;
	store_close(st);
	return rc ? cli_fail(&err) : 0;
}

static int
head(struct cli_args *a)
{
	struct store_audit_head h;
	struct core_error err;
	struct store *st;
	char shown[CORE_AUDIT_HASH_LEN * 4 + 1];
	int rc = cli_open_reader(a, &st);

	if (rc)
		return rc;
	core_error_clear(&err);
	if (store_audit_head(st, &h, &err)) {
		store_close(st);
		return cli_fail(&err);
	}
	/* The hash is read from the store, which someone may have edited: it
	 * is printed made safe, and as valid JSON. */
	if (a->format == CLI_JSON) {
		json_t *o;
		core_text_utf8(h.hash, shown, sizeof(shown));
		o = json_pack("{s:I, s:s}", "seq", (json_int_t)h.seq, "hash", shown);
		cli_put_json(stdout, o);
		json_decref(o);
	} else {
		fprintf(stdout, "%lld %s\n", h.seq, cli_safe(h.hash, shown, sizeof(shown)));
	}
	store_close(st);
	return 0;
}

int
cli_audit(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "";
	int rc = cli_tlog(a);

	if (rc >= 0)
		return rc;
	cli_args_settle_db(a);
	if (strcmp(verb, "list") == 0)
		return list(a);
	if (strcmp(verb, "export") == 0)
		return export(a);
	if (strcmp(verb, "head") == 0) {
		if (a->argc > 2)
			return cli_usage("audit head takes no arguments.");
		return head(a);
	}
	return cli_usage("audit needs a verb: list, export, head, verify [--expect HASH] [--checkpoint FILE [--key KEY]] [--json], checkpoint, key, prove SEQ [--size N] or verify-proof --proof FILE --checkpoint FILE --key KEY.");
}
