#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/app_backup.h"
#include "billcon/app_signkey.h"
#include "billcon/app_config.h"
#include "billcon/app_demo.h"
#include "billcon/cli_args.h"
#include "billcon/app_account.h"
#include "billcon/cli_audit.h"
#include "billcon/cli_invoices.h"
#include "billcon/cli_directory.h"
#include "billcon/cli_info.h"
#include "billcon/cli_login.h"
#include "billcon/cli_main.h"
#include "billcon/cli_partner.h"
#include "billcon/cli_requests.h"
#include "billcon/cli_roles.h"
#include "billcon/cli_stack.h"
#include "billcon/cli_sync.h"
#include "billcon/cli_hierarchy.h"
#include "billcon/cli_tenants.h"
#include "billcon/cli_usage.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

static const char usage_text[] =
	"usage: billcon [global options] [command]\n"
	"\n"
	"Commands:\n"
	"  tenants list                          the billing account's associated tenants\n"
	"  tenants add (--tenant-id GUID | --domain NAME) --name NAME\n"
	"              [--billing-management] [--provisioning]\n"
	"  tenants set ID [--name NAME] [--billing-management on|off]\n"
	"              [--provisioning on|off] [--yes]\n"
	"  tenants remove ID [--yes]\n"
	"  tenants import FILE|-                 add the tenants of a CSV file\n"
	"  tenants provision ID --name NAME [--section SECTION]\n"
	"                                        a Microsoft 365 subscription there\n"
	"  requests list [--status S] [--type T] billing requests, pending first\n"
	"  requests show ID | requests url ID    one request; the URL to decide it at\n"
	"  requests approve ID [--reason TEXT]   decide a request addressed to you\n"
	"  requests decline ID --reason TEXT\n"
	"  requests cancel ID                    cancel a pending request you made\n"
	"  roles definitions [--scope SCOPE]     the roles that may be given at a scope\n"
	"  roles list [--scope SCOPE]            role assignments (at a scope: its own\n"
	"                                        and those inherited from above)\n"
	"  roles assign --role ROLE --email EMAIL [--scope SCOPE] [--tenant GUID]\n"
	"  roles remove NAME [--yes]\n"
	"  directory users list [--filter TEXT]  the users the directory knows\n"
	"  directory users add --email EMAIL [--name NAME] [--global-admin]\n"
	"  directory users set EMAIL [--name NAME] [--global-admin on|off]\n"
	"  directory tenants list [--filter TEXT]  known tenants, their domains\n"
	"  directory tenants set ID [--name NAME] [--add-domain DOMAIN]\n"
	"              [--remove-domain DOMAIN] [--guest-invitations on|off]\n"
	"  guests list [--filter TEXT]           B2B guests of the primary tenant\n"
	"  guests invite --email EMAIL [--name NAME]\n"
	"  guests accept EMAIL                   accept, acting as that guest (--as)\n"
	"  partner show                          the Partner Center account, its tenants,\n"
	"                                        the linked billing profile, the history\n"
	"  partner set [--id ID] [--name NAME] [--state STATE] [--tenants T1,T2]\n"
	"              [--purchase-tenant T] [--company C] [--address A]\n"
	"              [--country CC] [--contact EMAIL]  enter the account by hand\n"
	"  partner link (--billing-account ID | --new-account [--account-name NAME]\n"
	"              [--primary-contact EMAIL]) (--profile ID | --new-profile NAME)\n"
	"              [--accept-mca] [--accept-mca-italy]   link a billing profile\n"
	"  partner change-account ...            the same options, on an existing link\n"
	"  partner change-profile (--profile ID | --new-profile NAME) [--accept-mca...]\n"
	"                                        another profile of the linked account\n"
	"  partner purchase                      where membership purchases go\n"
	"  stack list                            Azure Stack registrations, their\n"
	"                                        customer subscriptions\n"
	"  stack add-customer --registration NAME --subscription GUID --tenant GUID\n"
	"  stack remove-customer --registration NAME --subscription GUID [--yes]\n"
	"  stack commands --registration NAME --subscription GUID\n"
	"                                        the PowerShell and az equivalents\n"
	"  stack onboarding [TENANT]             end-customer onboarding checklists\n"
	"  stack onboarding TENANT start --customer NAME | tick STEP | untick STEP\n"
	"                   | manage csp|guest [--guest EMAIL]\n"
	"  usage import FILE|- [--format csv|jsonl]  Azure Stack usage, routed to the\n"
	"                                        subscriptions charged; refused whole\n"
	"                                        when a row is bad\n"
	"  usage report [--by subscription|tenant|meter]  who is charged for usage\n"
	"  hierarchy show [--filter TEXT]        the account, its billing profiles,\n"
	"                                        invoice sections and subscriptions\n"
	"  profiles list | profiles add --name NAME [--payment-instrument P]\n"
	"              [--invoice-day 1-28] [--currency CODE]  (its default section too)\n"
	"  sections list [--profile P] | sections add --profile P --name NAME\n"
	"  subscriptions list [--filter TEXT]    with service and billing tenants\n"
	"  subscriptions move SUB --section S    to another section of the account\n"
	"  subscriptions link SUB --section S --from ACCOUNT [--service-tenant T]\n"
	"              [--name NAME]             bill one from another tenant here:\n"
	"                                        only billing changes, RBAC stays\n"
	"  invoices list [--profile P] [--status S]  invoices of the account in scope,\n"
	"                                        newest first\n"
	"  invoices download ID [--output FILE] [--force] [--endpoint URL] [--auth ...]\n"
	"                                        save an invoice's document from ARM\n"
	"  accounts list                         the billing accounts you see\n"
	"  sync [--pull-only|--push-only] [--endpoint URL] [--graph-endpoint URL]\n"
	"       [--login-endpoint URL] [--auth device|client|token-file FILE]\n"
	"       [--trace FILE] [--switch-user] [--json]\n"
	"                                        pull from the billing account (a new\n"
	"                                        store made from it), then push\n"
	"  sync --plan                           the changes waiting for sync, each with\n"
	"                                        the call it makes or why it stays local\n"
	"  sync resolve ID --mine|--theirs       settle a conflict: push my change, or\n"
	"                                        take the service's version\n"
	"  audit list [--since T] [--until T] [--actor A] [--action X] [--object O]\n"
	"              [--all-accounts] [--oldest-first]   the trail, newest first\n"
	"  audit export --format csv|json|jsonl [the same filters] [--output FILE]\n"
	"              [--force]                 every entry, all fields, oldest first\n"
	"  audit verify [--expect HASH] [--checkpoint FILE [--key KEY]] [--json]\n"
	"                                        check the audit trail's chain and tree\n"
	"  audit head                            the last audit entry's number and hash\n"
	"  audit checkpoint                      a signed checkpoint of the trail\n"
	"  audit key                             the checkpoints' verifier key\n"
	"  audit prove SEQ [--size N]            an entry's inclusion proof (JSON)\n"
	"  audit verify-proof --proof FILE --checkpoint FILE --key KEY\n"
	"                                        check a proof with no store\n"
	"  backup PATH                           copy the store, checked, to a new file\n"
	"  demo init PATH [--scale N]            make a demo store\n"
	"              [--audit N] [--accounts N] [--invoices N]\n"
	"  login [--auth device|client|token-file FILE] [--login-endpoint URL]\n"
	"                                        sign in (a device code by default)\n"
	"  login --status                        who is signed in, until when\n"
	"  logout [--login-endpoint URL]         forget the cached sign-in\n"
	"  info                                  paths and library versions\n"
	"  keys [--man]                          the console's keys (as a man page table)\n"
	"\n"
	"With no command on a terminal, billcon opens the console; elsewhere it\n"
	"prints the associated tenants.\n"
	"\n"
	"Global options (before or after the command):\n"
	"  --db PATH        the store (default $XDG_DATA_HOME/billcon/billcon.db)\n"
	"  --demo           the demo store, made on first use\n"
	"  --as EMAIL       act as this user\n"
	"  --account NAME   the billing account (default: the one you hold a role on)\n"
	"  --tenant GUID    the tenant you sign in through (default: the setting\n"
	"                   tenant, else your home tenant; after `roles`, --tenant\n"
	"                   is the user's tenant of roles assign)\n"
	"  --read-only      open the store read-only: nothing can change (the\n"
	"                   setting read_only = on does so always)\n"
	"  --json, --csv    machine-readable output\n"
	"  --theme NAME     default, mono, high-contrast, or a user theme\n"
	"  --mouse          let the console take mouse clicks\n"
	"  --low-bandwidth[=on|off|auto]\n"
	"                   draw less for a slow link (auto, the default, measures it)\n"
	"  --screen-test FILE [--size COLSxLINES]\n"
	"                   run the console headless on the keys in FILE (tests)\n"
	"  --help, --version\n"
	"\n"
	"ID is a tenant ID or a domain (for requests, the request's name, a GUID).\n"
	"SCOPE is billingProfiles/NAME or billingProfiles/NAME/invoiceSections/NAME\n"
	"(default: the billing account). ROLE is a role's name (Reader) or its ID.\n"
	"Exit codes: 0 ok, 2 usage, 3 refused by a rule, 4 not permitted, 5 not found,\n"
	"6 store failure, 7 remote failure.\n";

