/* store_account: billing accounts, profiles and sections (DOMAIN.md §2). */
#ifndef BILLCON_STORE_ACCOUNT_H
#define BILLCON_STORE_ACCOUNT_H

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

struct store_account {
	long long id;
	char name[256];             /* ARM name, opaque (DOMAIN.md §9) */
	char display_name[256];
	char agreement_type[64];
	char account_type[64];
	char account_sub_type[64];  /* "" when none */
	char account_status[64];
	char primary_tenant_id[64];
	char sold_to_company[256];
	char sold_to_country[8];
	char sold_to_address[512];
	char primary_contact[256];  /* "" none */
	char mca_accepted_by[256];  /* "" until the MCA is accepted for it */
	char mca_accepted_on[32];
};

/* Inserts a, setting a->id. */
enum core_status store_account_insert(struct store *st, struct store_account *a,
				      struct core_error *err);

/* The account whose ARM name or display name is name (CORE_NOT_FOUND). */
enum core_status store_account_find(struct store *st, const char *name,
				    struct store_account *out, struct core_error *err);

/* The accounts on which email holds an active role, at most max into out;
 * *n receives how many there are in all. */
enum core_status store_accounts_of(struct store *st, const char *email,
				   struct store_account *out, int max, int *n,
				   struct core_error *err);

/* The accounts with a request addressed to email (by email, or a
 * provisioning request into the tenant email is Global administrator of),
 * as store_accounts_of. */
enum core_status store_accounts_addressed(struct store *st, const char *email,
					  struct store_account *out, int max, int *n,
					  struct core_error *err);

/* The accounts whose primary tenant is email's home tenant in the
 * directory (a guest, or a Global administrator with no billing role), as
 * store_accounts_of counts them. */
enum core_status store_accounts_of_home(struct store *st, const char *email,
				       struct store_account *out, int max, int *n,
				       struct core_error *err);

/* Every account of the store, as store_accounts_of counts them. */
enum core_status store_accounts_all(struct store *st, struct store_account *out, int max, int *n,
				    struct core_error *err);

/* "/providers/Microsoft.Billing/billingAccounts/<name>" into out. */
void store_account_scope(const struct store_account *a, char *out, size_t size);

/* Inserts a billing profile (payment instrument "None" when NULL), setting
 * *profile_id (may be NULL); its default invoice section is the caller's
 * store_section_insert. */
enum core_status store_profile_insert(struct store *st, long long account_id, const char *name,
				      const char *display_name, const char *payment_instrument,
				      long long *profile_id, struct core_error *err);

/* Inserts an invoice section named name (shown as display_name) into
 * profile profile_id, setting *section_id (may be NULL). */
enum core_status store_section_insert(struct store *st, long long profile_id, const char *name,
				      const char *display_name, long long *section_id,
				      struct core_error *err);

/* The orders of the accounts an actor sees. */
enum store_account_sort {
	STORE_ACCOUNT_SORT_NAME,  /* display name, case-insensitive */
	STORE_ACCOUNT_SORT_ID,    /* ARM name */
	STORE_ACCOUNT_SORT_COUNT
};

/* The billing accounts the actor (the query's key) holds an active role
 * on, as store_accounts_of finds them, for store_list_page: rows are
 * struct store_account; the filter matches names and account types. */
const struct store_list_spec *store_account_list(void);

#endif
