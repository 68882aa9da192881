#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/app_audit.h"
#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_job.h"
#include "billcon/app_list.h"
#include "billcon/core_clock.h"
#include "billcon/app_tenant.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"
#include "billcon/store_db.h"
#include "fixture.h"

#define NEW_TENANT "11111111-2222-4333-8444-555555555555"

#define path fixture_path

static long long
audit_entries(void)
{
	return fixture_count(path, "SELECT count(*) FROM audit");
}

static long long
tenants(void)
{
	return fixture_count(path, "SELECT count(*) FROM associated_tenant");
}

/* Tries to add; returns the status, and checks that a refusal left the
 * store and the audit trail as they were. */
static enum core_status
try_add(const char *actor, const char *tenant_id, const char *domain, const char *name,
	struct core_error *err)
{
	struct app_tenant_new in = { .tenant_id = tenant_id, .domain = domain, .name = name };
	long long before = audit_entries(), count = tenants();
	struct app_ctx *ctx = fixture_open(path, actor, false);
	enum core_status rc;

	core_error_clear(err);
	rc = app_tenant_add(ctx, &in, NULL, err);
	app_close(ctx);
	if (rc) {
		ck_assert_int_eq(audit_entries(), before);
		ck_assert_int_eq(tenants(), count);
		ck_assert_str_ne(err->message, "");
	}
	return rc;
}

/* The console's background sync runs nicer than the console: the child
 * (here a script in place of billcon) says its niceness as its summary. */
START_TEST(background_sync_yields_to_the_console)
{
	char exe[4200];
	const char *args[] = { NULL };
	struct app_job *j = NULL;
	struct app_job_state st;
	struct core_error err;
	int want = getpriority(PRIO_PROCESS, 0) + APP_JOB_NICE;
	FILE *f;

	snprintf(exe, sizeof(exe), "%s.nice.sh", path);
	ck_assert_ptr_nonnull(f = fopen(exe, "w"));
	fputs("#!/bin/sh\nnice\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(exe, 0700), 0);
	ck_assert_int_eq(app_job_start(exe, path, args, &j, &err), CORE_OK);
	memset(&st, 0, sizeof(st));
	for (int i = 0; i < 500 && (app_job_poll(j, &st), st.running || !st.summary[0]); i++)
		usleep(10000);
	ck_assert_int_eq(atoi(st.summary), want > 19 ? 19 : want);
	app_job_free(j);
	unlink(exe);
}
END_TEST

START_TEST(add_by_id_writes_row_and_audit)
{
	struct core_error err;
	long long before = audit_entries();

	ck_assert_int_eq(try_add(NULL, NEW_TENANT, NULL, "  New Co  ", &err), CORE_OK);
	ck_assert_int_eq(audit_entries(), before + 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id = '" NEW_TENANT
					     "' AND display_name = 'New Co' AND billing_management_state = 'NotAllowed'"
					     " AND provisioning_management_state = 'NotRequested'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'tenant.add' AND actor = 'ada@contoso.com'"
					     " AND before IS NULL AND after LIKE '%New Co%' AND seq = (SELECT max(seq) FROM audit)"), 1);
}
END_TEST

START_TEST(add_uppercase_guid_is_normalised)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, "{11111111-2222-4333-8444-55555555555A}", NULL, "Up", &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id = '11111111-2222-4333-8444-55555555555a'"), 1);
	ck_assert_int_eq(try_add(NULL, "11111111-2222-4333-8444-55555555555a", NULL, "Again", &err), CORE_REFUSED);
}
END_TEST

START_TEST(add_with_provisioning_creates_request)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "Prov", .provisioning = true,
				     .billing_management = true };
	struct store_tenant t;
	struct core_error err;
	char url[1024];
	struct app_ctx *ctx = fixture_open(path, NULL, false);

	ck_assert_int_eq(app_tenant_add(ctx, &in, &t, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "Pending");
	ck_assert_str_eq(t.billing_state, "Active");
	ck_assert_str_ne(t.request_name, "");
	app_tenant_invitation_url(ctx, &t, url, sizeof(url));
	ck_assert_ptr_nonnull(strstr(url, t.request_name));
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE type = 'ProvisioningAccess'"
		" AND status = 'Pending' AND tenant_id = '" NEW_TENANT "' AND expires_on = '2026-01-29T00:00:00Z'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'request.create' AND at = '" FIXTURE_NOW "'"), 1);
}
END_TEST

START_TEST(request_expiry_is_configurable)
{
	char cfg[4200];
	FILE *f;
	struct core_error err;

	snprintf(cfg, sizeof(cfg), "%s.config", path);
	f = fopen(cfg, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# test\nrequest_expiry_days = 3\ninvitation_url = https://example.test/{request}?t={tenant}\n", f);
	fclose(f);
	setenv("BILLCON_CONFIG", cfg, 1);
	{
		struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "Prov", .provisioning = true };
		struct store_tenant t;
		char url[1024], want[256];
		struct app_ctx *ctx = fixture_open(path, NULL, false);
		ck_assert_int_eq(app_tenant_add(ctx, &in, &t, &err), CORE_OK);
		app_tenant_invitation_url(ctx, &t, url, sizeof(url));
		snprintf(want, sizeof(want), "https://example.test/%s?t=" NEW_TENANT, t.request_name);
		ck_assert_str_eq(url, want);
		app_close(ctx);
	}
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" NEW_TENANT
					     "' AND expires_on = '2026-01-18T00:00:00Z'"), 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
}
END_TEST