/* Whether the usage entry at line (two spaces, then the command) is for
 * the command words (one or two; NULL none). */
static bool
entry_for(const char *line, const char *cmd, const char *verb)
{
	size_t n = strlen(cmd);

	if (strncmp(line, "  ", 2) != 0 || line[2] == ' ' || strncmp(line + 2, cmd, n) != 0 || line[2 + n] != ' ')
		return false;
	return !verb || (strncmp(line + 3 + n, verb, strlen(verb)) == 0 &&
			 (line[3 + n + strlen(verb)] == ' ' || line[3 + n + strlen(verb)] == '\n'));
}

/* Prints the usage entries (with their continuation lines) for cmd and
 * verb; how many were printed. */
static int
put_entries(const char *cmd, const char *verb)
{
	bool in = false;
	int n = 0;

	for (const char *line = usage_text; *line; line = strchr(line, '\n') + 1) {
		size_t len = strcspn(line, "\n");

		if (strncmp(line, "   ", 3) != 0)
			in = entry_for(line, cmd, verb);
		if (in) {
			if (strncmp(line, "   ", 3) != 0 && !n++)
				fputs("usage: billcon [global options] ...\n\n", stdout);
			fwrite(line, 1, len + 1, stdout);
		}
		if (!line[len])
			break;
	}
	return n;
}

