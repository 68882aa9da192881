#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_list.h"
#include "billcon/cli_directory.h"
#include "billcon/cli_out.h"
#include "billcon/store_list.h"

static const struct cli_column user_cols[] = {
	{ "mail", "EMAIL", 28 }, { "displayName", "NAME", 22 }, { "tenantDisplayName", "TENANT", 18 },
	{ "globalAdministrator", "ADMIN", 5 }, { "externalUserState", "GUEST STATE", 0 },
	{ "userType", "TYPE", 0 }, { "tenantId", "TENANT ID", 0 },
};

/* Text shows the first five; CSV and JSON have them all. */
#define USER_TEXT_COLS 5

static const struct cli_column tenant_cols[] = {
	{ "displayName", "NAME", 20 }, { "tenantId", "TENANT ID", 36 },
	{ "guestInvitationsAllowed", "GUESTS", 6 }, { "domains", "DOMAINS", 0 },
};

/* A list of the directory: its spec, its text scope, how a row reads as
 * JSON, and what an empty text list says. */
struct dir_list {
	const struct store_list_spec *spec;
	const char *key;
	json_t *(*json)(const void *row);
	const struct cli_column *cols;
	size_t ncols, text_cols;
	const char *none;
};

static json_t *
user_row_json(const void *row)
{
	return app_user_json(row);
}

static json_t *
tenant_row_json(const void *row)
{
	return app_dir_tenant_json(row);
}

struct list_run {
	struct cli_table table;
	const struct dir_list *list;
};

static int
print_row(const void *row, const struct store_list_key *key, void *data)
{
	struct list_run *r = data;

	(void)key;
	cli_table_row(&r->table, r->list->json(row));
	return 0;
}

/* Prints the list l, all of it (or what --filter TEXT matches), from argv[from] on. */
static int
print_list(struct cli_args *a, const struct dir_list *l, int from, const char *command)
{
	struct list_run r = { .table = { .format = a->format, .cols = l->cols,
					 .ncols = a->format == CLI_TEXT ? l->text_cols : l->ncols },
			      .list = l };
	struct store_list_query q = { .spec = l->spec, .limit = -1 };
	struct core_error err;
	struct app_ctx *ctx;
	int i, got, rc;

	for (i = from; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--filter", &q.filter)) < 0)
			return cli_usage("--filter needs the text to look for.");
		if (!got)
			return cli_unexpected(command, a->argv[i]);
	}
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	q.key = l->key ? ctx->account.primary_tenant_id : NULL;
	core_error_clear(&err);
	cli_table_begin(&r.table);
	rc = app_list_page(ctx, &q, print_row, &r, &err);
	cli_table_end(&r.table, rc ? NULL : l->none);
	app_close(ctx);
	return rc ? cli_fail(&err) : 0;
}

static const struct dir_list users_list = {
	.json = user_row_json, .cols = user_cols, .ncols = sizeof(user_cols) / sizeof(user_cols[0]),
	.text_cols = USER_TEXT_COLS, .none = "no users in the directory",
};

static const struct dir_list guests_list = {
	.key = "primary", .json = user_row_json, .cols = user_cols,
	.ncols = sizeof(user_cols) / sizeof(user_cols[0]), .text_cols = USER_TEXT_COLS,
	.none = "no guests invited into the primary tenant",
};

static const struct dir_list tenants_list = {
	.json = tenant_row_json, .cols = tenant_cols,
	.ncols = sizeof(tenant_cols) / sizeof(tenant_cols[0]),
	.text_cols = sizeof(tenant_cols) / sizeof(tenant_cols[0]), .none = "no tenants in the directory",
};

static int
users_list_cmd(struct cli_args *a)
{
	struct dir_list l = users_list;

	l.spec = store_user_list();
	return print_list(a, &l, 3, "directory users list");
}

static int
tenants_list_cmd(struct cli_args *a)
{
	struct dir_list l = tenants_list;

	l.spec = store_dir_tenant_list();
	return print_list(a, &l, 3, "directory tenants list");
}

