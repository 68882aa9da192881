/* unit_pull: a pull from ARM through a fetch function serving the pages of
 * tests/fixtures/arm/ from a table (no network). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/app_audit.h"
#include "billcon/app_pull.h"
#include "billcon/app_pullread.h"
#include "billcon/app_write.h"
#include "billcon/store_audit.h"
#include "billcon/sync_map.h"
#include "fixture.h"

#define BASE "http://127.0.0.1:9"
#define ACC "/providers/Microsoft.Billing/billingAccounts/" \
	"10000000-0000-0000-000000000000:20000000-0000-0000-0000-000000000000_2019-05-31"
#define API "?api-version=2024-04-01"
#define NEXT BASE "/next/tenants?api-version=2024-04-01&$skipToken=a%2Fb%3D%3D"
#define ACTOR "pat@contoso.com"
#define TENANT "20000000-0000-0000-0000-000000000001"

struct route {
	const char *url;
	const char *file;  /* NULL: the fetch fails */
};

struct server {
	struct route routes[16];
	int n;
	int fetched;
	char first[512];   /* the first URL fetched */
};

static struct server srv;
static char dir[64], store[128];

static void
route(const char *url, const char *file)
{
	for (int i = 0; i < srv.n; i++)
		if (strcmp(srv.routes[i].url, url) == 0) {
			srv.routes[i].file = file;
			return;
		}
	srv.routes[srv.n++] = (struct route){ url, file };
}

static void
routes_default(void)
{
	srv.n = 0;
	route(BASE "/providers/Microsoft.Billing/billingAccounts" API, "accounts.json");
	route(BASE ACC "/billingProfiles" API, "profiles.json");
	route(BASE ACC "/billingProfiles/PROF-1111-2222/invoiceSections" API, "sections.json");
	route(BASE ACC "/associatedTenants" API "&includeRevoked=true", "tenants-1.json");
	route(NEXT, "tenants-2.json");
	route(BASE ACC "/billingRoleDefinitions" API, "roledefs.json");
	route(BASE ACC "/billingRoleAssignments" API, "roles.json");
	route(BASE ACC "/billingSubscriptions" API, "subscriptions.json");
	route(BASE ACC "/billingProfiles/PROF-1111-2222/invoices" API, "invoices.json");
}

static enum core_status
read_file(const char *name, char **body, size_t *len, struct core_error *err)
{
	return fixture_slurp(PULL_FIXTURES, name, body, len, err);
}

static enum core_status
fetch(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	(void)ctx;
	if (srv.fetched++ == 0)
		snprintf(srv.first, sizeof(srv.first), "%s", url);
	*body = NULL;
	for (int i = 0; i < srv.n; i++)
		if (strcmp(srv.routes[i].url, url) == 0)
			return srv.routes[i].file ? read_file(srv.routes[i].file, body, len, err)
						  : core_error_set(err, CORE_REMOTE, "The connection was reset.");
	/* Every other listing of this account is empty. */
	if (strncmp(url, BASE, strlen(BASE)) == 0 && strstr(url, "api-version="))
		return read_file("empty.json", body, len, err);
	return core_error_set(err, CORE_REMOTE, "unexpected URL %s", url);
}

/* A generated listing of associated tenants in place of the fixtures':
 * pages of per tenants, each page's nextLink the next. Tenant number
 * again is listed a second time on the last page, renamed. A fetch of
 * page die_at kills the process (the pull's child); a
 * fetch of page tell_at writes a byte to the pipe tell. */
static struct {
	int pages, per, again, die_at, tell_at, tell;
} gen;

static long long progress_pages, progress_items, listing_pages, listing_items;

/* The progress says when a listing starts (0, 0), then gives its running
 * totals: pages count up by one, items never go down. */
static void
progress(void *ctx, const char *collection, long long pages, long long items)
{
	(void)ctx;
	ck_assert_ptr_nonnull(collection);
	if (pages == 0) {
		ck_assert_int_eq(items, 0);
		listing_pages = listing_items = 0;
		return;
	}
	ck_assert_int_eq(pages, listing_pages + 1);
	ck_assert_int_ge(items, listing_items);
	progress_pages++;
	progress_items += items - listing_items;
	listing_pages = pages;
	listing_items = items;
}