/* --help: after a command (`billcon tenants import --help`), that command's
 * entries (the verb's alone when it has one), with a pointer to the rest;
 * else, or for a command it does not know, the whole usage. */
static void
put_usage(const struct cli_args *a)
{
	const char *cmd = a->argc > 0 ? a->argv[0] : NULL;
	const char *verb = a->argc > 1 && a->argv[1][0] != '-' ? a->argv[1] : NULL;

	if (cmd && (put_entries(cmd, verb) || (verb && put_entries(cmd, NULL)))) {
		fputs("\nbillcon --help lists every command and the global options.\n", stdout);
		return;
	}
	fputs(usage_text, stdout);
}

/* The setting read_only = on joins --read-only, so that every store this
 * run opens is opened read-only (cli_open, backup, audit); 0, or the exit
 * code of a settings file that cannot be read, reported. */
static int
settle_read_only(struct cli_args *a, struct app_config *cfg)
{
	struct core_error err;

	core_error_clear(&err);
	if (app_config_load(cfg, &err))
		return cli_fail(&err);
	a->app.read_only_setting = a->app.read_only_setting || cfg->read_only;
	return 0;
}

/* Refuses doing, a change outside any open store, in read-only use: 0, or
 * the exit code, reported. */
static int
refuse_read_only(struct cli_args *a, const char *doing)
{
	struct app_config cfg;
	struct core_error err;
	int rc = settle_read_only(a, &cfg);

	core_error_clear(&err);
	if (!rc && app_refuse_change(&a->app, cfg.path, doing, &err))
		rc = cli_fail(&err);
	return rc;
}

