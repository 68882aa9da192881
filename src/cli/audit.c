#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/cli_audit.h"
#include "billcon/cli_tlog.h"
#include "billcon/core_text.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"

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
	if (strcmp(verb, "head") == 0) {
		if (a->argc > 2)
			return cli_usage("audit head takes no arguments.");
		return head(a);
	}
	return cli_usage("audit needs a verb: head, verify [--expect HASH] [--checkpoint FILE [--key KEY]] [--json], checkpoint, key, prove SEQ [--size N] or verify-proof --proof FILE --checkpoint FILE --key KEY.");
}
