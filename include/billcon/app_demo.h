/* app_demo: the demo world of doc/architecture.md (Contoso and friends),
 * for trying billcon and for benchmarks. */
#ifndef BILLCON_APP_DEMO_H
#define BILLCON_APP_DEMO_H

#include "billcon/core_status.h"

/* The most generated rows --scale may ask for. */
#define APP_DEMO_SCALE_MAX 10000000

/* Creates a demo store at path, which must not exist yet. scale (0 to
 * APP_DEMO_SCALE_MAX) adds that many generated rows to every list table
 * (associated tenants, users, role assignments, requests, audit). The store
 * appears at path whole or not at all: it is built beside it (store_file)
 * and linked into place, and a killed run leaves nothing behind. */
enum core_status app_demo_init(const char *path, long scale, struct core_error *err);

/* The most generated audit entries --audit may ask for. */
#define APP_DEMO_AUDIT_MAX 100000000

/* As app_demo_init, then audit more audit entries after the demo's own,
 * alone (no rows they name are added): role, request, tenant, directory
 * and guest changes of the demo account mixed as in use, by a few hundred
 * actors, their times rising over the year before now, each chained and
 * in the tree as store_audit_append makes it. The same audit makes the
 * same entries. */
enum core_status app_demo_init_audit(const char *path, long scale, long audit,
				     struct core_error *err);

/* What a demo store holds beyond the small world, for benchmarks. */
struct app_demo_sizes {
	long scale;     /* as app_demo_init's */
	long audit;     /* as app_demo_init_audit's */
	long accounts;  /* generated billing accounts the demo's user sees (app_account_seed_many) */
	long invoices;  /* generated invoices on Contoso's first profile (app_invoice_seed_many) */
};

/* As app_demo_init_audit, with the sizes of z. */
enum core_status app_demo_init_sizes(const char *path, const struct app_demo_sizes *z,
				     struct core_error *err);

/* The demo's fixed GUID n of a kind (its first eight hex digits: tenants
 * c0000000, CSP subscriptions 5c000000, ...) into out, so that docs and
 * tests can name them. */
void app_demo_guid(unsigned kind, unsigned long long n, char out[37]);

/* The demo store's place: $XDG_DATA_HOME/billcon/demo.db into out. */
void app_demo_path(char *out, size_t size);

#endif