static const struct app_pull pull = {
	.arm = BASE, .tenant = TENANT, .actor = ACTOR, .fetch = fetch, .progress = progress,
};

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/billcon-pull-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(store, sizeof(store), "%s/pulled.db", dir);
	setenv("BILLCON_NOW", FIXTURE_NOW, 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
	memset(&srv, 0, sizeof(srv));
	memset(&gen, 0, sizeof(gen));
	progress_pages = progress_items = listing_pages = listing_items = 0;
	routes_default();
}

static void
teardown(void)
{
	fixture_cleanup(store);
	unsetenv("BILLCON_NOW");
}

static void
first(struct app_pull_summary *sum)
{
	struct core_error err;

	core_error_clear(&err);
	ck_assert_msg(app_pull_first_store(store, &pull, sum, &err) == CORE_OK, "%s", err.message);
}

/* Pulls again into the existing store. */
static enum core_status
again(struct app_pull_summary *sum, struct core_error *err)
{
	struct app_ctx *ctx = fixture_open(store, ACTOR, false);
	enum core_status rc;

	core_error_clear(err);
	rc = app_pull_bind(ctx, &pull, err);
	if (!rc)
		rc = app_pull_run(ctx, &pull, sum, err);
	app_close(ctx);
	return rc;
}

static long long
count(const char *sql)
{
	return fixture_count(store, sql);
}

#define GEN_FIRST BASE ACC "/associatedTenants" API "&includeRevoked=true"
#define GEN_TENANT ACC "/associatedTenants/%08d-0000-4000-8000-000000000000"

static enum core_status
gen_fetch(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	const char *at = strstr(url, "/gen?page=");
	int page = at ? atoi(at + 10) : strcmp(url, GEN_FIRST) == 0 ? 1 : 0;
	size_t cap = 512 + (size_t)(gen.per + 1) * 512, n = 0;

	if (!page)
		return fetch(ctx, url, body, len, err);
	if (page == gen.die_at)
		raise(SIGKILL);
	if (page == gen.tell_at)
		ck_assert_int_eq(write(gen.tell, "p", 1), 1);
	*body = malloc(cap);
	n += (size_t)snprintf(*body + n, cap - n, "{\"value\":[");
	for (int i = 0; i < gen.per; i++) {
		int t = (page - 1) * gen.per + i;

		n += (size_t)snprintf(*body + n, cap - n, "%s{\"id\":\"" GEN_TENANT "\",\"name\":\"%08d\","
				      "\"properties\":{\"displayName\":\"Gen %d\",\"tenantId\":\"%08d\"}}",
				      i ? "," : "", t, t, t, t);
	}
	if (page == gen.pages && gen.again)
		n += (size_t)snprintf(*body + n, cap - n, ",{\"id\":\"" GEN_TENANT "\",\"name\":\"%08d\","
				      "\"properties\":{\"displayName\":\"Renamed %d\",\"tenantId\":\"%08d\"}}",
				      gen.again, gen.again, gen.again, gen.again);
	n += (size_t)snprintf(*body + n, cap - n, "]");
	if (page < gen.pages)
		n += (size_t)snprintf(*body + n, cap - n, ",\"nextLink\":\"" BASE "/gen?page=%d\"", page + 1);
	n += (size_t)snprintf(*body + n, cap - n, "}");
	*len = n;
	return CORE_OK;
}

/* Batches of 4 pages, so that a few pages make several. */
static const struct app_pull gen_pull = {
	.arm = BASE, .tenant = TENANT, .actor = ACTOR, .fetch = gen_fetch, .batch_pages = 4,
};

/* The reader hands a failed page's sentence over after the pages before
 * it, and stops when the pull does with pages still ahead. */
static enum core_status
fail_third(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	if (strstr(url, "/gen?page=3"))
		return core_error_set(err, CORE_REMOTE, "The connection was reset.");
	return gen_fetch(ctx, url, body, len, err);
}

