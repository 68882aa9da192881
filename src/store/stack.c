#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/store_internal.h"
#include "billcon/store_stack.h"

#define CSP_COLUMNS "id, subscription_id, display_name, type, partner_id, tenant_id"

static void
read_csp(sqlite3_stmt *s, void *row)
{
	struct store_csp_sub *c = row;

	c->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, c->subscription_id, sizeof(c->subscription_id));
	store_column_copy(s, 2, c->display_name, sizeof(c->display_name));
	store_column_copy(s, 3, c->type, sizeof(c->type));
	store_column_copy(s, 4, c->partner_id, sizeof(c->partner_id));
	store_column_copy(s, 5, c->tenant_id, sizeof(c->tenant_id));
}

enum core_status
store_csp_sub_get(struct store *st, const char *subscription_id, struct store_csp_sub *out,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " CSP_COLUMNS " FROM csp_subscription WHERE subscription_id = ?1",
				     err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, subscription_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_csp, out, "CSP subscription", err);
}

enum core_status
store_csp_sub_of_tenant(struct store *st, const char *tenant_id, struct store_csp_sub *out,
			struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " CSP_COLUMNS " FROM csp_subscription WHERE type = 'CSP'"
				     " AND tenant_id = ?1 COLLATE NOCASE ORDER BY id LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_csp, out, "CSP subscription", err);
}

enum core_status
store_csp_sub_save(struct store *st, struct store_csp_sub *sub, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO csp_subscription(subscription_id, display_name, type,"
				     " partner_id, tenant_id) VALUES(?1, ?2, ?3, ?4, ?5)"
				     " ON CONFLICT(subscription_id) DO UPDATE SET display_name = ?2, type = ?3,"
				     " partner_id = ?4, tenant_id = ?5", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, sub->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sub->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sub->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, sub->partner_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, sub->tenant_id, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, err, "save the CSP subscription")))
		return rc;
	s = store_stmt(st, "SELECT id FROM csp_subscription WHERE subscription_id = ?1", err);
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, sub->subscription_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, store_read_int64, &sub->id, "CSP subscription", err);
}

enum core_status
store_stack_deployment_add(struct store *st, const char *name, const char *admin_tenant_id,
			   long long *id, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO stack_deployment(name, admin_tenant_id) VALUES(?1, ?2)",
				     err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, admin_tenant_id, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the Azure Stack deployment");
	if (!rc)
		*id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_stack_registration_add(struct store *st, struct store_stack_reg *r, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO stack_registration(deployment, subscription_id,"
				     " resource_group, name, type, registering_tenant_id)"
				     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, r->deployment_id);
	sqlite3_bind_text(s, 2, r->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->resource_group, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->registering_tenant_id, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the Azure Stack registration");
	if (!rc)
		r->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

/* A registration with its deployment, its default subscription as the
 * partner knows it, and how many customer subscriptions it has. */
#define REG_COLUMNS \
	"r.id, d.id, d.name, d.admin_tenant_id, r.subscription_id, r.resource_group, r.name, r.type," \
	" r.registering_tenant_id, coalesce(c.display_name, ''), coalesce(c.type, ''), coalesce(c.partner_id, '')," \
	" (SELECT count(*) FROM stack_customer k WHERE k.registration = r.id)"
#define REG_JOINS \
	" JOIN stack_deployment d ON d.id = r.deployment" \
	" LEFT JOIN csp_subscription c ON c.subscription_id = r.subscription_id"
#define REG_SELECT "SELECT " REG_COLUMNS " FROM stack_registration r" REG_JOINS

static void
read_reg(sqlite3_stmt *s, void *row)
{
	struct store_stack_reg *r = row;

	r->id = sqlite3_column_int64(s, 0);
	r->deployment_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, r->deployment, sizeof(r->deployment));
	store_column_copy(s, 3, r->admin_tenant_id, sizeof(r->admin_tenant_id));
	store_column_copy(s, 4, r->subscription_id, sizeof(r->subscription_id));
	store_column_copy(s, 5, r->resource_group, sizeof(r->resource_group));
	store_column_copy(s, 6, r->name, sizeof(r->name));
	store_column_copy(s, 7, r->type, sizeof(r->type));
	store_column_copy(s, 8, r->registering_tenant_id, sizeof(r->registering_tenant_id));
	store_column_copy(s, 9, r->default_name, sizeof(r->default_name));
	store_column_copy(s, 10, r->default_type, sizeof(r->default_type));
	store_column_copy(s, 11, r->default_partner_id, sizeof(r->default_partner_id));
	r->ncustomers = sqlite3_column_int(s, 12);
}

enum core_status
store_stack_registrations(struct store *st, struct store_stack_reg **out, size_t *n,
			  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, REG_SELECT " ORDER BY d.name, r.id", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	return store_collect(st, s, sizeof(**out), read_reg, (void **)out, n, "Azure Stack registrations",
			     err);
}

enum core_status
store_stack_registration_find(struct store *st, const char *name, struct store_stack_reg *out,
			      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, REG_SELECT " WHERE r.name = ?1 OR d.name = ?1 ORDER BY r.id LIMIT 2",
				     err);
	struct store_stack_reg two[2];
	char shown[CORE_ECHO_BYTES];
	enum core_status rc;
	int n = 0;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = store_read_rows(st, s, sizeof(two[0]), read_reg, two, 2, &n, "Azure Stack registrations", err);
	if (rc)
		return rc;
	if (n == 0)
		return core_error_set(err, CORE_NOT_FOUND, "There is no Azure Stack registration or deployment named "
				      "\"%s\": billcon stack list shows them.",
				      core_text_echo(name, shown));
	if (n > 1)
		return core_error_set(err, CORE_USAGE, "Several Azure Stack registrations go by that name; "
				      "give the name of the deployment instead.");
	*out = two[0];
	return CORE_OK;
}

#define CUSTOMER_COLUMNS \
	"k.registration, k.subscription_id, k.tenant_id, coalesce(c.display_name, ''), k.added_by, k.added_on"
#define CUSTOMER_JOINS " LEFT JOIN csp_subscription c ON c.subscription_id = k.subscription_id"
#define CUSTOMER_SELECT "SELECT " CUSTOMER_COLUMNS " FROM stack_customer k" CUSTOMER_JOINS

static void
read_customer(sqlite3_stmt *s, void *row)
{
	struct store_stack_customer *c = row;

	c->registration = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, c->subscription_id, sizeof(c->subscription_id));
	store_column_copy(s, 2, c->tenant_id, sizeof(c->tenant_id));
	store_column_copy(s, 3, c->display_name, sizeof(c->display_name));
	store_column_copy(s, 4, c->added_by, sizeof(c->added_by));
	store_column_copy(s, 5, c->added_on, sizeof(c->added_on));
}

