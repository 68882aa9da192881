/* store_subscription: subscriptions billed to invoice sections (DOMAIN.md
 * §2), and the section a new one is billed to. */
#ifndef BILLCON_STORE_SUBSCRIPTION_H
#define BILLCON_STORE_SUBSCRIPTION_H

#include "billcon/core_status.h"

struct store;

/* An invoice section of an account, with its profile's name (for its ARM
 * scope). */
struct store_section {
	long long id;
	char name[256];
	char display_name[256];
	char profile_name[256];
};

/* The invoice section of account called name (its ARM name or display
 * name, any case); with name NULL, the default section of the account's
 * first billing profile (the first section made with it). CORE_NOT_FOUND
 * when there is none. */
enum core_status store_section_find(struct store *st, long long account_id, const char *name,
				    struct store_section *out, struct core_error *err);

struct store_subscription {
	long long id;
	long long section_id;
	char subscription_id[64];   /* a GUID */
	char display_name[256];
	char service_tenant_id[64]; /* where its resources live */
	char status[32];
};

/* Inserts s, setting s->id. */
enum core_status store_subscription_insert(struct store *st, struct store_subscription *s,
					   struct core_error *err);

#endif