START_TEST(reader_hands_failure_after_pages_and_stops_early)
{
	struct app_pull p = gen_pull;
	struct app_pullread *rd = NULL;
	struct core_remote_page page;
	struct core_error err;
	bool done = false;

	gen.pages = 5, gen.per = 2, gen.again = 0, gen.die_at = 0, gen.tell_at = 0;
	p.fetch = fail_third;
	ck_assert_int_eq(app_pullread_start(&p, CORE_REMOTE_TENANT, strdup(GEN_FIRST), 1, &rd, &err), CORE_OK);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(app_pullread_next(rd, &page, &done, &err), CORE_OK);
		ck_assert(!done);
		ck_assert_uint_eq(page.n, 2);
		core_remote_page_free(&page);
	}
	ck_assert_int_eq(app_pullread_next(rd, &page, &done, &err), CORE_REMOTE);
	ck_assert_str_eq(err.message, "The connection was reset.");
	app_pullread_free(rd);

	p.fetch = gen_fetch;
	ck_assert_int_eq(app_pullread_start(&p, CORE_REMOTE_TENANT, strdup(GEN_FIRST), 2, &rd, &err), CORE_OK);
	ck_assert_int_eq(app_pullread_next(rd, &page, &done, &err), CORE_OK);
	core_remote_page_free(&page);
	app_pullread_free(rd);   /* the reader waits for room: stopped, its pages freed */
}
END_TEST

/* What any pull of the generated listing must leave, cut short and
 * resumed or not: each tenant once, one audit entry each, the chain and
 * tree whole, the indexes in step with their rows. */
static void
gen_whole(void)
{
	struct app_ctx *ctx = fixture_open(store, ACTOR, false);
	struct store_audit_verdict v;
	struct core_error err;
	long long tenants = (long long)gen.pages * gen.per;

	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), tenants);
	ck_assert_int_eq(count("SELECT count(DISTINCT tenant_id) FROM associated_tenant"), tenants);
	ck_assert_int_eq(count("SELECT n FROM associated_tenant_count"), tenants);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'pull.add' AND object LIKE '%/associatedTenants/%'"),
			 tenants);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_cursor WHERE next_url IS NOT NULL"), 0);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO associated_tenant_fts(associated_tenant_fts, rank)"
				      " VALUES('integrity-check', 1)"), SQLITE_OK);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO role_assignment_fts(role_assignment_fts, rank)"
				      " VALUES('integrity-check', 1)"), SQLITE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant_fts WHERE associated_tenant_fts MATCH 'Gen'"),
			 tenants - (gen.again ? 1 : 0));
	ck_assert_int_eq(count("SELECT count(*) FROM audit_fts WHERE audit_fts MATCH 'action:\"pull.add\"'"),
			 count("SELECT count(*) FROM audit WHERE action = 'pull.add'"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit_fts WHERE audit_fts MATCH 'action:\"pull.change\"'"),
			 count("SELECT count(*) FROM audit WHERE action = 'pull.change'"));
	ck_assert_int_eq(app_audit_verify(ctx, NULL, &v, &err), CORE_OK);
	ck_assert_int_eq(v.first_bad, 0);
	ck_assert_int_eq(v.entries, count("SELECT count(*) FROM audit"));
	app_close(ctx);
	/* No deferral outlives its batch: a row written after the pull is
	 * indexed as it is inserted. */
	ck_assert_int_eq(count("SELECT count(*) FROM fts_defer"), 0);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO associated_tenant(account_id, tenant_id, display_name,"
				      " billing_management_state, provisioning_management_state, created_on)"
				      " SELECT id, 'after-pull', 'Zebrafish', 'NotAllowed', 'NotRequested', 'now'"
				      " FROM billing_account LIMIT 1"), SQLITE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant_fts WHERE associated_tenant_fts MATCH 'Zebrafish'"),
			 1);
}

