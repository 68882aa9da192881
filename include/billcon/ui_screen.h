/* ui_screen: the terminal, or a headless stand-in for tests: set-up and
 * restore, colour slots, drawing text made safe and fitted to columns, and
 * screen dumps. Keys are ui_input's (ui_input.h).
 *
 * Everything on screen goes through ui_put: control characters and escape
 * sequences from the store are shown (ESC as ^[), never sent (core_text.h);
 * widths are terminal columns, and text cut short ends in a marker. */
#ifndef BILLCON_UI_SCREEN_H
#define BILLCON_UI_SCREEN_H

#include <stdbool.h>
#include <stdio.h>

#include "billcon/core_status.h"
#include "billcon/ui_input.h"
#include "billcon/ui_theme.h"

struct ui_screen_options {
	const char *theme;    /* NULL: default, or mono when NO_COLOR or no colours */
	bool mouse;           /* report mouse clicks (off: the terminal selects text) */
	const char *script;   /* headless: the key script's text, else NULL */
	int lines, cols;      /* headless size */
	FILE *dump;           /* headless: where <Dump> writes the screen */
};

/* Starts the screen. A theme problem is not fatal: *warning receives the
 * sentence (or "" when none) and the default theme is used. */
enum core_status ui_screen_open(const struct ui_screen_options *o, char *warning, size_t wsize,
				struct core_error *err);

/* Restores the terminal: attributes, cursor, the main screen, bracketed
 * paste off, the terminal's modes; safe to call twice, and called at exit.
 * A crash (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL) restores what it can
 * with write(2) and tcsetattr, then dies of its signal as it would have. */
void ui_screen_close(void);

/* SIGHUP or SIGTERM when one came since the screen opened (the handler
 * only notes it, as nothing else is safe in a handler), SIGHUP too when the
 * terminal hung up without sending it, else 0: the input loop then closes
 * the console in order. */
int ui_screen_stop_signal(void);

/* True when the screen is the headless stand-in of --screen-test. */
bool ui_screen_headless(void);

/* The screen's size now, in lines and columns. */
int ui_screen_lines(void);
int ui_screen_cols(void);

/* True when the terminal shows UTF-8 (else markers and arrows are ASCII). */
bool ui_screen_utf8(void);

/* The theme in use (after NO_COLOR and the terminal's colours). */
const struct ui_theme *ui_screen_theme(void);

/* Draws text at (y, x) in at most width columns in slot's style, made safe
 * and cut with a marker when longer; pads with spaces to width when pad.
 * Returns the columns drawn. */
int ui_put(int y, int x, int width, enum ui_slot slot, const char *text, bool pad);

/* Fills width columns at (y, x) with spaces in slot's style. */
void ui_fill(int y, int x, int width, enum ui_slot slot);

/* Places the cursor at (y, x) and shows it, or hides it when y < 0. */
void ui_cursor(int y, int x);

/* Sends what changed to the terminal. */
void ui_refresh(void);

/* Draws lean (the low-bandwidth mode): the selected row is marked by a
 * character instead of a bar, rows keep one colour, and the terminal's own
 * scrolling moves rows. ui_screen_lean tells the drawing pieces. */
void ui_screen_set_lean(bool on);
bool ui_screen_lean(void);

/* How long an Esc waits for the rest of a key's sequence (a terminal only). */
void ui_screen_set_escdelay(int ms);

/* Asks the terminal for a cursor position report now (ui_wire.h), timing
 * its answer, which ui_key_next takes in; after_frame when the last
 * refresh's bytes are still on their way. False in headless mode, or when
 * a probe is already waiting. */
bool ui_screen_probe(bool after_frame);

/* Clears the whole screen (the next refresh repaints it). */
void ui_clear(void);

/* Writes all n bytes to fd, again after a signal interrupts; false when
 * fd takes no more (an error, or a reader gone with SIGPIPE ignored). */
bool ui_write_all(int fd, const char *bytes, size_t n);

/* Writes bytes straight to the terminal (OSC 52), false in headless mode or
 * when the output is not a terminal. */
bool ui_screen_passthrough(const char *bytes, size_t n);

/* Writes the screen as text to the dump, one line a row, trailing spaces
 * trimmed, then a line "--". */
void ui_screen_dump(void);

#endif
