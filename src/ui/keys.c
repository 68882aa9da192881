#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_status.h"
#include "billcon/ui_action.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_keys.h"

_Static_assert(UI_ACTION_COUNT <= 256, "struct ui_keymap stores actions in unsigned char");
_Static_assert(KEY_MAX < UI_KEY_LIMIT, "ncurses key codes must fit the key map");

#define UI_KEY_ESC 27
#define UI_KEY_DEL 127
#define UI_KEY_FMAX 12

/* How much of a bad word an error message quotes: the message has 512 bytes. */
#define UI_KEYS_QUOTE(w) (int)((w)->len > 40 ? 40 : (w)->len), (w)->s

/* The <Name> keys. Enter, Tab and Esc come before any ^X spelling of the
 * same code so that ui_key_name prefers the readable name. */
static const struct {
	const char *name;
	int key;
} ui_key_named[] = {
	{ "Up", KEY_UP },
	{ "Down", KEY_DOWN },
	{ "Left", KEY_LEFT },
	{ "Right", KEY_RIGHT },
	{ "PgUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE },
	{ "Home", KEY_HOME },
	{ "End", KEY_END },
	{ "Enter", '\n' },
	{ "Esc", UI_KEY_ESC },
	{ "Tab", '\t' },
	{ "BTab", KEY_BTAB },
	{ "Space", ' ' },
	{ "Backspace", KEY_BACKSPACE },
	{ "Delete", KEY_DC },
	{ "Insert", KEY_IC },
};

#define UI_KEY_N_NAMED (sizeof(ui_key_named) / sizeof(ui_key_named[0]))

/* A word of a keys file line: not NUL-terminated, it points into the text. */
struct ui_key_word {
	const char *s;
	size_t len;
};

/* Terminals send Enter as '\r' or KEY_ENTER as well as '\n'; binding and
 * lookup both fold them so that one binding covers every form. */
static int
ui_key_canonical(int key)
{
	return key == KEY_ENTER || key == '\r' ? '\n' : key;
}

/* <F1>..<F12>, without the angle brackets; -1 for anything else, including
 * "F01", which would not survive the round trip through ui_key_name. */
static int
ui_key_parse_function(const char *inner, size_t len)
{
	int n = 0;
	size_t i;

	if (len < 2 || len > 3 || (inner[0] != 'F' && inner[0] != 'f') || inner[1] == '0')
		return -1;
	for (i = 1; i < len; i++) {
		if (inner[i] < '0' || inner[i] > '9')
			return -1;
		n = n * 10 + (inner[i] - '0');
	}
	return n >= 1 && n <= UI_KEY_FMAX ? KEY_F(n) : -1;
}

static int
ui_key_parse_bracketed(const char *name, size_t len)
{
	const char *inner = name + 1;
	size_t ilen = len - 2;
	size_t i;

	for (i = 0; i < UI_KEY_N_NAMED; i++)
		if (strlen(ui_key_named[i].name) == ilen &&
		    strncasecmp(ui_key_named[i].name, inner, ilen) == 0)
			return ui_key_named[i].key;
	return ui_key_parse_function(inner, ilen);
}

/* "^X": letters of either case, the ASCII control-row punctuation @[\]^_,
 * and ^? for DEL, as the terminal sends them. */
static int
ui_key_parse_control(char c)
{
	if (c == '?')
		return UI_KEY_DEL;
	if ((c >= 'a' && c <= 'z') || (c >= '@' && c <= '_'))
		return c & 0x1f;
	return -1;
}

int
ui_key_parse(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 1 && name[0] >= ' ' && name[0] <= '~' && name[0] != '^')
		return (unsigned char)name[0];
	if (len == 2 && name[0] == '^')
		return ui_key_parse_control(name[1]);
	if (len >= 3 && name[0] == '<' && name[len - 1] == '>')
		return ui_key_parse_bracketed(name, len);
	return -1;
}

static const char *
ui_key_named_name(int key)
{
	size_t i;

	for (i = 0; i < UI_KEY_N_NAMED; i++)
		if (ui_key_named[i].key == key)
			return ui_key_named[i].name;
	return NULL;
}

void
ui_key_name(int key, char *out, size_t size)
{
	const char *named = ui_key_named_name(key == KEY_ENTER ? '\n' : key);

	if (size == 0)
		return;
	if (named)
		snprintf(out, size, "<%s>", named);
	else if (key > ' ' && key <= '~')
		snprintf(out, size, "%c", key);
	else if (key >= 0 && key < ' ')
		snprintf(out, size, "^%c", key | 0x40);
	else if (key == UI_KEY_DEL)
		snprintf(out, size, "^?");
	else if (key >= KEY_F(1) && key <= KEY_F(UI_KEY_FMAX))
		snprintf(out, size, "<F%d>", key - KEY_F0);
	else
		/* No name to parse back, but still something a reader can report. */
		snprintf(out, size, "<%d>", key);
}

/* Binds each key of the space-separated list keys to a. The list is a
 * compile-time constant checked by the unit tests, so a bad name is skipped
 * rather than reported. */
