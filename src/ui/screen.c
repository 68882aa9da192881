#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "billcon/core_text.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_wire.h"

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
	const char *paste_off;   /* bracketed paste was turned on: this turns it off */
	char paste[UI_PASTE_MAX]; /* the text of the last paste */
	struct termios tty;      /* the terminal's modes before the console */
	bool have_tty;
	bool lean;               /* the low-bandwidth mode (core_bandwidth) */
	size_t frame_bytes;      /* what the last refresh wrote to the terminal */
	/* What a fatal signal writes, prepared at start: the handler may only
	 * write(2) (endwin is not async-signal-safe). */
	char reset[512];
	size_t nreset;
} scr;

/* The SIGHUP, SIGTERM or SIGINT received, 0 while none: set by the handler, read by
 * the input loop (ui_screen_stop_signal). */
static volatile sig_atomic_t stop_signal;

/* The signals that stop the console and the ones that crash it. Ctrl-C
 * (SIGINT) stops it as SIGTERM does, drafts kept: left to ncurses, it
 * exited at once with status 1 and the form being typed was lost. */
static const int stop_signals[] = { SIGHUP, SIGTERM, SIGINT };
static const int fatal_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
#define NSIGNALS(a) (sizeof(a) / sizeof((a)[0]))

/* The wait for the end of a paste, between two of its characters: a paste
 * cut short must not hang the console. */
#define PASTE_GAP_MS 500
/* The wait between two bytes of a report's answer (sent in one write). */
#define ANSWER_GAP_MS 50
/* How long the console, closing, waits for an answer still on its way. */
#define ANSWER_LAST_MS 1000

static void drain_answer(void);

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

bool
ui_write_all(int fd, const char *bytes, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, bytes, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		bytes += w;
		n -= (size_t)w;
	}
	return true;
}

/* The terminfo string cap of this terminal, NULL when it has none. */
static const char *
terminfo(const char *cap)
{
	const char *s = tigetstr(cap);

	return s == (const char *)-1 || (s && !*s) ? NULL : s;
}

/* Bracketed paste where the terminal has it (terminfo BE), its markers as
 * two key codes; and Shift-Tab's ESC [ Z, which vt100's terminfo lacks
 * (no kcbt) while every terminal emulator sends it. */
static void
terminal_keys(void)
{
	const char *on = terminfo("BE"), *begin = terminfo("PS"), *end = terminfo("PE");

	if (key_defined("\033[Z") != KEY_BTAB)
		define_key("\033[Z", KEY_BTAB);
	if (!on)
		return;
	define_key(begin ? begin : "\033[200~", UI_KEY_PASTE_BEGIN);
	define_key(end ? end : "\033[201~", UI_KEY_PASTE_END);
	scr.paste_off = terminfo("BD") ? terminfo("BD") : "\033[?2004l";
	ui_write_all(STDOUT_FILENO, on, strlen(on));
}

/* Appends s, when the terminal has it, to the reset a crash writes. */
static void
reset_add(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	/* memcpy from NULL is undefined even for no bytes (vt100 has no rmcup). */
	if (n > 0 && scr.nreset + n < sizeof(scr.reset)) {
		memcpy(scr.reset + scr.nreset, s, n);
		scr.nreset += n;
	}
}

/* What a crash writes to give the terminal back: attributes reset, cursor
 * shown, keypad transmit off, the main screen, paste and mouse reports off.
 * Built now, as a signal handler may not ask terminfo. */
static void
prepare_reset(bool mouse)
{
	scr.nreset = 0;
	reset_add(terminfo("sgr0"));
	reset_add(terminfo("cnorm"));
	reset_add(terminfo("rmkx"));
	reset_add(terminfo("rmcup"));
	reset_add(scr.paste_off);
	if (mouse)
		reset_add("\033[?1006l\033[?1002l\033[?1000l");
}

static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* A crash: only async-signal-safe calls (write, tcsetattr, raise); the
 * action is the default again (SA_RESETHAND), so raise dies of sig. */
