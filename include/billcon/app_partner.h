/* app_partner: the Partner Center account's billing profile page and the
 * link wizard's actions (DOMAIN.md §6), for the console and the command
 * line alike. Partner Center's own API is not called: a link, and the
 * account and profile a link creates, are local changes (audited, in the
 * outbox as not pushed). The sign-in tenant is --tenant, else the setting
 * `tenant`, else the actor's home tenant (until sync takes it from the
 * token). */
#ifndef BILLCON_APP_PARTNER_H
#define BILLCON_APP_PARTNER_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_link.h"
#include "billcon/core_status.h"
#include "billcon/store_partner.h"

struct store_draft;

/* The draft kind of the link wizard (one per actor). */
#define APP_PARTNER_DRAFT_KIND "partner.link"

/* What a link does, in words, for refusals. */
#define APP_PARTNER_DOING_LINK "link a billing profile to the Partner Center account"

/* The most tenants, and links of the history, a page holds. */
#define APP_PARTNER_MAX_TENANTS 16
#define APP_PARTNER_MAX_HISTORY 64

/* The billing profile page. */
struct app_partner_page {
	struct store_partner partner;
	char tenants[APP_PARTNER_MAX_TENANTS][64];
	char tenant_names[APP_PARTNER_MAX_TENANTS][256]; /* the directory's, "" unknown */
	int ntenants;
	char sign_in_tenant[64];      /* as app_partner_sign_in_tenant says, "" none */
	bool linked;
	struct store_partner_link link;            /* the current link when linked */
	struct store_partner_link history[APP_PARTNER_MAX_HISTORY]; /* newest first */
	int nhistory, history_total;
};

/* page as JSON for `billcon partner show --json`: the account's fields,
 * its tenants (each with purchase and signIn), the current link (null
 * when none) and the history; the caller owns the reference. (Added by
 * the partner-app helper.) */
json_t *app_partner_page_json(const struct app_partner_page *page);

/* An account the wizard offers: the account and its profiles. */
struct app_partner_account {
	struct store_account account;
	int nprofiles;
};

/* The sign-in tenant into out (size bytes): --tenant, the setting
 * `tenant`, or the actor's home tenant in the directory; "" when none. */
void app_partner_sign_in_tenant(const struct app_ctx *ctx, char *out, size_t size);

/* Reads the page into *out; CORE_NOT_FOUND, with a sentence saying how to
 * enter one (`billcon partner set`), when the store has no Partner Center
 * account. */
enum core_status app_partner_read(struct app_ctx *ctx, struct app_partner_page *out,
				  struct core_error *err);

/* The preconditions of the wizard, in order, each refused with a sentence
 * saying what to do (CORE_FORBIDDEN: the actor is not a Global
 * administrator of the sign-in tenant, or that tenant is not one of the
 * account's; CORE_REFUSED: the account is not Active; with several
 * tenants, the sign-in tenant is not the one chosen for membership
 * purchases; the store is read-only). CORE_OK when the wizard may start. */
enum core_status app_partner_preconditions(struct app_ctx *ctx, struct core_error *err);

/* The sign-in tenant's billing accounts, by name, at most max into out;
 * *n receives how many there are. */
enum core_status app_partner_accounts(struct app_ctx *ctx, struct app_partner_account *out,
				      int max, int *n, struct core_error *err);

/* The profiles of the account named account (ARM or display name), as
 * store_profiles_of. */
enum core_status app_partner_profiles(struct app_ctx *ctx, const char *account,
				      struct store_profile *out, int max, int *n,
				      struct core_error *err);

/* What a new billing account is prefilled with, from the legal profile:
 * its name (the company), the sold-to address and country (shown, not
 * editable) and the primary contact. */
enum core_status app_partner_new_account_defaults(struct app_ctx *ctx, char *name, size_t name_size,
						  char *address, size_t address_size,
						  char *country, size_t country_size,
						  char *contact, size_t contact_size,
						  struct core_error *err);

/* Fills in l's facts from the store for its chosen account (MCA accepted,
 * sold-to country, a profile to reuse), or for a new account from the
 * legal profile; CORE_NOT_FOUND when the chosen account or profile is not
 * the sign-in tenant's. Call after each choice and on resume. */
enum core_status app_partner_fill(struct app_ctx *ctx, struct core_link *l,
				  struct core_error *err);

/* What `billcon partner set` enters by hand (NULL: unchanged; tenants
 * comma-separated). */
struct app_partner_set {
	const char *partner_id;
	const char *display_name;
	const char *state;
	const char *tenants;
	const char *purchase_tenant;
	const char *legal_company;
	const char *legal_address;
	const char *legal_country;
	const char *legal_contact;
};

/* Enters or changes the Partner Center account by hand, audited. Every
 * value is validated first (tenant GUIDs, a country of two letters, an
 * email), one sentence for the first bad one. */
enum core_status app_partner_set(struct app_ctx *ctx, const struct app_partner_set *s,
				 struct core_error *err);

/* A membership purchase: CORE_REFUSED with the reason while no billing
 * profile is linked; else CORE_OK with where purchases go in msg. */
enum core_status app_partner_purchase(struct app_ctx *ctx, char *msg, size_t size,
				      struct core_error *err);

/* The store's Partner Center account into *p; CORE_NOT_FOUND with the
 * sentence saying how to enter one. */
enum core_status app_partner_get(struct app_ctx *ctx, struct store_partner *p,
				 struct core_error *err);

/* The current link of partner into *l, *linked false (and *l cleared)
 * when there is none. */
enum core_status app_partner_current_link(struct app_ctx *ctx, long long partner,
					  struct store_partner_link *l, bool *linked,
					  struct core_error *err);

/* The audit key of the Partner Center account p
 * ("/providers/Microsoft.PartnerCenter/partners/<ID>"), or with link of
 * its billing profile link (".../billingProfileLink"), into out. */
void app_partner_object(const struct store_partner *p, bool link, char *out, size_t size);

/* A link as audit entries and `partner show --json` write it: the billing
 * account and profile, each with its ARM name and display name. */
json_t *app_partner_link_json(const char *account, const char *account_name, const char *profile,
			      const char *profile_name);

/* The preconditions past read-only use (app_partner_preconditions' but
 * the first), as the write pipeline's permit: a link checks them again
 * inside its transaction. data is unused. */
enum core_status app_partner_permit(struct app_ctx *ctx, void *data, struct core_error *err);

#endif