enum core_status
store_stack_customers(struct store *st, long long registration, struct store_stack_customer **out,
		      size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, CUSTOMER_SELECT " WHERE ?1 = 0 OR k.registration = ?1"
				     " ORDER BY k.registration, k.subscription_id", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, registration);
	return store_collect(st, s, sizeof(**out), read_customer, (void **)out, n, "customer subscriptions",
			     err);
}

enum core_status
store_stack_customer_get(struct store *st, long long registration, const char *subscription_id,
			 struct store_stack_customer *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, CUSTOMER_SELECT " WHERE k.registration = ?1 AND k.subscription_id = ?2",
				     err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, registration);
	sqlite3_bind_text(s, 2, subscription_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_customer, out, "customer subscription", err);
}

enum core_status
store_stack_customer_add(struct store *st, const struct store_stack_customer *c, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO stack_customer(registration, subscription_id, tenant_id,"
				     " added_by, added_on) VALUES(?1, ?2, ?3, ?4, ?5)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, c->registration);
	sqlite3_bind_text(s, 2, c->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->added_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->added_on, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "add the customer subscription");
}

enum core_status
store_stack_customer_remove(struct store *st, long long registration, const char *subscription_id,
			    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM stack_customer WHERE registration = ?1 AND subscription_id = ?2",
				     err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, registration);
	sqlite3_bind_text(s, 2, subscription_id, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "remove the customer subscription");
	if (!rc && sqlite3_changes(store_db(st)) == 0)
		return core_error_set(err, CORE_NOT_FOUND, "There is no such customer subscription.");
	return rc;
}

/* A partner has a few deployments and customers each: no filter index;
 * the lists scan with LIKE. */
static const struct store_list_sort reg_sorts[] = { { { "d.name" } } };
static const char *const reg_like[] = { "d.name", "r.name", "r.subscription_id", "r.resource_group", NULL };

static const struct store_list_spec reg_list = {
	.select = REG_COLUMNS,
	.table = "stack_registration r",
	.id = "r.id",
	.joins = REG_JOINS,
	.where = "1",
	.sorts = reg_sorts,
	.nsorts = 1,
	.like = reg_like,
	.count = "SELECT count(*) FROM stack_registration",
	.row_size = sizeof(struct store_stack_reg),
	.read_row = read_reg,
};

static const struct store_list_sort customer_sorts[] = { { { "k.subscription_id" } } };
static const char *const customer_like[] = { "k.subscription_id", "k.tenant_id", "c.display_name", "k.added_by",
					     NULL };

/* The registration is the list's key, its ID as text. */
static const struct store_list_spec customer_list = {
	.select = CUSTOMER_COLUMNS,
	.table = "stack_customer k",
	.id = "k.rowid",
	.joins = CUSTOMER_JOINS,
	.where = "k.registration = CAST(:key AS INTEGER)",
	.sorts = customer_sorts,
	.nsorts = 1,
	.like = customer_like,
	.row_size = sizeof(struct store_stack_customer),
	.read_row = read_customer,
};

const struct store_list_spec *
store_stack_reg_list(void)
{
	return &reg_list;
}

const struct store_list_spec *
store_stack_customer_list(void)
{
	return &customer_list;
}