START_TEST(first_store_maps_every_collection)
{
	struct app_pull_summary sum;

	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account WHERE display_name = 'Pull Test Account'"
			       " AND account_status = 'UnderReviewSomeday'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_profile WHERE currency = 'EUR'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM invoice_section WHERE name = 'SEC-1'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE billing_management_state = 'SomeFutureState'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment"), 2);
	/* The email when the payload has one, else the object ID. */
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment WHERE principal_email = 'pat@contoso.com'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment WHERE principal_email ="
			       " '00000000-0000-0000-0000-0000000000bb'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_definition WHERE role_name = 'Billing account owner'"), 1);
	/* A subscription under a pulled section is in the tree; one under a
	 * section never pulled is kept whole only. */
	ck_assert_int_eq(count("SELECT count(*) FROM subscription s JOIN invoice_section x ON x.id = s.section_id"
			       " WHERE x.name = 'SEC-1' AND s.sku = 'Microsoft Azure Dev/Test'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM subscription"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE kind = 'billingSubscriptions'"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM invoice WHERE name = 'G000000001' AND amount_minor = 123456"
			       " AND currency = 'EUR' AND status = 'PaidSomehow' AND due_date = '2026-01-30T00:00:00Z'"), 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].pages, 2);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].added, 3);
	ck_assert_int_eq(sum.total.removed, 0);
	ck_assert_int_eq(progress_pages, sum.total.pages);
	ck_assert_int_eq(progress_items, sum.total.items);
	/* Bound to its remote; audited as the sync actor, never queued. */
	ck_assert_int_eq(count("SELECT count(*) FROM meta WHERE key = 'remote_endpoint' AND value = '" BASE "'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM meta WHERE key = 'remote_tenant' AND value = '" TENANT "'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE actor <> '" ACTOR "'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), sum.total.added);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox"), 0);
}
END_TEST

START_TEST(unknown_properties_and_nul_text_are_kept)
{
	struct app_pull_summary sum;

	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE json LIKE '%futureProperty%deeper%kept%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE json LIKE '%someNewFlag%'"), 1);
	/* The NUL is in the row as a byte and in the raw JSON as its escape. */
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE length(CAST(display_name AS BLOB)) = 18"
			       " AND instr(CAST(display_name AS BLOB), x'00') = 4"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE instr(json, 'Nul\\u0000Tenant') > 0"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE instr(display_name, char(7)) > 0"), 1);
}
END_TEST

/* Each object's audit entry holds it as the trail writes JSON
 * (app_write_text), whether the pull took the object's text as it was
 * (ASCII) or wrote it again (the tenant whose name has a NUL and a
 * right-to-left override). */
START_TEST(audit_entries_hold_objects_in_the_trails_form)
{
	struct app_pull_summary sum;
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = 0, ascii = 0;

	first(&sum);
	ck_assert_int_eq(sqlite3_open(store, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT r.json, a.after FROM remote_object r JOIN audit a"
					    " ON a.object = r.id AND a.action = 'pull.add'", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(s, 0);
		json_t *o = json_loadb(json, (size_t)sqlite3_column_bytes(s, 0), JSON_ALLOW_NUL, NULL);
		char *want = app_write_text(o);

		ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), want);
		ascii += strcmp(json, want) == 0;
		n++;
		free(want);
		json_decref(o);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	ck_assert_int_eq(n, sum.total.added);
	ck_assert_int_gt(ascii, 0);
	ck_assert_int_lt(ascii, n);
}
END_TEST

START_TEST(identical_pull_writes_nothing_and_the_chain_verifies)
{
	struct app_pull_summary sum;
	struct core_error err;
	struct store_audit_verdict v;
	struct app_ctx *ctx;
	long long entries;

	first(&sum);
	entries = count("SELECT count(*) FROM audit");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.total.added + sum.total.changed + sum.total.removed, 0);
	ck_assert_int_gt(sum.total.pages, 5);
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), entries);
	ctx = fixture_open(store, ACTOR, false);
	ck_assert_int_eq(app_audit_verify(ctx, NULL, &v, &err), CORE_OK);
	ck_assert_int_eq(v.entries, entries);
	ck_assert_int_eq(v.first_bad, 0);
	app_close(ctx);
}
END_TEST

