/* The Partner Center account and the billing profile link (DOMAIN.md §6):
 * store_partner and app_partner on the demo world. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_audit.h"
#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_link.h"
#include "billcon/app_partner.h"
#include "billcon/core_link.h"
#include "billcon/store_account.h"
#include "billcon/store_audit.h"
#include "billcon/store_partner.h"
#include "fixture.h"

#define path fixture_path

#define ADA "ada@contoso.com"
#define BEN "ben@contoso.com"
#define FABRIKAM_ADMIN "admin@fabrikam.com"
#define CONTOSO_PROFILE "PBFV-4XYZ-BG7-TGB"

static long long
count(const char *sql)
{
	return fixture_count(path, sql);
}

static struct app_ctx *
open_as(const char *actor, const char *tenant, bool read_only)
{
	struct app_options o = { .db_path = path, .actor = actor, .account = "contoso",
				 .read_only = read_only, .tenant = tenant };
	struct app_ctx *ctx = NULL;
	struct core_error err;

	core_error_clear(&err);
	ck_assert_msg(app_open(&o, &ctx, &err) == CORE_OK, "open: %s", err.message);
	return ctx;
}

/* What an action answered: its status and its sentence. */
struct outcome {
	enum core_status rc;
	char message[1024];
};

#define ck_refused(o, status, words) do { \
	struct outcome o_ = (o); \
	ck_assert_int_eq(o_.rc, status); \
	ck_assert_msg(strstr(o_.message, words) != NULL, "\"%s\" lacks \"%s\"", o_.message, words); \
	ck_assert_ptr_null(strchr(o_.message, '\n')); \
} while (0)

/* Links l as actor (signed in through tenant, NULL the home tenant); a
 * refusal must leave the trail, the links and the accounts as they were. */
static struct outcome
link_as(const char *actor, const char *tenant, struct core_link *l)
{
	struct app_ctx *ctx = open_as(actor, tenant, false);
	long long entries = count("SELECT count(*) FROM audit"), links = count("SELECT count(*) FROM partner_link"),
		  accounts = count("SELECT count(*) FROM billing_account");
	struct core_error err;
	struct outcome o;

	core_error_clear(&err);
	o.rc = app_link_finish(ctx, l, o.message, sizeof(o.message), &err);
	app_close(ctx);
	if (o.rc) {
		snprintf(o.message, sizeof(o.message), "%s", err.message);
		ck_assert_int_eq(count("SELECT count(*) FROM audit"), entries);
		ck_assert_int_eq(count("SELECT count(*) FROM partner_link"), links);
		ck_assert_int_eq(count("SELECT count(*) FROM billing_account"), accounts);
	}
	return o;
}

static struct outcome
preconditions_as(const char *actor, const char *tenant, bool read_only)
{
	struct app_ctx *ctx = open_as(actor, tenant, read_only);
	struct core_error err;
	struct outcome o;

	core_error_clear(&err);
	o.rc = app_partner_preconditions(ctx, &err);
	snprintf(o.message, sizeof(o.message), "%s", err.message);
	app_close(ctx);
	return o;
}

static struct outcome
set_as(const char *actor, const struct app_partner_set *s)
{
	struct app_ctx *ctx = open_as(actor, NULL, false);
	struct core_error err;
	struct outcome o;

	core_error_clear(&err);
	o.rc = app_partner_set(ctx, s, &err);
	snprintf(o.message, sizeof(o.message), "%s", err.message);
	app_close(ctx);
	return o;
}

/* The demo's Contoso account and its profile, MCA accepted already. */
static void
existing(struct core_link *l, enum core_link_mode mode)
{
	core_link_init(l, mode);
	core_link_choose_account(l, "Contoso", "Contoso");
	core_link_choose_profile(l, CONTOSO_PROFILE, "");
}

static void
audit_whole(void)
{
	struct app_ctx *ctx = open_as(ADA, NULL, true);
	struct store_audit_verdict v;
	struct core_error err;

	core_error_clear(&err);
	ck_assert_int_eq(store_audit_verify(ctx->st, NULL, &v, &err), CORE_OK);
	ck_assert_msg(v.first_bad == 0, "%s", v.problem);
	app_close(ctx);
}

