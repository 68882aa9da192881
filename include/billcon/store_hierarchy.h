/* store_hierarchy: the rows of the billing hierarchy one at a time
 * (DOMAIN.md §2): billing profiles with their invoice day and currency,
 * invoice sections, and where a subscription is billed (its section, and
 * the account it was linked from). The tree as a list is store_tree. */
#ifndef BILLCON_STORE_HIERARCHY_H
#define BILLCON_STORE_HIERARCHY_H

#include <stddef.h>

#include "billcon/core_status.h"

struct store;

struct store_hier_profile {
	long long id;
	long long account_id;
	char name[256];              /* ARM name, "XXXX-XXXX-XXX-XXX" when made here */
	char display_name[256];
	char payment_instrument[64]; /* "None" allowed */
	int invoice_day;             /* 1-28 */
	char currency[8];
	long long sections;          /* read only: how many it has */
};

/* Inserts p (its ID set). */
enum core_status store_hier_profile_add(struct store *st, struct store_hier_profile *p, struct core_error *err);

/* Sets the invoice day and currency of profile id. */
enum core_status store_hier_profile_set_invoice(struct store *st, long long id, int invoice_day, const char *currency,
					   struct core_error *err);

/* The profile of account whose ARM name or display name is key (any case);
 * CORE_NOT_FOUND when none. */
enum core_status store_hier_profile_get(struct store *st, long long account_id, const char *key,
				   struct store_hier_profile *out, struct core_error *err);

/* The profiles of account by display name: *out (free()) and *n. */
enum core_status store_hier_profiles(struct store *st, long long account_id, struct store_hier_profile **out,
				   size_t *n, struct core_error *err);

/* How many profiles of account are shown as display_name (any case),
 * into *n. */
enum core_status store_hier_profile_name_count(struct store *st, long long account_id, const char *display_name,
					  long long *n, struct core_error *err);

/* An invoice section, with its profile. */
struct store_hier_section {
	long long id;
	long long profile_id;
	char name[256];
	char display_name[256];
	char profile_name[256];
	char profile_display[256];
	long long subscriptions;     /* read only: how many are billed to it */
};

/* The sections of account (profile_id 0) or of one profile, by profile
 * then display name: *out (free()) and *n. */
enum core_status store_hier_sections(struct store *st, long long account_id, long long profile_id,
				   struct store_hier_section **out, size_t *n, struct core_error *err);

/* The sections of account named key (ARM name or display name, any case):
 * the first into out (when not NULL), how many there are into *n
 * (display names repeat across profiles). */
enum core_status store_hier_section_lookup(struct store *st, long long account_id, const char *key,
				      struct store_hier_section *out, long long *n,
				      struct core_error *err);

/* How many sections of profile are shown as display_name (any case). */
enum core_status store_hier_section_name_count(struct store *st, long long profile_id, const char *display_name,
					  long long *n, struct core_error *err);

/* A subscription and where it is billed. */
struct store_hier_sub {
	long long id;
	long long section_id;        /* 0 for one not in the store */
	char subscription_id[64];
	char display_name[256];
	char service_tenant_id[64];
	char status[32];
	char sku[128];
	char transferred_from[256];  /* "" none */
	char transferred_on[32];
	long long account_id;        /* the account it is billed to */
	char section_name[256], section_display[256];
	char profile_name[256], profile_display[256];
};

/* The subscription whose ID is subscription_id (any case), wherever it is
 * billed; CORE_NOT_FOUND when the store has none. */
enum core_status store_hier_sub_get(struct store *st, const char *subscription_id, struct store_hier_sub *out,
				    struct core_error *err);

/* Inserts a subscription as s describes it (section, ID, names, service
 * tenant, status, SKU, transfer), setting s->id. */
enum core_status store_hier_sub_insert(struct store *st, struct store_hier_sub *s, struct core_error *err);

/* Bills subscription id to section_id; with transferred_from not NULL, it
 * also records where it came from and when (an ownership transfer). The
 * service tenant is never written here. */
enum core_status store_hier_sub_rebill(struct store *st, long long id, long long section_id,
				       const char *transferred_from, const char *transferred_on,
				       struct core_error *err);

#endif
