/* ui_input: keys, from the terminal or from a test's key script: a key
 * with a timeout, Alt chords told from Esc, a bracketed paste taken whole,
 * the answer to the link's probe (ui_wire) taken out of the keys, and the
 * editing of a text field by a key. ui_screen opens and closes it with the
 * screen. */
#ifndef BILLCON_UI_INPUT_H
#define BILLCON_UI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* A character beyond ASCII typed at the keyboard comes as its code point
 * with this bit, so that it never collides with ncurses' key codes. */
#define UI_KEY_WIDE 0x40000000

/* Key codes beyond ncurses' for what a script asks. */
#define UI_KEY_DUMP 0x7fff0001  /* write the screen to the dump */
#define UI_KEY_END_OF_SCRIPT 0x7fff0002
/* A bracketed paste came whole: its text is ui_input_paste() until the
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

/* Starts reading keys: from script (a --screen-test key script, kept and
 * read as it goes) or, when NULL, from the terminal. */
void ui_input_open(const char *script);

/* Stops reading keys from the terminal: a probe's answer still on its way
 * is waited for (a second at most) so that it does not land in the shell. */
void ui_input_close(void);

/* True once the key script said <Hangup> (ui_screen_stop_signal then
 * reports SIGHUP). */
bool ui_input_hung_up(void);

/* The text of the last paste (UI_KEY_PASTE), as the terminal sent it:
 * control characters kept. */
const char *ui_input_paste(void);

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

/* Edits buf (size bytes, UTF-8) by key: a character is appended, Backspace
 * takes back a character, ^U clears, UI_KEY_PASTE appends the pasted text
 * (control characters kept, for the field to show and refuse; cut at a
 * whole character when it does not fit). False when key is none of those. */
bool ui_edit_key(char *buf, size_t size, int key);

#endif