START_TEST(complete_listing_removes_missing_rows)
{
	struct app_pull_summary sum;
	struct core_error err;

	first(&sum);
	route(BASE ACC "/associatedTenants" API "&includeRevoked=true", "tenants-one.json");
	route(BASE ACC "/billingRoleAssignments" API, "roles-pat.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].removed, 2);
	ck_assert_int_eq(sum.by[CORE_REMOTE_ROLE_ASSIGNMENT].removed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE removed_on IS NOT NULL"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'pull.remove' AND actor = '" ACTOR "'"
			       " AND before IS NOT NULL AND after IS NULL"), 3);
	/* Listed again: back. */
	routes_default();
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].added, 2);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 3);
}
END_TEST

/* A row removed here whose number another object took since (SQLite
 * gives the largest row number again once it is free) is not the one a
 * complete listing without the first object removes. */
START_TEST(reused_row_number_is_not_removed)
{
	struct app_pull_summary sum;
	struct core_error err;
	long long tenant_row, role_row;

	first(&sum);
	tenant_row = count("SELECT max(id) FROM associated_tenant");
	role_row = count("SELECT max(id) FROM role_assignment");
	/* Removed here, their numbers taken by objects made here. */
	ck_assert_int_eq(fixture_exec(store, "DELETE FROM associated_tenant WHERE id = (SELECT max(id) FROM"
				      " associated_tenant); DELETE FROM role_assignment WHERE id = (SELECT max(id) FROM"
				      " role_assignment)"), 0);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO associated_tenant(account_id, tenant_id, display_name,"
				      " billing_management_state, provisioning_management_state, created_on)"
				      " SELECT account_id, '99999999-0000-4000-8000-000000000009', 'Made Here', 'Active',"
				      " 'NotRequested', '2026-01-15' FROM associated_tenant LIMIT 1;"
				      " INSERT INTO role_assignment(name, account_id, scope, role_definition_id,"
				      " principal_email, principal_tenant_id, created_by, created_on) SELECT 'made-here',"
				      " account_id, scope, role_definition_id, 'new@contoso.com', principal_tenant_id,"
				      " created_by, created_on FROM role_assignment LIMIT 1"), 0);
	ck_assert_int_eq(count("SELECT id FROM associated_tenant WHERE display_name = 'Made Here'"), tenant_row);
	ck_assert_int_eq(count("SELECT id FROM role_assignment WHERE name = 'made-here'"), role_row);
	/* The service no longer lists the removed ones. */
	route(BASE ACC "/associatedTenants" API "&includeRevoked=true", "tenants-one.json");
	route(BASE ACC "/billingRoleAssignments" API, "roles-pat.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE display_name = 'Made Here'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment WHERE name = 'made-here'"), 1);
}
END_TEST

/* An object two listings show (an assignment listed at the account and at
 * a profile) is never missing from either. */
START_TEST(object_in_two_listings_is_not_removed)
{
	struct app_pull_summary sum;
	struct core_error err;

	route(BASE ACC "/billingProfiles/PROF-1111-2222/billingRoleAssignments" API, "roles.json");
	first(&sum);
	/* The profile's listing no longer shows one; the account's still does. */
	route(BASE ACC "/billingProfiles/PROF-1111-2222/billingRoleAssignments" API, "roles-pat.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.total.removed + sum.total.added + sum.total.changed, 0);
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.total.removed + sum.total.added + sum.total.changed, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment"), 2);
}
END_TEST

START_TEST(failed_page_removes_nothing_and_resumes)
{
	struct app_pull_summary sum;
	struct core_error err;

	first(&sum);
	/* Page 2 fails; tenant 3 was changed since, to see page 2 read again. */
	route(NEXT, NULL);
	fixture_exec(store, "UPDATE remote_object SET json = '{}' WHERE id LIKE '%/associatedTenants/3333%'");
	ck_assert_int_eq(again(&sum, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "reset"));
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE removed_on IS NOT NULL"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_cursor WHERE next_url = '" NEXT "'"), 1);
	/* The next run starts from the cursor, adds nothing twice, and
	 * completes the listing. */
	route(NEXT, "tenants-2.json");
	srv.fetched = 0;
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_str_eq(srv.first, BASE "/providers/Microsoft.Billing/billingAccounts" API);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].pages, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].changed, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].removed, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 3);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_cursor WHERE next_url IS NOT NULL"), 0);
}
END_TEST

