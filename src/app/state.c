#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/app_state.h"

#define STATE_LINE 2048

bool
app_state_dir(char *out, size_t size, bool make)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(out, size, "%s/billcon", xdg);
	else if (home && *home)
		n = snprintf(out, size, "%s/.local/state/billcon", home);
	else
		return false;
	if (n < 0 || (size_t)n >= size)
		return false;
	if (make) {
		char *slash;

		for (slash = strchr(out + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(out, 0700);
			*slash = '/';
		}
		mkdir(out, 0700);
	}
	return true;
}

static bool
state_path(char *out, size_t size, bool make_dir)
{
	char dir[4096];

	return app_state_dir(dir, sizeof(dir), make_dir) &&
	       snprintf(out, size, "%s/console.state", dir) < (int)size;
}

/* The value of key on line, or NULL when the line is another key's. */
static const char *
value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	return strncmp(line, key, n) == 0 && line[n] == ' ' ? line + n + 1 : NULL;
}

bool
app_state_get(const char *key, char *out, size_t size)
{
	char path[4200], line[STATE_LINE];
	const char *v;
	FILE *f;
	bool found = false;

	out[0] = '\0';
	if (!state_path(path, sizeof(path), false) || !(f = fopen(path, "r")))
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if ((v = value_of(line, key)) != NULL) {
			snprintf(out, size, "%s", v);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Copies the lines of old (may be NULL) but key's into f, then key's. */
static bool
write_state(FILE *f, FILE *old, const char *key, const char *value)
{
	char line[STATE_LINE];

	while (old && fgets(line, sizeof(line), old)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] && !value_of(line, key))
			fprintf(f, "%s\n", line);
	}
	fprintf(f, "%s %s\n", key, value);
	return !ferror(f);
}

bool
app_state_set(const char *key, const char *value)
{
	char path[4200], aside[4300];
	FILE *old, *f;
	int fd;
	bool ok;

	if (strchr(value, '\n') || strchr(key, ' ') || !state_path(path, sizeof(path), true))
		return false;
	snprintf(aside, sizeof(aside), "%s.%ld", path, (long)getpid());
	fd = open(aside, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	old = fopen(path, "r");
	ok = write_state(f, old, key, value);
	if (old)
		fclose(old);
	ok = fclose(f) == 0 && ok && rename(aside, path) == 0;
	if (!ok)
		unlink(aside);
	return ok;
}