START_TEST(bad_config_line_is_named)
{
	char cfg[4200];
	FILE *f;
	struct app_options o = { .db_path = path };
	struct app_ctx *ctx;
	struct core_error err;

	snprintf(cfg, sizeof(cfg), "%s.config", path);
	f = fopen(cfg, "w");
	fputs("actor = ada@contoso.com\nrequest_expiry_days = soon\n", f);
	fclose(f);
	setenv("BILLCON_CONFIG", cfg, 1);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "line 2"));
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
}
END_TEST

START_TEST(add_by_known_domain_maps_to_tenant)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, NULL, "Relecloud.onmicrosoft.com", "Relecloud", &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id = '" RELECLOUD "'"), 1);
	/* and now the tenant ID is a duplicate of it */
	ck_assert_int_eq(try_add(NULL, RELECLOUD, NULL, "Again", &err), CORE_REFUSED);
}
END_TEST

START_TEST(add_by_unknown_domain_resolves_at_sync)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, NULL, "unknown.example.com", "Someone", &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id IS NULL AND domain = 'unknown.example.com'"), 1);
	ck_assert_int_eq(try_add(NULL, NULL, "UNKNOWN.example.com", "Twice", &err), CORE_REFUSED);
}
END_TEST

START_TEST(add_refuses_primary_tenant)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, CONTOSO_PRIMARY, NULL, "Us", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "primary"));
	ck_assert_int_eq(try_add(NULL, NULL, "contoso.com", "Us", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "primary"));
}
END_TEST

START_TEST(add_refuses_nil_guid)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, "00000000-0000-0000-0000-000000000000", NULL, "Nil", &err),
			 CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "nil GUID"));
	ck_assert_int_eq(try_add(NULL, "{00000000-0000-0000-0000-000000000000}", NULL, "Nil", &err),
			 CORE_REFUSED);
}
END_TEST

START_TEST(add_refuses_duplicates)
{
	struct core_error err;

	ck_assert_int_eq(try_add(NULL, FABRIKAM, NULL, "Again", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "already associated"));
	ck_assert_int_eq(try_add(NULL, NULL, "fabrikam.com", "Again", &err), CORE_REFUSED);
	ck_assert_int_eq(try_add(NULL, NULL, "proseware.onmicrosoft.com", "Again", &err), CORE_REFUSED);
}
END_TEST

START_TEST(add_refuses_malformed_input)
{
	static const struct { const char *id, *domain, *name; } bad[] = {
		{ "11111111-2222-4333-8444-55555555555", NULL, "Short" },
		{ "11111111-2222-4333-8444-55555555555g", NULL, "Hex" },
		{ NULL, "-fabrikam.com", "Hyphen" },
		{ NULL, "fabrikam..com", "Empty label" },
		{ NULL, "localhost", "One label" },
		{ NEW_TENANT, NULL, "" },
		{ NEW_TENANT, NULL, "   " },
		{ NEW_TENANT, NULL, "Bad\x1b[31mname" },
		{ NEW_TENANT, NULL, "\xff\xfe" },
		{ NEW_TENANT, NULL, "12345678901234567890123456789012345678901234567890123456789012345" },
		{ NEW_TENANT, "fabrikam.com", "Both" },
	};
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(try_add(NULL, bad[i].id, bad[i].domain, bad[i].name, &err) == CORE_USAGE,
			      "case %zu (%s) was not refused as usage", i, bad[i].name);
}
END_TEST

START_TEST(add_accepts_64_characters)
{
	struct core_error err;
	char name[256] = "";
	int i;

	for (i = 0; i < 64; i++)
		strcat(name, "é");
	ck_assert_int_eq(try_add(NULL, NEW_TENANT, NULL, name, &err), CORE_OK);
}
END_TEST

START_TEST(only_owner_may_change)
{
	static const char *const others[] = { "ben@contoso.com", "cleo@contoso.com", "dan@contoso.com",
					      "hana@contoso.com", "ivan@outlook.com" };
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		ck_assert_msg(try_add(others[i], NEW_TENANT, NULL, "X", &err) == CORE_FORBIDDEN, "%s", others[i]);
		ck_assert_ptr_nonnull(strstr(err.message, "Billing account owner"));
	}
}
END_TEST

START_TEST(unknown_actor_changes_nothing)
{
	struct app_options o = { .db_path = path, .actor = "stranger@example.com" };
	struct app_ctx *ctx;
	struct core_error err;

	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_FORBIDDEN);
	/* Even when naming the account. */
	o.account = "Contoso";
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	{
		struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
		ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_FORBIDDEN);
	}
	app_close(ctx);
}
END_TEST

START_TEST(non_enterprise_account_has_no_associated_tenants)
{
	struct app_options o = { .db_path = path, .actor = "kim@northwindtraders.com" };
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
	struct app_ctx *ctx;
	struct core_error err;

	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "sales representative"));
	app_close(ctx);
}
END_TEST

START_TEST(read_only_refuses_change)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
	struct app_ctx *ctx = fixture_open(path, NULL, true);
	struct core_error err;

	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "read-only"));
	app_close(ctx);
}
END_TEST

