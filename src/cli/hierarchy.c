#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_hierarchy.h"
#include "billcon/app_list.h"
#include "billcon/cli_hierarchy.h"
#include "billcon/cli_out.h"
#include "billcon/core_validate.h"

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

/* The named options a verb takes: each "--name" with a value. */
struct opts {
	const char *names[6];
	const char *values[6];
	const char *word;      /* the one bare word (a subscription ID), or NULL */
	bool takes_word;
};

static const char *
opt(const struct opts *o, const char *name)
{
	int i;

	for (i = 0; o->names[i]; i++)
		if (strcmp(o->names[i], name) == 0)
			return o->values[i];
	return NULL;
}

static int
parse(struct cli_args *a, const char *command, struct opts *o)
{
	int i, k, got;

	for (i = 2; i < a->argc; i++) {
		for (k = 0, got = 0; o->names[k] && !got; k++)
			got = cli_opt_value(a->argc, a->argv, &i, o->names[k], &o->values[k]);
		if (got < 0)
			return cli_usage("%s needs a value.", a->argv[i]);
		if (got)
			continue;
		if (o->takes_word && !o->word && a->argv[i][0] != '-')
			o->word = a->argv[i];
		else
			return cli_unexpected(command, a->argv[i]);
	}
	return 0;
}

/* Opens the store for a reading command. */
static int
open_reader(struct cli_args *a, struct app_ctx **ctx)
{
	a->app.reader = true;
	return cli_open(a, ctx);
}

/* ---- the tree ---- */

struct walk {
	struct app_ctx *ctx;
	enum cli_format format;
	int only;                 /* the one depth printed, or -1 for all */
	struct cli_table t;
	int depth;                /* JSON: objects open, -1 none */
	bool first[4];            /* JSON: no sibling written yet at this depth */
};

static const char *const children_key[] = { "billingProfiles", "invoiceSections", "subscriptions" };

/* JSON of the whole tree, nested, written as it is read. */
static void
json_node(struct walk *w, const struct store_tree_row *r)
{
	json_t *o = app_hier_row_json(w->ctx, r);
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	int d = (int)r->depth;

	for (; w->depth >= d; w->depth--)
		fputs("]}", stdout);
	if (d > 0 && !w->first[d])
		fputc(',', stdout);
	w->first[d] = false;
	if (text && d < STORE_TREE_SUBSCRIPTION) {
		/* The object left open for its children. */
		fprintf(stdout, "%.*s,\"%s\":[", (int)strlen(text) - 1, text, children_key[d]);
		w->depth = d;
		if (d + 1 < 4)
			w->first[d + 1] = true;
	} else if (text) {
		fputs(text, stdout);
	}
	free(text);
	json_decref(o);
}

/* One line of the tree as text, indented by depth. */
static void
text_node(const struct app_ctx *ctx, const struct store_tree_row *r)
{
	char a[600], b[600], c[600];

	fprintf(stdout, "%*s", 2 * (int)r->depth, "");
	cli_put_safe(stdout, r->display_name);
	switch (r->depth) {
	case STORE_TREE_ACCOUNT:
		fprintf(stdout, "  (billing account; billing tenant %s)\n", cli_safe(r->tenant_id, a, sizeof(a)));
		break;
	case STORE_TREE_PROFILE:
		fprintf(stdout, "  [profile %s; %s; invoice day %d; %s]\n", cli_safe(r->name, a, sizeof(a)),
			cli_safe(r->payment_instrument, b, sizeof(b)), r->invoice_day, r->currency);
		break;
	case STORE_TREE_SECTION:
		fprintf(stdout, "  [section %s]\n", cli_safe(r->name, a, sizeof(a)));
		break;
	case STORE_TREE_SUBSCRIPTION:
		fprintf(stdout, "  %s; %s; %s; service tenant %s%s", cli_safe(r->name, a, sizeof(a)),
			cli_safe(r->status, b, sizeof(b)), cli_safe(r->sku, c, sizeof(c)), r->tenant_id,
			strcasecmp(r->tenant_id, ctx->account.primary_tenant_id) ? " (not the billing tenant)" : "");
		if (r->transferred_from[0])
			fprintf(stdout, "; linked from %s on %.10s", cli_safe(r->transferred_from, a, sizeof(a)),
				r->transferred_on);
		fputc('\n', stdout);
		break;
	}
}

