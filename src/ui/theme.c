#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/ui_curses.h"
#include "billcon/ui_theme.h"

/* Generous for "color SLOT FG BG" and every attribute, with a comment. */
#define THEME_LINE_MAX 512
/* A theme is a few dozen lines; anything far bigger is the wrong file. */
#define THEME_FILE_MAX (64 * 1024)
#define THEME_SYNTAX "expected: color SLOT FG BG [ATTR...]"
#define THEME_NAME_SIZE sizeof(((struct ui_theme *)NULL)->name)

static const char *const slot_names[UI_SLOT_COUNT] = {
#define UI_SLOT_NAME(id, name) [UI_SLOT_##id] = name,
	UI_SLOT_INFO(UI_SLOT_NAME)
#undef UI_SLOT_NAME
};

/* The base of every theme, and all of it on a terminal without colour: each
 * slot that marks something (a selection, a state, a bar) differs from plain
 * text by attributes alone, and the states differ from each other. States
 * are always shown in words too, so these only add emphasis. */
#define MONO(a) { -1, -1, (unsigned)(a) }
static const struct ui_style mono_styles[UI_SLOT_COUNT] = {
	[UI_SLOT_NORMAL]        = MONO(A_NORMAL),
	[UI_SLOT_TITLE]         = MONO(A_REVERSE | A_BOLD),
	[UI_SLOT_MENU]          = MONO(A_NORMAL),
	[UI_SLOT_MENU_SELECTED] = MONO(A_REVERSE | A_BOLD),
	[UI_SLOT_HEADER]        = MONO(A_BOLD | A_UNDERLINE),
	[UI_SLOT_ROW_SELECTED]  = MONO(A_REVERSE),
	[UI_SLOT_STATUS]        = MONO(A_REVERSE),
	[UI_SLOT_KEY]           = MONO(A_BOLD),
	[UI_SLOT_MESSAGE]       = MONO(A_NORMAL),
	[UI_SLOT_ERROR]         = MONO(A_BOLD),
	[UI_SLOT_STATE_GOOD]    = MONO(A_BOLD),
	[UI_SLOT_STATE_WAIT]    = MONO(A_UNDERLINE),
	[UI_SLOT_STATE_BAD]     = MONO(A_BOLD | A_UNDERLINE), /* not reverse: that is the cursor */
	[UI_SLOT_STATE_OFF]     = MONO(A_DIM),
	[UI_SLOT_DIALOG]        = MONO(A_NORMAL),
	[UI_SLOT_FIELD]         = MONO(A_UNDERLINE),
	[UI_SLOT_FIELD_ERROR]   = MONO(A_BOLD | A_UNDERLINE),
	[UI_SLOT_DISABLED]      = MONO(A_DIM),
	[UI_SLOT_MARKER]        = MONO(A_BOLD),
};
#undef MONO

static const char *const colour_names[8] = {
	[COLOR_BLACK] = "black", [COLOR_RED] = "red", [COLOR_GREEN] = "green",
	[COLOR_YELLOW] = "yellow", [COLOR_BLUE] = "blue", [COLOR_MAGENTA] = "magenta",
	[COLOR_CYAN] = "cyan", [COLOR_WHITE] = "white",
};

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "normal", (unsigned)A_NORMAL },
	{ "bold", (unsigned)A_BOLD },
	{ "dim", (unsigned)A_DIM },
	{ "reverse", (unsigned)A_REVERSE },
	{ "underline", (unsigned)A_UNDERLINE },
	{ "standout", (unsigned)A_STANDOUT },
};

int
ui_slot_by_name(const char *name)
{
	int s;

	for (s = 0; name && s < UI_SLOT_COUNT; s++)
		if (strcmp(slot_names[s], name) == 0)
			return s;
	return -1;
}

