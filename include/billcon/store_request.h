/* store_request: billing requests (DOMAIN.md §5). A trigger refuses any change
 * to a decided request. */
#ifndef BILLCON_STORE_REQUEST_H
#define BILLCON_STORE_REQUEST_H

#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

struct store_request {
	long long id;
	long long account_id;
	char name[64];            /* the request's GUID */
	char type[32];            /* RoleAssignment, ProvisioningAccess, ... */
	char status[32];          /* Pending, Approved, Declined, Expired, Cancelled, Completed */
	char scope[512];
	char object[256];         /* what it approves: a tenant ID, an assignment name */
	char tenant_id[64];       /* the tenant it is addressed into */
	char addressee[256];
	char created_by[256];
	char created_on[32];
	char expires_on[32];
	char reviewed_by[256];
	char reviewed_on[32];
	char decision_reason[1024];
};

/* Inserts r, setting r->id. */
enum core_status store_request_insert(struct store *st, struct store_request *r,
				      struct core_error *err);

/* Records the decision on a pending request. */
enum core_status store_request_decide(struct store *st, long long id, const char *status,
				      const char *reviewed_by, const char *reviewed_on,
				      const char *reason, struct core_error *err);

/* The request with row id id (CORE_NOT_FOUND). */
enum core_status store_request_get(struct store *st, long long id, struct store_request *out,
				   struct core_error *err);

/* The pending requests of account addressed into tenant_id (account_id 0:
 * all accounts) or, when tenant_id is NULL, those expired at now. *out is
 * allocated (free it with free()), *n its length. */
enum core_status store_requests_pending(struct store *st, long long account_id,
					const char *tenant_id, const char *now,
					struct store_request **out, size_t *n,
					struct core_error *err);

/* The request called name (its GUID, any case), its status as at now (a
 * pending one past its expiry reads Expired); CORE_NOT_FOUND when none. */
enum core_status store_request_find(struct store *st, const char *name, const char *now,
				    struct store_request *out, struct core_error *err);

/* The orders of Manage requests, each with its index. */
enum store_request_sort {
	STORE_REQUEST_SORT_STATUS,    /* pending first, then by status */
	STORE_REQUEST_SORT_CREATED,   /* when it was made */
	STORE_REQUEST_SORT_EXPIRES,   /* when it expires */
	STORE_REQUEST_SORT_TYPE,      /* RoleAssignment, ProvisioningAccess, ... */
	STORE_REQUEST_SORT_ADDRESSEE, /* who decides it, case-insensitive */
	STORE_REQUEST_SORT_COUNT
};

/* The requests of an account for store_list_page: rows are struct
 * store_request (status as at the read time), the scope is the account's
 * ID, the orders are enum store_request_sort, and the filter matches
 * names, types, states, addressees and requesters. */
const struct store_list_spec *store_request_list(void);

/* The same, only those addressed to the actor (the query's key: by email,
 * or a provisioning request into the tenant the actor is Global
 * administrator of). Its rows are the actor's own: no billing role needed
 * (store_list_for_actor). */
const struct store_list_spec *store_request_addressed_list(void);

#endif
