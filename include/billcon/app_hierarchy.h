/* app_hierarchy: the billing hierarchy's changes and their rules (DOMAIN.md
 * §2), for the console and the command line alike: add a billing profile
 * (its default invoice section with it), add an invoice section, move a
 * subscription between sections of the account in scope, and link a
 * subscription from another tenant (a billing ownership transfer: only
 * who pays changes). Each takes Billing account owner or contributor
 * (CORE_NEED_MANAGE; an invoice section: at its profile, which an account
 * role covers), writes one audit entry with before and after, and queues
 * it for sync (ARM has a call for each). Reading the tree is the list
 * store_tree_list() through app_list_page. */
#ifndef BILLCON_APP_HIERARCHY_H
#define BILLCON_APP_HIERARCHY_H

#include <stdbool.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_status.h"
#include "billcon/store_hierarchy.h"
#include "billcon/store_tree.h"

/* What the changes do, in words, for refusals. */
#define APP_HIER_DOING_PROFILE "add a billing profile"
#define APP_HIER_DOING_SECTION "add an invoice section"
#define APP_HIER_DOING_MOVE "move a subscription to another invoice section"
#define APP_HIER_DOING_LINK "link a subscription from another tenant"

/* What linking does and does not change, said wherever it is offered. */
#define APP_HIER_LINK_NOTE \
	"Only billing changes: the subscription's service tenant and its Azure RBAC stay as they were."

/* A new billing profile. */
struct app_profile_new {
	const char *display_name;       /* required, unique in the account (any case) */
	const char *payment_instrument; /* NULL or "": None */
	int invoice_day;                /* 1-28; 0: the 5th */
	const char *currency;           /* three letters; NULL or "": USD */
};

/* Adds a billing profile with a generated name ("XXXX-XXXX-XXX-XXX") and
 * its default invoice section (named like it, shown as its display name)
 * in one transaction. *out and *section (may be NULL) receive them. */
enum core_status app_hier_profile_add(struct app_ctx *ctx, const struct app_profile_new *in,
				      struct store_hier_profile *out, struct store_hier_section *section,
				      struct core_error *err);

/* Adds an invoice section shown as display_name (unique within the
 * profile, any case) to the profile named profile (ARM or display name). */
enum core_status app_hier_section_add(struct app_ctx *ctx, const char *profile, const char *display_name,
				      struct store_hier_section *out, struct core_error *err);

/* Moves the subscription (a GUID) to the section named section (ARM name,
 * or a display name only one section has) of the account in scope; both
 * must be the account's. *out (may be NULL) receives it as moved. */
enum core_status app_hier_move(struct app_ctx *ctx, const char *subscription, const char *section,
			       struct store_hier_sub *out, struct core_error *err);

/* A subscription linked from another tenant for billing. */
struct app_hier_link {
	const char *subscription;   /* its GUID */
	const char *section;        /* the section of the account in scope to bill it to */
	const char *service_tenant; /* the tenant its resources live in (a GUID), for one the
				     * store does not know; else it must be the one known */
	const char *from;           /* the billing account it was billed to until now */
	const char *display_name;   /* for one the store does not know; NULL: its ID */
};

/* Links a subscription: billed from now on to the section, with where it
 * came from and when; its service tenant never changes. Refused for a
 * subscription already billed to this account. */
enum core_status app_hier_link(struct app_ctx *ctx, const struct app_hier_link *in, struct store_hier_sub *out,
			       struct core_error *err);

/* The profile named key (ARM or display name), or the subscription whose
 * ID is key, of the account in scope, for an actor with any role on it;
 * CORE_NOT_FOUND with a sentence when the account has none (a draft's
 * form is of one that may be gone). */
enum core_status app_hier_profile(struct app_ctx *ctx, const char *key, struct store_hier_profile *out,
				  struct core_error *err);
enum core_status app_hier_sub(struct app_ctx *ctx, const char *key, struct store_hier_sub *out,
			      struct core_error *err);

/* The profiles, or sections (of the profile named profile, NULL: all), of
 * the account in scope, for an actor with any role on it: *out (free())
 * and *n. */
enum core_status app_hier_profiles(struct app_ctx *ctx, struct store_hier_profile **out, size_t *n,
				   struct core_error *err);
enum core_status app_hier_sections(struct app_ctx *ctx, const char *profile, struct store_hier_section **out,
				   size_t *n, struct core_error *err);

/* Whether the actor may change the hierarchy now (account owner or
 * contributor, writable store); false with *d saying why. */
bool app_hier_may_change(struct app_ctx *ctx, struct app_denial *d);

/* The ARM path of row (the audit object its history is kept under) into
 * out. */
void app_hier_object(const struct app_ctx *ctx, const struct store_tree_row *row, char *out, size_t size);

/* row as JSON (ARM's property names: displayName, invoiceDay,
 * skuDescription, serviceTenantId, ...), with its kind and ID. The caller
 * owns the reference. */
json_t *app_hier_row_json(const struct app_ctx *ctx, const struct store_tree_row *row);

#endif