static int
demo_cmd(struct cli_args *a)
{
	struct core_error err;
	const char *scale_arg = NULL, *audit_arg = NULL, *accounts_arg = NULL, *invoices_arg = NULL;
	const char *path = NULL;
	char shown[CORE_ECHO_BYTES];
	struct app_demo_sizes z = { 0 };
	int i, got;

	if (a->argc < 2 || strcmp(a->argv[1], "init") != 0)
		return cli_usage("demo needs a verb: init PATH [--scale N] [--audit N].");
	for (i = 2; i < a->argc; i++) {
		got = cli_opt_value(a->argc, a->argv, &i, "--scale", &scale_arg);
		if (got < 0)
			return cli_usage("--scale needs a number of rows.");
		if (!got && (got = cli_opt_value(a->argc, a->argv, &i, "--audit", &audit_arg)) < 0)
			return cli_usage("--audit needs a number of entries.");
		if (!got && (got = cli_opt_value(a->argc, a->argv, &i, "--accounts", &accounts_arg)) < 0)
			return cli_usage("--accounts needs a number of accounts.");
		if (!got && (got = cli_opt_value(a->argc, a->argv, &i, "--invoices", &invoices_arg)) < 0)
			return cli_usage("--invoices needs a number of invoices.");
		if (!got && !path && a->argv[i][0] != '-')
			path = a->argv[i];
		else if (!got)
			return cli_unexpected("demo init", a->argv[i]);
	}
	if (!path)
		return cli_usage("demo init needs the PATH of the store to make.");
	if ((got = refuse_read_only(a, "make a demo store")))
		return got;
	if (scale_arg && !core_count_parse(scale_arg, APP_DEMO_SCALE_MAX, &z.scale))
		return cli_usage("--scale takes a number of rows from 0 to %d in digits, not \"%s\".",
				 APP_DEMO_SCALE_MAX, core_text_echo(scale_arg, shown));
	if (audit_arg && !core_count_parse(audit_arg, APP_DEMO_AUDIT_MAX, &z.audit))
		return cli_usage("--audit takes a number of entries from 0 to %d in digits, not \"%s\".",
				 APP_DEMO_AUDIT_MAX, core_text_echo(audit_arg, shown));
	if (accounts_arg && !core_count_parse(accounts_arg, APP_ACCOUNT_SEED_MAX, &z.accounts))
		return cli_usage("--accounts takes a number of accounts from 0 to %d in digits, not \"%s\".",
				 APP_ACCOUNT_SEED_MAX, core_text_echo(accounts_arg, shown));
	if (invoices_arg && !core_count_parse(invoices_arg, APP_DEMO_SCALE_MAX, &z.invoices))
		return cli_usage("--invoices takes a number of invoices from 0 to %d in digits, not \"%s\".",
				 APP_DEMO_SCALE_MAX, core_text_echo(invoices_arg, shown));
	core_error_clear(&err);
	if (app_demo_init_sizes(path, &z, &err))
		return cli_fail(&err);
	fprintf(stdout, "Made the demo store %s%s.\n", path,
		z.scale || z.audit || z.accounts || z.invoices ? " with generated rows" : "");
	return 0;
}

