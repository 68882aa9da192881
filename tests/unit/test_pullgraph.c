/* unit_pullgraph: the directory pull from Microsoft Graph (app_pulldir,
 * store_pull_graph_row, sync_map_graph_page) through a fetch function
 * serving the pages of tests/fixtures/graph/ from a table (no network),
 * and once end to end through sync_http against tests/fake-arm (left out,
 * and said so, without python3). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "billcon/app_pulldir.h"
#include "billcon/store_db.h"
#include "billcon/sync_http.h"
#include "billcon/sync_map.h"
#include "fakearm.h"
#include "fixture.h"

#define BASE "http://127.0.0.1:9"
#define SELECT "?$select=id,displayName,mail,userPrincipalName,userType,externalUserState"
#define USERS BASE "/v1.0/users" SELECT
#define USERS_NEXT USERS "&$skiptoken=X%2BY%3D"
#define ADMINS BASE "/v1.0/directoryRoles(roleTemplateId='" APP_PULLDIR_GLOBAL_ADMIN "')/members" \
	"?$select=id,displayName,mail,userPrincipalName"
#define POLICY BASE "/v1.0/policies/authorizationPolicy"
#define ACTOR "sync@pulltest.example"
#define TENANT "20000000-0000-0000-0000-000000000001"
#define GINA "/tenants/" TENANT "/users/gina.g@fabrikam.example"

struct route {
	const char *url;
	const char *file;  /* NULL: the fetch fails */
};

static struct route routes[8];
static int nroutes;
static char dir[64], store[128];
static char fake[128];       /* the fake server's base URL, "" none */

static void
route(const char *url, const char *file)
{
	for (int i = 0; i < nroutes; i++)
		if (strcmp(routes[i].url, url) == 0) {
			routes[i].file = file;
			return;
		}
	routes[nroutes++] = (struct route){ url, file };
}

static void
routes_default(void)
{
	nroutes = 0;
	route(BASE "/v1.0/organization?$select=id,displayName", "organization.json");
	route(POLICY, "policy.json");
	route(BASE "/v1.0/domains", "domains.json");
	route(USERS, "users-1.json");
	route(USERS_NEXT, "users-2.json");
	route(ADMINS, "admins.json");
}

static enum core_status
read_file(const char *name, char **body, size_t *len, struct core_error *err)
{
	return fixture_slurp(GRAPH_FIXTURES, name, body, len, err);
}

static enum core_status
fetch(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	(void)ctx;
	*body = NULL;
	for (int i = 0; i < nroutes; i++)
		if (strcmp(routes[i].url, url) == 0)
			return routes[i].file ? read_file(routes[i].file, body, len, err)
					      : core_error_set(err, CORE_REMOTE, "The connection was reset.");
	return core_error_set(err, CORE_REMOTE, "unexpected URL %s", url);
}

static const struct app_pull pull = { .arm = BASE, .tenant = TENANT, .actor = ACTOR, .fetch = fetch };

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/billcon-pullgraph-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(store, sizeof(store), "%s/pulled.db", dir);
	setenv("BILLCON_NOW", FIXTURE_NOW, 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
	routes_default();
}

static void
teardown(void)
{
	fixture_cleanup(store);
	unsetenv("BILLCON_NOW");
}

/* Pulls the directory from graph with p into the store (made when new, as
 * a first sync makes it), as someone who is not the sync actor. */
static enum core_status
pull_from(const struct app_pull *p, const char *graph, struct app_pull_summary *sum, struct core_error *err)
{
	struct app_ctx *ctx = calloc(1, sizeof(*ctx));
	enum core_status rc;

	ck_assert_ptr_nonnull(ctx);
	memset(sum, 0, sizeof(*sum));
	core_error_clear(err);
	rc = app_config_load(&ctx->cfg, err);
	if (!rc)
		rc = store_open(store, STORE_OPEN_CREATE, &ctx->st, err);
	snprintf(ctx->actor, sizeof(ctx->actor), "someone@else.example");
	if (!rc)
		rc = app_pull_directory(ctx, graph, p, sum, err);
	app_close(ctx);
	return rc;
}

static enum core_status
pull_dir(struct app_pull_summary *sum, struct core_error *err)
{
	return pull_from(&pull, BASE "/", sum, err);
}

static void
first(struct app_pull_summary *sum)
{
	struct core_error err;

	ck_assert_msg(pull_dir(sum, &err) == CORE_OK, "%s", err.message);
}

static long long
count(const char *sql)
{
	return fixture_count(store, sql);
}

