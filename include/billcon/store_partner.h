/* store_partner: the Partner Center account, its tenants, and the history
 * of the billing account and profile linked to it (DOMAIN.md §6). A store
 * holds at most one Partner Center account. */
#ifndef BILLCON_STORE_PARTNER_H
#define BILLCON_STORE_PARTNER_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/store_account.h"

struct store;

struct store_partner {
	long long id;
	char partner_id[64];          /* Partner Center's account ID */
	char display_name[256];
	char state[32];               /* "Active", "Pending", "Suspended", ... */
	char purchase_tenant_id[64];  /* the tenant chosen for membership purchases, "" none */
	/* The legal profile, which a new billing account is prefilled from. */
	char legal_company[256];
	char legal_address[512];
	char legal_country[8];
	char legal_contact[256];
};

struct store_profile {
	long long id;
	long long account_id;
	char name[256];               /* ARM name, opaque */
	char display_name[256];
	char payment_instrument[64];  /* "None" when none */
};

/* One link, current (unlinked_on "") or ended. */
struct store_partner_link {
	long long id;
	long long account_id;
	char account[256];            /* the account's ARM name */
	char account_name[256];
	long long profile_id;
	char profile[256];            /* the profile's ARM name */
	char profile_name[256];
	char linked_by[256];
	char linked_on[32];
	char unlinked_on[32];         /* "" while current */
};

/* The store's Partner Center account into *out; CORE_NOT_FOUND when none. */
enum core_status store_partner_get(struct store *st, struct store_partner *out,
				   struct core_error *err);

/* Inserts p, or updates the account of the same partner_id; sets p->id.
 * A store holds one: another partner_id is CORE_REFUSED. */
enum core_status store_partner_save(struct store *st, struct store_partner *p,
				    struct core_error *err);

/* The partner's tenants (IDs, in order), at most max into out; *n
 * receives how many there are. */
enum core_status store_partner_tenants(struct store *st, long long partner, char (*out)[64],
				       int max, int *n, struct core_error *err);

/* Replaces the partner's tenants with the n in tenants. */
enum core_status store_partner_set_tenants(struct store *st, long long partner,
					   const char (*tenants)[64], int n, struct core_error *err);

/* The current link into *out; CORE_NOT_FOUND when none is linked. */
enum core_status store_partner_link_current(struct store *st, long long partner,
					    struct store_partner_link *out, struct core_error *err);

/* The links, newest first, at most max into out; *n receives how many
 * there are in all. */
enum core_status store_partner_links(struct store *st, long long partner,
				     struct store_partner_link *out, int max, int *n,
				     struct core_error *err);

/* Ends the current link (at on) and links account_id and profile_id by
 * by at on; sets *id (may be NULL). In the caller's transaction. */
enum core_status store_partner_link_insert(struct store *st, long long partner,
					   long long account_id, long long profile_id,
					   const char *by, const char *on, long long *id,
					   struct core_error *err);

/* The billing accounts whose primary tenant is tenant_id, by display
 * name, at most max into out; *n receives how many there are. */
enum core_status store_partner_accounts(struct store *st, const char *tenant_id,
					struct store_account *out, int max, int *n,
					struct core_error *err);

/* The profiles of account_id, by display name, at most max into out; *n
 * receives how many there are. */
enum core_status store_profiles_of(struct store *st, long long account_id,
				   struct store_profile *out, int max, int *n,
				   struct core_error *err);

/* The profile of account_id named name (ARM name or display name);
 * CORE_NOT_FOUND when none. */
enum core_status store_profile_find(struct store *st, long long account_id, const char *name,
				    struct store_profile *out, struct core_error *err);

/* Records that by accepted the MCA for account_id at on. */
enum core_status store_account_accept_mca(struct store *st, long long account_id,
					  const char *by, const char *on, struct core_error *err);

#endif