/* `billcon backup PATH`: a checked copy of the store, never over a file. */
static int
backup_cmd(struct cli_args *a)
{
	struct store_audit_verdict v;
	struct app_config cfg;
	struct core_error err;
	int rc;

	if (a->argc != 2 || a->argv[1][0] == '-')
		return cli_usage("backup needs the PATH of the copy to make, and nothing else.");
	if ((rc = settle_read_only(a, &cfg)))
		return rc;
	cli_args_settle_db(a);
	core_error_clear(&err);
	if (app_backup(&a->app, a->argv[1], &v, &err))
		return cli_fail(&err);
	if (v.problem[0]) {
		core_error_set(&err, CORE_REFUSED, "The copy was made at %s, but its audit trail is not whole: %s",
			       a->argv[1], v.problem);
		return cli_fail(&err);
	}
	fputs("Copied the store to ", stdout);
	cli_put_safe(stdout, a->argv[1]);
	fprintf(stdout, ": its integrity checked, its audit trail whole (%lld entr%s).\n", v.entries,
		v.entries == 1 ? "y" : "ies");
	/* The key that signs checkpoints is what makes them worth keeping:
	 * it is not in the store, so the backup does not hold it. */
	fputs("The audit signing key ($XDG_STATE_HOME/billcon/" APP_SIGNKEY_FILE
	      ") is not in the copy: keep it apart from the store, never beside a copy you hand out.\n",
	      stdout);
	return 0;
}

/* --demo: the demo store is made the first time it is used. */
static int
ensure_demo(struct cli_args *a)
{
	struct core_error err;
	char dir[4096];
	char *slash;
	int rc;

	if (!a->demo || access(a->app.db_path, F_OK) == 0)
		return 0;
	if ((rc = refuse_read_only(a, "make the demo store, which is not there yet")))
		return rc;
	snprintf(dir, sizeof(dir), "%s", a->app.db_path);
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	core_error_clear(&err);
	if (app_demo_init(a->app.db_path, 0, &err))
		return cli_fail(&err);
	return 0;
}

/* The largest headless screen --size takes, each way. */
#define SIZE_MAX_CELLS 1000

/* --size COLSxLINES: digits only, each from 1 to SIZE_MAX_CELLS. */
static bool
parse_size(const char *s, int *cols, int *lines)
{
	const char *x = strchr(s, 'x');
	char left[16];
	long c, l;

	if (!x || (size_t)(x - s) >= sizeof(left))
		return false;
	snprintf(left, sizeof(left), "%.*s", (int)(x - s), s);
	if (!core_count_parse(left, SIZE_MAX_CELLS, &c) || !core_count_parse(x + 1, SIZE_MAX_CELLS, &l) ||
	    c < 1 || l < 1)
		return false;
	*cols = (int)c;
	*lines = (int)l;
	return true;
}

static int
console(struct cli_args *a)
{
	struct cli_console_options o = { .theme = a->theme, .mouse = a->mouse };
	struct core_error err;
	struct app_ctx *ctx;
	char *script = NULL;
	int rc;

	if (a->screen_test) {
		script = cli_slurp(a->screen_test);
		if (!script)
			return cli_usage("The key script %s cannot be read.", a->screen_test);
		o.script = script;
		if (a->size && !parse_size(a->size, &o.cols, &o.lines)) {
			free(script);
			return cli_usage("--size takes COLSxLINES, each from 1 to %d, such as 80x24.",
					 SIZE_MAX_CELLS);
		}
	}
	if (a->bandwidth && !core_bandwidth_mode_parse(a->bandwidth, &o.bandwidth)) {
		free(script);
		return cli_usage("--low-bandwidth is on, off or auto.");
	}
	core_error_clear(&err);
	/* The title names the account: with several, one stands in. */
	a->app.any_account = true;
	if (app_open(&a->app, &ctx, &err)) {
		free(script);
		return cli_fail(&err);
	}
	/* The settings file's choices, unless the command line said otherwise. */
	if (!o.theme && ctx->cfg.theme[0])
		o.theme = ctx->cfg.theme;
	o.mouse = o.mouse || ctx->cfg.mouse;
	if (!a->bandwidth)
		o.bandwidth = ctx->cfg.low_bandwidth;
	rc = a->console->run(ctx, &o);
	app_close(ctx);
	free(script);
	return rc;
}