START_TEST(demo_partner_ready_for_the_wizard)
{
	struct app_ctx *ctx = open_as(ADA, NULL, false);
	struct app_partner_page *page = malloc(sizeof(*page));
	struct core_error err;

	core_error_clear(&err);
	ck_assert_int_eq(app_partner_read(ctx, page, &err), CORE_OK);
	ck_assert_str_eq(page->partner.partner_id, "5123456");
	ck_assert_str_eq(page->partner.state, "Active");
	ck_assert_int_eq(page->ntenants, 2);
	ck_assert_str_eq(page->tenants[0], CONTOSO_PRIMARY);
	ck_assert_str_eq(page->tenant_names[1], "Fabrikam");
	ck_assert_str_eq(page->partner.purchase_tenant_id, CONTOSO_PRIMARY);
	ck_assert_str_eq(page->sign_in_tenant, CONTOSO_PRIMARY);
	ck_assert(!page->linked);
	ck_assert_int_eq(page->history_total, 0);
	ck_assert_int_eq(app_partner_preconditions(ctx, &err), CORE_OK);
	free(page);
	app_close(ctx);
}
END_TEST

START_TEST(sign_in_tenant_from_option_setting_or_home)
{
	struct app_ctx *ctx = open_as(FABRIKAM_ADMIN, NULL, false);
	char tenant[64];

	app_partner_sign_in_tenant(ctx, tenant, sizeof(tenant));
	ck_assert_str_eq(tenant, FABRIKAM);
	app_close(ctx);
	ctx = open_as(ADA, "{C0000000-0000-4000-8000-000000000002}", false);
	app_partner_sign_in_tenant(ctx, tenant, sizeof(tenant));
	ck_assert_str_eq(tenant, FABRIKAM);
	app_close(ctx);
}
END_TEST

START_TEST(bad_tenant_option_refused)
{
	struct app_options o = { .db_path = path, .actor = ADA, .tenant = "contoso" };
	struct app_ctx *ctx = NULL;
	struct core_error err;

	core_error_clear(&err);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "--tenant takes the ID of the tenant"));
	ck_assert_ptr_null(ctx);
}
END_TEST

START_TEST(each_precondition_refused_with_what_to_do)
{
	struct app_partner_set suspended = { .state = "Suspended" }, active = { .state = "Active" };
	struct app_partner_set other_tenants = { .tenants = FABRIKAM "," TAILSPIN, .purchase_tenant = FABRIKAM };

	ck_refused(preconditions_as(BEN, NULL, false), CORE_FORBIDDEN, "not a Global administrator of Contoso");
	ck_refused(preconditions_as(ADA, FABRIKAM, false), CORE_FORBIDDEN, "not a Global administrator of Fabrikam");
	ck_refused(preconditions_as(FABRIKAM_ADMIN, NULL, false), CORE_REFUSED,
		   "Several tenants are linked to the Partner Center account: sign in through Contoso ("
		   CONTOSO_PRIMARY "), the tenant chosen for membership purchases (billcon --tenant " CONTOSO_PRIMARY ").");
	ck_refused(preconditions_as(ADA, NULL, true), CORE_REFUSED, "Read-only");
	ck_assert_int_eq(set_as(ADA, &suspended).rc, CORE_OK);
	ck_refused(preconditions_as(ADA, NULL, false), CORE_REFUSED, "is Suspended: a billing profile can be linked only while it is Active");
	ck_assert_int_eq(set_as(ADA, &active).rc, CORE_OK);
	ck_assert_int_eq(preconditions_as(ADA, NULL, false).rc, CORE_OK);
	ck_assert_int_eq(set_as(ADA, &other_tenants).rc, CORE_OK);
	ck_refused(preconditions_as(ADA, NULL, false), CORE_FORBIDDEN, "not one of the Partner Center account's tenants");
	/* The write checks them again: a link refused, nothing written. */
	{
		struct core_link l;
		existing(&l, CORE_LINK_NEW);
		ck_refused(link_as(ADA, NULL, &l), CORE_FORBIDDEN, "not one of the Partner Center account's tenants");
		existing(&l, CORE_LINK_NEW);
		ck_refused(link_as(BEN, NULL, &l), CORE_FORBIDDEN, "not a Global administrator");
	}
}
END_TEST