/* Writes text as the settings file beside the store and points
 * BILLCON_CONFIG at it; the path into cfg. */
static void
use_settings(const char *text, char *cfg, size_t size)
{
	FILE *f;

	snprintf(cfg, size, "%s.config", path);
	f = fopen(cfg, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	setenv("BILLCON_CONFIG", cfg, 1);
}

/* read_only = on: every open is read-only whatever the caller asked, a
 * change is refused naming the setting's file, and a command that changes
 * is refused before the store is opened. */
START_TEST(read_only_setting_cannot_be_undone)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
	struct app_options o = { .db_path = path, .changes = "add an associated tenant" };
	long long audit = fixture_count(path, "SELECT count(*) FROM audit");
	struct app_ctx *ctx;
	struct app_denial d;
	struct core_error err;
	char cfg[4200], want[4400];

	use_settings("read_only = on\n", cfg, sizeof(cfg));
	ctx = fixture_open(path, NULL, false);
	ck_assert(app_read_only(ctx));
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_REFUSED);
	snprintf(want, sizeof(want), "Read-only: billcon was started read-only (read_only = on in %s), so it cannot "
		 "change associated tenants.", cfg);
	ck_assert_str_eq(err.message, want);
	ck_assert(!app_may(ctx, CORE_NEED_OWN, NULL, true, &d));
	ck_assert_int_eq(d.why, APP_DENY_READ_ONLY);
	ck_assert_str_eq(d.words, "read-only: read_only = on");
	app_close(ctx);
	/* A command that changes: refused before anything is opened. */
	ctx = NULL;
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_REFUSED);
	ck_assert_ptr_null(ctx);
	ck_assert_ptr_nonnull(strstr(err.message, "so it cannot add an associated tenant."));
	/* Both causes are named. */
	o.read_only = true;
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "(--read-only, and read_only = on in "));
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit"), audit);
	/* off, and only on or off. */
	use_settings("read_only = off\n", cfg, sizeof(cfg));
	ctx = fixture_open(path, NULL, false);
	ck_assert(!app_read_only(ctx));
	app_close(ctx);
	use_settings("read_only = yes\n", cfg, sizeof(cfg));
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "line 1: read_only is on or off"));
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
}
END_TEST

/* --read-only alone: the option is named, in the short words too. */
START_TEST(read_only_option_is_named)
{
	struct app_ctx *ctx = fixture_open(path, NULL, true);
	struct app_options o = { .db_path = path, .read_only = true };
	struct app_denial d;
	struct core_error err;

	ck_assert(!app_may(ctx, CORE_NEED_OWN, NULL, true, &d));
	ck_assert_str_eq(d.words, "read-only: --read-only");
	ck_assert_int_eq(app_require_change(ctx, "add a tenant", &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "Read-only: billcon was started read-only (--read-only), so it cannot add a tenant.");
	/* A read needs no write: allowed read-only. */
	ck_assert(app_may(ctx, CORE_NEED_READ, NULL, false, &d));
	app_close(ctx);
	ck_assert_int_eq(app_refuse_change(&o, "", "make a demo store", &err), CORE_REFUSED);
	o.read_only = false;
	ck_assert_int_eq(app_refuse_change(&o, "", "make a demo store", &err), CORE_OK);
	/* A reader upgrades an older schema first, unless the run is read-only
	 * by either cause. */
	o.reader = true;
	ck_assert_uint_eq(app_open_flags(&o), STORE_OPEN_READ_ONLY | STORE_OPEN_UPGRADE);
	o.read_only_setting = true;
	ck_assert_uint_eq(app_open_flags(&o), STORE_OPEN_READ_ONLY);
}
END_TEST

/* app_open on path as actor (NULL: the store's default actor). */
static enum core_status
try_open(const char *actor, struct core_error *err)
{
	struct app_options o = { .db_path = path, .actor = actor };
	struct app_ctx *ctx = NULL;
	enum core_status rc;

	core_error_clear(err);
	rc = app_open(&o, &ctx, err);
	app_close(ctx);
	return rc;
}

START_TEST(unreadable_directory_is_no_stranger)
{
	struct core_error err;

	/* A directory that cannot be read is a store failure, not an actor
	 * the store does not know. */
	ck_assert_int_eq(fixture_exec(path, "ALTER TABLE directory_user RENAME COLUMN email TO mail"), SQLITE_OK);
	ck_assert_int_eq(try_open("ada@contoso.com", &err), CORE_STORE);
	ck_assert_ptr_null(strstr(err.message, "know"));
}
END_TEST

START_TEST(unreadable_settings_are_no_missing_actor)
{
	struct core_error err;

	ck_assert_int_eq(fixture_exec(path, "ALTER TABLE meta RENAME COLUMN value TO v"), SQLITE_OK);
	ck_assert_int_eq(try_open(NULL, &err), CORE_STORE);
	ck_assert_ptr_null(strstr(err.message, "who you are"));
}
END_TEST

START_TEST(unreadable_domains_are_no_unknown_domain)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct store_tenant t;
	struct core_error err;

	app_close(ctx);
	ck_assert_int_eq(fixture_exec(path, "ALTER TABLE directory_domain RENAME COLUMN tenant_id TO t"), SQLITE_OK);
	/* Not kept as an unknown domain "resolved at sync", nor "not found". */
	ck_assert_int_eq(try_add(NULL, NULL, "unknown.example.com", "New", &err), CORE_STORE);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(app_tenant_get(ctx, "fabrikam.com", &t, &err), CORE_STORE);
	app_close(ctx);
}
END_TEST