START_TEST(directory_is_mapped)
{
	struct app_pull_summary sum;

	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE tenant_id = '" TENANT "'"
			       " AND display_name = 'Pull Test Org' AND guest_invitations_allowed = 0"), 1);
	/* Verified domains only. */
	ck_assert_int_eq(count("SELECT count(*) FROM directory_domain WHERE tenant_id = '" TENANT "'"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_domain WHERE domain LIKE 'unverified%'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE kind = 'domains'"), 3);
	/* Members: mail, else the UPN; no guest state. */
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'pat@pulltest.example'"
			       " AND home_tenant_id = '" TENANT "' AND global_admin = 1 AND guest_state IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'nomail@pulltest.onmicrosoft.com'"
			       " AND global_admin = 0 AND guest_state IS NULL"), 1);
	/* Guests: the #EXT# UPN read back, the tenant as home, their state. */
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'gina.g@fabrikam.example'"
			       " AND home_tenant_id = '" TENANT "' AND guest_state = 'PendingAcceptance'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'ann@tailspin.example'"
			       " AND guest_state = 'Accepted' AND global_admin = 0"), 1);
	/* The NUL is kept as a byte in the row. */
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE length(CAST(display_name AS BLOB)) = 8"
			       " AND instr(CAST(display_name AS BLOB), x'00') = 4"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user"), 5);
	/* Graph's ids kept as given, unknown properties too. */
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE id = '" GINA "' AND"
			       " json LIKE '%a0000000-0000-0000-0000-000000000003%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE json LIKE '%someNewProperty%'"), 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].pages, 2);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].added, 5);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_ADMIN].added, 1);
	/* Audited as the sync actor, never queued. */
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE actor <> '" ACTOR "'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), sum.total.added);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox"), 0);
}
END_TEST

START_TEST(unchanged_pull_writes_no_audit)
{
	struct app_pull_summary sum;
	long long entries;

	first(&sum);
	entries = count("SELECT count(*) FROM audit");
	first(&sum);
	ck_assert_int_eq(sum.total.added + sum.total.changed + sum.total.removed, 0);
	ck_assert_int_eq(sum.total.pages, 6);
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), entries);
}
END_TEST

START_TEST(complete_listing_removes)
{
	struct app_pull_summary sum;

	first(&sum);
	route(USERS, "users-one.json");
	route(ADMINS, "empty.json");
	route(POLICY, "policy-everyone.json");
	first(&sum);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].removed, 3);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].changed, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_ADMIN].removed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE global_admin"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'gina.g@fabrikam.example'"
			       " AND guest_state = 'Accepted' AND display_name = 'Gina Guest Renamed'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE guest_invitations_allowed = 1"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'pull.remove' AND actor = '" ACTOR "'"
			       " AND before IS NOT NULL AND after IS NULL"), 4);
	/* Made Global administrator again: the flag follows its listing. */
	route(ADMINS, "admins.json");
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE global_admin"), 1);
	/* A user's change reads its flag from the role's object. */
	routes_default();
	fixture_exec(store, "UPDATE directory_user SET global_admin = 0");
	route(USERS, "users-one.json");
	fixture_exec(store, "UPDATE remote_object SET json = '{}' WHERE id LIKE '%/users/pat@pulltest.example'");
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE global_admin"), 1);
}
END_TEST

/* Graph's mail in another case: another object, the same user (the
 * directory ignores case), never removed with the old one. */
START_TEST(email_in_another_case_is_the_same_user)
{
	struct app_pull_summary sum;

	first(&sum);
	route(USERS, "users-case.json");
	route(ADMINS, "admins-case.json");
	first(&sum);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].added, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].removed, 4);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_ADMIN].removed, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'pat@pulltest.example'"
			       " AND global_admin = 1"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user"), 2);
}
END_TEST

START_TEST(partial_listing_removes_nothing)
{
	struct app_pull_summary sum;
	struct core_error err;

	first(&sum);
	route(USERS_NEXT, NULL);
	fixture_exec(store, "UPDATE remote_object SET json = '{}' WHERE id = '" GINA "'");
	ck_assert_int_eq(pull_dir(&sum, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "reset"));
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user"), 5);
	ck_assert_int_eq(count("SELECT count(*) FROM remote_object WHERE removed_on IS NOT NULL"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_cursor WHERE next_url = '" USERS_NEXT "'"), 1);
	/* Resumed from the cursor: page 2 only, nothing removed. */
	route(USERS_NEXT, "users-2.json");
	first(&sum);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].pages, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].changed, 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].removed, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_cursor WHERE next_url IS NOT NULL"), 0);
}
END_TEST