/* "SOURCE line N: what." as CORE_USAGE; fmt is the part after the colon. */
static enum core_status
line_error(struct core_error *err, const char *source, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum core_status
line_error(struct core_error *err, const char *source, int line, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return core_error_set(err, CORE_USAGE, "%s line %d: %s.", source, line, what);
}

/* "dark" from "/home/x/.config/billcon/themes/dark.theme", so a parsed
 * file has a name to show even before ui_theme_load names it. */
static void
name_from_source(char *name, size_t size, const char *source)
{
	const char *base = strrchr(source, '/');
	size_t len;

	base = base ? base + 1 : source;
	len = strlen(base);
	if (len > 6 && strcmp(base + len - 6, ".theme") == 0)
		len -= 6;
	snprintf(name, size, "%.*s", (int)len, base);
}

static void
mono_theme(struct ui_theme *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	memcpy(t->slot, mono_styles, sizeof(t->slot));
	t->uses_color = false;
}

static bool
parse_number(const char *word, short *out)
{
	size_t len = strspn(word, "0123456789");
	int value;

	/* Three digits at most so that no overflow is possible before the check. */
	if (len == 0 || len > 3 || word[len] != '\0')
		return false;
	value = atoi(word);
	if (value > 255)
		return false;
	*out = (short)value;
	return true;
}

static bool
parse_colour(const char *word, short *out)
{
	const char *base = word;
	short bright = 0;
	short c;

	if (strcmp(word, "default") == 0) {
		*out = -1;
		return true;
	}
	if (strncmp(word, "bright-", 7) == 0) {
		base = word + 7;
		bright = 8;
	}
	for (c = 0; c < 8; c++)
		if (strcmp(colour_names[c], base) == 0) {
			*out = (short)(bright + c);
			return true;
		}
	return parse_number(word, out);
}

static bool
parse_attr(const char *word, unsigned *attrs)
{
	size_t i;

	for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (strcmp(attr_names[i].name, word) == 0) {
			*attrs |= attr_names[i].attr;
			return true;
		}
	return false;
}

/* Cuts line at a '#' that starts a word, so that a '#' inside a word stays
 * part of it and is then reported as a bad word, not silently dropped. */
static void
strip_comment(char *line)
{
	char *s;

	for (s = line; *s; s++)
		if (*s == '#' && (s == line || isspace((unsigned char)s[-1]))) {
			*s = '\0';
			return;
		}
}

/* The next whitespace-separated word of *p, NUL-terminated in place; NULL
 * when none is left. */
static char *
next_word(char **p)
{
	char *s = *p, *word;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	word = s;
	while (*s && !isspace((unsigned char)*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return word;
}

/* The FG BG [ATTR...] words of a "color" line into st. */
static enum core_status
parse_style(char *fg, char *bg, char **rest, struct ui_style *st, const char *source, int line,
	    struct core_error *err)
{
	char *word;

	if (!parse_colour(fg, &st->fg))
		return line_error(err, source, line, "\"%.64s\" is not a colour "
				  "(default, a name such as red or bright-red, or 0-255)", fg);
	if (!parse_colour(bg, &st->bg))
		return line_error(err, source, line, "\"%.64s\" is not a colour "
				  "(default, a name such as red or bright-red, or 0-255)", bg);
	st->attrs = 0;
	while ((word = next_word(rest)) != NULL)
		if (!parse_attr(word, &st->attrs))
			return line_error(err, source, line, "\"%.64s\" is not an attribute "
					  "(normal bold dim reverse underline standout)", word);
	return CORE_OK;
}

static enum core_status
parse_line(char *text, struct ui_theme *t, const char *source, int line, struct core_error *err)
{
	char *p = text, *word[4];
	struct ui_style st;
	int i, slot;

	strip_comment(text);
	if ((word[0] = next_word(&p)) == NULL)
		return CORE_OK;
	if (strcmp(word[0], "color") != 0)
		return line_error(err, source, line, "\"%.64s\" is not a command; " THEME_SYNTAX, word[0]);
	for (i = 1; i < 4; i++)
		if ((word[i] = next_word(&p)) == NULL)
			return line_error(err, source, line, THEME_SYNTAX);
	if ((slot = ui_slot_by_name(word[1])) < 0)
		return line_error(err, source, line, "there is no slot \"%.64s\"", word[1]);
	if (parse_style(word[2], word[3], &p, &st, source, line, err) != CORE_OK)
		return CORE_USAGE;
	/* A line sets the whole style: a file naming a slot means exactly this. */
	t->slot[slot] = st;
	return CORE_OK;
}

static bool
any_colour(const struct ui_theme *t)
{
	int s;

	for (s = 0; s < UI_SLOT_COUNT; s++)
		if (t->slot[s].fg != -1 || t->slot[s].bg != -1)
			return true;
	return false;
}

/* ui_theme_parse without the fall-back to the default theme, so that the
 * default itself can be parsed without recursing. */
static enum core_status
parse_text(const char *text, const char *source, struct ui_theme *t, struct core_error *err)
{
	char buf[THEME_LINE_MAX];
	int line = 0;

	mono_theme(t, "");
	name_from_source(t->name, sizeof(t->name), source);
	while (*text) {
		size_t len = strcspn(text, "\n");

		line++;
		if (len >= sizeof(buf))
			return line_error(err, source, line, "the line is longer than %d characters",
					  THEME_LINE_MAX - 1);
		memcpy(buf, text, len);
		buf[len] = '\0';
		if (parse_line(buf, t, source, line, err) != CORE_OK)
			return CORE_USAGE;
		text += len + (text[len] == '\n');
	}
	t->uses_color = any_colour(t);
	return CORE_OK;
}

/* The compiled-in default; mono should that ever be missing or broken, as
 * a console with a readable theme beats no console. */
static void
default_theme(struct ui_theme *t)
{
	const char *text = ui_theme_builtin("default");

	if (!text || parse_text(text, "default", t, NULL) != CORE_OK)
		mono_theme(t, "mono");
}

enum core_status
ui_theme_parse(const char *text, const char *source, struct ui_theme *out,
	       struct core_error *err)
{
	if (!source)
		source = "theme";
	if (parse_text(text ? text : "", source, out, err) == CORE_OK)
		return CORE_OK;
	default_theme(out);
	return CORE_USAGE;
}

const char *
ui_theme_builtin(const char *name)
{
	size_t i;

	for (i = 0; name && ui_builtin_theme_names[i]; i++)
		if (strcmp(ui_builtin_theme_names[i], name) == 0)
			return ui_builtin_theme_texts[i];
	return NULL;
}

/* A name becomes part of a path: it must not leave the themes directory or
 * pick a hidden file, and must fit in ui_theme.name. */
static enum core_status
check_name(const char *name, struct core_error *err)
{
	if (!name || !*name)
		return core_error_set(err, CORE_USAGE, "A theme name cannot be empty.");
	if (strchr(name, '/') || name[0] == '.')
		return core_error_set(err, CORE_USAGE,
				      "\"%.64s\" is not a theme name: it may not contain \"/\" or start with \".\".",
				      name);
	if (strlen(name) >= THEME_NAME_SIZE)
		return core_error_set(err, CORE_USAGE,
				      "\"%.64s...\" is not a theme name: it is longer than %zu characters.",
				      name, THEME_NAME_SIZE - 1);
	return CORE_OK;
}

/* The user's theme file for name into path; "" when there is no config
 * directory at all. */
static enum core_status
user_theme_path(const char *name, char *path, size_t size, struct core_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(path, size, "%s/billcon/themes/%s.theme", xdg, name);
	else if (home && *home)
		n = snprintf(path, size, "%s/.config/billcon/themes/%s.theme", home, name);
	else
		n = snprintf(path, size, "%s", "");
	if (n < 0 || (size_t)n >= size)
		return core_error_set(err, CORE_USAGE, "The path of the theme file %.64s is too long.", name);
	return CORE_OK;
}

static enum core_status
unreadable(const char *path, int errnum, struct core_error *err)
{
	return core_error_set(err, CORE_USAGE, "The theme file %s could not be read: %s.", path,
			      strerror(errnum));
}

/* Reads the whole file at path into *text (malloc'd); *text is NULL and the
 * status CORE_OK when there is no such file, so built-ins are tried next. */
static enum core_status
read_theme_file(const char *path, char **text, struct core_error *err)
{
	FILE *f = fopen(path, "r");
	size_t n;
	int errnum;

	*text = NULL;
	if (!f)
		return errno == ENOENT || errno == ENOTDIR ? CORE_OK : unreadable(path, errno, err);
	if ((*text = malloc(THEME_FILE_MAX + 1)) == NULL) {
		fclose(f);
		return unreadable(path, ENOMEM, err);
	}
	n = fread(*text, 1, THEME_FILE_MAX + 1, f);
	errnum = ferror(f) ? errno : 0;
	fclose(f);
	if (!errnum && n <= THEME_FILE_MAX && !memchr(*text, '\0', n)) {
		(*text)[n] = '\0';
		return CORE_OK;
	}
	free(*text);
	*text = NULL;
	if (errnum)
		return unreadable(path, errnum, err);
	return core_error_set(err, CORE_USAGE, "The theme file %s is not a theme: %s.", path,
			      n > THEME_FILE_MAX ? "it is larger than 64 KiB" : "it holds a NUL byte");
}

static enum core_status
not_found(const char *name, struct core_error *err)
{
	char list[256] = "";
	size_t i, o = 0;

	for (i = 0; ui_builtin_theme_names[i] && o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "",
				      ui_builtin_theme_names[i]);
	return core_error_set(err, CORE_NOT_FOUND, "There is no theme \"%s\" (shipped: %s).", name, list);
}

/* The user's file when there is one, else the built-in; the file path is
 * the source so that a message points at the file to fix. */
static enum core_status
load_named(const char *name, struct ui_theme *out, struct core_error *err)
{
	char path[4096];
	char *text = NULL;
	const char *builtin;
	enum core_status rc;

	if ((rc = user_theme_path(name, path, sizeof(path), err)) != CORE_OK)
		return rc;
	if (path[0] && (rc = read_theme_file(path, &text, err)) != CORE_OK)
		return rc;
	if (path[0] && text) {
		rc = ui_theme_parse(text, path, out, err);
		free(text);
		return rc;
	}
	if ((builtin = ui_theme_builtin(name)) != NULL)
		return ui_theme_parse(builtin, name, out, err);
	return not_found(name, err);
}

enum core_status
ui_theme_load(const char *name, struct ui_theme *out, struct core_error *err)
{
	enum core_status rc = check_name(name, err);

	if (rc == CORE_OK)
		rc = load_named(name, out, err);
	if (rc != CORE_OK) {
		default_theme(out);
		return rc;
	}
	snprintf(out->name, sizeof(out->name), "%s", name);
	return CORE_OK;
}
