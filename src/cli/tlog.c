#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billcon/app_config.h"
#include "billcon/app_tlog.h"
#include "billcon/cli_out.h"
#include "billcon/cli_stream.h"
#include "billcon/cli_tlog.h"
#include "billcon/store_db.h"

/* The audit_origin setting, "" when none; exit code on a bad file. */
static int
origin_setting(struct app_config *cfg)
{
	struct core_error err;

	core_error_clear(&err);
	if (app_config_load(cfg, &err))
		return cli_fail(&err);
	return 0;
}

/* Runs one store reader: opens the store and the settings, calls fn. */
static int
with_store(struct cli_args *a, int (*fn)(struct cli_args *, struct store *, const char *, void *),
	   void *data)
{
	struct app_config cfg;
	struct store *st;
	int rc = origin_setting(&cfg);

	if (rc || (rc = cli_open_reader(a, &st)))
		return rc;
	rc = fn(a, st, cfg.audit_origin, data);
	store_close(st);
	return rc;
}

static int
fail_with(enum core_status rc, const struct core_error *err)
{
	return rc ? cli_fail(err) : 0;
}

static int
checkpoint(struct cli_args *a, struct store *st, const char *origin, void *data)
{
	char note[APP_TLOG_NOTE_MAX];
	struct core_error err;
	enum core_status rc;

	(void)a;
	(void)data;
	core_error_clear(&err);
	if ((rc = app_tlog_checkpoint(st, origin, note, sizeof(note), &err)))
		return fail_with(rc, &err);
	fputs(note, stdout);
	return 0;
}

static int
key(struct cli_args *a, struct store *st, const char *origin, void *data)
{
	char vkey[CORE_NOTE_VERIFIER_MAX];
	struct core_error err;
	enum core_status rc;

	(void)a;
	(void)data;
	core_error_clear(&err);
	if ((rc = app_tlog_verifier(st, origin, vkey, sizeof(vkey), &err)))
		return fail_with(rc, &err);
	printf("%s\n", vkey);
	return 0;
}

/* A whole number option's value; false when it is not one. */
static bool
number(const char *text, long long *out)
{
	char *end;

	*out = strtoll(text, &end, 10);
	return *text && !*end && *out > 0;
}

struct prove_args {
	long long seq, size;
};

static int
prove(struct cli_args *a, struct store *st, const char *origin, void *data)
{
	struct prove_args *p = data;
	struct store_audit_row *row = malloc(sizeof(*row));
	struct core_error err;
	json_t *o = NULL;
	enum core_status rc;

	(void)a;
	(void)origin;
	core_error_clear(&err);
	if (!row)
		return fail_with(core_error_set(&err, CORE_STORE, "Out of memory."), &err);
	rc = app_tlog_prove(st, p->seq, p->size, &o, &err);
	if (!rc)
		rc = store_audit_entry(st, p->seq, row, &err);
	if (!rc) {
		json_object_set_new(o, "entry", cli_stream_audit_entry_value(row));
		cli_put_json(stdout, o);
	}
	json_decref(o);
	free(row);
	return fail_with(rc, &err);
}

static int
prove_args(struct cli_args *a)
{
	struct prove_args p = { 0 };
	const char *size = NULL;
	int i, got;

	for (i = 2; i < a->argc; i++) {
		got = cli_opt_value(a->argc, a->argv, &i, "--size", &size);
		if (got < 0 || (got == 0 && (p.seq || !number(a->argv[i], &p.seq))))
			return cli_usage("audit prove takes an entry number and --size N (a tree size; the current one by default).");
	}
	if (!p.seq)
		return cli_usage("audit prove needs the number of the entry to prove, as in billcon audit prove 42.");
	if (size && !number(size, &p.size))
		return cli_usage("--size takes a tree size: a whole number of entries.");
	return with_store(a, prove, &p);
}

/* The text of a file option, or of the option itself when it names no
 * file (a verifier key may be given either way). NULL when it cannot be
 * read, reported. */
static char *
read_option(const char *option, const char *value, bool text_allowed)
{
	char *text;

	if (text_allowed && access(value, F_OK) != 0)
		return strdup(value);
	if (!(text = cli_slurp(value)))
		cli_usage("%s: %s cannot be read.", option, value);
	return text;
}

struct verify_args {
	const char *expect, *checkpoint, *key;
	bool json;
};

static int
report_json(const struct store_audit_verdict *t, const struct app_tlog_verdict *c, bool intact,
	    const char *problem)
{
	json_t *o = json_pack("{s:b, s:I, s:I, s:s}", "intact", intact, "entries",
			      (json_int_t)t->entries, "firstBad",
			      (json_int_t)(c ? c->first_bad : t->first_bad), "problem", problem);
	json_t *proof = json_array();
	char b64[CORE_MERKLE_B64];
	int i;

	if (c) {
		for (i = 0; i < c->proof_len; i++) {
			core_merkle_b64(c->proof[i], b64);
			json_array_append_new(proof, json_string(b64));
		}
		json_object_set_new(o, "checkpoint", json_pack("{s:I, s:b, s:o}", "treeSize",
			(json_int_t)c->size, "consistent", c->consistent, "consistencyProof", proof));
	} else {
		json_decref(proof);
	}
	cli_put_json(stdout, o);
	json_decref(o);
	return intact ? 0 : core_status_exit_code(CORE_REFUSED);
}

