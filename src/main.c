#include "config.h"

#include "billcon/cli_main.h"
#include "billcon/ui_console.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_version.h"

/* The console as the command line asks for it. */
static int
run_console(struct app_ctx *ctx, const struct cli_console_options *o)
{
	struct ui_console_options uo = {
		.screen = { .theme = o->theme, .mouse = o->mouse, .script = o->script,
			    .cols = o->cols, .lines = o->lines },
		.bandwidth = o->bandwidth,
	};

	return ui_console_run(ctx, &uo);
}

/* main wires the console into the command line: the two never include
 * each other. */
int
main(int argc, char **argv)
{
	static const struct cli_console console = {
		.run = run_console,
		.keys = ui_keys_print,
		.curses_version = ui_curses_version,
	};

	return cli_main(argc, argv, &console);
}