/* A first pull of pages pages of per tenants in a child that gen_fetch
 * kills at page die_at (then no longer: the pull that follows resumes). */
static void
pull_killed(int pages, int per, int die_at)
{
	struct app_pull_summary sum;
	struct core_error err;
	int status = 0;
	pid_t pid;

	gen.pages = pages;
	gen.per = per;
	gen.die_at = die_at;
	if ((pid = fork()) == 0) {
		app_pull_first_store(store, &gen_pull, &sum, &err);
		_exit(3);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	gen.die_at = 0;
}

/* Pages are written in batches: a pull that dies with pages read but not
 * yet written reads them again, and never twice what it wrote. */
START_TEST(killed_between_batches_resumes_without_loss_or_duplicates)
{
	struct app_pull_summary sum;
	struct core_error err;
	long long before;

	pull_killed(15, 3, 11);
	/* Whole pages only, and some read but never written. */
	ck_assert_int_lt(count("SELECT count(*) FROM associated_tenant"), 10 * 3);
	before = count("SELECT count(*) FROM associated_tenant");
	ck_assert_int_eq(before % 3, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE object LIKE '%/associatedTenants/%'"), before);
	ck_assert_msg(app_pull_first_store(store, &gen_pull, &sum, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].added, 15 * 3 - before);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].items, 15 * 3 - before);
	gen_whole();
}
END_TEST

/* Killed at any moment (in a write, between writes: in the first batch,
 * then in the second): the same. */
START_TEST(sigkill_anywhere_resumes_whole)
{
	struct app_pull_summary sum;
	struct core_error err;
	int tell[2], status = 0;
	char c;
	pid_t pid;

	gen.pages = 20;
	gen.per = 3;
	/* Under valgrind (quick), one moment only. */
	for (int round = 0; round < (fixture_quick() ? 1 : 2); round++) {
		snprintf(store, sizeof(store), "%s/killed-%d.db", dir, round);
		ck_assert_int_eq(pipe(tell), 0);
		gen.tell = tell[1];
		gen.tell_at = 6 + 7 * round;
		if ((pid = fork()) == 0) {
			close(tell[0]);
			app_pull_first_store(store, &gen_pull, &sum, &err);
			_exit(3);
		}
		close(tell[1]);
		ck_assert_int_eq(read(tell[0], &c, 1), 1);
		usleep((useconds_t)(round * 1000));
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		close(tell[0]);
		gen.tell_at = 0;
		ck_assert_msg(app_pull_first_store(store, &gen_pull, &sum, &err) == CORE_OK, "%s", err.message);
		gen_whole();
	}
}
END_TEST

/* Batches of 400 entries: the audit tree's tiles of 256 are made from
 * the leaves a batch hashed as it appended (one within a batch) or read
 * back (one across two), and a kill inside a batch leaves none of its
 * entries or nodes: each verifies against a rebuild. */
START_TEST(audit_tiles_of_a_batch_verify_after_a_kill)
{
	struct app_pull_summary sum;
	struct core_error err;
	long long before;

	pull_killed(12, 100, 11);
	/* whole batches only: the reader may be a batch ahead of the writer */
	before = count("SELECT count(*) FROM associated_tenant");
	ck_assert(before == 400 || before == 800);
	ck_assert_int_ge(count("SELECT count(*) FROM audit_tree"), before / 256);
	ck_assert_msg(app_pull_first_store(store, &gen_pull, &sum, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].added, 1200 - before);
	ck_assert_int_ge(count("SELECT count(*) FROM audit_tree"), 4);
	gen_whole();
}
END_TEST

/* A tenant listed twice in one batch, renamed the second time: the row
 * inserted, then updated, before the batch's rows are indexed. */