START_TEST(no_partner_account_says_how_to_enter_one)
{
	struct app_partner_set first = { .display_name = "Other" };
	struct app_partner_page *page = malloc(sizeof(*page));
	struct app_ctx *ctx;
	struct core_error err;

	ck_assert_int_eq(fixture_exec(path, "DELETE FROM partner_tenant; DELETE FROM partner_account"), 0);
	ctx = open_as(ADA, NULL, false);
	core_error_clear(&err);
	ck_assert_int_eq(app_partner_read(ctx, page, &err), CORE_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "billcon partner set --id ID --name NAME"));
	ck_assert_int_eq(app_partner_preconditions(ctx, &err), CORE_NOT_FOUND);
	app_close(ctx);
	free(page);
	ck_refused(set_as(ADA, &first), CORE_USAGE, "give at least its --id and --name");
}
END_TEST

START_TEST(existing_account_and_profile_mca_already_accepted)
{
	struct core_link l;
	struct outcome o;

	existing(&l, CORE_LINK_NEW);
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	ck_assert_ptr_nonnull(strstr(o.message, "Linked billing profile \"Contoso Operations\""));
	ck_assert_int_eq(count("SELECT count(*) FROM partner_link WHERE unlinked_on IS NULL AND linked_by = '" ADA "'"
			       " AND profile_id = (SELECT id FROM billing_profile WHERE name = '" CONTOSO_PROFILE "')"), 1);
	/* Accepted before: no new acceptance. */
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca'"), 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'partner.link' AND before IS NULL"
			       " AND object = '/providers/Microsoft.PartnerCenter/partners/5123456/billingProfileLink'"
			       " AND json_extract(after, '$.billingProfile.name') = '" CONTOSO_PROFILE "'"
			       " AND json_extract(after, '$.billingAccount.displayName') = 'Contoso'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE action = 'partner.link' AND push = 0"), 1);
	audit_whole();
}
END_TEST

START_TEST(new_account_and_new_profile)
{
	struct core_link l;
	struct outcome o;

	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_new_account(&l, "Contoso Partner Billing", "billing@contoso.com", "US");
	core_link_choose_new_profile(&l, "Partner purchases");
	o = link_as(ADA, NULL, &l);
	ck_refused(o, CORE_REFUSED, "Accept the Microsoft Customer Agreement");
	l.accept_mca = true;
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account WHERE display_name = 'Contoso Partner Billing'"
			       " AND account_type = 'Business' AND agreement_type = 'MicrosoftCustomerAgreement'"
			       " AND primary_tenant_id = '" CONTOSO_PRIMARY "' AND sold_to_company = 'Contoso Ltd'"
			       " AND sold_to_country = 'US' AND primary_contact = 'billing@contoso.com'"
			       " AND mca_accepted_by = '" ADA "' AND mca_accepted_on = '" FIXTURE_NOW "'"
			       " AND name GLOB '*-*-*-*-*:*-*-*-*-*_2019-05-31'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_profile p JOIN billing_account a ON a.id = p.account_id"
			       " WHERE a.display_name = 'Contoso Partner Billing' AND p.display_name = 'Partner purchases'"
			       " AND p.payment_instrument = 'None'"
			       " AND p.name GLOB '[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]-[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]-"
			       "[A-Z0-9][A-Z0-9][A-Z0-9]-[A-Z0-9][A-Z0-9][A-Z0-9]'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM invoice_section s JOIN billing_profile p ON p.id = s.profile_id"
			       " WHERE p.display_name = 'Partner purchases'"), 1);
	/* The creator owns it; its scopes have their built-in roles. */
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment r JOIN billing_account a ON a.id = r.account_id"
			       " JOIN role_definition d ON d.id = r.role_definition_id"
			       " WHERE a.display_name = 'Contoso Partner Billing' AND r.principal_email = '" ADA "'"
			       " AND d.role_name = 'Billing account owner'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM role_definition d JOIN billing_account a ON a.id = d.account_id"
			       " WHERE a.display_name = 'Contoso Partner Billing'"), 4 + 4 + 4);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action IN ('billingAccount.create',"
			       " 'billingProfile.create', 'billingAccount.acceptMca', 'partner.link', 'role.assign')"
			       " AND actor = '" ADA "' AND at = '" FIXTURE_NOW "'"), 5);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'billingProfile.create' AND object GLOB"
			       " '/providers/Microsoft.Billing/billingAccounts/*/billingProfiles/*'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca'"
			       " AND json_extract(after, '$.acceptedBy') = '" ADA "'"
			       " AND json_extract(after, '$.italyAcknowledged') IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE push = 0 AND action IN ('billingAccount.create',"
			       " 'billingProfile.create', 'billingAccount.acceptMca', 'partner.link', 'role.assign')"), 5);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE push <> 0 AND action LIKE 'billing%'"), 0);
	audit_whole();
}
END_TEST