START_TEST(rename_is_audited_with_before_and_after)
{
	struct app_tenant_change ch = { .name = "Fabrikam Inc.", .billing_management = -1, .provisioning = -1 };
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;

	ck_assert_int_eq(app_tenant_set(ctx, "fabrikam.com", &ch, false, NULL, NULL, &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'tenant.update'"
		" AND before LIKE '%\"Fabrikam\"%' AND after LIKE '%Fabrikam Inc.%'"), 1);
}
END_TEST

START_TEST(no_op_change_writes_nothing)
{
	struct app_tenant_change ch = { .name = "Fabrikam", .billing_management = 1, .provisioning = 1 };
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;
	long long before = audit_entries();

	ck_assert_int_eq(app_tenant_set(ctx, FABRIKAM, &ch, false, NULL, NULL, &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(audit_entries(), before);
}
END_TEST

START_TEST(billing_off_with_roles_needs_confirmation)
{
	struct app_tenant_change ch = { .billing_management = 0, .provisioning = -1 };
	struct app_tenant_impact impact;
	struct store_tenant t;
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;
	long long before = audit_entries();

	ck_assert_int_eq(app_tenant_set(ctx, FABRIKAM, &ch, false, &t, &impact, &err), CORE_CONFIRM);
	ck_assert_int_eq(impact.roles, 2);
	ck_assert_int_eq(impact.requests, 1);
	ck_assert_ptr_nonnull(strstr(err.message, "2 role assignments"));
	ck_assert_int_eq(audit_entries(), before);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM role_assignment WHERE principal_tenant_id = '" FABRIKAM "'"), 2);

	ck_assert_int_eq(app_tenant_set(ctx, FABRIKAM, &ch, true, &t, &impact, &err), CORE_OK);
	ck_assert_str_eq(t.billing_state, "Revoked");
	ck_assert_str_eq(t.provisioning_state, "Active");
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM role_assignment WHERE principal_tenant_id = '" FABRIKAM "'"), 0);
	/* mo's pending role request is cancelled; the provisioning request is left alone */
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" FABRIKAM "' AND status = 'Cancelled'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" FABRIKAM "' AND status = 'Approved' AND type = 'ProvisioningAccess'"), 1);
	ck_assert_int_eq(audit_entries(), before + 4); /* 1 cancel, 2 role.remove, 1 tenant.update */
}
END_TEST

START_TEST(billing_off_without_live_roles_needs_no_confirmation)
{
	struct app_tenant_change ch = { .billing_management = 0, .provisioning = -1 };
	struct store_tenant t;
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;

	/* Litware's only assignment was declined: it gives no access. */
	ck_assert_int_eq(app_tenant_set(ctx, LITWARE, &ch, false, &t, NULL, &err), CORE_OK);
	ck_assert_str_eq(t.billing_state, "Revoked");
	ch.billing_management = 1;
	ck_assert_int_eq(app_tenant_set(ctx, WINGTIP, &ch, false, &t, NULL, &err), CORE_OK);
	ck_assert_str_eq(t.billing_state, "Active");
	app_close(ctx);
}
END_TEST

START_TEST(provisioning_off_revokes_and_cancels)
{
	struct app_tenant_change ch = { .billing_management = -1, .provisioning = 0 };
	struct store_tenant t;
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;

	ck_assert_int_eq(app_tenant_set(ctx, TAILSPIN, &ch, false, &t, NULL, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "Revoked");
	ch.provisioning = 1;
	ck_assert_int_eq(app_tenant_set(ctx, TAILSPIN, &ch, false, &t, NULL, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "Pending");
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" TAILSPIN "'"
		" AND type = 'ProvisioningAccess' AND status = 'Cancelled'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" TAILSPIN "'"
		" AND type = 'ProvisioningAccess' AND status = 'Pending'"), 1);
}
END_TEST

START_TEST(remove_needs_confirmation_then_cascades)
{
	struct app_tenant_impact impact;
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;
	long long before = audit_entries(), count = tenants();

	ck_assert_int_eq(app_tenant_remove(ctx, "fabrikam.onmicrosoft.com", false, &impact, &err), CORE_CONFIRM);
	ck_assert_int_eq(impact.roles, 2);
	ck_assert_int_eq(tenants(), count);
	ck_assert_int_eq(audit_entries(), before);
	ck_assert_int_eq(app_tenant_remove(ctx, "fabrikam.onmicrosoft.com", true, &impact, &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(tenants(), count - 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM role_assignment WHERE principal_tenant_id = '" FABRIKAM "'"), 0);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE tenant_id = '" FABRIKAM "' AND status = 'Pending'"), 0);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'tenant.remove' AND after IS NULL AND before LIKE '%Fabrikam%'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'role.remove'"), 2);
}
END_TEST

START_TEST(remove_without_roles_still_needs_confirmation)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;

	ck_assert_int_eq(app_tenant_remove(ctx, WINGTIP, false, NULL, &err), CORE_CONFIRM);
	ck_assert_int_eq(app_tenant_remove(ctx, WINGTIP, true, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_remove(ctx, WINGTIP, true, NULL, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_tenant_remove(ctx, "not a key", true, NULL, &err), CORE_USAGE);
	app_close(ctx);
}
END_TEST

START_TEST(expiry_applies_on_open)
{
	struct app_ctx *ctx;
	struct store_tenant t;
	struct core_error err;

	setenv("BILLCON_NOW", "2026-02-01T00:00:00Z", 1);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(app_tenant_get(ctx, TAILSPIN, &t, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "BillingRequestExpired");
	app_close(ctx);
	/* written, with an audit entry per request: Tailspin's and two role requests */
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id = '" TAILSPIN
					     "' AND provisioning_management_state = 'BillingRequestExpired'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM billing_request WHERE status = 'Pending'"), 0);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'request.expire'"), 3);
	/* an expired role request no longer counts as access to cut */
	ctx = fixture_open(path, NULL, false);
	{
		struct app_tenant_impact impact;
		ck_assert_int_eq(app_tenant_remove(ctx, FABRIKAM, false, &impact, &err), CORE_CONFIRM);
		ck_assert_int_eq(impact.roles, 1);
	}
	app_close(ctx);
}
END_TEST

START_TEST(chain_stays_whole_after_changes)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X", .provisioning = true };
	struct core_error err;

	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_remove(ctx, NEW_TENANT, true, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_remove(ctx, FABRIKAM, true, NULL, &err), CORE_OK);
	app_close(ctx);
	{
		struct store *st;
		struct store_audit_verdict v;
		ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_OK);
		ck_assert_int_eq(store_audit_verify(st, NULL, &v, &err), CORE_OK);
		ck_assert_int_eq(v.first_bad, 0);
		ck_assert_int_eq(v.entries, audit_entries());
		store_close(st);
	}
}
END_TEST

START_TEST(tenant_count_follows_changes)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
	struct core_error err;
	long long n;

	ck_assert_int_eq(app_list_count(ctx, store_tenant_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, tenants());
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_remove(ctx, FABRIKAM, true, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_remove(ctx, WINGTIP, true, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_list_count(ctx, store_tenant_list(), &n, &err), CORE_OK);
	ck_assert_int_eq(n, tenants());
	ck_assert_int_eq(n, 6);
	app_close(ctx);
}
END_TEST

/* The time of each change is the time it was written, not the time the
 * store was opened, and never earlier than the entry before it. */
START_TEST(changes_carry_their_own_time)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "Later" };
	struct app_ctx *ctx;
	struct core_error err;

	setenv("BILLCON_NOW", "2026-01-20T00:00:00Z", 1);
	ctx = fixture_open(path, NULL, false);
	setenv("BILLCON_NOW", "2026-01-21T08:00:00Z", 1);
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE seq = (SELECT max(seq)"
				       " FROM audit) AND at = '2026-01-21T08:00:00Z'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE"
				       " created_on = '2026-01-21T08:00:00Z'"), 1);
	/* A clock behind the trail's last entry (another process's) does not
	 * make the trail run backwards. */
	setenv("BILLCON_NOW", "2026-01-21T07:00:00Z", 1);
	ck_assert_int_eq(app_tenant_remove(ctx, NEW_TENANT, true, NULL, &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1"
				       " WHERE b.at < a.at"), 0);
	app_close(ctx);
}
END_TEST