static int
guests_list_cmd(struct cli_args *a)
{
	struct dir_list l = guests_list;

	l.spec = store_guest_list();
	return print_list(a, &l, 2, "guests list");
}

/* The outcome of a change to a user: the user in JSON, or a sentence. */
static void
report_user(struct cli_args *a, const char *verb, const struct store_user *u)
{
	char email[1024], name[1024], tenant[1024];
	json_t *o;

	if (a->format == CLI_JSON) {
		o = app_user_json(u);
		cli_put_json(stdout, o);
		json_decref(o);
		return;
	}
	fprintf(stdout, "%s %s \"%s\" (%s) of %s.\n", verb,
		u->guest_state[0] ? "guest" : u->global_admin ? "Global administrator" : "member",
		cli_safe(u->display_name, name, sizeof(name)), cli_safe(u->email, email, sizeof(email)),
		cli_safe(u->tenant_name, tenant, sizeof(tenant)));
	if (u->guest_state[0])
		fprintf(stdout, "Invitation: %s.\n", u->guest_state);
}

/* Runs fn, which does doing ("add a user"), on an open store and reports
 * the user it returns. */
static int
user_change(struct cli_args *a, const char *doing, const char *verb,
	    enum core_status (*fn)(struct app_ctx *, const void *, struct store_user *, struct core_error *),
	    const void *data)
{
	struct store_user u;
	struct core_error err;
	struct app_ctx *ctx;
	int rc;

	a->app.changes = doing;
	rc = cli_open(a, &ctx);

	if (rc)
		return rc;
	core_error_clear(&err);
	if (fn(ctx, data, &u, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	report_user(a, verb, &u);
	app_close(ctx);
	return 0;
}

static enum core_status
do_add(struct app_ctx *ctx, const void *data, struct store_user *u, struct core_error *err)
{
	return app_user_add(ctx, data, u, err);
}

static int
users_add_cmd(struct cli_args *a)
{
	struct app_user_new in = { 0 };
	int i, got;

	for (i = 3; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--email", &in.email)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--name", &in.name))) {
			if (got < 0)
				return cli_usage("%s needs a value.", a->argv[i]);
		} else if (strcmp(a->argv[i], "--global-admin") == 0) {
			in.global_admin = true;
		} else {
			return cli_unexpected("directory users add", a->argv[i]);
		}
	}
	if (!in.email)
		return cli_usage("directory users add needs --email EMAIL.");
	return user_change(a, "add a user to the directory", "Added", do_add, &in);
}

struct user_set {
	const char *email;
	struct app_user_change change;
};

static enum core_status
do_set(struct app_ctx *ctx, const void *data, struct store_user *u, struct core_error *err)
{
	const struct user_set *s = data;

	return app_user_set(ctx, s->email, &s->change, u, err);
}

static int
users_set_cmd(struct cli_args *a)
{
	struct user_set s = { .change = { .global_admin = -1 } };
	const char *v;
	int i, got;

	for (i = 3; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--name", &s.change.name))) {
			if (got < 0)
				return cli_usage("--name needs a value.");
		} else if ((got = cli_opt_value(a->argc, av, &i, "--global-admin", &v))) {
			if (got < 0)
				return cli_usage("--global-admin needs on or off.");
			if (cli_switch_opt("--global-admin", v, &s.change.global_admin))
				return 2;
		} else if (av[i][0] != '-' && !s.email) {
			s.email = av[i];
		} else {
			return cli_unexpected("directory users set", av[i]);
		}
	}
	if (!s.email)
		return cli_usage("directory users set needs the user's EMAIL.");
	return user_change(a, "change a user of the directory", "Saved", do_set, &s);
}

