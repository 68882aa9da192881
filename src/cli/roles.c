#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/app_role.h"
#include "billcon/cli_args.h"
#include "billcon/cli_out.h"
#include "billcon/cli_roles.h"
#include "billcon/core_text.h"

/* Reads the command's options from argv[2] on: --scope always, and the
 * ones of assign; anything else is refused. */
struct role_opts {
	const char *scope, *role, *email, *tenant, *id;
	bool yes;
};

static int
parse_opts(struct cli_args *a, const char *command, bool assign, bool takes_id, struct role_opts *o)
{
	int i, got;

	memset(o, 0, sizeof(*o));
	for (i = 2; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--scope", &o->scope)) ||
		    (assign && ((got = cli_opt_value(a->argc, av, &i, "--role", &o->role)) ||
				(got = cli_opt_value(a->argc, av, &i, "--email", &o->email)) ||
				(got = cli_opt_value(a->argc, av, &i, "--tenant", &o->tenant))))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if (takes_id && strcmp(av[i], "--yes") == 0) {
			o->yes = true;
		} else if (takes_id && !o->id && av[i][0] != '-') {
			o->id = av[i];
		} else {
			return cli_unexpected(command, av[i]);
		}
	}
	return 0;
}

static int
definitions(struct cli_args *a)
{
	static const struct cli_column cols[] = {
		{ "roleName", "ROLE", 28 }, { "shortName", "NAME", 16 }, { "description", "WHAT IT ALLOWS", 0 },
	};
	struct cli_table l = { .format = a->format, .cols = cols, .ncols = 3 };
	struct role_opts o;
	struct app_ctx *ctx;
	struct app_role_def *defs = NULL;
	struct core_error err;
	char scope[512];
	size_t n = 0, i;
	int rc = parse_opts(a, "roles definitions", false, false, &o);

	a->app.reader = true;
	if (rc || (rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_role_scope(ctx, o.scope, scope, sizeof(scope), &err) ||
	    app_role_definitions(ctx, scope, &defs, &n, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	cli_table_begin(&l);
	for (i = 0; i < n; i++) {
		const char *short_name = core_role_short_name(defs[i].role);

		cli_table_row(&l, json_pack("{s:o, s:o, s:o, s:s, s:o}", "id", app_json_text(defs[i].id),
					   "roleName", app_json_text(defs[i].name), "shortName",
					   app_json_text(short_name ? short_name : ""), "description",
					   defs[i].description, "scope", app_json_text(scope)));
	}
	cli_table_end(&l, "no roles at this scope");
	free(defs);
	app_close(ctx);
	return 0;
}

static const struct cli_column list_cols[] = {
	{ "userEmailAddress", "USER", 28 }, { "roleName", "ROLE", 28 }, { "status", "STATUS", 15 },
	{ "principalTenantId", "USER'S TENANT", 36 }, { "origin", "SCOPE", 36 }, { "name", "NAME", 0 },
	{ "scope", "", 0 }, { "billingRequestId", "", 0 }, { "url", "", 0 },
};

/* Text shows the first six; CSV and JSON have them all. */
#define LIST_TEXT_COLS 6

struct list_job {
	struct cli_table l;
	struct app_ctx *ctx;
	const char *scope;  /* the scope asked for, or NULL */
};

static int
list_row(const void *row, const struct store_list_key *key, void *data)
{
	struct list_job *j = data;
	const struct store_role *r = row;
	json_t *o = app_role_json(j->ctx, r);
	char origin[600];

	(void)key;
	if (j->scope)
		app_role_origin(j->scope, r->scope, origin, sizeof(origin));
	else
		app_role_scope_label(j->ctx, r->scope, origin, sizeof(origin));
	json_object_set_new(o, "origin", app_json_text(origin));
	cli_table_row(&j->l, o);
	return 0;
}

static int
list(struct cli_args *a)
{
	struct list_job j = { .l = { .format = a->format, .cols = list_cols,
				     .ncols = a->format == CLI_TEXT ? LIST_TEXT_COLS
								    : sizeof(list_cols) / sizeof(list_cols[0]) } };
	struct store_list_query q = { .spec = store_role_list(), .limit = -1 };
	struct role_opts o;
	struct core_error err;
	char scope[512];
	int rc = parse_opts(a, "roles list", false, false, &o);

	a->app.reader = true;
	if (rc || (rc = cli_open(a, &j.ctx)))
		return rc;
	core_error_clear(&err);
	if (o.scope && app_role_scope(j.ctx, o.scope, scope, sizeof(scope), &err)) {
		app_close(j.ctx);
		return cli_fail(&err);
	}
	j.scope = q.key = o.scope ? scope : NULL;
	cli_table_begin(&j.l);
	rc = app_list_page(j.ctx, &q, list_row, &j, &err) ? cli_fail(&err) : 0;
	cli_table_end(&j.l, "no role assignments");
	app_close(j.ctx);
	return rc;
}

/* The outcome of an assignment: JSON, or a sentence, with the URL to hand
 * over when it awaits approval. */
static void
report_assigned(struct cli_args *a, struct app_ctx *ctx, const struct store_role *r, const char *url)
{
	char where[600], safe[2048];

	if (a->format != CLI_TEXT) {
		json_t *o = app_role_json(ctx, r);

		cli_put_json(stdout, o);
		json_decref(o);
		return;
	}
	app_role_scope_label(ctx, r->scope, where, sizeof(where));
	fprintf(stdout, "Assigned %s", cli_safe(r->principal_email, safe, sizeof(safe)));
	fprintf(stdout, " as %s on %s: %s.\n", r->role_name, cli_safe(where, safe, sizeof(safe)),
		app_role_assigned_words(ctx, r));
	if (url[0])
		fprintf(stdout, "The user approves it at this URL (also sent by email):\n%s\n",
			cli_safe(url, safe, sizeof(safe)));
	fprintf(stdout, "Assignment: %s\n", r->name);
}

static int
assign(struct cli_args *a)
{
	struct role_opts o;
	struct app_ctx *ctx;
	struct store_role r;
	struct core_error err;
	char url[1024];
	int rc = parse_opts(a, "roles assign", true, false, &o);
	struct app_role_new in = { .role = o.role, .email = o.email, .scope = o.scope, .tenant_id = o.tenant };

	if (rc)
		return rc;
	if (!o.role)
		return cli_usage("roles assign needs --role ROLE (see billcon roles definitions).");
	if (!o.email)
		return cli_usage("roles assign needs --email EMAIL of the user.");
	a->app.changes = "assign a role";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	rc = app_role_assign(ctx, &in, &r, url, sizeof(url), &err) ? cli_fail(&err) : 0;
	if (!rc)
		report_assigned(a, ctx, &r, url);
	app_close(ctx);
	return rc;
}

static enum core_status
run_remove(struct app_ctx *ctx, bool confirmed, void *data, struct core_error *err)
{
	return app_role_remove(ctx, data, confirmed, NULL, err);
}

static int
remove_cmd(struct cli_args *a)
{
	struct role_opts o;
	struct app_ctx *ctx;
	int rc = parse_opts(a, "roles remove", false, true, &o);

	if (rc)
		return rc;
	if (!o.id)
		return cli_usage("roles remove needs the assignment's name (see billcon roles list).");
	a->app.changes = "remove a role assignment";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	rc = cli_confirmable(ctx, o.yes, run_remove, (void *)o.id);
	if (!rc && a->format == CLI_TEXT) {
		fputs("Removed role assignment ", stdout);
		cli_put_safe(stdout, o.id);
		fputs(".\n", stdout);
	}
	app_close(ctx);
	return rc;
}

int
cli_roles(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";
	char shown[CORE_ECHO_BYTES];

	if (strcmp(verb, "definitions") == 0)
		return definitions(a);
	if (strcmp(verb, "list") == 0)
		return list(a);
	if (strcmp(verb, "assign") == 0)
		return assign(a);
	if (strcmp(verb, "remove") == 0)
		return remove_cmd(a);
	return cli_usage("roles has no verb \"%s\": use definitions, list, assign or remove.",
			 core_text_echo(verb, shown));
}
