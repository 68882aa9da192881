#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "billcon/core_text.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_screen.h"

static struct {
	SCREEN *scr;
	FILE *in, *out;          /* headless: /dev/null */
	bool open;
	bool headless;
	bool utf8;
	struct ui_theme theme;
	chtype attr[UI_SLOT_COUNT];
	const char *script;      /* headless: what is left of the key script */
	struct ui_script_token token; /* headless: the token being typed */
	int ipending;            /* its next key */
	FILE *dump;
	int cursor_y, cursor_x;  /* where the cursor goes at refresh; y < 0 hidden */
} scr;

bool
ui_screen_headless(void)
{
	return scr.headless;
}

int
ui_screen_lines(void)
{
	return LINES;
}

int
ui_screen_cols(void)
{
	return COLS;
}

bool
ui_screen_utf8(void)
{
	return scr.utf8;
}

const struct ui_theme *
ui_screen_theme(void)
{
	return &scr.theme;
}

static void
apply_theme(void)
{
	int i;
	bool colour = scr.theme.uses_color && has_colors() && !scr.headless;

	if (colour) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < UI_SLOT_COUNT; i++) {
		const struct ui_style *s = &scr.theme.slot[i];
		scr.attr[i] = (chtype)s->attrs;
		if (colour && (s->fg < COLORS) && (s->bg < COLORS)) {
			init_pair((short)(i + 1), s->fg, s->bg);
			scr.attr[i] |= COLOR_PAIR(i + 1);
		}
	}
}

/* The theme asked for, or mono when colour is unwanted or impossible. */
static void
choose_theme(const struct ui_screen_options *o, char *warning, size_t wsize)
{
	const char *no_color = getenv("NO_COLOR");
	const char *name = o->theme;
	struct core_error err;

	if (!name)
		name = (no_color && *no_color) || !has_colors() ? "mono" : "default";
	core_error_clear(&err);
	if (ui_theme_load(name, &scr.theme, &err) != CORE_OK)
		snprintf(warning, wsize, "%s", err.message);
}

static enum core_status
open_headless(const struct ui_screen_options *o, struct core_error *err)
{
	char size[16];

	scr.out = fopen("/dev/null", "w");
	scr.in = fopen("/dev/null", "r");
	if (!scr.out || !scr.in)
		return core_error_set(err, CORE_STORE, "/dev/null cannot be opened.");
	snprintf(size, sizeof(size), "%d", o->lines > 0 ? o->lines : 24);
	setenv("LINES", size, 1);
	snprintf(size, sizeof(size), "%d", o->cols > 0 ? o->cols : 80);
	setenv("COLUMNS", size, 1);
	scr.scr = newterm("vt100", scr.out, scr.in);
	scr.script = o->script;
	scr.dump = o->dump ? o->dump : stdout;
	if (!scr.scr)
		return core_error_set(err, CORE_STORE, "The headless screen cannot be started.");
	return CORE_OK;
}

static enum core_status
open_terminal(struct core_error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return core_error_set(err, CORE_USAGE,
			"The console needs a terminal; for scripts use the commands (billcon --help).");
	/* Esc must feel immediate over SSH, yet still join escape sequences. */
	set_escdelay(25);
	scr.scr = newterm(NULL, stdout, stdin);
	if (!scr.scr)
		return core_error_set(err, CORE_USAGE,
			"The terminal type \"%s\" is unknown to ncurses.", getenv("TERM") ? getenv("TERM") : "");
	return CORE_OK;
}

enum core_status
ui_screen_open(const struct ui_screen_options *o, char *warning, size_t wsize,
	       struct core_error *err)
{
	const char *codeset;
	enum core_status rc;