static void
ui_keymap_bind_list(struct ui_keymap *m, enum ui_action a, const char *keys)
{
	char name[32];
	int key;

	while (*keys) {
		size_t len = strcspn(keys, " ");
		if (len > 0 && len < sizeof(name)) {
			memcpy(name, keys, len);
			name[len] = '\0';
			key = ui_key_parse(name);
			if (key >= 0)
				m->action[ui_key_canonical(key)] = (unsigned char)a;
		}
		keys += len + strspn(keys + len, " ");
	}
}

/* Binds the default keys of the actions of view (NULL: the generic ones). */
static void
bind_defaults(struct ui_keymap *m, const char *view)
{
	const char *of;
	int a;

	for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++) {
		of = ui_action_view((enum ui_action)a);
		if (view ? of && strcmp(of, view) == 0 : !of)
			ui_keymap_bind_list(m, (enum ui_action)a, ui_action_default_keys((enum ui_action)a));
	}
}

void
ui_keymap_for_view(struct ui_keymap *m, const struct ui_keymap *generic, const char *view)
{
	*m = *generic;
	snprintf(m->view, sizeof(m->view), "%s", view);
	bind_defaults(m, view);
}

void
ui_keymap_defaults(struct ui_keymap *m)
{
	memset(m, 0, sizeof(*m));
	bind_defaults(m, NULL);
}

enum ui_action
ui_keymap_lookup(const struct ui_keymap *m, int key)
{
	key = ui_key_canonical(key);
	if (key < 0 || key >= UI_KEY_LIMIT)
		return UI_ACTION_NONE;
	return (enum ui_action)m->action[key];
}

/* Splits the line [s, end) at blanks into at most max words; returns how
 * many there were, which may be more than max. */
static size_t
ui_keys_split(const char *s, const char *end, struct ui_key_word *w, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s == end)
			return n;
		if (n < max)
			w[n].s = s;
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (n < max)
			w[n].len = (size_t)(s - w[n].s);
		n++;
	}
}

static bool
ui_keys_word_is(const struct ui_key_word *w, const char *s)
{
	return w->len == strlen(s) && strncmp(w->s, s, w->len) == 0;
}

/* w as a C string in buf; an overlong word becomes "" which names neither a
 * key nor an action, so it is reported like any other bad word. */
static const char *
ui_keys_word_str(const struct ui_key_word *w, char *buf, size_t size)
{
	if (w->len >= size)
		return "";
	memcpy(buf, w->s, w->len);
	buf[w->len] = '\0';
	return buf;
}

static enum core_status
ui_keys_line_key(const struct ui_key_word *w, int *key, const char *source, size_t line,
		 struct core_error *err)
{
	char buf[32];

	*key = ui_key_parse(ui_keys_word_str(w, buf, sizeof(buf)));
	if (*key < 0 || *key >= UI_KEY_LIMIT)
		return core_error_set(err, CORE_USAGE, "%s line %zu: \"%.*s\" is not a key name.",
				      source, line, UI_KEYS_QUOTE(w));
	*key = ui_key_canonical(*key);
	return CORE_OK;
}

static enum core_status
ui_keys_line_bind(struct ui_keymap *m, const struct ui_key_word *w, const char *source,
		  size_t line, struct core_error *err)
{
	char buf[32];
	enum ui_action a;
	int key;

	if (ui_keys_line_key(&w[1], &key, source, line, err) != CORE_OK)
		return CORE_USAGE;
	a = ui_action_by_name(ui_keys_word_str(&w[2], buf, sizeof(buf)));
	if (a == UI_ACTION_NONE)
		return core_error_set(err, CORE_USAGE, "%s line %zu: there is no action \"%.*s\".",
				      source, line, UI_KEYS_QUOTE(&w[2]));
	m->action[key] = (unsigned char)a;
	return CORE_OK;
}

/* True when a line for view (NULL: every view) changes m: a map for one
 * view takes that view's lines, the generic map the lines for every view. */
static bool
ui_keys_for_map(const struct ui_keymap *m, const struct ui_key_word *view)
{
	if (!view)
		return m->view[0] == '\0';
	return ui_keys_word_is(view, m->view) && m->view[0];
}

static enum core_status
ui_keys_line_unbind(struct ui_keymap *m, const struct ui_key_word *w, size_t n,
		    const char *source, size_t line, struct core_error *err)
{
	int key;

	if (n != 2 && n != 3)
		return core_error_set(err, CORE_USAGE, "%s line %zu: unbind takes [VIEW] and one key.",
				      source, line);
	if (ui_keys_line_key(&w[n - 1], &key, source, line, err) != CORE_OK)
		return CORE_USAGE;
	if (ui_keys_for_map(m, n == 3 ? &w[1] : NULL))
		m->action[key] = UI_ACTION_NONE;
	return CORE_OK;
}