static int
tenants_set_cmd(struct cli_args *a)
{
	struct app_dir_tenant_change ch = { .guest_invitations = -1 };
	struct store_dir_tenant t;
	struct core_error err;
	struct app_ctx *ctx;
	const char *key = NULL, *v;
	char name[1024], domains[2048];
	int i, got, rc;

	for (i = 3; i < a->argc; i++) {
		char **av = a->argv;
		if ((got = cli_opt_value(a->argc, av, &i, "--name", &ch.name)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--add-domain", &ch.add_domain)) ||
		    (got = cli_opt_value(a->argc, av, &i, "--remove-domain", &ch.remove_domain))) {
			if (got < 0)
				return cli_usage("%s needs a value.", av[i]);
		} else if ((got = cli_opt_value(a->argc, av, &i, "--guest-invitations", &v))) {
			if (got < 0)
				return cli_usage("--guest-invitations needs on or off.");
			if (cli_switch_opt("--guest-invitations", v, &ch.guest_invitations))
				return 2;
		} else if (av[i][0] != '-' && !key) {
			key = av[i];
		} else {
			return cli_unexpected("directory tenants set", av[i]);
		}
	}
	if (!key)
		return cli_usage("directory tenants set needs the tenant's ID or one of its domains.");
	a->app.changes = "change a tenant of the directory";
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_dir_tenant_set(ctx, key, &ch, &t, &err)) {
		app_close(ctx);
		return cli_fail(&err);
	}
	if (a->format == CLI_JSON) {
		json_t *o = app_dir_tenant_json(&t);
		cli_put_json(stdout, o);
		json_decref(o);
	} else {
		fprintf(stdout, "Saved tenant \"%s\" (%s): domains %s; guest invitations %s.\n",
			cli_safe(t.display_name, name, sizeof(name)), t.tenant_id,
			cli_safe(t.domains, domains, sizeof(domains)),
			t.guest_invitations_allowed ? "allowed" : "not allowed");
	}
	app_close(ctx);
	return 0;
}

int
cli_directory(struct cli_args *a)
{
	const char *what = a->argc > 1 ? a->argv[1] : "";
	const char *verb = a->argc > 2 ? a->argv[2] : "";

	if (strcmp(what, "users") == 0 && strcmp(verb, "list") == 0)
		return users_list_cmd(a);
	if (strcmp(what, "users") == 0 && strcmp(verb, "add") == 0)
		return users_add_cmd(a);
	if (strcmp(what, "users") == 0 && strcmp(verb, "set") == 0)
		return users_set_cmd(a);
	if (strcmp(what, "tenants") == 0 && strcmp(verb, "list") == 0)
		return tenants_list_cmd(a);
	if (strcmp(what, "tenants") == 0 && strcmp(verb, "set") == 0)
		return tenants_set_cmd(a);
	return cli_usage("directory needs users list|add|set or tenants list|set.");
}

struct invite {
	const char *email;
	const char *name;
};

static enum core_status
do_invite(struct app_ctx *ctx, const void *data, struct store_user *u, struct core_error *err)
{
	const struct invite *in = data;

	return app_guest_invite(ctx, in->email, in->name, u, err);
}

static enum core_status
do_accept(struct app_ctx *ctx, const void *data, struct store_user *u, struct core_error *err)
{
	return app_guest_accept(ctx, data, u, err);
}

static int
invite_cmd(struct cli_args *a)
{
	struct invite in = { 0 };
	int i, got;

	for (i = 2; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--email", &in.email)) ||
		    (got = cli_opt_value(a->argc, a->argv, &i, "--name", &in.name))) {
			if (got < 0)
				return cli_usage("%s needs a value.", a->argv[i]);
		} else {
			return cli_unexpected("guests invite", a->argv[i]);
		}
	}
	if (!in.email)
		return cli_usage("guests invite needs --email EMAIL.");
	return user_change(a, "invite a guest", "Invited", do_invite, &in);
}

int
cli_guests(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "";

	if (strcmp(verb, "list") == 0)
		return guests_list_cmd(a);
	if (strcmp(verb, "invite") == 0)
		return invite_cmd(a);
	if (strcmp(verb, "accept") != 0)
		return cli_usage("guests needs a verb: list, invite --email EMAIL, or accept EMAIL.");
	if (a->argc != 3 || a->argv[2][0] == '-')
		return cli_usage("guests accept needs the guest's EMAIL, and nothing else.");
	return user_change(a, "accept an invitation", "Accepted the invitation of", do_accept, a->argv[2]);
}
