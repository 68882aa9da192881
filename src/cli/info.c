#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "billcon/app_config.h"
#include "billcon/app_context.h"
#include "billcon/app_demo.h"
#include "billcon/cli_info.h"
#include "billcon/store_db.h"
#include "billcon/sync_version.h"

int
cli_info(struct cli_args *a)
{
	struct app_config cfg;
	struct core_error err;
	char demo[4096], state[4096], schema[16];
	const char *xdg_state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	json_t *o;

	if (a->argc > 1)
		return cli_unexpected("info", a->argv[1]);
	core_error_clear(&err);
	cli_args_settle_db(a);
	if (app_config_load(&cfg, &err))
		return cli_fail(&err);
	app_demo_path(demo, sizeof(demo));
	if (xdg_state && *xdg_state)
		snprintf(state, sizeof(state), "%s/billcon", xdg_state);
	else
		snprintf(state, sizeof(state), "%s/.local/state/billcon", home ? home : ".");
	snprintf(schema, sizeof(schema), "%d", store_schema_version());
	o = json_object();
	json_object_set_new(o, "version", app_json_text(PACKAGE_VERSION));
	json_object_set_new(o, "store", app_json_text(a->app.db_path));
	json_object_set_new(o, "demoStore", app_json_text(demo));
	json_object_set_new(o, "config", app_json_text(cfg.path[0] ? cfg.path : "(none)"));
	json_object_set_new(o, "state", app_json_text(state));
	json_object_set_new(o, "ncurses", app_json_text(a->console->curses_version()));
	json_object_set_new(o, "sqlite", app_json_text(store_sqlite_version()));
	json_object_set_new(o, "libcurl", app_json_text(sync_curl_version()));
	json_object_set_new(o, "jansson", app_json_text(JANSSON_VERSION));
	json_object_set_new(o, "schema", app_json_text(schema));
	/* Paths come from the environment and may hold anything: valid JSON,
	 * and safe text for a terminal. */
	if (a->format == CLI_JSON) {
		cli_put_json(stdout, o);
	} else {
		const char *key;
		json_t *v;
		json_object_foreach(o, key, v) {
			fprintf(stdout, "%-10s ", key);
			cli_put_safe(stdout, json_is_string(v) ? json_string_value(v) : "");
			fputc('\n', stdout);
		}
	}
	json_decref(o);
	return 0;
}