static int
walk_row(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_tree_row *r = row;
	struct walk *w = data;

	(void)key;
	if (w->only >= 0 && (int)r->depth != w->only)
		return 0;
	if (w->only < 0 && w->format == CLI_JSON)
		json_node(w, r);
	else if (w->only < 0 && w->format == CLI_TEXT)
		text_node(w->ctx, r);
	else
		cli_table_row(&w->t, app_hier_row_json(w->ctx, r));
	return 0;
}

/* Reads the whole tree (every node open; filter: matches and their
 * ancestors) in one window without an end: rows stream, memory stays flat. */
static int
walk_tree(struct app_ctx *ctx, struct walk *w, const char *filter)
{
	struct store_list_query q = { .spec = store_tree_list(), .key = STORE_TREE_ALL, .filter = filter,
				      .limit = -1 };
	struct core_error err;

	core_error_clear(&err);
	w->ctx = ctx;
	w->depth = -1;
	if (app_list_page(ctx, &q, walk_row, w, &err))
		return cli_fail(&err);
	return 0;
}

static const struct cli_column node_cols[] = {
	{ "kind", "KIND", 16 },
	{ "displayName", "NAME", 28 },
	{ "name", "ID", 38 },
	{ "id", "ARM ID", 0 },
};

static int
show_cmd(struct cli_args *a)
{
	struct opts o = { .names = { "--filter" } };
	struct walk w = { .format = a->format, .only = -1 };
	struct app_ctx *ctx;
	int rc;

	if ((rc = parse(a, "hierarchy show", &o)) || (rc = open_reader(a, &ctx)))
		return rc;
	w.t = (struct cli_table){ .format = a->format, .cols = node_cols, .ncols = NCOLS(node_cols) };
	if (a->format == CLI_CSV)
		cli_table_begin(&w.t);
	rc = walk_tree(ctx, &w, opt(&o, "--filter"));
	if (a->format == CLI_CSV)
		cli_table_end(&w.t, NULL);
	if (a->format == CLI_JSON && !rc) {
		/* A filter that matches nothing: no tree at all. */
		if (w.depth < 0)
			fputs("null", stdout);
		for (; w.depth >= 0; w.depth--)
			fputs("]}", stdout);
		fputc('\n', stdout);
	}
	app_close(ctx);
	return rc;
}

int
cli_hierarchy(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : NULL;

	if (verb && strcmp(verb, "show") == 0)
		return show_cmd(a);
	if (!verb)
		return cli_usage("hierarchy needs a verb: show.");
	return cli_unexpected("hierarchy", verb);
}

/* ---- profiles ---- */

static const struct cli_column profile_cols[] = {
	{ "displayName", "NAME", 28 },
	{ "name", "ID", 19 },
	{ "paymentInstrument", "PAYMENT", 12 },
	{ "invoiceDay", "DAY", 4 },
	{ "currency", "CUR", 4 },
	{ "invoiceSections", "SECTIONS", 0 },
};

static json_t *
profile_json(const struct app_ctx *ctx, const struct store_hier_profile *p)
{
	struct store_tree_row r = { .depth = STORE_TREE_PROFILE, .invoice_day = p->invoice_day };
	json_t *o;

	snprintf(r.name, sizeof(r.name), "%s", p->name);
	snprintf(r.display_name, sizeof(r.display_name), "%s", p->display_name);
	snprintf(r.payment_instrument, sizeof(r.payment_instrument), "%s", p->payment_instrument);
	snprintf(r.currency, sizeof(r.currency), "%s", p->currency);
	o = app_hier_row_json(ctx, &r);
	json_object_set_new(o, "invoiceSections", json_integer(p->sections));
	return o;
}