START_TEST(pending_local_change_is_kept)
{
	struct app_pull_summary sum;

	first(&sum);
	ck_assert_int_eq(fixture_exec(store, "INSERT INTO sync_outbox(audit_seq, created_on, action, object, push)"
				      " VALUES(1, '2026-01-15T00:00:00Z', 'guest.invite', '" GINA "', 1);"
				      "INSERT INTO sync_outbox(audit_seq, created_on, action, object, push)"
				      " VALUES(1, '2026-01-15T00:00:00Z', 'user.update', '/tenants/" TENANT
				      "/users/pat@pulltest.example', 1);"
				      "INSERT INTO sync_outbox(audit_seq, created_on, action, object, push)"
				      " VALUES(1, '2026-01-15T00:00:00Z', 'user.update', '/tenants/" TENANT
				      "/users/ann@tailspin.example', 1)"), 0);
	/* The tenant's guest setting turned on here, its push waiting: Graph's
	 * policy moving to "everyone" meanwhile does not overwrite it (the
	 * change is the tenant's, the pulled policy its child). */
	ck_assert_int_eq(fixture_exec(store, "UPDATE directory_tenant SET guest_invitations_allowed = 0;"
				      "INSERT INTO sync_outbox(audit_seq, created_on, action, object, push)"
				      " VALUES(1, '2026-01-15T00:00:00Z', 'directory.tenant.update', '/tenants/" TENANT
				      "', 1)"), 0);
	route(POLICY, "policy-everyone.json");
	route(USERS, "users-one.json");
	route(ADMINS, "empty.json");
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE guest_invitations_allowed = 0"), 1);
	/* Gina changed remotely, Ann left out, Pat lost the role: all kept. */
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'gina.g@fabrikam.example'"
			       " AND guest_state = 'PendingAcceptance' AND display_name = 'Gina Guest'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'pat@pulltest.example'"
			       " AND global_admin = 1"), 1);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].removed, 2);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user"), 3);
	/* Pushed: the next pull takes the policy again. */
	fixture_exec(store, "UPDATE sync_outbox SET done_on = '2026-01-16T00:00:00Z'");
	fixture_exec(store, "UPDATE remote_object SET json = '{}' WHERE id LIKE '%/authorizationPolicy'");
	first(&sum);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE guest_invitations_allowed = 1"), 1);
}
END_TEST

START_TEST(graph_pages_parse)
{
	static const char policy[] = "{\"id\":\"authorizationPolicy\",\"allowInvitesFrom\":\"none\"}";
	static const char users[] = "{\"value\":[{\"id\":\"g1\",\"userPrincipalName\":"
		"\"a_b_c.example#EXT#@t.onmicrosoft.com\"},{\"id\":\"g2\",\"userPrincipalName\":\"noext_x.example\"}],"
		"\"@odata.nextLink\":\"https://graph/next\",\"nextLink\":\"ignored\"}";
	struct core_remote_page page;
	struct core_error err;

	ck_assert_int_eq(sync_map_graph_page(CORE_REMOTE_DIR_POLICY, "/tenants/T", policy, strlen(policy), &page, &err),
			 CORE_OK);
	ck_assert_int_eq(page.n, 1);
	ck_assert_str_eq(page.items[0].id.s, "/tenants/T/authorizationPolicy");
	ck_assert_str_eq(page.items[0].f[CORE_RF_STATE].s, "none");
	core_remote_page_free(&page);
	ck_assert_int_eq(sync_map_graph_page(CORE_REMOTE_DIR_ADMIN, "/u", users, strlen(users), &page, &err), CORE_OK);
	ck_assert_int_eq(page.n, 2);
	ck_assert_str_eq(page.items[0].f[CORE_RF_EMAIL].s, "a_b@c.example");
	ck_assert_str_eq(page.items[0].id.s, "/u/a_b@c.example" CORE_REMOTE_ADMIN_SUFFIX);
	ck_assert_str_eq(page.items[0].name.s, "g1");
	ck_assert_str_eq(page.items[1].f[CORE_RF_EMAIL].s, "noext_x.example");
	ck_assert_str_eq(page.next_link, "https://graph/next");
	core_remote_page_free(&page);
	ck_assert_int_eq(sync_map_graph_page(CORE_REMOTE_DIR_USER, "/u", "{\"value\":{}}", 12, &page, &err),
			 CORE_REMOTE);
	ck_assert_str_eq(err.message, "The service sent a page of users that has no value array.");
	ck_assert_int_eq(page.n, 0);
	core_remote_page_free(&page);
}
END_TEST

START_TEST(malformed_page_writes_nothing)
{
	struct app_pull_summary sum;
	struct core_error err;
	long long entries;

	first(&sum);
	entries = count("SELECT count(*) FROM audit");
	route(BASE "/v1.0/domains", "novalue.json");
	ck_assert_int_eq(pull_dir(&sum, &err), CORE_REMOTE);
	ck_assert_str_eq(err.message, "The service sent a page of domains that has no value array.");
	route(BASE "/v1.0/domains", "domains.json");
	route(BASE "/v1.0/organization?$select=id,displayName", "empty.json");
	fixture_exec(store, "DELETE FROM remote_object WHERE kind = 'organization'");
	ck_assert_int_eq(pull_dir(&sum, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "no organization"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), entries);
}
END_TEST

