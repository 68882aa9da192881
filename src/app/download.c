/* app_download: an invoice's document, from ARM to a file. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "billcon/app_download.h"
#include "billcon/app_invoice.h"
#include "billcon/app_pull.h"
#include "billcon/core_buf.h"
#include "billcon/core_text.h"
#include "billcon/store_invoice.h"
#include "billcon/sync_call.h"

/* An invoice number goes into a URL path as it is: one made only of
 * letters, digits and -_. needs no escaping, and anything else is refused
 * rather than sent somewhere else. */
static bool
plain_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

/* The invoice, if the actor may read its profile's invoices. */
static enum core_status
find(struct app_ctx *ctx, const char *name, struct store_invoice *inv, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	struct store_list_query q = { 0 };
	enum core_status rc = store_invoice_find(ctx->st, ctx->account.id, name, inv, err);

	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "%s has no invoice %s: billcon invoices list shows them.",
				      ctx->account.display_name, core_text_echo(name, shown));
	if (rc)
		return rc;
	q.key = inv->profile;
	return app_invoice_query(ctx, &q, err);
}

/* body into path, written aside and renamed: whole or not at all. */
static enum core_status
save(const char *path, const char *body, size_t len, struct core_error *err)
{
	struct core_buf tmp = { 0 };
	enum core_status rc = CORE_OK;
	FILE *f;

	core_buf_printf(&tmp, "%s.part%ld", path, (long)getpid());
	if (tmp.failed)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	if (!(f = fopen(tmp.p, "wb")))
		rc = core_error_set(err, CORE_USAGE, "%s cannot be written.", path);
	else if ((len && fwrite(body, 1, len, f) != len) | (fclose(f) != 0))
		rc = core_error_set(err, CORE_STORE, "%s could not be written whole (disk full?).", path);
	if (!rc && rename(tmp.p, path) != 0)
		rc = core_error_set(err, CORE_STORE, "%s could not be put in place.", path);
	if (rc)
		unlink(tmp.p);
	core_buf_free(&tmp);
	return rc;
}

/* Asks ARM for the document, then fetches it. */
static enum core_status
fetch(struct sync_http *http, struct app_auth *auth, const char *arm, const char *account, const char *name,
      struct sync_response *doc, struct core_error *err)
{
	struct sync_target t = { .arm = arm };
	struct sync_response answer = { 0 };
	struct sync_call call = { .api = SYNC_API_ARM, .method = "POST", .lro = true };
	struct core_buf path = { 0 };
	enum core_status rc = app_auth_token(auth, APP_AUTH_ARM, &t.arm_token, err);

	if (rc)
		return rc;
	core_buf_printf(&path, "/providers/Microsoft.Billing/billingAccounts/%s/invoices/%s/download?api-version=%s",
			account, name, APP_PULL_BILLING_API);
	if (path.failed)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	call.path = path.p;
	rc = sync_call_answer(http, &t, &call, NULL, &answer, err);
	if (!rc)
		rc = sync_call_document(http, &answer, doc, err);
	sync_response_clear(&answer);
	core_buf_free(&path);
	return rc;
}

enum core_status
app_download_invoice(struct app_ctx *ctx, struct sync_http *http, struct app_auth *auth,
		     const struct app_download *d, char *saved, size_t saved_size, size_t *bytes,
		     struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	struct sync_response doc = { 0 };
	struct app_pull remote = { .arm = d->arm, .tenant = ctx->cfg.tenant[0] ? ctx->cfg.tenant : NULL };
	struct store_invoice inv;
	bool bound = false;
	enum core_status rc;

	*bytes = 0;
	/* Only a store synced from this remote names its invoices. */
	if ((rc = app_pull_check(ctx, &remote, &bound, err)))
		return rc;
	if (!plain_name(d->name))
		return core_error_set(err, CORE_USAGE, "%s is no invoice number (letters, digits, - _ and . only).",
				      core_text_echo(d->name, shown));
	snprintf(saved, saved_size, d->output ? "%s" : "%s.pdf", d->output ? d->output : d->name);
	if ((rc = find(ctx, d->name, &inv, err)))
		return rc;
	if (!d->force && access(saved, F_OK) == 0)
		return core_error_set(err, CORE_REFUSED, "%s is already there: give --force to replace it.", saved);
	rc = fetch(http, auth, d->arm, ctx->account.name, inv.name, &doc, err);
	if (!rc && !(rc = save(saved, doc.body, doc.len, err)))
		*bytes = doc.len;
	sync_response_clear(&doc);
	return rc;
}