/* `billcon keys [--man]`: the key table, from the one list of actions. */
static int
keys_cmd(struct cli_args *a)
{
	bool man = a->argc > 1 && strcmp(a->argv[1], "--man") == 0;

	if (a->argc > (man ? 2 : 1))
		return cli_unexpected("keys", a->argv[man ? 2 : 1]);
	a->console->keys(stdout, man);
	return 0;
}

static int
dispatch(struct cli_args *a)
{
	const char *cmd = a->argc > 0 ? a->argv[0] : NULL;
	char shown[CORE_ECHO_BYTES];
	struct app_config cfg;
	struct core_error err;
	int rc;

	if (cmd && strcmp(cmd, "demo") == 0)
		return demo_cmd(a);
	if (cmd && strcmp(cmd, "keys") == 0)
		return keys_cmd(a);
	if (cmd && strcmp(cmd, "backup") == 0)
		return backup_cmd(a);
	if (cmd && strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	/* Every command from here on finds its files under HOME or XDG. */
	core_error_clear(&err);
	if (app_config_check_home(&err))
		return cli_fail(&err);
	if ((rc = settle_read_only(a, &cfg)))
		return rc;
	if (cmd && strcmp(cmd, "info") == 0)
		return cli_info(a);
	if (cmd && strcmp(cmd, "audit") == 0)
		return cli_audit(a);
	if (cmd && strcmp(cmd, "login") == 0)
		return cli_login(a);
	if (cmd && strcmp(cmd, "logout") == 0)
		return cli_logout(a);
	cli_args_settle_db(a);
	if ((rc = ensure_demo(a)))
		return rc;
	if (!cmd && (a->screen_test || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))))
		return console(a);
	if (!cmd)
		return cli_tenants_list(a);
	if (strcmp(cmd, "tenants") == 0)
		return cli_tenants(a);
	if (strcmp(cmd, "requests") == 0)
		return cli_requests(a);
	if (strcmp(cmd, "roles") == 0)
		return cli_roles(a);
	if (strcmp(cmd, "directory") == 0)
		return cli_directory(a);
	if (strcmp(cmd, "guests") == 0)
		return cli_guests(a);
	if (strcmp(cmd, "partner") == 0)
		return cli_partner(a);
	if (strcmp(cmd, "stack") == 0)
		return cli_stack(a);
	if (strcmp(cmd, "usage") == 0)
		return cli_usage_cmd(a);
	if (strcmp(cmd, "hierarchy") == 0)
		return cli_hierarchy(a);
	if (strcmp(cmd, "profiles") == 0)
		return cli_profiles(a);
	if (strcmp(cmd, "sections") == 0)
		return cli_sections(a);
	if (strcmp(cmd, "subscriptions") == 0)
		return cli_subscriptions(a);
	if (strcmp(cmd, "invoices") == 0)
		return cli_invoices(a);
	if (strcmp(cmd, "accounts") == 0)
		return cli_accounts(a);
	if (strcmp(cmd, "sync") == 0)
		return cli_sync(a);
	return cli_usage("There is no command \"%s\"; see billcon --help.", core_text_echo(cmd, shown));
}

int
cli_main(int argc, char **argv, const struct cli_console *console)
{
	struct cli_args a;
	struct core_error err;
	int rc;

	setlocale(LC_ALL, "");
	core_error_clear(&err);
	if (cli_args_parse(&a, argc, argv, &err)) {
		cli_args_done(&a);
		return cli_fail(&err);
	}
	a.console = console;
	if (a.help) {
		put_usage(&a);
		rc = 0;
	} else if (a.version) {
		fprintf(stdout, "billcon %s\n", PACKAGE_VERSION);
		rc = 0;
	} else {
		rc = dispatch(&a);
	}
	cli_args_done(&a);
	if (fflush(stdout) != 0 && rc == 0) {
		fprintf(stderr, "billcon: the output could not be written.\n");
		rc = 6;
	}
	return rc;
}
