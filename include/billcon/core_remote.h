/* core_remote: objects as the services list them (ARM, and Microsoft Graph
 * for the directory), in plain structs that
 * the mapping (sync_map) fills and the store (store_pull) and the
 * orchestration (app_pull) read, without either seeing JSON. */
#ifndef BILLCON_CORE_REMOTE_H
#define BILLCON_CORE_REMOTE_H

#include <stddef.h>

/* The collections a pull reads, in the order it reads them. */
enum core_remote_kind {
	CORE_REMOTE_ACCOUNT,
	CORE_REMOTE_PROFILE,
	CORE_REMOTE_SECTION,
	CORE_REMOTE_INVOICE,
	CORE_REMOTE_SUBSCRIPTION,
	CORE_REMOTE_TENANT,
	CORE_REMOTE_ROLE_DEFINITION,
	CORE_REMOTE_ROLE_ASSIGNMENT,
	CORE_REMOTE_REQUEST,
	CORE_REMOTE_STACK_CUSTOMER,
	/* Microsoft Graph v1.0: the primary tenant's directory (sync_map_graph_page). */
	CORE_REMOTE_DIR_TENANT,    /* /organization */
	CORE_REMOTE_DIR_POLICY,    /* /policies/authorizationPolicy (one object) */
	CORE_REMOTE_DIR_DOMAIN,    /* /domains */
	CORE_REMOTE_DIR_USER,      /* /users */
	CORE_REMOTE_DIR_ADMIN,     /* the Global Administrator role's members */
	CORE_REMOTE_KIND_COUNT
};

/* The properties the store maps; which ARM property each is depends on the
 * kind (sync_map's table). Everything else stays in the raw JSON. */
enum core_remote_field {
	CORE_RF_DISPLAY_NAME,  /* displayName, roleName */
	/* Graph: CORE_RF_EMAIL the user's email (see sync_map_graph_page),
	 * CORE_RF_PRINCIPAL userPrincipalName, CORE_RF_TYPE userType,
	 * CORE_RF_STATE externalUserState, a domain's isVerified or the
	 * policy's allowInvitesFrom. */
	CORE_RF_TENANT,        /* tenantId, primaryBillingTenantId */
	CORE_RF_STATE,         /* accountStatus, billingManagementState, status, state */
	CORE_RF_STATE2,        /* provisioningManagementState */
	CORE_RF_TYPE,          /* agreementType, request type */
	CORE_RF_SUBTYPE,       /* accountType */
	CORE_RF_SUBTYPE2,      /* accountSubType */
	CORE_RF_PRINCIPAL,     /* principalId, a request's reviewedBy.upn */
	CORE_RF_PRINCIPAL_TENANT, /* principalTenantId */
	CORE_RF_EMAIL,         /* userEmailAddress, when the payload has one */
	CORE_RF_ROLE,          /* roleDefinitionId */
	CORE_RF_SCOPE,         /* scope, requestScope */
	CORE_RF_CREATED_ON,    /* createdOn, creationDate, invoiceDate */
	CORE_RF_CREATED_BY,    /* createdByPrincipalId, createdBy.upn */
	CORE_RF_EXTRA,         /* currency, skuDescription, totalAmount.value, decisionReason */
	CORE_RF_START,         /* invoicePeriodStartDate */
	CORE_RF_END,           /* invoicePeriodEndDate, reviewalDate */
	CORE_RF_DUE,           /* dueDate, expirationDate */
	CORE_RF_CURRENCY,      /* totalAmount.currency */
	CORE_RF_COUNT
};

/* A text as the service sent it: it may hold NUL, so it has a length. s is
 * never NULL (empty when the property is absent) and is NUL-terminated. */
struct core_remote_text {
	char *s;
	size_t len;
};

struct core_remote_item {
	enum core_remote_kind kind;
	struct core_remote_text id;    /* the ARM resource ID, as given */
	struct core_remote_text name;  /* its last segment (name), as given */
	struct core_remote_text f[CORE_RF_COUNT];
	char *json;                    /* the whole object, compact: nothing lost */
	size_t json_len;
};

/* What ends a Global administrator's ID (CORE_REMOTE_DIR_ADMIN) after its
 * user's ("/tenants/T/users/EMAIL"): the two are different objects. */
#define CORE_REMOTE_ADMIN_SUFFIX "/globalAdministrator"

/* One page of a listing. Owned: free with core_remote_page_free. */
struct core_remote_page {
	enum core_remote_kind kind;
	struct core_remote_item *items;
	size_t n;
	char *next_link;               /* NULL on the last page */
};

/* Frees what page holds (not page itself) and empties it; NULL allowed. */
void core_remote_page_free(struct core_remote_page *page);

/* The collection's name in summaries and cursors ("associatedTenants"). */
const char *core_remote_kind_name(enum core_remote_kind kind);

#endif
