#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_link.h"
#include "billcon/app_partner.h"
#include "billcon/cli_out.h"
#include "billcon/cli_partner.h"
#include "billcon/core_link.h"
#include "billcon/core_text.h"

/* ---- show ---- */

static void
put_tenants(const struct app_partner_page *p)
{
	char name[512];
	int i;

	fputs("Tenants:\n", stdout);
	for (i = 0; i < p->ntenants; i++) {
		bool purchase = strcmp(p->tenants[i], p->partner.purchase_tenant_id) == 0;
		bool sign_in = strcmp(p->tenants[i], p->sign_in_tenant) == 0;

		fprintf(stdout, "  %-36s  %s%s%s\n", p->tenants[i],
			cli_safe(p->tenant_names[i][0] ? p->tenant_names[i] : "(unknown)", name, sizeof(name)),
			purchase ? "  [membership purchases]" : "", sign_in ? "  [signed in]" : "");
	}
	if (!p->ntenants)
		fputs("  (none)\n", stdout);
}

/* "billing profile "P" (ARM) of billing account "A"" of a link. */
static void
put_link(const struct store_partner_link *l)
{
	char profile[512], profile_name[512], account[512];

	fprintf(stdout, "billing profile \"%s\" (%s) of billing account \"%s\"",
		cli_safe(l->profile_name, profile_name, sizeof(profile_name)),
		cli_safe(l->profile, profile, sizeof(profile)), cli_safe(l->account_name, account, sizeof(account)));
}

static void
put_history(const struct app_partner_page *p)
{
	char by[512];
	int i;

	if (!p->history_total)
		return;
	fputs("History of links, newest first:\n", stdout);
	for (i = 0; i < p->nhistory; i++) {
		const struct store_partner_link *l = &p->history[i];

		fprintf(stdout, "  %s to %-20s  ", l->linked_on, l->unlinked_on[0] ? l->unlinked_on : "now");
		put_link(l);
		fprintf(stdout, ", by %s\n", cli_safe(l->linked_by, by, sizeof(by)));
	}
}

static void
put_page(const struct app_partner_page *p)
{
	char name[512], id[256], line[1024];

	fprintf(stdout, "Partner Center account: %s (%s)\n", cli_safe(p->partner.display_name, name, sizeof(name)),
		cli_safe(p->partner.partner_id, id, sizeof(id)));
	fprintf(stdout, "State: %s\n", cli_safe(p->partner.state, line, sizeof(line)));
	put_tenants(p);
	fprintf(stdout, "Signed in through: %s\n", p->sign_in_tenant[0] ? p->sign_in_tenant : "(unknown)");
	fprintf(stdout, "Legal profile: %s", cli_safe(p->partner.legal_company, line, sizeof(line)));
	fprintf(stdout, ", %s", cli_safe(p->partner.legal_address, line, sizeof(line)));
	fprintf(stdout, ", %s", cli_safe(p->partner.legal_country, line, sizeof(line)));
	fprintf(stdout, ", %s\n", cli_safe(p->partner.legal_contact[0] ? p->partner.legal_contact : "no contact",
					   line, sizeof(line)));
	if (p->linked) {
		fputs("Linked: ", stdout);
		put_link(&p->link);
		fprintf(stdout, ", since %s.\n", p->link.linked_on);
	} else {
		fputs("No billing account or profile is linked.\n", stdout);
	}
	put_history(p);
}

static void
put_json(json_t *o)
{
	cli_put_json(stdout, o);
	json_decref(o);
}

static int
show_cmd(struct cli_args *a)
{
	struct app_partner_page *page;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if (a->argc > 2)
		return cli_unexpected("partner show", a->argv[2]);
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	if (!(page = malloc(sizeof(*page)))) {
		app_close(ctx);
		return cli_usage("Out of memory.");
	}
	core_error_clear(&err);
	if (app_partner_read(ctx, page, &err))
		rc = cli_fail(&err);
	else if (a->format == CLI_JSON)
		put_json(app_partner_page_json(page));
	else
		put_page(page);
	free(page);
	app_close(ctx);
	return rc;
}

/* ---- set ---- */

static int
set_cmd(struct cli_args *a)
{
	static const char *const names[] = { "--id", "--name", "--state", "--tenants", "--purchase-tenant",
					     "--company", "--address", "--country", "--contact" };
	struct app_partner_set s = { 0 };
	const char **slot[] = { &s.partner_id, &s.display_name, &s.state, &s.tenants, &s.purchase_tenant,
				&s.legal_company, &s.legal_address, &s.legal_country, &s.legal_contact };
	struct core_error err;
	struct app_ctx *ctx;
	size_t k;
	int i, got = 0, given = 0, rc;

	for (i = 2; i < a->argc; i++) {
		for (k = 0, got = 0; !got && k < sizeof(names) / sizeof(names[0]); k++)
			got = cli_opt_value(a->argc, a->argv, &i, names[k], slot[k]);
		if (got < 0)
			return cli_usage("%s needs a value.", a->argv[i]);
		if (!got)
			return cli_unexpected("partner set", a->argv[i]);
		given++;
	}
	if (!given)
		return cli_usage("partner set needs something to set: --id, --name, --state, --tenants, "
				 "--purchase-tenant, --company, --address, --country or --contact.");
	a->app.changes = "change the Partner Center account";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_partner_set(ctx, &s, &err))
		rc = cli_fail(&err);
	else
		fputs("Saved the Partner Center account.\n", stdout);
	app_close(ctx);
	return rc;
}

/* ---- link, change-account, change-profile ---- */

struct link_opts {
	const char *account, *account_name, *contact, *profile, *new_profile;
	bool new_account, contact_given, accept, italy;
};