	memset(&scr, 0, sizeof(scr));
	scr.cursor_y = -1;
	warning[0] = '\0';
	scr.headless = o->script != NULL;
	rc = scr.headless ? open_headless(o, err) : open_terminal(err);
	if (rc)
		return rc;
	scr.open = true;
	atexit(ui_screen_close);
	set_term(scr.scr);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (o->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	codeset = nl_langinfo(CODESET);
	scr.utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
	choose_theme(o, warning, wsize);
	apply_theme();
	return CORE_OK;
}

void
ui_screen_close(void)
{
	if (!scr.open)
		return;
	scr.open = false;
	endwin();
	delscreen(scr.scr);
	if (scr.out)
		fclose(scr.out);
	if (scr.in)
		fclose(scr.in);
	scr.out = scr.in = NULL;
}

/* <Resize:COLSxLINES> into *cols and *lines, each 1 to UI_SCRIPT_SIZE_MAX:
 * a script asking ncurses for 100000x100000 crashed it. Digits only, as
 * sscanf's %d has no defined result past INT_MAX. */
static bool
script_resize(const char *token, int *cols, int *lines)
{
	const char *p = token + 8;
	long c, l;
	char *end;

	if (strncmp(token, "<Resize:", 8) != 0 || !isdigit((unsigned char)*p))
		return false;
	c = strtol(p, &end, 10);
	if (*end != 'x' || !isdigit((unsigned char)end[1]))
		return false;
	l = strtol(end + 1, &end, 10);
	if (strcmp(end, ">") != 0 || c < 1 || c > UI_SCRIPT_SIZE_MAX || l < 1 || l > UI_SCRIPT_SIZE_MAX)
		return false;
	*cols = (int)c;
	*lines = (int)l;
	return true;
}

/* The quoted text at p (past its opening quote) into t, up to the closing
 * quote or as much as t holds: then the text goes on in the next token,
 * where it used to lose a character and end the quote. */
static bool
script_quoted(const char **script, const char *p, struct ui_script_token *t)
{
	for (; *p && *p != '"' && t->n < 255; p++)
		t->keys[t->n++] = (unsigned char)*p;
	t->in_quote = *p && *p != '"';
	*script = *p == '"' ? p + 1 : p;
	return true;
}

bool
ui_script_token(const char **script, struct ui_script_token *t)
{
	const char *p = *script;
	char token[256];
	size_t n = 0;
	int key;

	while (p && !t->in_quote && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (!p || !*p) {
		t->in_quote = false;
		return false;
	}
	t->n = 0;
	t->resize_cols = t->resize_lines = 0;
	if (t->in_quote || *p == '"')
		return script_quoted(script, p + !t->in_quote, t);
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && n + 1 < sizeof(token))
		token[n++] = *p++;
	token[n] = '\0';
	*script = p;
	if (token[0] == '<' && n > 1 && token[n - 1] == '>') {
		if (strcmp(token, "<Dump>") == 0) {
			t->keys[t->n++] = UI_KEY_DUMP;
		} else if (script_resize(token, &t->resize_cols, &t->resize_lines)) {
			t->keys[t->n++] = KEY_RESIZE;
		} else if ((key = ui_key_parse(token)) >= 0) {
			t->keys[t->n++] = key;
		}
		return true;
	}
	if (token[0] == '^' && n == 2 && (key = ui_key_parse(token)) >= 0) {
		t->keys[t->n++] = key;
		return true;
	}
	for (n = 0; token[n] && t->n < 255; n++)
		t->keys[t->n++] = (unsigned char)token[n];
	return true;
}

/* Queues the keys of the script's next token; a resize takes effect as its
 * key is queued, as the console reads the new size when it sees the key.
 * Returns false at the end of the script. */
static bool
script_token(void)
{
	if (!ui_script_token(&scr.script, &scr.token))
		return false;
	scr.ipending = 0;
	if (scr.token.n > 0 && scr.token.keys[0] == KEY_RESIZE)
		resize_term(scr.token.resize_lines, scr.token.resize_cols);
	return true;
}

/* The next key of the script; multibyte UTF-8 is joined into one wide key. */
static int
script_key(void)
{
	int c, len, i;
	char buf[8];
	wchar_t wc;
	mbstate_t ps;

	while (scr.ipending >= scr.token.n)
		if (!script_token())
			return UI_KEY_END_OF_SCRIPT;
	c = scr.token.keys[scr.ipending++];
	if (c < 0x80 || c > 0xff)
		return c;
	len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
	buf[0] = (char)c;
	for (i = 1; i < len && scr.ipending < scr.token.n; i++)
		buf[i] = (char)scr.token.keys[scr.ipending++];
	memset(&ps, 0, sizeof(ps));
	if (mbrtowc(&wc, buf, (size_t)i, &ps) > (size_t)i)
		return c;
	return UI_KEY_WIDE | (int)wc;
}

int
ui_key_next(int timeout_ms)
{
	wint_t wch;
	int rc;

	if (scr.headless)
		return script_key();
	wtimeout(stdscr, timeout_ms);
	rc = wget_wch(stdscr, &wch);
	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES)
		return (int)wch;
	if (wch < 0x80)
		return (int)wch;
	return UI_KEY_WIDE | (int)wch;
}

