/* cli_main: the `billcon` command: parses the words and runs a command.
 * It includes nothing from ui/: what it needs of the console main() hands
 * it (src/main.c), so that the command line and the console stay apart. */
#ifndef BILLCON_CLI_MAIN_H
#define BILLCON_CLI_MAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "billcon/core_bandwidth.h"

struct app_ctx;

/* How the command line asks for the console. */
struct cli_console_options {
	const char *theme;    /* --theme, else the settings file's, else NULL */
	bool mouse;           /* --mouse or the settings file's */
	enum core_bandwidth_mode bandwidth; /* --low-bandwidth, else the setting low_bandwidth */
	const char *script;   /* --screen-test: the key script's text, else NULL */
	int cols, lines;      /* --size for a headless screen */
};

/* The console, as main() wires it in. */
struct cli_console {
	/* Runs the console on ctx until the user quits; the exit code. */
	int (*run)(struct app_ctx *ctx, const struct cli_console_options *o);
	/* Writes the console's key table to out, as man page lines when man. */
	void (*keys)(FILE *out, bool man);
	/* The curses library's version, for `billcon info`. */
	const char *(*curses_version)(void);
};

/* Runs billcon with main's arguments, with console for what needs the
 * console; returns the exit code (doc/billcon.1). */
int cli_main(int argc, char **argv, const struct cli_console *console);

#endif