static int
report(const struct verify_args *va, const struct store_audit_verdict *t,
       const struct app_tlog_verdict *c)
{
	const char *problem = c ? c->problem : t->problem;
	bool intact = !problem[0];
	struct core_error bad = { .status = CORE_REFUSED };

	if (va->json)
		return report_json(t, c, intact, problem);
	if (!intact) {
		snprintf(bad.message, sizeof(bad.message), "%s", problem);
		return cli_fail(&bad);
	}
	printf("The audit trail is whole: %lld entr%s, each chained to the one before, and the tree's hashes match them%s%s.\n",
	       t->entries, t->entries == 1 ? "y" : "ies", va->expect ? "; it holds the expected entry" : "",
	       c ? "; it extends the checkpoint, as the consistency proof shows" : "");
	return 0;
}

static int
verify(struct cli_args *a, struct store *st, const char *origin, void *data)
{
	struct verify_args *va = data;
	struct store_audit_verify_opts opts = { .expect = va->expect };
	struct store_audit_verdict t;
	struct app_tlog_verdict *c = NULL;
	struct core_error err;
	char *note = NULL, *vkey = NULL;
	enum core_status rc;
	int code;

	(void)a;
	core_error_clear(&err);
	if (!va->checkpoint) {
		if ((rc = store_audit_verify(st, &opts, &t, &err)))
			return fail_with(rc, &err);
		return report(va, &t, NULL);
	}
	if (!(note = read_option("--checkpoint", va->checkpoint, false)) ||
	    (va->key && !(vkey = read_option("--key", va->key, true))) || !(c = calloc(1, sizeof(*c)))) {
		free(note);
		free(vkey);
		return core_status_exit_code(CORE_USAGE);
	}
	if (vkey)
		vkey[strcspn(vkey, "\n")] = '\0';
	rc = app_tlog_verify(st, note, vkey, origin, &opts, c, &err);
	code = rc ? fail_with(rc, &err) : report(va, &c->trail, c);
	free(note);
	free(vkey);
	free(c);
	return code;
}

static int
verify_args(struct cli_args *a)
{
	struct verify_args va = { .json = a->format == CLI_JSON };
	int i, got;

	for (i = 2; i < a->argc; i++) {
		got = cli_opt_value(a->argc, a->argv, &i, "--expect", &va.expect);
		if (!got)
			got = cli_opt_value(a->argc, a->argv, &i, "--checkpoint", &va.checkpoint);
		if (!got)
			got = cli_opt_value(a->argc, a->argv, &i, "--key", &va.key);
		if (got <= 0)
			return cli_usage("audit verify takes --expect HASH, --checkpoint FILE, --key KEY and --json.");
	}
	if (va.expect && (strlen(va.expect) != CORE_AUDIT_HASH_LEN ||
			  strspn(va.expect, "0123456789abcdef") != CORE_AUDIT_HASH_LEN))
		return cli_usage("--expect takes the 64 lowercase hexadecimal digits printed by `billcon audit head`.");
	if (va.key && !va.checkpoint)
		return cli_usage("--key is the key of a checkpoint: give --checkpoint FILE too.");
	return with_store(a, verify, &va);
}

/* `audit verify-proof`: no store at all. */
static int
verify_proof(struct cli_args *a)
{
	const char *proof = NULL, *checkpoint = NULL, *vkey = NULL;
	char *texts[3] = { NULL };
	struct core_error err;
	long long seq;
	enum core_status rc = CORE_USAGE;
	int i, got;

	for (i = 2; i < a->argc; i++) {
		got = cli_opt_value(a->argc, a->argv, &i, "--proof", &proof);
		if (!got)
			got = cli_opt_value(a->argc, a->argv, &i, "--checkpoint", &checkpoint);
		if (!got)
			got = cli_opt_value(a->argc, a->argv, &i, "--key", &vkey);
		if (got <= 0)
			return cli_usage("audit verify-proof takes --proof FILE --checkpoint FILE --key KEY.");
	}
	if (!proof || !checkpoint || !vkey)
		return cli_usage("audit verify-proof needs --proof FILE, --checkpoint FILE and --key KEY (the text of `billcon audit key`, or a file holding it).");
	core_error_clear(&err);
	if ((texts[0] = read_option("--proof", proof, false)) &&
	    (texts[1] = read_option("--checkpoint", checkpoint, false)) &&
	    (texts[2] = read_option("--key", vkey, true))) {
		texts[2][strcspn(texts[2], "\n")] = '\0';
		rc = app_tlog_check_proof(texts[0], texts[1], texts[2], &seq, &err);
		if (!rc)
			printf("Entry %lld is in the log the checkpoint signs.\n", seq);
		else
			cli_fail(&err);
	}
	for (i = 0; i < 3; i++)
		free(texts[i]);
	return core_status_exit_code(rc);
}

int
cli_tlog(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "";

	if (strcmp(verb, "verify-proof") == 0)
		return verify_proof(a);
	cli_args_settle_db(a);
	if (strcmp(verb, "verify") == 0)
		return verify_args(a);
	if (strcmp(verb, "prove") == 0)
		return prove_args(a);
	if (strcmp(verb, "checkpoint") == 0 || strcmp(verb, "key") == 0) {
		if (a->argc > 2)
			return cli_usage("audit %s takes no arguments.", verb);
		return with_store(a, strcmp(verb, "key") == 0 ? key : checkpoint, NULL);
	}
	return -1;
}
