/* store_tree: the billing hierarchy of one account as a list (DOMAIN.md
 * §2): the account, its billing profiles, their invoice sections and the
 * subscriptions billed to each, depth first, siblings by display name.
 *
 * It pages like every list (store_list.h): a row's key is (profile name,
 * profile ID, section name, section ID, subscription name) then an ID, so a
 * window of a tree of a million subscriptions costs what one of ten does.
 * The rows are one UNION ALL per level merged in that order, each level
 * seeking the anchor through its own index (billing_profile_tree,
 * invoice_section_tree, subscription_tree); a collapsed node's children are
 * left out in SQL, never read and dropped. */
#ifndef BILLCON_STORE_TREE_H
#define BILLCON_STORE_TREE_H

#include <stdbool.h>

#include "billcon/store_list.h"

/* The depth of a row, which is also its kind. */
enum store_tree_depth {
	STORE_TREE_ACCOUNT,
	STORE_TREE_PROFILE,
	STORE_TREE_SECTION,
	STORE_TREE_SUBSCRIPTION,
};

/* Which nodes are open, as the query's key (store_list_query.key): NULL or
 * "" is the tree as it first shows (the account and its profiles open,
 * sections closed); "*" opens every node (the whole tree); otherwise the
 * nodes toggled from that first state, each as ",a<ID>," (the account),
 * ",p<ID>," (a profile) or ",s<ID>," (a section), concatenated with
 * single commas between (",p3,s12,"). While a filter is typed every node
 * is open: a match shows with its ancestors (a profile or section shows
 * when it or something under it matches by name or ID). */
#define STORE_TREE_ALL "*"

/* One row of the tree; which fields mean something depends on depth. */
struct store_tree_row {
	enum store_tree_depth depth;
	long long id;                /* its row ID in its own table */
	long long profile_id;        /* its profile (0 for the account) */
	long long section_id;        /* its section (0 above sections) */
	char name[256];              /* ARM name; a subscription's ID */
	char display_name[256];
	bool open;                   /* its children show */
	bool has_children;
	char tenant_id[64];          /* the account's primary tenant; a subscription's service tenant */
	char payment_instrument[64]; /* profile */
	int invoice_day;             /* profile: 1-28 */
	char currency[8];            /* profile */
	char sku[128];               /* subscription */
	char status[32];             /* subscription */
	char transferred_from[256];  /* subscription linked from another account, "" none */
	char transferred_on[32];
	char profile_name[256];      /* the ARM names above it, for its scope */
	char section_name[256];
	char profile_display[256];   /* and their display names */
	char section_display[256];
};

/* The list for store_list_page: rows are struct store_tree_row, the scope
 * is the account's ID, the key the open nodes (above), one sort order
 * (the tree's), the filter a substring of names and IDs (LIKE). */
const struct store_list_spec *store_tree_list(void);

/* Where the parent of row stands in the tree's order, as store_list_page
 * fills keys: an anchor for going up (ui_list_goto). False for the
 * account, which has none. */
bool store_tree_parent_key(const struct store_tree_row *row, long long account_id,
			   struct store_list_key *out);

#endif