START_TEST(row_changed_within_a_batch_keeps_the_index_whole)
{
	struct app_pull_summary sum;
	struct core_error err;

	gen.pages = 4;
	gen.per = 5;
	gen.again = 7;
	ck_assert_msg(app_pull_first_store(store, &gen_pull, &sum, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].changed, 1);
	gen_whole();
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant_fts WHERE associated_tenant_fts MATCH 'Renamed'"),
			 1);
}
END_TEST

START_TEST(pending_push_is_not_removed)
{
	struct app_pull_summary sum;
	struct core_error err;

	first(&sum);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO sync_outbox(audit_seq, created_on, action, object, push)"
				      " VALUES(1, '2026-01-15T00:00:00Z', 'tenant.update', '" ACC
				      "/associatedTenants/22222222-2222-2222-2222-222222222222', 1)"), 0);
	route(BASE ACC "/associatedTenants" API "&includeRevoked=true", "tenants-one.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_TENANT].removed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE '2222%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE '3333%'"), 0);
}
END_TEST

START_TEST(stack_customers_of_the_registrations)
{
	struct app_pull_summary sum;
	struct core_error err;

	first(&sum);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO stack_deployment(id, name) VALUES(1, 'dep');"
				      "INSERT INTO stack_registration(id, deployment, subscription_id, resource_group, name, type)"
				      " VALUES(1, 1, 'aaaa0000-0000-0000-0000-000000000001', 'azurestack', 'reg-pull', 'CSP')"), 0);
	route(BASE "/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/azurestack/providers"
	      "/Microsoft.AzureStack/registrations/reg-pull/customerSubscriptions?api-version=2022-06-01", "stack.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_STACK_CUSTOMER].added, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM stack_customer WHERE registration = 1 AND subscription_id ="
			       " 'B09A4E93-29A7-4EBA-A6D4-76202383F07F' AND tenant_id = 'cbab3982-796f-4d03-9908-044c08aef8a2'"), 1);
	route(BASE "/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/azurestack/providers"
	      "/Microsoft.AzureStack/registrations/reg-pull/customerSubscriptions?api-version=2022-06-01", "empty.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_STACK_CUSTOMER].removed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM stack_customer"), 0);
}
END_TEST

/* A pending request takes the service's decision; a decided one stays. */
START_TEST(requests_follow_until_decided)
{
	struct app_pull_summary sum;
	struct core_error err;

	route(BASE ACC "/billingRequests" API, "requests.json");
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_request WHERE status = 'Pending'"
			       " AND created_by = 'requester@contoso.com' AND expires_on = '2026-01-25T17:32:28Z'"), 1);
	route(BASE ACC "/billingRequests" API, "requests-approved.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_REQUEST].changed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_request WHERE status = 'Approved'"
			       " AND reviewed_by = 'owner@contoso.com'"), 1);
	route(BASE ACC "/billingRequests" API, "requests.json");
	ck_assert_int_eq(again(&sum, &err), CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_request WHERE status = 'Approved'"), 1);
}
END_TEST

/* A first pull that failed at the accounts leaves a bound store with no
 * account; the first store is made again from where it stopped. */
START_TEST(first_store_cut_short_resumes)
{
	struct app_pull_summary sum;
	struct core_error err;

	route(BASE "/providers/Microsoft.Billing/billingAccounts" API, NULL);
	ck_assert_int_eq(app_pull_first_store(store, &pull, &sum, &err), CORE_REMOTE);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account"), 0);
	routes_default();
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant"), 3);
	/* Made, it is synced with app_pull_run, never made again. */
	ck_assert_int_eq(app_pull_first_store(store, &pull, &sum, &err), CORE_OK);
	ck_assert_int_eq(sum.total.added, 0);
}
END_TEST

