/* cli_args: the command line's words. Global options may stand before or
 * after the subcommand; what is left is the command and its own options. */
#ifndef BILLCON_CLI_ARGS_H
#define BILLCON_CLI_ARGS_H

#include <stdbool.h>

#include "billcon/app_context.h"
#include "billcon/cli_main.h"
#include "billcon/cli_out.h"

struct cli_args {
	struct app_options app;   /* --db, --as, --account, --read-only, --tenant */
	enum cli_format format;   /* --json, --csv */
	bool demo;                /* --demo: the demo store, made on first use */
	bool help;                /* --help, -h */
	bool version;             /* --version */
	const char *theme;        /* --theme NAME */
	bool mouse;               /* --mouse */
	const char *bandwidth;    /* --low-bandwidth[=on|off|auto]: the word, NULL when not given */
	const char *screen_test;  /* --screen-test FILE: headless console, keys from FILE */
	const char *size;         /* --size COLSxLINES for --screen-test */
	const struct cli_console *console; /* the console, as main() wired it */
	char db_buf[4096];        /* storage for a computed --db */
	int argc;                 /* the words left: command, verb, its options */
	char **argv;              /* borrowed from main's argv; owned array */
};

/* Splits argv into global options and the rest. CORE_USAGE with a message
 * on a bad global option. Free with cli_args_done. */
enum core_status cli_args_parse(struct cli_args *a, int argc, char **argv, struct core_error *err);

/* Frees what cli_args_parse allocated in a. */
void cli_args_done(struct cli_args *a);

/* Fills in the store path: --db, --demo, or the default store. */
void cli_args_settle_db(struct cli_args *a);

/* A command's own options: when argv[*i] is name (or "name=value"), sets
 * *value, advances *i past it and returns 1; returns -1 when the value is
 * missing; 0 when argv[*i] is not name. */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value);

/* Opens the store as a's options say (a reader when a->app.reader),
 * printing its notice; 0, or the exit code of the failure, printed. */
int cli_open(struct cli_args *a, struct app_ctx **ctx);

/* Runs fn, a change that may need confirming: with yes it is confirmed;
 * else on CORE_CONFIRM it asks on a terminal, and elsewhere refuses with a
 * hint to add --yes. 0, or the exit code of the failure, printed. */
int cli_confirmable(struct app_ctx *ctx, bool yes,
		    enum core_status (*fn)(struct app_ctx *, bool, void *, struct core_error *),
		    void *data);

/* Parses the value of an on|off option name into *out (0 or 1); 0, or the
 * usage exit code, already reported. */
int cli_switch_opt(const char *name, const char *value, int *out);

struct store;

/* Opens the store for a command that reads it directly with no actor (the
 * audit commands: an auditor may run them on any copy of a store, which
 * they leave as it was); 0, or the exit code of the failure, printed. */
int cli_open_reader(struct cli_args *a, struct store **st);

/* Reads the whole of path ("-": standard input) into a new string (the
 * caller frees); NULL when it cannot be opened. */
char *cli_slurp(const char *path);

#endif