START_TEST(moving_clock_moves)
{
	time_t first, later;

	setenv("BILLCON_NOW", "2026-01-15T00:00:00Z+", 1);
	first = core_now();
	ck_assert_int_ge(first, 1768435200);
	ck_assert_int_le(first, 1768435200 + 1);
	sleep(1);
	later = core_now();
	ck_assert_int_gt(later, 1768435200);
}
END_TEST

/* A role lost after the console opened no longer lets the actor act. */
START_TEST(roles_are_read_when_the_action_runs)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "X" };
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_denial d;
	struct core_error err;

	ck_assert(app_tenant_may_change(ctx, &d));
	ck_assert_int_eq(fixture_exec(path, "DELETE FROM role_assignment WHERE principal_email ="
				      " 'ada@contoso.com'"), 0);
	ck_assert(!app_tenant_may_change(ctx, &d));
	ck_assert_int_eq(d.why, APP_DENY_ROLE);
	ck_assert_int_eq(d.role, CORE_ROLE_OWNER);
	ck_assert_int_eq(d.depth, 0);
	ck_assert_str_eq(d.words, "needs Billing account owner");
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_FORBIDDEN);
	app_close(ctx);
}
END_TEST

/* However many roles an actor holds, none is dropped. */
START_TEST(no_cap_on_grants)
{
	struct app_ctx *ctx;
	struct app_denial d;
	char sql[512];
	int i;

	ck_assert_int_eq(fixture_exec(path, "DELETE FROM role_assignment WHERE principal_email ="
				      " 'ada@contoso.com'"), 0);
	for (i = 0; i < 100; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO role_assignment(name, account_id, scope,"
			 " role_definition_id, principal_email, principal_tenant_id, created_by, created_on)"
			 " SELECT 'r%d', 1, scope || '/billingProfiles/p%d', id, 'ada@contoso.com', 't', 'x', 'y'"
			 " FROM role_definition WHERE role_name = 'Billing account reader' LIMIT 1", i, i);
		ck_assert_int_eq(fixture_exec(path, sql), 0);
	}
	ck_assert_int_eq(fixture_exec(path, "INSERT INTO role_assignment(name, account_id, scope,"
		" role_definition_id, principal_email, principal_tenant_id, created_by, created_on)"
		" SELECT 'last', 1, scope, id, 'ada@contoso.com', 't', 'x', 'y' FROM role_definition"
		" WHERE role_name = 'Billing account owner' LIMIT 1"), 0);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(ctx->ngrants, 101);
	ck_assert(app_tenant_may_change(ctx, &d));
	app_close(ctx);
}
END_TEST

