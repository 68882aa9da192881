#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/cli_list.h"

const char *
cli_list_text(json_t *o, const char *key)
{
	char part[128];
	const char *dot;

	while (o && (dot = strchr(key, '.')) != NULL) {
		snprintf(part, sizeof(part), "%.*s", (int)(dot - key), key);
		o = json_object_get(o, part);
		key = dot + 1;
	}
	o = o ? json_object_get(o, key) : NULL;
	return json_is_string(o) ? json_string_value(o) : "";
}

static void
put_text_cells(const struct cli_list *l, json_t *o)
{
	size_t i;

	for (i = 0; i < l->ncols; i++) {
		const char *v = o ? cli_list_text(o, l->cols[i].key) : l->cols[i].title;

		if (l->cols[i].width < 0)
			continue;
		if (i)
			fputc(' ', stdout);
		if (l->cols[i].width > 0)
			cli_put_cell(stdout, v, l->cols[i].width);
		else
			cli_put_safe(stdout, v);
	}
	fputc('\n', stdout);
}

void
cli_list_begin(struct cli_list *l)
{
	size_t i;

	l->rows = 0;
	switch (l->format) {
	case CLI_JSON:
		fputc('[', stdout);
		break;
	case CLI_CSV:
		for (i = 0; i < l->ncols; i++)
			fprintf(stdout, "%s%s", i ? "," : "", l->cols[i].key);
		fputs("\r\n", stdout);
		break;
	case CLI_TEXT:
		put_text_cells(l, NULL);
		break;
	}
}

void
cli_list_row(struct cli_list *l, json_t *o)
{
	size_t i;

	switch (l->format) {
	case CLI_JSON:
		fputs(l->rows ? ",\n" : "\n", stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		break;
	case CLI_CSV:
		for (i = 0; i < l->ncols; i++) {
			if (i)
				fputc(',', stdout);
			cli_put_csv(stdout, cli_list_text(o, l->cols[i].key));
		}
		fputs("\r\n", stdout);
		break;
	case CLI_TEXT:
		put_text_cells(l, o);
		break;
	}
	l->rows++;
	json_decref(o);
}

void
cli_list_end(struct cli_list *l, const char *empty)
{
	if (l->format == CLI_JSON)
		fputs(l->rows ? "\n]\n" : "]\n", stdout);
	else if (l->format == CLI_TEXT && l->rows == 0 && empty)
		fprintf(stdout, "%s\n", empty);
}