START_TEST(demo_and_other_remote_are_refused)
{
	struct app_pull_summary sum;
	struct core_error err;
	struct app_pull other = pull;
	struct app_ctx *ctx;
	char demo[4096];

	first(&sum);
	other.arm = BASE "/";
	ctx = fixture_open(store, ACTOR, false);
	ck_assert_int_eq(app_pull_bind(ctx, &other, &err), CORE_OK);
	app_close(ctx);
	other.arm = "http://127.0.0.1:10";
	ctx = fixture_open(store, ACTOR, false);
	ck_assert_int_eq(app_pull_bind(ctx, &other, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "bound to " BASE));
	other = pull;
	other.tenant = "30000000-0000-0000-0000-000000000001";
	ck_assert_int_eq(app_pull_bind(ctx, &other, &err), CORE_REFUSED);
	app_close(ctx);
	ck_assert_int_eq(app_pull_first_store(store, &other, &sum, &err), CORE_REFUSED);
	fixture_demo(demo);
	ck_assert_int_eq(app_pull_first_store(demo, &pull, &sum, &err), CORE_REFUSED);
	ctx = fixture_open(demo, NULL, false);
	ck_assert_int_eq(app_pull_bind(ctx, &pull, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "demo store"));
	app_close(ctx);
	fixture_cleanup(demo);
}
END_TEST

START_TEST(malformed_page_is_one_sentence_and_nothing_written)
{
	struct app_pull_summary sum;
	struct core_error err;
	long long entries;

	first(&sum);
	entries = count("SELECT count(*) FROM audit");
	route(BASE ACC "/billingRoleAssignments" API, "malformed.json");
	ck_assert_int_eq(again(&sum, &err), CORE_REMOTE);
	ck_assert_str_eq(err.message, "The service sent a page of billingRoleAssignments that is not a JSON object.");
	route(BASE ACC "/billingRoleAssignments" API, "novalue.json");
	ck_assert_int_eq(again(&sum, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "no value array"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), entries);
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment"), 2);
}
END_TEST

START_TEST(parser_limits_depth)
{
	char deep[4 * SYNC_MAP_MAX_DEPTH + 32];
	struct core_remote_page page;
	struct core_error err;
	size_t n = 0;

	n += (size_t)sprintf(deep, "{\"value\":[");
	for (int i = 0; i < SYNC_MAP_MAX_DEPTH; i++)
		deep[n++] = '[';
	deep[n] = '\0';
	ck_assert_int_eq(sync_map_page(CORE_REMOTE_TENANT, deep, n, &page, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "nests too deep"));
	ck_assert_int_eq(page.n, 0);
	core_remote_page_free(&page);
}
END_TEST

static Suite *
pull_suite(void)
{
	Suite *s = suite_create("pull");
	TCase *tc = tcase_create("pull");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_store_maps_every_collection);
	tcase_add_test(tc, unknown_properties_and_nul_text_are_kept);
	tcase_add_test(tc, audit_entries_hold_objects_in_the_trails_form);
	tcase_add_test(tc, identical_pull_writes_nothing_and_the_chain_verifies);
	tcase_add_test(tc, complete_listing_removes_missing_rows);
	tcase_add_test(tc, object_in_two_listings_is_not_removed);
	tcase_add_test(tc, reused_row_number_is_not_removed);
	tcase_add_test(tc, failed_page_removes_nothing_and_resumes);
	tcase_add_test(tc, killed_between_batches_resumes_without_loss_or_duplicates);
	tcase_add_test(tc, audit_tiles_of_a_batch_verify_after_a_kill);
	tcase_add_test(tc, sigkill_anywhere_resumes_whole);
	tcase_add_test(tc, reader_hands_failure_after_pages_and_stops_early);
	tcase_add_test(tc, row_changed_within_a_batch_keeps_the_index_whole);
	tcase_add_test(tc, pending_push_is_not_removed);
	tcase_add_test(tc, stack_customers_of_the_registrations);
	tcase_add_test(tc, requests_follow_until_decided);
	tcase_add_test(tc, first_store_cut_short_resumes);
	tcase_add_test(tc, demo_and_other_remote_are_refused);
	tcase_add_test(tc, malformed_page_is_one_sentence_and_nothing_written);
	tcase_add_test(tc, parser_limits_depth);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(pull_suite());
}
