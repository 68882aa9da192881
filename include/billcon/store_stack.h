/* store_stack: Azure Stack deployments, their CSP registrations and the
 * registrations' customer subscriptions, and the CSP subscriptions the
 * partner knows (DOMAIN.md §7). Subscription IDs match whatever their
 * case. */
#ifndef BILLCON_STORE_STACK_H
#define BILLCON_STORE_STACK_H

#include <stddef.h>

#include "billcon/core_status.h"

struct store;
struct store_list_spec;

/* A subscription the partner knows. */
struct store_csp_sub {
	long long id;
	char subscription_id[64];
	char display_name[256];
	char type[16];           /* "CSP", "CSPSS" or "Other" */
	char partner_id[64];     /* the partner it rolls up to */
	char tenant_id[64];      /* the tenant it was created in */
};

/* A deployment's registration, with what is known of its default
 * subscription ("" when the partner does not know it). */
struct store_stack_reg {
	long long id;
	long long deployment_id;
	char deployment[256];
	char admin_tenant_id[64];       /* the deployment administrator's tenant */
	char subscription_id[64];       /* the registration (default) subscription */
	char resource_group[128];
	char name[128];
	char type[16];                  /* "CSP" or "CSPSS" */
	char registering_tenant_id[64]; /* the tenant of the account that registered */
	char default_name[256];
	char default_type[16];
	char default_partner_id[64];
	int ncustomers;
};

/* A customer subscription of a registration, with its display name as the
 * partner knows it ("" when unknown). */
struct store_stack_customer {
	long long registration;
	char subscription_id[64];
	char tenant_id[64];
	char display_name[256];
	char added_by[256];
	char added_on[32];
};

/* Inserts sub, or updates the one of the same subscription ID; sets
 * sub->id. */
enum core_status store_csp_sub_save(struct store *st, struct store_csp_sub *sub,
				    struct core_error *err);

/* The subscription subscription_id into *out; CORE_NOT_FOUND when the
 * partner does not know it. */
enum core_status store_csp_sub_get(struct store *st, const char *subscription_id,
				   struct store_csp_sub *out, struct core_error *err);

/* The first subscription of type CSP the partner knows in tenant_id into
 * *out; CORE_NOT_FOUND when there is none. */
enum core_status store_csp_sub_of_tenant(struct store *st, const char *tenant_id,
					 struct store_csp_sub *out, struct core_error *err);

/* Adds a deployment named name administered from admin_tenant_id; sets
 * *id. */
enum core_status store_stack_deployment_add(struct store *st, const char *name,
					    const char *admin_tenant_id, long long *id,
					    struct core_error *err);

/* Adds r (its deployment_id, subscription_id, resource_group, name, type,
 * registering_tenant_id) as its deployment's registration; sets r->id. */
enum core_status store_stack_registration_add(struct store *st, struct store_stack_reg *r,
					      struct core_error *err);

/* Every registration, by deployment name, into *out (a new array the
 * caller frees) and *n. */
enum core_status store_stack_registrations(struct store *st, struct store_stack_reg **out,
					   size_t *n, struct core_error *err);

/* The registration named name (its name, or its deployment's) into *out;
 * CORE_NOT_FOUND when none is; CORE_USAGE when several registrations
 * have that name. */
enum core_status store_stack_registration_find(struct store *st, const char *name,
					       struct store_stack_reg *out, struct core_error *err);

/* The customer subscriptions of registration (0: of every registration),
 * by registration then subscription ID, into *out (a new array the caller
 * frees) and *n. */
enum core_status store_stack_customers(struct store *st, long long registration,
				       struct store_stack_customer **out, size_t *n,
				       struct core_error *err);

/* The customer subscription subscription_id of registration into *out;
 * CORE_NOT_FOUND when it is not one. */
enum core_status store_stack_customer_get(struct store *st, long long registration,
					  const char *subscription_id,
					  struct store_stack_customer *out, struct core_error *err);

/* Adds c (registration, subscription_id, tenant_id, added_by, added_on). */
enum core_status store_stack_customer_add(struct store *st, const struct store_stack_customer *c,
					  struct core_error *err);

/* Removes the customer subscription subscription_id of registration;
 * CORE_NOT_FOUND when it is not one. */
enum core_status store_stack_customer_remove(struct store *st, long long registration,
					     const char *subscription_id, struct core_error *err);

/* The registrations as a list (store_list.h) by deployment name, rows
 * struct store_stack_reg. */
const struct store_list_spec *store_stack_reg_list(void);

/* The customer subscriptions of one registration as a list by
 * subscription ID (the query's key: the registration's ID in decimal),
 * rows struct store_stack_customer. */
const struct store_list_spec *store_stack_customer_list(void);

#endif
