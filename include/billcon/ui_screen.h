/* ui_screen: the terminal, or a headless stand-in for tests: set-up and
 * restore, colour slots, drawing text made safe and fitted to columns, keys
 * (from the terminal or from a test script) and screen dumps.
 *
 * Everything on screen goes through ui_put: control characters and escape
 * sequences from the store are shown (ESC as ^[), never sent (core_text.h);
 * widths are terminal columns, and text cut short ends in a marker. */
#ifndef BILLCON_UI_SCREEN_H
#define BILLCON_UI_SCREEN_H

#include <stdbool.h>
#include <stdio.h>

#include "billcon/core_status.h"
#include "billcon/ui_theme.h"

struct ui_screen_options {
	const char *theme;    /* NULL: default, or mono when NO_COLOR or no colours */
	bool mouse;           /* report mouse clicks (off: the terminal selects text) */
	const char *script;   /* headless: the key script's text, else NULL */
	int lines, cols;      /* headless size */
	FILE *dump;           /* headless: where <Dump> writes the screen */
};

/* A character beyond ASCII typed at the keyboard comes as its code point
 * with this bit, so that it never collides with ncurses' key codes. */
#define UI_KEY_WIDE 0x40000000

/* Key codes beyond ncurses' for what a script asks. */
#define UI_KEY_DUMP 0x7fff0001  /* write the screen to the dump */
#define UI_KEY_END_OF_SCRIPT 0x7fff0002
/* A bracketed paste came whole: its text is ui_screen_paste() until the
 * next paste. Only text fields (ui_edit_key) take it; it is bound to no
 * action, so elsewhere it does nothing, and none of its characters ever
 * acts as a key. */
#define UI_KEY_PASTE 0x7fff0003
/* The markers a terminal puts around pasted text (ESC [ 200 ~ and
 * ESC [ 201 ~), as ncurses reports them (define_key codes fit 16 bits).
 * ui_key_next turns them and what is between into one UI_KEY_PASTE. */
#define UI_KEY_PASTE_BEGIN 0x7e00
#define UI_KEY_PASTE_END 0x7e01
/* Alt (Meta) with a key: ESC and the key arriving together. Bound to
 * nothing, so that an Alt chord neither closes a form (as Esc would) nor
 * types its key. */
#define UI_KEY_ALT 0x20000000

/* The most bytes of one paste kept (the rest is dropped). */
#define UI_PASTE_MAX 4096
/* <Idle> in a key script: no key came in time (ERR from ui_key_next). */
#define UI_KEY_IDLE 0x7fff0004
/* <Hangup> in a key script: the terminal hung up (as a SIGHUP): the
 * console saves every draft and stops, as on a dropped link. */
#define UI_KEY_HANGUP 0x7fff0005

/* One token of a key script, as the keys it types. */
struct ui_script_token {
	int keys[256];                  /* key codes, in order (at most 255) */
	int n;                          /* how many; 0 for a <Name> naming no key */
	int resize_cols, resize_lines;  /* <Resize:COLSxLINES>: keys[0] is KEY_RESIZE */
	bool in_quote;                  /* quoted text longer than keys goes on */
};

/* The largest COLS and LINES of <Resize:COLSxLINES>. */
#define UI_SCRIPT_SIZE_MAX 1000

/* Reads the next token of the key script *script into t and moves *script
 * past it: <Name> (a key, <Dump>, <Idle>, <Resize:COLSxLINES> with each
 * number 1 to UI_SCRIPT_SIZE_MAX), <Paste>text</Paste> (what a terminal
 * sends for a bracketed paste), "quoted text" or a bare word typed
 * character by character, ^X a control key; a <Name> naming none of these
 * types nothing. Quoted text longer than t->keys goes on in the next token,
 * so t must be zeroed before the first call and passed again. False at the
 * end of the script. It touches no terminal, so that the parsing can be
 * tested and fuzzed alone. */
bool ui_script_token(const char **script, struct ui_script_token *t);

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

/* The text of the last paste (UI_KEY_PASTE), as the terminal sent it:
 * control characters kept. */
const char *ui_screen_paste(void);

/* True when the screen is the headless stand-in of --screen-test. */
bool ui_screen_headless(void);

/* The screen's size now, in lines and columns. */
int ui_screen_lines(void);
int ui_screen_cols(void);

/* True when the terminal shows UTF-8 (else markers and arrows are ASCII). */
bool ui_screen_utf8(void);

/* The theme in use (after NO_COLOR and the terminal's colours). */
const struct ui_theme *ui_screen_theme(void);

/* Waits for the next key (ncurses code; KEY_RESIZE after a resize;
 * UI_KEY_PASTE for a whole bracketed paste; UI_KEY_ALT | key for an Alt
 * chord). With timeout_ms >= 0, returns ERR when none came in time, and
 * also when a signal interrupted the wait. In headless mode the keys come
 * from the script, then UI_KEY_END_OF_SCRIPT. */
int ui_key_next(int timeout_ms);

/* True when key is an Alt chord (UI_KEY_ALT with a key), not one of the
 * script's codes, which share the bit. */
bool ui_key_is_alt(int key);

/* Puts key back, to be read next (a terminal's key only). */
void ui_key_unget(int key);

/* True when a key is waiting (never in headless mode, whose keys are all
 * waiting but never interrupt). */
bool ui_key_pending(void);

/* Draws text at (y, x) in at most width columns in slot's style, made safe
 * and cut with a marker when longer; pads with spaces to width when pad.
 * Returns the columns drawn. */
int ui_put(int y, int x, int width, enum ui_slot slot, const char *text, bool pad);

/* Fills width columns at (y, x) with spaces in slot's style. */
void ui_fill(int y, int x, int width, enum ui_slot slot);

/* Edits buf (size bytes, UTF-8) by key: a character is appended, Backspace
 * takes back a character, ^U clears, UI_KEY_PASTE appends the pasted text
 * (control characters kept, for the field to show and refuse; cut at a
 * whole character when it does not fit). False when key is none of those. */
bool ui_edit_key(char *buf, size_t size, int key);

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