static int
profiles_list(struct cli_args *a)
{
	struct cli_table t = { .format = a->format, .cols = profile_cols, .ncols = NCOLS(profile_cols) };
	struct store_hier_profile *p = NULL;
	struct opts o = { .names = { NULL } };
	struct core_error err;
	struct app_ctx *ctx;
	size_t n = 0, i;
	int rc;

	if ((rc = parse(a, "profiles list", &o)) || (rc = open_reader(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_profiles(ctx, &p, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		cli_table_begin(&t);
		for (i = 0; i < n; i++)
			cli_table_row(&t, profile_json(ctx, &p[i]));
		cli_table_end(&t, "no billing profiles");
	}
	free(p);
	app_close(ctx);
	return rc;
}

static int
profiles_add(struct cli_args *a)
{
	struct opts o = { .names = { "--name", "--payment-instrument", "--invoice-day", "--currency" } };
	struct app_profile_new in = { .invoice_day = 0 };
	struct store_hier_profile p;
	struct store_hier_section s;
	struct core_error err;
	struct app_ctx *ctx;
	long day = 0;
	int rc;

	if ((rc = parse(a, "profiles add", &o)))
		return rc;
	if (!opt(&o, "--name"))
		return cli_usage("profiles add needs --name NAME.");
	if (opt(&o, "--invoice-day") && !core_count_parse(opt(&o, "--invoice-day"), 1000, &day))
		return cli_usage("--invoice-day takes a day of the month from 1 to 28.");
	in = (struct app_profile_new){ opt(&o, "--name"), opt(&o, "--payment-instrument"),
				       opt(&o, "--invoice-day") ? (day ? (int)day : -1) : 0, opt(&o, "--currency") };
	a->app.changes = APP_HIER_DOING_PROFILE;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_profile_add(ctx, &in, &p, &s, &err)) {
		rc = cli_fail(&err);
	} else {
		fputs("Added billing profile \"", stdout);
		cli_put_safe(stdout, p.display_name);
		fprintf(stdout, "\" (%s), invoiced on day %d in %s, with its default invoice section %s.\n", p.name,
			p.invoice_day, p.currency, s.name);
	}
	app_close(ctx);
	return rc;
}

int
cli_profiles(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";

	if (strcmp(verb, "list") == 0)
		return profiles_list(a);
	if (strcmp(verb, "add") == 0)
		return profiles_add(a);
	return cli_usage("profiles has no verb \"%.40s\": use list or add.", verb);
}

/* ---- sections ---- */

static const struct cli_column section_cols[] = {
	{ "displayName", "NAME", 28 },
	{ "name", "ID", 19 },
	{ "billingProfileDisplayName", "PROFILE", 24 },
	{ "subscriptions", "SUBSCRIPTIONS", 0 },
};

static json_t *
section_json(const struct app_ctx *ctx, const struct store_hier_section *s)
{
	struct store_tree_row r = { .depth = STORE_TREE_SECTION };
	json_t *o;

	snprintf(r.name, sizeof(r.name), "%s", s->name);
	snprintf(r.display_name, sizeof(r.display_name), "%s", s->display_name);
	snprintf(r.profile_name, sizeof(r.profile_name), "%s", s->profile_name);
	o = app_hier_row_json(ctx, &r);
	json_object_set_new(o, "billingProfileDisplayName", app_json_text(s->profile_display));
	json_object_set_new(o, "subscriptions", json_integer(s->subscriptions));
	return o;
}

static int
sections_list(struct cli_args *a)
{
	struct cli_table t = { .format = a->format, .cols = section_cols, .ncols = NCOLS(section_cols) };
	struct store_hier_section *s = NULL;
	struct opts o = { .names = { "--profile" } };
	struct core_error err;
	struct app_ctx *ctx;
	size_t n = 0, i;
	int rc;

	if ((rc = parse(a, "sections list", &o)) || (rc = open_reader(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_sections(ctx, opt(&o, "--profile"), &s, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		cli_table_begin(&t);
		for (i = 0; i < n; i++)
			cli_table_row(&t, section_json(ctx, &s[i]));
		cli_table_end(&t, "no invoice sections");
	}
	free(s);
	app_close(ctx);
	return rc;
}

static int
sections_add(struct cli_args *a)
{
	struct opts o = { .names = { "--profile", "--name" } };
	struct store_hier_section s;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if ((rc = parse(a, "sections add", &o)))
		return rc;
	if (!opt(&o, "--profile") || !opt(&o, "--name"))
		return cli_usage("sections add needs --profile PROFILE and --name NAME.");
	a->app.changes = APP_HIER_DOING_SECTION;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_section_add(ctx, opt(&o, "--profile"), opt(&o, "--name"), &s, &err)) {
		rc = cli_fail(&err);
	} else {
		fputs("Added invoice section \"", stdout);
		cli_put_safe(stdout, s.display_name);
		fprintf(stdout, "\" (%s) to billing profile \"", s.name);
		cli_put_safe(stdout, s.profile_display);
		fputs("\".\n", stdout);
	}
	app_close(ctx);
	return rc;
}

int
cli_sections(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";

	if (strcmp(verb, "list") == 0)
		return sections_list(a);
	if (strcmp(verb, "add") == 0)
		return sections_add(a);
	return cli_usage("sections has no verb \"%.40s\": use list or add.", verb);
}

/* ---- subscriptions ---- */

static const struct cli_column sub_cols[] = {
	{ "subscriptionId", "SUBSCRIPTION", 37 },
	{ "displayName", "NAME", 24 },
	{ "status", "STATUS", 9 },
	{ "invoiceSectionName", "SECTION", 18 },
	{ "serviceTenantId", "SERVICE TENANT", 37 },
	{ "billingTenantId", "BILLING TENANT", 37 },
	{ "skuDescription", "SKU", 22 },
	{ "transferredFrom", "LINKED FROM", 0 },
};

static int
subscriptions_list(struct cli_args *a)
{
	struct opts o = { .names = { "--filter" } };
	struct walk w = { .format = a->format, .only = STORE_TREE_SUBSCRIPTION };
	struct app_ctx *ctx;
	int rc;

	if ((rc = parse(a, "subscriptions list", &o)) || (rc = open_reader(a, &ctx)))
		return rc;
	w.t = (struct cli_table){ .format = a->format, .cols = sub_cols, .ncols = NCOLS(sub_cols) };
	cli_table_begin(&w.t);
	rc = walk_tree(ctx, &w, opt(&o, "--filter"));
	cli_table_end(&w.t, "no subscriptions");
	app_close(ctx);
	return rc;
}

static void
say_billed(const struct store_hier_sub *b)
{
	fputs(" to invoice section \"", stdout);
	cli_put_safe(stdout, b->section_display);
	fprintf(stdout, "\" (%s) of billing profile \"", b->section_name);
	cli_put_safe(stdout, b->profile_display);
	fputs("\".\n", stdout);
}

static int
subscriptions_move(struct cli_args *a)
{
	struct opts o = { .names = { "--section" }, .takes_word = true };
	struct store_hier_sub b;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if ((rc = parse(a, "subscriptions move", &o)))
		return rc;
	if (!o.word || !opt(&o, "--section"))
		return cli_usage("subscriptions move needs a subscription ID and --section SECTION.");
	a->app.changes = APP_HIER_DOING_MOVE;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_move(ctx, o.word, opt(&o, "--section"), &b, &err)) {
		rc = cli_fail(&err);
	} else {
		fprintf(stdout, "Moved subscription %s", b.subscription_id);
		say_billed(&b);
	}
	app_close(ctx);
	return rc;
}

static int
subscriptions_link(struct cli_args *a)
{
	struct opts o = { .names = { "--section", "--service-tenant", "--from", "--name" }, .takes_word = true };
	struct app_hier_link in;
	struct store_hier_sub b;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	if ((rc = parse(a, "subscriptions link", &o)))
		return rc;
	if (!o.word || !opt(&o, "--section") || !opt(&o, "--from"))
		return cli_usage("subscriptions link needs a subscription ID, --section SECTION and --from ACCOUNT.");
	in = (struct app_hier_link){ o.word, opt(&o, "--section"), opt(&o, "--service-tenant"), opt(&o, "--from"),
				     opt(&o, "--name") };
	a->app.changes = APP_HIER_DOING_LINK;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_hier_link(ctx, &in, &b, &err)) {
		rc = cli_fail(&err);
	} else {
		fprintf(stdout, "Linked subscription %s (service tenant %s) for billing", b.subscription_id,
			b.service_tenant_id);
		say_billed(&b);
		fputs(APP_HIER_LINK_NOTE "\n", stdout);
	}
	app_close(ctx);
	return rc;
}

int
cli_subscriptions(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";

	if (strcmp(verb, "list") == 0)
		return subscriptions_list(a);
	if (strcmp(verb, "move") == 0)
		return subscriptions_move(a);
	if (strcmp(verb, "link") == 0)
		return subscriptions_link(a);
	return cli_usage("subscriptions has no verb \"%.40s\": use list, move or link.", verb);
}
