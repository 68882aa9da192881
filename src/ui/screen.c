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
#include "billcon/ui_input.h"
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
	FILE *dump;
	int cursor_y, cursor_x;  /* where the cursor goes at refresh; y < 0 hidden */
	const char *paste_off;   /* bracketed paste was turned on: this turns it off */
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

	if (!stop_signal && ui_input_hung_up())
		stop_signal = SIGHUP;
	if (stop_signal || scr.headless)
		return stop_signal;
	/* A terminal gone without a SIGHUP for us (we were not its session's
	 * foreground) reads as nothing but errors, which would spin the loop. */
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return SIGHUP;
	return 0;
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
	ui_input_open(o->script);
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
		ui_input_close();
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