/* The warning is core_link's (test_wizard.c); the link goes on. */
START_TEST(new_account_without_contact_links)
{
	struct core_link l;

	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_new_account(&l, "No Contact Ltd", "", "US");
	core_link_choose_new_profile(&l, "P");
	l.accept_mca = true;
	ck_assert_int_eq(link_as(ADA, NULL, &l).rc, CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account WHERE display_name = 'No Contact Ltd'"
			       " AND primary_contact IS NULL"), 1);
}
END_TEST

START_TEST(italy_needs_the_second_acknowledgement)
{
	struct app_partner_set italy = { .legal_country = "it", .legal_address = "Via Roma 1, 20121 Milano" };
	struct core_link l;
	struct outcome o;

	ck_assert_int_eq(set_as(ADA, &italy).rc, CORE_OK);
	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_new_account(&l, "Contoso Italia", "", "");
	core_link_choose_new_profile(&l, "Italia");
	l.accept_mca = true;
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "Italy");
	ck_assert_str_eq(l.sold_to_country, "IT");
	l.accept_mca_italy = true;
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account WHERE display_name = 'Contoso Italia'"
			       " AND sold_to_country = 'IT' AND sold_to_address = 'Via Roma 1, 20121 Milano'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca'"
			       " AND json_extract(after, '$.italyAcknowledged') = 1"), 1);
}
END_TEST

/* An existing account whose MCA is not accepted yet, sold to Italy, with
 * a profile without a payment instrument. */
static void
add_italian_account(void)
{
	ck_assert_int_eq(fixture_exec(path,
		"INSERT INTO billing_account(name, display_name, agreement_type, account_type, primary_tenant_id,"
		" sold_to_company, sold_to_country) VALUES('it-1', 'Contoso Italia', 'MicrosoftCustomerAgreement',"
		" 'Business', '" CONTOSO_PRIMARY "', 'Contoso Italia', 'IT');"
		"INSERT INTO billing_profile(account_id, name, display_name, payment_instrument)"
		" VALUES((SELECT id FROM billing_account WHERE name = 'it-1'), 'ITPR-0001-AAA-BBB', 'Italia', 'None');"
		"INSERT INTO billing_profile(account_id, name, display_name, payment_instrument)"
		" VALUES((SELECT id FROM billing_account WHERE name = 'it-1'), 'ITPR-0002-AAA-BBB', 'Italia card', 'CreditCard');"),
		0);
}

START_TEST(reuse_enforced_naming_the_profile)
{
	struct app_ctx *ctx;
	struct core_link l;
	struct core_error err;
	struct outcome o;

	add_italian_account();
	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_account(&l, "it-1", "");
	ctx = open_as(ADA, NULL, false);
	core_error_clear(&err);
	ck_assert_int_eq(app_partner_fill(ctx, &l, &err), CORE_OK);
	app_close(ctx);
	ck_assert(!l.mca_accepted);
	ck_assert_str_eq(l.sold_to_country, "IT");
	ck_assert_str_eq(l.reuse_profile, "ITPR-0001-AAA-BBB");
	ck_assert_str_eq(l.account_name, "Contoso Italia");
	core_link_choose_new_profile(&l, "Another");
	l.accept_mca = l.accept_mca_italy = true;
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "already has billing profile \"Italia\" with no payment instrument");
	/* The one with a card may be chosen; the MCA is then accepted. */
	core_link_choose_profile(&l, "Italia card", "");
	l.accept_mca = true;
	l.accept_mca_italy = false;
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "Italy");
	l.accept_mca_italy = true;
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_account WHERE name = 'it-1' AND mca_accepted_by = '" ADA "'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca'"
			       " AND object = '/providers/Microsoft.Billing/billingAccounts/it-1'"
			       " AND json_extract(after, '$.italyAcknowledged') = 1"), 1);
}
END_TEST

START_TEST(choices_outside_the_sign_in_tenant_not_found)
{
	struct core_link l;

	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_account(&l, "Northwind Traders", "");
	core_link_choose_profile(&l, "NWTR-1AAA-BB2-TGB", "");
	l.accept_mca = true;
	ck_refused(link_as(ADA, NULL, &l), CORE_NOT_FOUND, "has no billing account named \"Northwind Traders\"");
	existing(&l, CORE_LINK_NEW);
	core_link_choose_profile(&l, "nope", "");
	ck_refused(link_as(ADA, NULL, &l), CORE_NOT_FOUND, "has no billing profile named \"nope\"");
}
END_TEST

