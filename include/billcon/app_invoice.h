/* app_invoice: the invoices of the account in scope (DOMAIN.md §2) for the
 * console and the command line: who may read them, their statuses as ARM
 * spells them, amounts in words, and the demo's year of invoices. */
#ifndef BILLCON_APP_INVOICE_H
#define BILLCON_APP_INVOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_invoice.h"
#include "billcon/store_list.h"

struct app_ctx;
struct store;

/* The statuses ARM gives an invoice, in the words of a refusal. */
#define APP_INVOICE_STATUS_WORDS "Due, Paid, PastDue, Void, Locked or Other"

/* What a status means to someone paying: known ones, and any other word
 * the service sends (kept and shown as it is, DOMAIN.md §9). */
enum app_invoice_state {
	APP_INVOICE_DUE, APP_INVOICE_PAID, APP_INVOICE_PAST_DUE, APP_INVOICE_VOID,
	APP_INVOICE_LOCKED, APP_INVOICE_OTHER, APP_INVOICE_UNKNOWN
};

/* The state status names (ARM's spelling, exactly); APP_INVOICE_UNKNOWN
 * for any other text. */
enum app_invoice_state app_invoice_state(const char *status);

/* What a user typed as a status (any case: "pastdue") in ARM's spelling
 * into out; CORE_USAGE with a sentence listing the valid ones otherwise. */
enum core_status app_invoice_status_parse(const char *text, char *out, size_t size,
					  struct core_error *err);

/* Readies q (q->spec is store_invoice_list(), or with q->key, a profile's
 * ARM name, store_invoice_profile_list()) for store_list_page or a walk
 * of it: the account in scope, the time of the read. Anyone with a role on the account reads
 * every invoice; one with a role on a profile only, that profile's
 * (CORE_FORBIDDEN otherwise, saying so). The roles are read afresh. */
enum core_status app_invoice_query(struct app_ctx *ctx, struct store_list_query *q,
				   struct core_error *err);

/* One window of the account's invoices (q->spec is
 * store_invoice_list(), or with q->key, a profile's ARM name,
 * store_invoice_profile_list()), at the time of the read.
 * Anyone with a role on the account reads them all; one with a role on a
 * profile only, that profile's (CORE_FORBIDDEN otherwise, saying so). */
enum core_status app_invoice_page(struct app_ctx *ctx, struct store_list_query *q, store_list_fn fn,
				  void *data, struct core_error *err);

/* The profile of the account in scope that name names (ARM name or
 * display name) into profile (its ARM name, size bytes); CORE_NOT_FOUND
 * with a sentence when none. */
enum core_status app_invoice_profile(struct app_ctx *ctx, const char *name, char *profile,
				     size_t size, struct core_error *err);

/* For an actor with no role on the account in scope but one on a billing
 * profile of it: true, with the first such profile's ARM name in profile
 * (size bytes), the invoices the console then shows. False otherwise
 * (the account's role reads all, or no role reads any). Roles read afresh. */
bool app_invoice_own_profile(struct app_ctx *ctx, char *profile, size_t size);

/* "1,234.56 USD": an amount in minor units (two decimals) and its currency. */
void app_invoice_amount(long long minor, const char *currency, char *out, size_t size);

/* The invoice as the command line's JSON writes it: name, billingProfile,
 * billingProfileName, invoiceDate, periodStart, periodEnd, dueDate, amount
 * (text, two decimals), amountMinor, currency, status, documentUrl (null
 * when unknown); the caller owns the reference. */
json_t *app_invoice_json(const struct store_invoice *v);

/* The demo's invoices: a year of monthly invoices before now for every
 * billing profile of the store, on the profile's invoice day and in its
 * currency: Paid, then Due, with one PastDue and one Void; most with a
 * document link. In the caller's transaction. */
enum core_status app_invoice_seed_demo(struct store *st, time_t now, struct core_error *err);

/* n more invoices (0 for none) on the first profile of account_id, one a
 * day back from now, for benchmarks. In the caller's transaction. */
enum core_status app_invoice_seed_many(struct store *st, long long account_id, time_t now, long n,
				       struct core_error *err);

#endif
