#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "billcon/cli_csv.h"

void
cli_csv_init(struct cli_csv *c, FILE *f)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
}

/* Ends the current field at buf[*o]; false when there is no room. */
static bool
end_field(struct cli_csv *c, size_t *o)
{
	if (c->n >= CLI_CSV_MAX_FIELDS || *o >= sizeof(c->buf))
		return false;
	c->buf[(*o)++] = '\0';
	c->n++;
	if (c->n < CLI_CSV_MAX_FIELDS)
		c->fields[c->n] = c->buf + *o;
	return true;
}

int
cli_csv_next(struct cli_csv *c, const char **problem)
{
	size_t o = 0;
	bool quoted = false, any = false;
	int ch;

	c->n = 0;
	c->fields[0] = c->buf;
	c->line++;
	*problem = NULL;
	while ((ch = fgetc(c->f)) != EOF) {
		any = true;
		/* A NUL would end the field early and hide what follows it. */
		if (ch == '\0')
			return *problem = "it holds a NUL byte", -1;
		if (quoted) {
			if (ch == '"') {
				int next = fgetc(c->f);
				if (next != '"') {
					quoted = false;
					if (next != EOF)
						ungetc(next, c->f);
					continue;
				}
			} else if (ch == '\n') {
				c->line++;
			}
		} else if (ch == '"') {
			quoted = true;
			continue;
		} else if (ch == ',') {
			if (!end_field(c, &o))
				return *problem = "it has too many fields or is too long", -1;
			continue;
		} else if (ch == '\r') {
			continue;
		} else if (ch == '\n') {
			break;
		}
		if (o + 1 >= sizeof(c->buf))
			return *problem = "it is too long", -1;
		c->buf[o++] = (char)ch;
	}
	if (quoted)
		return *problem = "a quoted field is not closed", -1;
	if (!any)
		return 0;
	if (!end_field(c, &o))
		return *problem = "it has too many fields or is too long", -1;
	return 1;
}