/* Two consoles on one row: a save over a change made since the row was
 * shown is refused with what changed; an edit writes only its fields. */
START_TEST(stale_edit_is_refused_and_edits_write_only_their_fields)
{
	struct app_ctx *one = fixture_open(path, NULL, false), *two = fixture_open(path, NULL, false);
	struct app_tenant_change rename = { .name = "Fabrikam West", .billing_management = -1,
					    .provisioning = -1 };
	struct app_tenant_change off = { .billing_management = 0, .provisioning = -1 };
	struct store_tenant shown, now;
	struct core_error err;

	ck_assert_int_eq(app_tenant_get(one, WINGTIP, &shown, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_set(two, WINGTIP, &rename, false, NULL, NULL, &err), CORE_OK);
	off.shown = &shown;
	off.billing_management = 1;
	ck_assert_int_eq(app_tenant_set(one, WINGTIP, &off, false, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "changed since it was shown"));
	ck_assert_ptr_nonnull(strstr(err.message, "Fabrikam West"));
	/* Reloaded, the same change goes through and keeps the other's name. */
	ck_assert_int_eq(app_tenant_get(one, WINGTIP, &shown, &err), CORE_OK);
	ck_assert_int_eq(app_tenant_set(one, WINGTIP, &off, false, &now, NULL, &err), CORE_OK);
	ck_assert_str_eq(now.display_name, "Fabrikam West");
	ck_assert_str_eq(now.billing_state, "Active");
	ck_assert_int_eq(now.version, shown.version + 1);
	app_close(one);
	app_close(two);
}
END_TEST

/* Each change queues its intended change for sync with its audit entry;
 * what the service does itself is kept but never pushed. */
START_TEST(changes_are_queued_for_sync_as_intended_changes)
{
	struct app_tenant_new in = { .tenant_id = NEW_TENANT, .name = "Queued", .provisioning = true };
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct core_error err;
	long long before = fixture_count(path, "SELECT count(*) FROM sync_outbox");

	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox") - before, 2);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox o JOIN audit a"
		" ON a.seq = o.audit_seq AND a.action = o.action AND a.object = o.object"
		" AND a.after IS o.after WHERE o.push = 1 AND o.action = 'tenant.add'"
		" AND o.object LIKE '%" NEW_TENANT "'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox WHERE push = 0"
		" AND action = 'request.create' AND json_extract(after, '$.type') = 'ProvisioningAccess'"), 1);
	/* A refused change queues nothing. */
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox") - before, 2);
	app_close(ctx);
}
END_TEST

/* An expiry applied long after records the moment of expiry. */
START_TEST(late_expiry_records_when_it_expired)
{
	struct app_ctx *ctx;

	setenv("BILLCON_NOW", "2026-06-01T00:00:00Z", 1);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_gt(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'request.expire'"), 0);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit a JOIN billing_request r"
		" ON a.object LIKE '%' || r.name WHERE a.action = 'request.expire'"
		" AND (json_extract(a.after, '$.expiredOn') IS NOT r.expires_on"
		"  OR r.reviewed_on IS NOT r.expires_on OR a.at <> '2026-06-01T00:00:00Z')"), 0);
	app_close(ctx);
}
END_TEST

START_TEST(audit_summary_says_what_changed)
{
	char out[256];

	app_audit_summary("{\"a\":\"x\",\"b\":1,\"gone\":true}", "{\"a\":\"y\",\"b\":1}", out, sizeof(out));
	ck_assert_str_eq(out, "a: x \xe2\x86\x92 y; gone: true \xe2\x86\x92 -");
	app_audit_summary(NULL, "{\"a\":\"x\"}", out, sizeof(out));
	ck_assert_str_eq(out, "a: x");
	app_audit_summary("{\"a\":\"x\"}", "", out, sizeof(out));
	ck_assert_str_eq(out, "a: x");
	app_audit_summary("not json", NULL, out, sizeof(out));
	ck_assert_str_eq(out, "not json");
	/* Nested objects by path: only what changed inside them. */
	app_audit_summary("{\"billingProfile\":{\"name\":\"P1\",\"displayName\":\"One\"}}",
			  "{\"billingProfile\":{\"name\":\"P2\",\"displayName\":\"One\"}}", out, sizeof(out));
	ck_assert_str_eq(out, "billingProfile.name: P1 \xe2\x86\x92 P2");
}
END_TEST

