/* app_download: `billcon invoices download`: an invoice's document asked
 * of ARM (POST .../invoices/NAME/download, a long-running operation whose
 * answer links to the document) and saved to a file. */
#ifndef BILLCON_APP_DOWNLOAD_H
#define BILLCON_APP_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/app_auth.h"
#include "billcon/app_context.h"
#include "billcon/core_status.h"

struct sync_http;

struct app_download {
	const char *arm;        /* ARM's base URL */
	const char *name;       /* the invoice's number */
	const char *output;     /* the file to write; NULL: NAME.pdf here */
	bool force;             /* replace a file already there */
};

/* Saves the document of the invoice d->name of ctx's account, if the actor
 * may read it (a role on the account or on the invoice's billing profile),
 * asking ARM with auth's token over http; the file is written beside its
 * place and renamed, so it is whole or absent. *saved names the file and
 * *bytes its size. CORE_NOT_FOUND for an invoice the account does not
 * have; CORE_REFUSED for a file already there without d->force; the
 * service's failures as sync_call's. */
enum core_status app_download_invoice(struct app_ctx *ctx, struct sync_http *http, struct app_auth *auth,
				      const struct app_download *d, char *saved, size_t saved_size,
				      size_t *bytes, struct core_error *err);

#endif