static enum core_status
ui_keys_line(struct ui_keymap *m, const char *s, const char *end, const char *source,
	     size_t line, struct core_error *err)
{
	struct ui_key_word w[4];
	size_t n = ui_keys_split(s, end, w, 4);
	struct ui_keymap scratch;

	if (n == 0 || w[0].s[0] == '#')
		return CORE_OK;
	if (ui_keys_word_is(&w[0], "bind")) {
		if (n != 3 && n != 4)
			return core_error_set(err, CORE_USAGE,
					      "%s line %zu: bind takes [VIEW], a key and an action.",
					      source, line);
		/* A line for another map is checked all the same. */
		scratch = *m;
		if (ui_keys_line_bind(&scratch, n == 4 ? &w[1] : w, source, line, err) != CORE_OK)
			return CORE_USAGE;
		if (ui_keys_for_map(m, n == 4 ? &w[1] : NULL))
			*m = scratch;
		return CORE_OK;
	}
	if (ui_keys_word_is(&w[0], "unbind"))
		return ui_keys_line_unbind(m, w, n, source, line, err);
	return core_error_set(err, CORE_USAGE, "%s line %zu: \"%.*s\" is neither bind nor unbind.",
			      source, line, UI_KEYS_QUOTE(&w[0]));
}

enum core_status
ui_keymap_apply(struct ui_keymap *m, const char *text, const char *source,
		struct core_error *err)
{
	/* A copy, so that a bad line leaves the caller's map untouched. */
	struct ui_keymap work = *m;
	size_t line = 1;
	const char *end;

	for (; *text; line++) {
		end = text + strcspn(text, "\n");
		if (ui_keys_line(&work, text, end, source, line, err) != CORE_OK)
			return CORE_USAGE;
		text = *end ? end + 1 : end;
	}
	*m = work;
	return CORE_OK;
}

/* The whole of f as a C string (the caller frees), NULL on a read error or
 * when out of memory. */
static char *
ui_keys_slurp(FILE *f)
{
	size_t len = 0, cap = 4096, got;
	char *buf = malloc(cap), *grown;

	while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len - 1 > 0)
			continue;
		grown = realloc(buf, cap * 2);
		if (!grown)
			free(buf);
		buf = grown;
		cap *= 2;
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

enum core_status
ui_keymap_load(struct ui_keymap *m, const char *path, struct core_error *err)
{
	FILE *f = fopen(path, "r");
	enum core_status rc;
	char *text;
	int saved;

	if (!f)
		return errno == ENOENT ? CORE_OK
				       : core_error_set(err, CORE_USAGE,
							"The keys file %s could not be read: %s.",
							path, strerror(errno));
	text = ui_keys_slurp(f);
	saved = ferror(f) ? errno : ENOMEM;
	fclose(f);
	if (!text)
		return core_error_set(err, CORE_USAGE, "The keys file %s could not be read: %s.",
				      path, strerror(saved));
	rc = ui_keymap_apply(m, text, path, err);
	free(text);
	return rc;
}

/* Appends s to out (size bytes, o used), with ", " before all but the first
 * name; truncates silently, as the help overlay has a fixed width anyway. */
static size_t
ui_keys_append(char *out, size_t size, size_t o, const char *s)
{
	int n = snprintf(out + o, size - o, "%s%s", o ? ", " : "", s);

	if (n < 0 || (size_t)n >= size - o)
		return size - 1;
	return o + (size_t)n;
}

static bool
ui_key_is_printable(int key)
{
	return key > ' ' && key <= '~';
}

void
ui_keymap_keys_for(const struct ui_keymap *m, enum ui_action a, char *out, size_t size)
{
	char name[32];
	size_t o = 0;
	int pass, key;

	if (size == 0)
		return;
	out[0] = '\0';
	if (a == UI_ACTION_NONE)
		return;
	/* Two passes: the bare characters first, then the rest. */
	for (pass = 0; pass < 2; pass++)
		for (key = 0; key < UI_KEY_LIMIT && o + 1 < size; key++) {
			if (m->action[key] != a || ui_key_is_printable(key) != (pass == 0))
				continue;
			ui_key_name(key, name, sizeof(name));
			o = ui_keys_append(out, size, o, name);
		}
}

void
ui_keys_print(FILE *out, bool man)
{
	struct ui_keymap map, generic;
	char keys[128];
	int act;

	ui_keymap_defaults(&generic);
	for (act = UI_ACTION_NONE + 1; act < UI_ACTION_COUNT; act++) {
		/* A view's action with its keys there. */
		map = generic;
		if (ui_action_view((enum ui_action)act))
			ui_keymap_for_view(&map, &generic, ui_action_view((enum ui_action)act));
		ui_keymap_keys_for(&map, (enum ui_action)act, keys, sizeof(keys));
		if (man)
			fprintf(out, ".TP\n.B %s\n%s (\\fI%s\\fR).\n", keys,
				ui_action_help((enum ui_action)act), ui_action_name((enum ui_action)act));
		else
			fprintf(out, "%-16s %-10s %s\n", keys, ui_action_name((enum ui_action)act),
				ui_action_help((enum ui_action)act));
	}
}