START_TEST(change_account_then_profile_keeps_history)
{
	struct app_partner_page *page = malloc(sizeof(*page));
	struct app_ctx *ctx;
	struct core_error err;
	struct core_link l;
	struct outcome o;

	core_link_init(&l, CORE_LINK_CHANGE_ACCOUNT);
	core_link_choose_account(&l, "Contoso", "");
	core_link_choose_profile(&l, CONTOSO_PROFILE, "");
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "link one first (billcon partner link");
	existing(&l, CORE_LINK_NEW);
	ck_assert_int_eq(link_as(ADA, NULL, &l).rc, CORE_OK);
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "is the linked one already");
	/* Change account: a new account with a new profile. */
	core_link_init(&l, CORE_LINK_CHANGE_ACCOUNT);
	core_link_choose_new_account(&l, "Second", "", "US");
	core_link_choose_new_profile(&l, "Second profile");
	l.accept_mca = true;
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	/* Change profile: lands on the linked account, whose profile with no
	 * payment instrument must be reused; a new one is refused. */
	core_link_init(&l, CORE_LINK_CHANGE_PROFILE);
	core_link_choose_new_profile(&l, "Third");
	ck_refused(link_as(ADA, NULL, &l), CORE_REFUSED, "\"Second profile\" with no payment instrument");
	ck_assert_int_eq(fixture_exec(path, "UPDATE billing_profile SET payment_instrument = 'CreditCard'"
					    " WHERE display_name = 'Second profile'"), 0);
	core_link_init(&l, CORE_LINK_CHANGE_PROFILE);
	core_link_choose_new_profile(&l, "Third");
	o = link_as(ADA, NULL, &l);
	ck_assert_msg(o.rc == CORE_OK, "%s", o.message);
	ctx = open_as(ADA, NULL, false);
	core_error_clear(&err);
	ck_assert_int_eq(app_partner_read(ctx, page, &err), CORE_OK);
	ck_assert(page->linked);
	ck_assert_str_eq(page->link.account_name, "Second");
	ck_assert_str_eq(page->link.profile_name, "Third");
	ck_assert_int_eq(page->history_total, 3);
	ck_assert_str_eq(page->history[2].profile, CONTOSO_PROFILE);
	ck_assert_str_eq(page->history[2].unlinked_on, FIXTURE_NOW);
	ck_assert_str_eq(page->history[0].unlinked_on, "");
	app_close(ctx);
	free(page);
	ck_assert_int_eq(count("SELECT count(*) FROM partner_link WHERE unlinked_on IS NULL"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'partner.link'"
			       " AND json_extract(before, '$.billingProfile.displayName') = 'Second profile'"
			       " AND json_extract(after, '$.billingProfile.displayName') = 'Third'"), 1);
	audit_whole();
}
END_TEST

START_TEST(purchase_refused_until_linked)
{
	struct app_ctx *ctx = open_as(ADA, NULL, false);
	struct core_error err;
	struct core_link l;
	char msg[512];

	core_error_clear(&err);
	ck_assert_int_eq(app_partner_purchase(ctx, msg, sizeof(msg), &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "membership purchases need one"));
	app_close(ctx);
	existing(&l, CORE_LINK_NEW);
	ck_assert_int_eq(link_as(ADA, NULL, &l).rc, CORE_OK);
	ctx = open_as(ADA, NULL, true);
	ck_assert_int_eq(app_partner_purchase(ctx, msg, sizeof(msg), &err), CORE_OK);
	ck_assert_ptr_nonnull(strstr(msg, "go to billing profile \"Contoso Operations\""));
	app_close(ctx);
}
END_TEST

START_TEST(read_only_refuses_link_and_set)
{
	struct app_ctx *ctx = open_as(ADA, NULL, true);
	struct app_partner_set s = { .state = "Pending" };
	struct core_error err;
	struct core_link l;
	char msg[256];

	existing(&l, CORE_LINK_NEW);
	core_error_clear(&err);
	ck_assert_int_eq(app_link_finish(ctx, &l, msg, sizeof(msg), &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "Read-only"));
	ck_assert_int_eq(app_partner_set(ctx, &s, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "Read-only"));
	app_close(ctx);
	ck_assert_int_eq(count("SELECT count(*) FROM partner_account WHERE state = 'Active'"), 1);
}
END_TEST