static void
on_fatal(int sig)
{
	if (write(STDOUT_FILENO, scr.reset, scr.nreset) < 0)
		scr.nreset = 0;
	if (scr.have_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &scr.tty);
	raise(sig);
}

/* No SA_RESTART: a stop signal interrupts the wait for a key, so that the
 * loop sees it at once. */
static void
set_handlers(bool on)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_stop : SIG_DFL;
	for (i = 0; i < NSIGNALS(stop_signals); i++)
		sigaction(stop_signals[i], &sa, NULL);
	sa.sa_handler = on ? on_fatal : SIG_DFL;
	sa.sa_flags = on ? SA_RESETHAND | SA_NODEFER : 0;
	for (i = 0; i < NSIGNALS(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

int
ui_screen_stop_signal(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (stop_signal || scr.headless)
		return stop_signal;
	/* A terminal gone without a SIGHUP for us (we were not its session's
	 * foreground) reads as nothing but errors, which would spin the loop. */
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return SIGHUP;
	return 0;
}

const char *
ui_screen_paste(void)
{
	return scr.paste;
}

/* Appends the whole characters of text that fit buf (size bytes). */
static void
edit_append(char *buf, size_t size, const char *text)
{
	size_t n = strlen(buf), left = strlen(text);
	struct core_text_char c;

	while (left > 0) {
		core_text_next(text, left, &c);
		if (n + c.len >= size)
			break;
		memcpy(buf + n, text, c.len);
		n += c.len;
		text += c.len;
		left -= c.len;
	}
	buf[n] = '\0';
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
	scr.have_tty = tcgetattr(STDIN_FILENO, &scr.tty) == 0;
	scr.scr = newterm(NULL, stdout, stdin);
	if (!scr.scr)
		return core_error_set(err, CORE_USAGE,
			"The terminal type \"%s\" is unknown to ncurses.", getenv("TERM") ? getenv("TERM") : "");
	ui_wire_open();
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
	if (!scr.headless) {
		terminal_keys();
		prepare_reset(o->mouse);
		set_handlers(true);
	}
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
	if (scr.paste_off)
		ui_write_all(STDOUT_FILENO, scr.paste_off, strlen(scr.paste_off));
	if (!scr.headless) {
		drain_answer();
		set_handlers(false);
		ui_wire_close();
	}
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

/* What a terminal sends for a bracketed paste of the text from p up to
 * "</Paste>" into t, with \e (ESC), \t, \r, \n and \\ unescaped (as much
 * as t holds); *script goes on after it. */
static bool
script_paste(const char **script, const char *p, struct ui_script_token *t)
{
	static const char escapes[] = "e\033t\tr\rn\n\\\\";
	const char *end = strstr(p, "</Paste>"), *e;

	if (!end)
		end = p + strlen(p);
	t->keys[t->n++] = UI_KEY_PASTE_BEGIN;
	for (; p < end && t->n < 254; p++) {
		if (*p == '\\' && p + 1 < end && (e = strchr(escapes, p[1])) != NULL &&
		    (e - escapes) % 2 == 0) {
			t->keys[t->n++] = (unsigned char)e[1];
			p++;
		} else {
			t->keys[t->n++] = (unsigned char)*p;
		}
	}
	t->keys[t->n++] = UI_KEY_PASTE_END;
	*script = *end ? end + 8 : end;
	return true;
}

/* A <Name> token into t: a script action, or a key. */
static void
script_name(const char *token, struct ui_script_token *t)
{
	int key;

	if (strcmp(token, "<Dump>") == 0)
		t->keys[t->n++] = UI_KEY_DUMP;
	else if (strcmp(token, "<Idle>") == 0)
		t->keys[t->n++] = UI_KEY_IDLE;
	else if (strcmp(token, "<Hangup>") == 0)
		t->keys[t->n++] = UI_KEY_HANGUP;
	else if (script_resize(token, &t->resize_cols, &t->resize_lines))
		t->keys[t->n++] = KEY_RESIZE;
	else if ((key = ui_key_parse(token)) >= 0)
		t->keys[t->n++] = key;
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
	if (strncmp(p, "<Paste>", 7) == 0)
		return script_paste(script, p + 7, t);
	while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && n + 1 < sizeof(token))
		token[n++] = *p++;
	token[n] = '\0';
	*script = p;
	if (token[0] == '<' && n > 1 && token[n - 1] == '>') {
		script_name(token, t);
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

/* One key from the terminal in our codes, ERR when none came in time. */
static int
read_key(int timeout_ms)
{
	wint_t wch;
	int rc;

	wtimeout(stdscr, timeout_ms);
	rc = wget_wch(stdscr, &wch);
	if (rc == ERR)
		return ERR;
	if (rc == KEY_CODE_YES || wch < 0x80)
		return (int)wch;
	return UI_KEY_WIDE | (int)wch;
}

/* The bytes of key as text into out (NUL-terminated), 0 when it is none:
 * a key code, or a control character unless controls (a paste keeps them;
 * a typed one is a command). */
static int
key_text(int key, char out[MB_LEN_MAX + 1], bool controls)
{
	int len = 0;

	if (key & UI_KEY_WIDE)
		len = wctomb(out, (wchar_t)(key & ~UI_KEY_WIDE));
	else if (key >= ' ' && key < 127)
		out[len++] = (char)key;
	else if (controls && key >= 0 && key < 0x80)
		out[len++] = (char)key;
	out[len > 0 ? len : 0] = '\0';
	return len > 0 ? len : 0;
}

/* Reads a paste's text up to its end, key by key from next: the end marker
 * as a key code (the script; a terminal's with keypad on) or as the bytes
 * ESC [ 201 ~ (a terminal's with keypad off), the end of the script, or
 * silence. Bytes that begin the marker are held back until it is clear
 * they do not end the paste. */
static int
collect_paste(int (*next)(void))
{
	static const char marker[] = "\033[201~";
	char text[MB_LEN_MAX + 1];
	size_t held = 0;
	int key;

	scr.paste[0] = '\0';
	while ((key = next()) != ERR && key != UI_KEY_PASTE_END && key != UI_KEY_END_OF_SCRIPT) {
		if (key == (unsigned char)marker[held]) {
			if (++held == sizeof(marker) - 1)
				break;
			continue;
		}
		snprintf(text, sizeof(text), "%.*s", (int)held, marker);
		edit_append(scr.paste, sizeof(scr.paste), text);
		held = key == marker[0];
		if (!held && key_text(key, text, true))
			edit_append(scr.paste, sizeof(scr.paste), text);
	}
	return UI_KEY_PASTE;
}

/* With keypad off, so that what looks like a key in the paste (ESC [ A)
 * stays text. */
static int
next_pasted_terminal_key(void)
{
	return read_key(PASTE_GAP_MS);
}

/* After an ESC while a probe waits: reads the rest of its answer and true;
 * or, when what follows is no answer, puts it back as it came and false. */
static bool
take_answer(void)
{
	int keys[16], n = 0, m = 0;

	while (n < (int)(sizeof(keys) / sizeof(keys[0])) && (keys[n] = read_key(ANSWER_GAP_MS)) != ERR)
		if ((m = ui_wire_match(keys, ++n)) != 0)
			break;
	if (m == 1) {
		ui_wire_answered();
		return true;
	}
	/* ncurses takes back the latest first. */
	while (n > 0)
		ui_key_unget(keys[--n]);
	return false;
}

/* A probe's answer that comes after the terminal is given back lands in
 * the shell, as ^[[24;1R on its command line: a probe sent just before
 * quitting (a stop signal while a draft is offered) is waited for, a
 * second at most, what else comes meanwhile dropped. A terminal hung up
 * ends the wait at once: each read fails without waiting. */
static void
drain_answer(void)
{
	int key, waited = 0;

	while (ui_wire_waiting() && waited < ANSWER_LAST_MS) {
		key = read_key(ANSWER_GAP_MS);
		if (key == ERR)
			waited += ANSWER_GAP_MS;
		else if (key == 27)
			take_answer();
	}
}

int
ui_key_next(int timeout_ms)
{
	int key, next;

	if (scr.headless) {
		/* <Idle> is a wait with no key: the loop's background work runs.
		 * A wait without a timeout has no idle time to give. */
		while ((key = script_key()) == UI_KEY_IDLE && timeout_ms < 0)
			;
		if (key == UI_KEY_HANGUP)
			stop_signal = SIGHUP;
		if (key == UI_KEY_IDLE || key == UI_KEY_HANGUP)
			return ERR;
		return key == UI_KEY_PASTE_BEGIN ? collect_paste(script_key) : key;
	}
	key = read_key(timeout_ms);
	if (key == 27 && ui_wire_waiting() && take_answer())
		return ERR;
	/* ncurses gives an ESC that starts no key it knows alone, the next
	 * key already waiting: that is an Alt chord, not Esc. But a paste
	 * right behind an Esc is still a paste, whose text must not run as
	 * keys: that Esc is dropped. */
	if (key == 27 && (next = read_key(0)) != ERR) {
		/* A resize is no key the Esc could chord with: both count. */
		if (next == KEY_RESIZE) {
			ungetch(next);
			return key;
		}
		if (next != UI_KEY_PASTE_BEGIN)
			return UI_KEY_ALT | next;
		key = next;
	}
	if (key == UI_KEY_PASTE_BEGIN) {
		keypad(stdscr, FALSE);
		key = collect_paste(next_pasted_terminal_key);
		keypad(stdscr, TRUE);
	}
	return key;
}

bool
ui_key_is_alt(int key)
{
	/* The script's own codes (0x7fff....) carry the bit too. */
	return (key & UI_KEY_ALT) && (key & 0x7fff0000) != 0x7fff0000;
}

void
ui_key_unget(int key)
{
	if (scr.headless)
		return;
	if (key & UI_KEY_WIDE)
		unget_wch((wchar_t)(key & ~UI_KEY_WIDE));
	else
		ungetch(key);
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
	size_t before;

	if (scr.cursor_y >= 0) {
		move(scr.cursor_y, scr.cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	/* A hidden cursor may stay wherever the last change left it: lean
	 * saves the move to park it. */
	leaveok(stdscr, scr.lean && scr.cursor_y < 0);
	if (scr.headless) {
		refresh();
		return;
	}
	before = ui_wire_written();
	refresh();
	scr.frame_bytes = ui_wire_written() - before;
}

void
ui_screen_set_lean(bool on)
{
	scr.lean = on;
	/* The terminal's own scrolling (a scroll region, insert/delete line)
	 * moves a page's rows for a few bytes instead of drawing them again. */
	if (scr.open)
		idlok(stdscr, on);
}

bool
ui_screen_lean(void)
{
	return scr.lean;
}

void
ui_screen_set_escdelay(int ms)
{
	if (!scr.headless)
		set_escdelay(ms);
}

bool
ui_screen_probe(bool after_frame)
{
	if (scr.headless || !scr.open)
		return false;
	return ui_wire_probe(STDOUT_FILENO, after_frame ? scr.frame_bytes : 0);
}

void
ui_clear(void)
{
	clear();
}

bool
ui_screen_passthrough(const char *bytes, size_t n)
{
	if (scr.headless || !isatty(STDOUT_FILENO))
		return false;
	return ui_write_all(STDOUT_FILENO, bytes, n);
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
	char text[MB_LEN_MAX + 1];

	if (key == UI_KEY_PASTE) {
		edit_append(buf, size, scr.paste);
		return true;
	}
	if (ui_key_is_alt(key))
		return false;
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
	if (!key_text(key, text, false))
		return (key & UI_KEY_WIDE) != 0;
	edit_append(buf, size, text);
	return true;
}
