#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/cli_audit.h"
#include "billcon/core_text.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"

/* The audit commands read the store directly: they need no actor, and an
 * auditor may run them on any copy of a store, which they leave as it was. */
static int
open_store(struct cli_args *a, struct store **st)
{
	struct core_error err;

	a->app.reader = true;
	core_error_clear(&err);
	if (store_open(a->app.db_path, app_open_flags(&a->app), st, &err))
		return cli_fail(&err);
	return 0;
}

static int
head(struct cli_args *a)
{
	struct store_audit_head h;
	struct core_error err;
	struct store *st;
	char shown[CORE_AUDIT_HASH_LEN * 4 + 1];
	int rc = open_store(a, &st);

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

static int
verify(struct cli_args *a)
{
	struct store_audit_verdict v;
	struct core_error err;
	struct store *st;
	const char *expect = NULL;
	int i, got, rc;

	for (i = 2; i < a->argc; i++) {
		got = cli_opt_value(a->argc, a->argv, &i, "--expect", &expect);
		if (got <= 0)
			return cli_usage(got < 0 ? "--expect needs the hash printed by `billcon audit head`."
						 : "audit verify takes only --expect HASH.");
	}
	if (expect && (strlen(expect) != CORE_AUDIT_HASH_LEN || strspn(expect, "0123456789abcdef") != CORE_AUDIT_HASH_LEN))
		return cli_usage("--expect takes the 64 lowercase hexadecimal digits printed by `billcon audit head`.");
	if ((rc = open_store(a, &st)))
		return rc;
	core_error_clear(&err);
	rc = store_audit_verify(st, &(struct store_audit_verify_opts){ .expect = expect }, &v, &err);
	store_close(st);
	if (rc)
		return cli_fail(&err);
	if (v.problem[0]) {
		struct core_error bad = { .status = CORE_REFUSED };
		snprintf(bad.message, sizeof(bad.message), "%s", v.problem);
		return cli_fail(&bad);
	}
	fprintf(stdout, "The audit trail is whole: %lld entr%s, each chained to the one before%s.\n",
		v.entries, v.entries == 1 ? "y" : "ies", expect ? ", and it holds the expected entry" : "");
	return 0;
}

int
cli_audit(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "";

	cli_args_settle_db(a);
	if (strcmp(verb, "verify") == 0)
		return verify(a);
	if (strcmp(verb, "head") == 0) {
		if (a->argc > 2)
			return cli_usage("audit head takes no arguments.");
		return head(a);
	}
	return cli_usage("audit needs a verb: verify [--expect HASH] or head.");
}