START_TEST(set_validates_and_audits)
{
	struct app_partner_set bad_tenant = { .tenants = CONTOSO_PRIMARY ",nope" };
	struct app_partner_set twice = { .tenants = CONTOSO_PRIMARY "," CONTOSO_PRIMARY };
	struct app_partner_set country = { .legal_country = "USA" };
	struct app_partner_set contact = { .legal_contact = "not an email" };
	struct app_partner_set state = { .state = "Sleeping" };
	struct app_partner_set purchase = { .purchase_tenant = TAILSPIN };
	struct app_partner_set good = { .display_name = "Contoso Partners", .tenants = CONTOSO_PRIMARY,
					.purchase_tenant = "", .legal_contact = "" };

	ck_refused(set_as(ADA, &bad_tenant), CORE_USAGE, "\"nope\" is not a tenant ID");
	ck_refused(set_as(ADA, &twice), CORE_USAGE, "given twice");
	ck_refused(set_as(ADA, &country), CORE_USAGE, "two letters");
	ck_refused(set_as(ADA, &contact), CORE_USAGE, "not an email address");
	ck_refused(set_as(ADA, &state), CORE_USAGE, "Active, Pending, Suspended or Closed");
	ck_refused(set_as(ADA, &purchase), CORE_USAGE, "must be one of the Partner Center account's tenants");
	ck_refused(set_as(BEN, &good), CORE_FORBIDDEN, "only a Global administrator may change the Partner Center account");
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'partner.set'"), 0);
	ck_assert_int_eq(set_as(ADA, &good).rc, CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM partner_account WHERE display_name = 'Contoso Partners'"
			       " AND purchase_tenant_id IS NULL AND legal_contact = ''"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM partner_tenant"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'partner.set'"
			       " AND object = '/providers/Microsoft.PartnerCenter/partners/5123456'"
			       " AND json_array_length(before, '$.tenants') = 2 AND json_array_length(after, '$.tenants') = 1"),
			 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE action = 'partner.set' AND push = 0"), 1);
	/* One tenant: the purchase tenant does not matter. */
	ck_assert_int_eq(preconditions_as(ADA, NULL, false).rc, CORE_OK);
	audit_whole();
}
END_TEST

START_TEST(store_holds_one_partner_account)
{
	struct app_ctx *ctx = open_as(ADA, NULL, false);
	struct store_partner p = { .id = 0 };
	struct core_error err;

	snprintf(p.partner_id, sizeof(p.partner_id), "999");
	snprintf(p.display_name, sizeof(p.display_name), "Other");
	core_error_clear(&err);
	ck_assert_int_eq(store_partner_save(ctx->st, &p, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "holds the Partner Center account 5123456 already"));
	app_close(ctx);
}
END_TEST