/* A GET through sync_http with a Graph token; a 200's body. */
static enum core_status
http_fetch(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	struct sync_response r = { 0 };
	enum core_status rc = sync_http_request(ctx, "GET", url, "graph-test-token", NULL, NULL, NULL, 0, &r, err);

	*body = NULL;
	if (!rc && r.status != 200)
		rc = core_error_set(err, CORE_REMOTE, "Graph answered %ld.", r.status);
	if (!rc) {
		*body = r.body;
		*len = r.len;
		r.body = NULL;
	}
	sync_response_clear(&r);
	return rc;
}

/* A POST of json to the fake's /_state. */
static void
fake_state(struct sync_http *h, const char *json)
{
	struct sync_response r = { 0 };
	struct core_error err;
	char u[256];

	snprintf(u, sizeof(u), "%s/_state", fake);
	ck_assert_int_eq(sync_http_request(h, "POST", u, NULL, NULL, "application/json", json, strlen(json), &r, &err),
			 CORE_OK);
	ck_assert_int_lt(r.status, 300);
	sync_response_clear(&r);
}

START_TEST(end_to_end_against_the_fake)
{
	struct sync_http_opts o = { .backoff_base_ms = 1, .stall_timeout_s = 1, .connect_timeout_ms = 2000 };
	struct sync_http *h = NULL;
	struct app_pull p = pull;
	struct app_pull_summary sum;
	struct core_error err;

	ck_assert_int_eq(sync_http_new(&o, &h, &err), CORE_OK);
	p.fetch = http_fetch;
	p.fetch_ctx = h;
	fake_state(h, "{\"graph_page_size\": 2}");
	ck_assert_msg(pull_from(&p, fake, &sum, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].pages, 3);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE display_name = 'Contoso'"
			       " AND guest_invitations_allowed = 1"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_domain"), 2);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE guest_state IS NULL"), 4);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'guest0@fabrikam.com'"
			       " AND guest_state = 'PendingAcceptance'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'guest1@fabrikam.com'"
			       " AND guest_state = 'Accepted'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE global_admin AND email = 'user0@contoso.com'"),
			 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user u JOIN directory_tenant t"
			       " ON t.tenant_id = u.home_tenant_id"), 6);
	/* Again: nothing; then the policy and a new guest. */
	ck_assert_int_eq(pull_from(&p, fake, &sum, &err), CORE_OK);
	ck_assert_int_eq(sum.total.added + sum.total.changed + sum.total.removed, 0);
	fake_state(h, "{\"graph_policy\": {\"allowInvitesFrom\": \"none\"}, \"graph_users_put\": [{\"id\":"
		   " \"b0000000-0000-0000-0000-000000000001\", \"displayName\": \"New\", \"mail\": null,"
		   " \"userPrincipalName\": \"new_x.example#EXT#@contoso.onmicrosoft.com\", \"userType\": \"Guest\","
		   " \"externalUserState\": \"PendingAcceptance\"}]}");
	ck_assert_int_eq(pull_from(&p, fake, &sum, &err), CORE_OK);
	ck_assert_int_eq(sum.by[CORE_REMOTE_DIR_USER].added, 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_user WHERE email = 'new@x.example'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM directory_tenant WHERE guest_invitations_allowed = 0"), 1);
	sync_http_free(h);
}
END_TEST

static Suite *
pullgraph_suite(void)
{
	Suite *s = suite_create("pullgraph");
	TCase *tc = tcase_create("pullgraph");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, directory_is_mapped);
	tcase_add_test(tc, unchanged_pull_writes_no_audit);
	tcase_add_test(tc, complete_listing_removes);
	tcase_add_test(tc, email_in_another_case_is_the_same_user);
	tcase_add_test(tc, partial_listing_removes_nothing);
	tcase_add_test(tc, pending_local_change_is_kept);
	tcase_add_test(tc, graph_pages_parse);
	tcase_add_test(tc, malformed_page_writes_nothing);
	if (fake[0])
		tcase_add_test(tc, end_to_end_against_the_fake);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	char tmp[64] = "/tmp/billcon-fakegraph-XXXXXX", cmd[128];
	pid_t server = mkdtemp(tmp) ? fakearm_start("server.py", tmp, fake, sizeof(fake)) : -1;
	int rc;

	if (!fake[0])
		printf("SKIP: the end-to-end case (python3 or tests/fake-arm/server.py did not start)\n");
	rc = fixture_run(pullgraph_suite());
	fakearm_stop(server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
