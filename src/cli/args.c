#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_demo.h"
#include "billcon/app_context.h"
#include "billcon/cli_args.h"
#include "billcon/cli_out.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/store_db.h"

int
cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* A command with an option of a global option's name: after that command's
 * word, the option is the command's (`roles assign --tenant` is the
 * user's tenant); before it, the global one. */
static const struct {
	const char *command, *option;
} command_owns[] = {
	{ "roles", "--tenant" },
	{ "stack", "--tenant" },
};

static bool
owned_by_command(const struct cli_args *a, const char *option)
{
	size_t k;

	for (k = 0; a->argc > 0 && k < sizeof(command_owns) / sizeof(command_owns[0]); k++)
		if (strcmp(a->argv[0], command_owns[k].command) == 0 && strcmp(option, command_owns[k].option) == 0)
			return true;
	return false;
}

/* Takes one global option at argv[*i]; 1 taken, 0 not global, -1 error. */
static int
take_global(struct cli_args *a, int argc, char **argv, int *i, struct core_error *err)
{
	static const char *const valued[] = { "--db", "--as", "--account", "--theme",
					      "--screen-test", "--size", "--tenant" };
	const char **slot[] = { &a->app.db_path, &a->app.actor, &a->app.account, &a->theme,
				&a->screen_test, &a->size, &a->app.tenant };
	const char *arg = argv[*i];
	size_t k;
	int got;

	for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
		if (owned_by_command(a, valued[k]))
			continue;
		got = cli_opt_value(argc, argv, i, valued[k], slot[k]);
		if (got < 0)
			return core_error_set(err, CORE_USAGE, "%s needs a value.", valued[k]), -1;
		if (got)
			return 1;
	}
	if (strcmp(arg, "--read-only") == 0)
		a->app.read_only = true;
	else if (strcmp(arg, "--json") == 0)
		a->format = CLI_JSON;
	else if (strcmp(arg, "--csv") == 0)
		a->format = CLI_CSV;
	else if (strcmp(arg, "--demo") == 0)
		a->demo = true;
	else if (strcmp(arg, "--mouse") == 0)
		a->mouse = true;
	else if (strcmp(arg, "--low-bandwidth") == 0)
		a->bandwidth = "on";
	else if (strncmp(arg, "--low-bandwidth=", 16) == 0)
		a->bandwidth = arg + 16;
	else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		a->help = true;
	else if (strcmp(arg, "--version") == 0)
		a->version = true;
	else
		return 0;
	return 1;
}

enum core_status
cli_args_parse(struct cli_args *a, int argc, char **argv, struct core_error *err)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->argv = calloc((size_t)argc + 1, sizeof(*a->argv));
	if (!a->argv)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	for (i = 1; i < argc; i++) {
		int got = take_global(a, argc, argv, &i, err);
		if (got < 0)
			return CORE_USAGE;
		if (!got)
			a->argv[a->argc++] = argv[i];
	}
	if (a->app.db_path && a->demo)
		return core_error_set(err, CORE_USAGE, "Give --db or --demo, not both.");
	if (a->size && !a->screen_test)
		return core_error_set(err, CORE_USAGE, "--size goes with --screen-test FILE.");
	return CORE_OK;
}

void
cli_args_done(struct cli_args *a)
{
	free(a->argv);
	a->argv = NULL;
}

void
cli_args_settle_db(struct cli_args *a)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (a->app.db_path)
		return;
	if (a->demo)
		app_demo_path(a->db_buf, sizeof(a->db_buf));
	else if (xdg && *xdg)
		snprintf(a->db_buf, sizeof(a->db_buf), "%s/billcon/billcon.db", xdg);
	else
		snprintf(a->db_buf, sizeof(a->db_buf), "%s/.local/share/billcon/billcon.db", home ? home : ".");
	a->app.db_path = a->db_buf;
}

int
cli_open(struct cli_args *a, struct app_ctx **ctx)
{
	struct core_error err;

	core_error_clear(&err);
	if (app_open(&a->app, ctx, &err))
		return cli_fail(&err);
	if (app_notice(*ctx))
		fprintf(stderr, "billcon: %s\n", app_notice(*ctx));
	return 0;
}

int
cli_confirmable(struct app_ctx *ctx, bool yes,
	    enum core_status (*fn)(struct app_ctx *, bool, void *, struct core_error *), void *data)
{
	struct core_error err;
	enum core_status rc;

	core_error_clear(&err);
	rc = fn(ctx, yes, data, &err);
	if (rc == CORE_CONFIRM) {
		if (cli_confirm(err.message)) {
			core_error_clear(&err);
			rc = fn(ctx, true, data, &err);
		} else if (!cli_interactive()) {
			size_t n = strlen(err.message);
			snprintf(err.message + n, sizeof(err.message) - n, " Add --yes to confirm.");
		} else {
			core_error_set(&err, CORE_REFUSED, "Nothing was changed.");
		}
	}
	return rc ? cli_fail(&err) : 0;
}

int
cli_switch_opt(const char *name, const char *value, int *out)
{
	char shown[CORE_ECHO_BYTES];
	bool on;

	if (!core_parse_switch(value, &on))
		return cli_usage("%s takes on or off, not \"%s\".", name, core_text_echo(value, shown));
	*out = on;
	return 0;
}

char *
cli_slurp(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *grown = realloc(buf, cap = cap * 2 + 8192);
			if (!grown)
				break;
			buf = grown;
		}
		got = fread(buf + len, 1, 4096, f);
		len += got;
	} while (got > 0);
	if (buf)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

int
cli_open_reader(struct cli_args *a, struct store **st)
{
	struct core_error err;

	a->app.reader = true;
	core_error_clear(&err);
	if (store_open(a->app.db_path, app_open_flags(&a->app), st, &err))
		return cli_fail(&err);
	return 0;
}
