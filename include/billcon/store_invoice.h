/* store_invoice: invoices of billing profiles (DOMAIN.md §2), kept per
 * account so that an account's list pages by an index of its own; and the
 * profiles' invoice day and currency, which the demo's invoices follow. */
#ifndef BILLCON_STORE_INVOICE_H
#define BILLCON_STORE_INVOICE_H

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

struct store_invoice {
	long long id;
	long long account_id;
	long long profile_id;
	char name[128];              /* the invoice number, opaque (DOMAIN.md §9) */
	char invoice_date[32];
	char period_start[32];
	char period_end[32];
	char due_date[32];
	long long amount_minor;      /* in the currency's minor unit (cents) */
	char currency[8];
	char status[64];             /* as ARM says it: Due, Paid, ... or anything else */
	char document_url[1024];     /* "" when unknown */
	char profile[256];           /* the profile's ARM name */
	char profile_name[256];      /* its display name */
};

/* The orders the console and the command line list invoices in. */
enum store_invoice_sort {
	STORE_INVOICE_SORT_DATE,     /* invoice date (the console starts newest first) */
	STORE_INVOICE_SORT_STATUS,   /* status, then date */
	STORE_INVOICE_SORT_NUMBER,   /* invoice number */
	STORE_INVOICE_SORT_AMOUNT,   /* amount in minor units, whatever the currency */
	STORE_INVOICE_SORT_COUNT
};

/* The invoices of an account for store_list_page: rows are struct
 * store_invoice, the scope is the account's ID; the query's key, when
 * set, is a profile's ARM name and keeps that profile's invoices only.
 * The filter matches numbers, statuses, currencies and profiles' display
 * and ARM names. Its kept count (store_list_count) is the account's: a
 * list keyed to a profile takes store_invoice_profile_list instead. */
const struct store_list_spec *store_invoice_list(void);

/* The same rows for a query keyed to one profile, with no kept count (the
 * account's would be a wrong total of the profile's). */
const struct store_list_spec *store_invoice_profile_list(void);

/* Inserts inv (its profile's account must be inv->account_id), setting
 * inv->id; a second invoice with the same number is refused by the schema. */
enum core_status store_invoice_insert(struct store *st, struct store_invoice *inv,
				      struct core_error *err);

/* A billing profile as invoices need it. */
struct store_invoice_profile {
	long long id;
	long long account_id;
	char name[256];
	char display_name[256];
	int invoice_day;             /* 1 to 28 */
	char currency[8];
};

/* The invoice named name (its number, as ARM gives it) of account into
 * *out; CORE_NOT_FOUND when the account has none by that name. */
enum core_status store_invoice_find(struct store *st, long long account, const char *name,
				    struct store_invoice *out, struct core_error *err);

/* The profiles of every account, by account then ID, at most max into
 * out; *n receives how many there are. */
enum core_status store_invoice_profiles(struct store *st, struct store_invoice_profile *out,
					int max, int *n, struct core_error *err);

#endif