bool
ui_key_pending(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (scr.headless)
		return false;
	return poll(&p, 1, 0) > 0;
}

int
ui_put(int y, int x, int width, enum ui_slot slot, const char *text, bool pad)
{
	const char *marker = scr.utf8 ? "\xe2\x80\xa6" : "~";
	bool cut = core_text_width(text) > width;
	int room = cut ? width - 1 : width, cols = 0;
	size_t n = strlen(text);
	struct core_text_char c;

	if (width <= 0 || y < 0 || y >= LINES)
		return 0;
	attrset(scr.attr[slot]);
	move(y, x);
	while (n > 0) {
		core_text_next(text, n, &c);
		if (cols + c.width > room)
			break;
		addstr(c.shown);
		cols += c.width;
		text += c.len;
		n -= c.len;
	}
	if (cut) {
		/* In the cell's own look: a change of attributes costs bytes on
		 * every redraw of the row. */
		addstr(marker);
		cols++;
	}
	for (; pad && cols < width; cols++)
		addch(' ');
	attrset(A_NORMAL);
	return cols;
}

void
ui_fill(int y, int x, int width, enum ui_slot slot)
{
	ui_put(y, x, width, slot, "", true);
}

void
ui_cursor(int y, int x)
{
	scr.cursor_y = y;
	scr.cursor_x = x;
}

/* The cursor goes where the last ui_cursor put it, whatever was drawn
 * after: the status line is drawn after the blade's filter prompt. */
void
ui_refresh(void)
{
	if (scr.cursor_y >= 0) {
		move(scr.cursor_y, scr.cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

void
ui_clear(void)
{
	clear();
}

bool
ui_screen_passthrough(const char *bytes, size_t n)
{
	ssize_t w;

	if (scr.headless || !isatty(STDOUT_FILENO))
		return false;
	while (n > 0) {
		w = write(STDOUT_FILENO, bytes, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		bytes += w;
		n -= (size_t)w;
	}
	return true;
}

void
ui_screen_dump(void)
{
	wchar_t line[1024];
	char out[4096];
	int y, len;

	for (y = 0; y < LINES; y++) {
		if (mvinnwstr(y, 0, line, COLS < 1023 ? COLS : 1023) == ERR)
			line[0] = L'\0';
		len = (int)wcstombs(out, line, sizeof(out) - 1);
		if (len < 0)
			len = 0;
		out[len] = '\0';
		while (len > 0 && out[len - 1] == ' ')
			out[--len] = '\0';
		fprintf(scr.dump, "%s\n", out);
	}
	fprintf(scr.dump, "--\n");
	fflush(scr.dump);
}

bool
ui_edit_key(char *buf, size_t size, int key)
{
	size_t n = strlen(buf);
	char mb[8];
	int len;

	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		/* Back over a whole UTF-8 character. */
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			buf[n - 1] = '\0';
		return true;
	}
	if (key == 21) { /* ^U clears, as in a shell */
		buf[0] = '\0';
		return true;
	}
	if (key >= ' ' && key < 127) {
		mb[0] = (char)key;
		len = 1;
	} else if (key & UI_KEY_WIDE) {
		len = wctomb(mb, (wchar_t)(key & ~UI_KEY_WIDE));
		if (len <= 0)
			return true;
	} else {
		return false;
	}
	if (n + (size_t)len < size) {
		memcpy(buf + n, mb, (size_t)len);
		buf[n + (size_t)len] = '\0';
	}
	return true;
}