static int
parse_link(struct cli_args *a, const char *command, enum core_link_mode mode, struct link_opts *o)
{
	bool takes_account = mode != CORE_LINK_CHANGE_PROFILE;
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;
		if ((takes_account && ((got = cli_opt_value(a->argc, av, &i, "--billing-account", &o->account)) ||
				       (got = cli_opt_value(a->argc, av, &i, "--account-name", &o->account_name)) ||
				       (got = cli_opt_value(a->argc, av, &i, "--primary-contact", &o->contact)))) ||
		    (got = cli_opt_value(a->argc, av, &i, "--profile", &o->profile)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--new-profile", &o->new_profile))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if (takes_account && strcmp(av[i], "--new-account") == 0) {
			o->new_account = true;
		} else if (strcmp(av[i], "--accept-mca") == 0) {
			o->accept = true;
		} else if (strcmp(av[i], "--accept-mca-italy") == 0) {
			o->italy = true;
		} else {
			return cli_unexpected(command, av[i]);
		}
	}
	if (takes_account && !o->account == !o->new_account)
		return cli_usage("%s needs --billing-account ID or --new-account (one of them).", command);
	if ((o->account_name || o->contact) && !o->new_account)
		return cli_usage("--account-name and --primary-contact go with --new-account.");
	if (!o->profile == !o->new_profile)
		return cli_usage("%s needs --profile ID or --new-profile NAME (one of them).", command);
	return 0;
}

/* l as the options say; a new account is prefilled from the legal profile
 * as the wizard's form is. */
static enum core_status
build_link(struct app_ctx *ctx, const struct link_opts *o, enum core_link_mode mode, struct core_link *l,
	   struct core_error *err)
{
	char name[256], address[512], country[8], contact[256];
	enum core_status rc;

	core_link_init(l, mode);
	if (o->new_account) {
		rc = app_partner_new_account_defaults(ctx, name, sizeof(name), address, sizeof(address), country,
						      sizeof(country), contact, sizeof(contact), err);
		if (rc)
			return rc;
		core_link_choose_new_account(l, o->account_name ? o->account_name : name,
					     o->contact ? o->contact : contact, country);
	} else if (o->account) {
		core_link_choose_account(l, o->account, "");
	}
	if (o->new_profile)
		core_link_choose_new_profile(l, o->new_profile);
	else
		core_link_choose_profile(l, o->profile, "");
	l->accept_mca = o->accept;
	l->accept_mca_italy = o->italy;
	return app_partner_fill(ctx, l, err);
}

/* The wizard's order: its preconditions, each step's rule (the warning
 * of a new account with no primary contact on stderr), then Finish. */
static enum core_status
run_link(struct app_ctx *ctx, const struct link_opts *o, enum core_link_mode mode, char *msg, size_t size,
	 struct core_error *err)
{
	struct core_link l;
	char why[512];
	enum core_status rc = app_partner_preconditions(ctx, err);

	if (!rc)
		rc = build_link(ctx, o, mode, &l, err);
	if (rc)
		return rc;
	if (!core_link_check(&l, why, sizeof(why), NULL))
		return core_error_set(err, CORE_REFUSED, "%s", why);
	if (core_link_warning(&l, CORE_LINK_STEP_ACCOUNT, why, sizeof(why)))
		fprintf(stderr, "billcon: warning: %s\n", why);
	return app_link_finish(ctx, &l, msg, size, err);
}

static int
link_cmd(struct cli_args *a, const char *command, enum core_link_mode mode)
{
	struct link_opts o;
	struct core_error err;
	struct app_ctx *ctx;
	char msg[1024], safe[2048];
	int rc = parse_link(a, command, mode, &o);

	if (rc)
		return rc;
	a->app.changes = APP_PARTNER_DOING_LINK;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (run_link(ctx, &o, mode, msg, sizeof(msg), &err))
		rc = cli_fail(&err);
	else
		fprintf(stdout, "%s\n", cli_safe(msg, safe, sizeof(safe)));
	app_close(ctx);
	return rc;
}

/* ---- purchase ---- */

static int
purchase_cmd(struct cli_args *a)
{
	struct core_error err;
	struct app_ctx *ctx;
	char msg[1024], safe[2048];
	int rc;

	if (a->argc > 2)
		return cli_unexpected("partner purchase", a->argv[2]);
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_partner_purchase(ctx, msg, sizeof(msg), &err))
		rc = cli_fail(&err);
	else
		fprintf(stdout, "%s\n", cli_safe(msg, safe, sizeof(safe)));
	app_close(ctx);
	return rc;
}

int
cli_partner(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "";
	char shown[CORE_ECHO_BYTES];

	/* A link may make its creator the owner of a second account: the
	 * Partner Center account is not one of them. */
	a->app.any_account = true;
	if (strcmp(verb, "show") == 0)
		return show_cmd(a);
	if (strcmp(verb, "set") == 0)
		return set_cmd(a);
	if (strcmp(verb, "link") == 0)
		return link_cmd(a, "partner link", CORE_LINK_NEW);
	if (strcmp(verb, "change-account") == 0)
		return link_cmd(a, "partner change-account", CORE_LINK_CHANGE_ACCOUNT);
	if (strcmp(verb, "change-profile") == 0)
		return link_cmd(a, "partner change-profile", CORE_LINK_CHANGE_PROFILE);
	if (strcmp(verb, "purchase") == 0)
		return purchase_cmd(a);
	return cli_usage("partner takes show, set, link, change-account, change-profile or purchase, not \"%s\".",
			 core_text_echo(verb, shown));
}