START_TEST(accounts_and_profiles_of_the_sign_in_tenant)
{
	struct app_ctx *ctx = open_as(ADA, NULL, false);
	struct app_partner_account accounts[4];
	struct store_profile profiles[4];
	char name[256], address[512], country[8], contact[256];
	struct core_error err;
	int n;

	core_error_clear(&err);
	ck_assert_int_eq(app_partner_accounts(ctx, accounts, 4, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(accounts[0].account.display_name, "Contoso");
	ck_assert_int_eq(accounts[0].nprofiles, 1);
	ck_assert_str_eq(accounts[0].account.mca_accepted_by, ADA);
	ck_assert_str_eq(accounts[0].account.sold_to_address, "1 Contoso Way, Redmond, WA 98052");
	ck_assert_int_eq(app_partner_profiles(ctx, "Contoso", profiles, 4, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(profiles[0].payment_instrument, "CreditCard");
	ck_assert_int_eq(app_partner_profiles(ctx, "Northwind Traders", profiles, 4, &n, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_partner_new_account_defaults(ctx, name, sizeof(name), address, sizeof(address), country,
							  sizeof(country), contact, sizeof(contact), &err), CORE_OK);
	ck_assert_str_eq(name, "Contoso Ltd");
	ck_assert_str_eq(country, "US");
	ck_assert_str_eq(contact, "billing@contoso.com");
	app_close(ctx);
}
END_TEST

START_TEST(drafts_per_actor_facts_filled_again)
{
	struct app_ctx *ctx = open_as(ADA, NULL, false), *other;
	struct store_draft d;
	struct core_wizard w;
	struct core_error err;
	struct core_link l, back;
	char step[64];

	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_account(&l, "Contoso", "Contoso");
	core_link_choose_new_profile(&l, "Half typed");
	l.mca_accepted = false;                 /* a fact, not kept */
	snprintf(l.sold_to_country, sizeof(l.sold_to_country), "IT");
	core_link_wizard(&w, &l);
	ck_assert(core_wizard_resume(&w, "profile"));
	core_error_clear(&err);
	ck_assert_int_eq(app_link_draft_save(ctx, &w, &l, &err), CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action LIKE 'draft%'"), 0);
	other = open_as(FABRIKAM_ADMIN, NULL, false);
	ck_assert_int_eq(app_draft_get(other, APP_PARTNER_DRAFT_KIND, &d, &err), CORE_NOT_FOUND);
	app_close(other);
	ck_assert_int_eq(app_draft_get(ctx, APP_PARTNER_DRAFT_KIND, &d, &err), CORE_OK);
	ck_assert_int_eq(app_link_draft_read(ctx, &d, &back, step, sizeof(step), &err), CORE_OK);
	ck_assert_str_eq(step, "profile");
	ck_assert(back.new_profile);
	ck_assert_str_eq(back.profile_name, "Half typed");
	ck_assert_str_eq(back.account, "6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_2019-05-31");
	ck_assert(back.mca_accepted);             /* from the store */
	ck_assert_str_eq(back.sold_to_country, "US");
	app_draft_words(&d, step, sizeof(step));
	ck_assert_str_eq(step, "the billing profile link wizard at Select billing profile");
	snprintf(d.step, sizeof(d.step), "nowhere");
	app_draft_words(&d, step, sizeof(step));
	ck_assert_str_eq(step, "the billing profile link wizard");
	snprintf(d.kind, sizeof(d.kind), "tenants.add");
	app_draft_words(&d, step, sizeof(step));
	ck_assert_str_eq(step, "adding an associated tenant");
	snprintf(d.kind, sizeof(d.kind), "future.form");
	app_draft_words(&d, step, sizeof(step));
	ck_assert_str_eq(step, "a form (future.form)");
	app_draft_free(&d);
	snprintf(d.kind, sizeof(d.kind), "tenant.add");
	d.fields = NULL;
	ck_assert_int_eq(app_link_draft_read(ctx, &d, &back, step, sizeof(step), &err), CORE_USAGE);
	/* Finishing ends the draft. */
	core_link_choose_profile(&l, CONTOSO_PROFILE, "");
	ck_assert_int_eq(app_link_finish(ctx, &l, step, sizeof(step), &err), CORE_OK);
	ck_assert_int_eq(app_draft_get(ctx, APP_PARTNER_DRAFT_KIND, &d, &err), CORE_NOT_FOUND);
	app_close(ctx);
}
END_TEST

static Suite *
partner_suite(void)
{
	Suite *s = suite_create("partner");
	TCase *tc = tcase_create("link");

	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, demo_partner_ready_for_the_wizard);
	tcase_add_test(tc, sign_in_tenant_from_option_setting_or_home);
	tcase_add_test(tc, bad_tenant_option_refused);
	tcase_add_test(tc, each_precondition_refused_with_what_to_do);
	tcase_add_test(tc, no_partner_account_says_how_to_enter_one);
	tcase_add_test(tc, existing_account_and_profile_mca_already_accepted);
	tcase_add_test(tc, new_account_and_new_profile);
	tcase_add_test(tc, new_account_without_contact_links);
	tcase_add_test(tc, italy_needs_the_second_acknowledgement);
	tcase_add_test(tc, reuse_enforced_naming_the_profile);
	tcase_add_test(tc, choices_outside_the_sign_in_tenant_not_found);
	tcase_add_test(tc, change_account_then_profile_keeps_history);
	tcase_add_test(tc, purchase_refused_until_linked);
	tcase_add_test(tc, read_only_refuses_link_and_set);
	tcase_add_test(tc, set_validates_and_audits);
	tcase_add_test(tc, store_holds_one_partner_account);
	tcase_add_test(tc, accounts_and_profiles_of_the_sign_in_tenant);
	tcase_add_test(tc, drafts_per_actor_facts_filled_again);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(partner_suite());
}