/* The details' diff: one line per field, marked, values whole. */
START_TEST(audit_diff_marks_each_field)
{
	struct app_audit_field *f;
	size_t n;
	struct core_error err;

	ck_assert_int_eq(app_audit_diff("{\"a\":\"x\",\"b\":1,\"gone\":true,\"o\":{\"k\":[1]}}",
					"{\"a\":\"y\",\"b\":1,\"new\":null,\"o\":{\"k\":[1]}}", &f, &n, &err),
			 CORE_OK);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(f[0].name, "a");
	ck_assert_str_eq(f[0].before, "x");
	ck_assert_str_eq(f[0].after, "y");
	ck_assert_int_eq(f[0].mark, APP_AUDIT_CHANGED);
	ck_assert_int_eq(f[1].mark, APP_AUDIT_SAME);
	ck_assert_str_eq(f[2].name, "new");
	ck_assert_ptr_null(f[2].before);
	ck_assert_str_eq(f[2].after, "null");
	ck_assert_int_eq(f[2].mark, APP_AUDIT_ADDED);
	/* Nested objects read field by field, by their path. */
	ck_assert_str_eq(f[3].name, "o.k");
	ck_assert_str_eq(f[3].after, "[1]");
	ck_assert_int_eq(f[3].mark, APP_AUDIT_SAME);
	ck_assert_str_eq(f[4].name, "gone");
	ck_assert_ptr_null(f[4].after);
	ck_assert_int_eq(f[4].mark, APP_AUDIT_REMOVED);
	ck_assert_str_eq(app_audit_mark_word(f[4].mark), "removed");
	app_audit_diff_free(f, n);
	/* A change deep in an object is its own field; an object that became
	 * a value is one field, its before whole. */
	ck_assert_int_eq(app_audit_diff("{\"o\":{\"k\":1,\"m\":{\"z\":2}},\"p\":{\"q\":1}}",
					"{\"o\":{\"k\":2},\"p\":3}", &f, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(f[0].name, "o.k");
	ck_assert_int_eq(f[0].mark, APP_AUDIT_CHANGED);
	ck_assert_str_eq(f[1].name, "o.m.z");
	ck_assert_int_eq(f[1].mark, APP_AUDIT_REMOVED);
	ck_assert_str_eq(f[2].name, "p");
	ck_assert_str_eq(f[2].before, "{\"q\":1}");
	ck_assert_str_eq(f[2].after, "3");
	app_audit_diff_free(f, n);
	/* An addition: every field added; a removal: every field removed. */
	ck_assert_int_eq(app_audit_diff("", "{\"a\":\"x\"}", &f, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(f[0].mark, APP_AUDIT_ADDED);
	app_audit_diff_free(f, n);
	ck_assert_int_eq(app_audit_diff("{\"a\":\"x\"}", NULL, &f, &n, &err), CORE_OK);
	ck_assert_int_eq(f[0].mark, APP_AUDIT_REMOVED);
	ck_assert_str_eq(f[0].before, "x");
	app_audit_diff_free(f, n);
	/* Text that is not an object is one field, as it is. */
	ck_assert_int_eq(app_audit_diff("not json", "[1]", &f, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(f[0].name, "(value)");
	ck_assert_str_eq(f[0].before, "not json");
	ck_assert_str_eq(f[0].after, "[1]");
	ck_assert_int_eq(f[0].mark, APP_AUDIT_CHANGED);
	app_audit_diff_free(f, n);
	ck_assert_int_eq(app_audit_diff(NULL, "", &f, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 0);
	app_audit_diff_free(f, n);
}
END_TEST

/* The console's reads of the trail: an entry, a date's place, a bad date. */
START_TEST(audit_reads_for_the_console)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct store_audit_row *row = malloc(sizeof(*row));
	struct store_audit_verdict v;
	struct core_error err;
	long long seq, last = audit_entries();

	ck_assert_ptr_nonnull(row);
	ck_assert_int_eq(app_audit_entry(ctx, 1, row, &err), CORE_OK);
	ck_assert_int_eq(row->seq, 1);
	ck_assert_int_eq(app_audit_entry(ctx, last + 1, row, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_audit_seq_at(ctx, "2000-01-01", &seq, &err), CORE_OK);
	ck_assert_int_eq(seq, 0);
	ck_assert_int_eq(app_audit_seq_at(ctx, "2999-01-01T09:30", &seq, &err), CORE_OK);
	ck_assert_int_eq(seq, last);
	ck_assert_int_eq(app_audit_seq_at(ctx, "yesterday", &seq, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "2026-01-01"));
	ck_assert_int_eq(app_audit_verify(ctx, NULL, &v, &err), CORE_OK);
	ck_assert_int_eq(v.entries, last);
	ck_assert_int_eq(v.first_bad, 0);
	free(row);
	app_close(ctx);
}
END_TEST

/* Drafts keep typed input for the actor; they are not billing changes. */
START_TEST(drafts_are_kept_but_not_audited_or_queued)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false), *ro;
	json_t *fields = json_pack("{s:s, s:b}", "Friendly name", "Half typed", "Provisioning", 1);
	long long audited = audit_entries();
	long long queued = fixture_count(path, "SELECT count(*) FROM sync_outbox");
	struct store_draft d;
	struct core_error err;

	ck_assert_int_eq(app_draft_get(ctx, "tenant.add", &d, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_draft_save(ctx, "tenant.add", "", fields, &err), CORE_OK);
	json_object_set_new(fields, "Friendly name", json_string("Typed more"));
	ck_assert_int_eq(app_draft_save(ctx, "tenant.add", "", fields, &err), CORE_OK);
	ck_assert_int_eq(app_draft_get(ctx, NULL, &d, &err), CORE_OK);
	ck_assert_str_eq(d.kind, "tenant.add");
	ck_assert_ptr_nonnull(strstr(d.fields, "Typed more"));
	app_draft_free(&d);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM draft"), 1);
	ck_assert_int_eq(audit_entries(), audited);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox"), queued);
	/* Another actor does not see it; read-only writes nothing. */
	app_close(ctx);
	ctx = fixture_open(path, "ben@contoso.com", false);
	ck_assert_int_eq(app_draft_get(ctx, "tenant.add", &d, &err), CORE_NOT_FOUND);
	app_close(ctx);
	ro = fixture_open(path, NULL, true);
	ck_assert_int_eq(app_draft_save(ro, "tenant.edit", "", fields, &err), CORE_REFUSED);
	ck_assert_int_eq(app_draft_discard(ro, "tenant.add", &err), CORE_OK);
	app_close(ro);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM draft"), 1);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(app_draft_discard(ctx, "tenant.add", &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM draft"), 0);
	app_close(ctx);
	json_decref(fields);
}
END_TEST

START_TEST(account_choice)
{
	struct app_options o = { .db_path = path, .actor = "ada@contoso.com", .account = "No such" };
	struct app_ctx *ctx;
	struct core_error err;

	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_NOT_FOUND);
	o.account = "Contoso";
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	ck_assert_str_eq(ctx->account.display_name, "Contoso");
	app_close(ctx);
	o.account = NULL;
	o.actor = "not an email";
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_USAGE);
}
END_TEST

static Suite *
app_suite(void)
{
	Suite *s = suite_create("app");
	TCase *add = tcase_create("add");
	TCase *change = tcase_create("change");

	tcase_add_checked_fixture(add, fixture_setup, fixture_teardown);
	tcase_add_checked_fixture(change, fixture_setup, fixture_teardown);
	tcase_set_timeout(add, 30);
	tcase_set_timeout(change, 30);
	tcase_add_test(add, add_by_id_writes_row_and_audit);
	tcase_add_test(add, add_uppercase_guid_is_normalised);
	tcase_add_test(add, add_with_provisioning_creates_request);
	tcase_add_test(add, request_expiry_is_configurable);
	tcase_add_test(add, bad_config_line_is_named);
	tcase_add_test(add, add_by_known_domain_maps_to_tenant);
	tcase_add_test(add, add_by_unknown_domain_resolves_at_sync);
	tcase_add_test(add, add_refuses_primary_tenant);
	tcase_add_test(add, add_refuses_nil_guid);
	tcase_add_test(add, add_refuses_duplicates);
	tcase_add_test(add, add_refuses_malformed_input);
	tcase_add_test(add, add_accepts_64_characters);
	tcase_add_test(add, only_owner_may_change);
	tcase_add_test(add, unknown_actor_changes_nothing);
	tcase_add_test(add, non_enterprise_account_has_no_associated_tenants);
	tcase_add_test(add, read_only_refuses_change);
	tcase_add_test(add, read_only_setting_cannot_be_undone);
	tcase_add_test(add, read_only_option_is_named);
	tcase_add_test(add, unreadable_directory_is_no_stranger);
	tcase_add_test(add, unreadable_settings_are_no_missing_actor);
	tcase_add_test(add, unreadable_domains_are_no_unknown_domain);
	tcase_add_test(add, account_choice);
	tcase_add_test(add, background_sync_yields_to_the_console);
	tcase_add_test(change, rename_is_audited_with_before_and_after);
	tcase_add_test(change, no_op_change_writes_nothing);
	tcase_add_test(change, billing_off_with_roles_needs_confirmation);
	tcase_add_test(change, billing_off_without_live_roles_needs_no_confirmation);
	tcase_add_test(change, provisioning_off_revokes_and_cancels);
	tcase_add_test(change, remove_needs_confirmation_then_cascades);
	tcase_add_test(change, remove_without_roles_still_needs_confirmation);
	tcase_add_test(change, expiry_applies_on_open);
	tcase_add_test(change, chain_stays_whole_after_changes);
	tcase_add_test(change, tenant_count_follows_changes);
	tcase_add_test(change, changes_carry_their_own_time);
	tcase_add_test(change, moving_clock_moves);
	tcase_add_test(change, roles_are_read_when_the_action_runs);
	tcase_add_test(change, no_cap_on_grants);
	tcase_add_test(change, stale_edit_is_refused_and_edits_write_only_their_fields);
	tcase_add_test(change, changes_are_queued_for_sync_as_intended_changes);
	tcase_add_test(change, late_expiry_records_when_it_expired);
	tcase_add_test(change, audit_summary_says_what_changed);
	tcase_add_test(change, audit_diff_marks_each_field);
	tcase_add_test(change, audit_reads_for_the_console);
	tcase_add_test(change, drafts_are_kept_but_not_audited_or_queued);
	suite_add_tcase(s, add);
	suite_add_tcase(s, change);
	return s;
}

int
main(void)
{
	return fixture_run(app_suite());
}
