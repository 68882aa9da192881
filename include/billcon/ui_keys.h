/* ui_keys: key names, the key map built from ui_action.h's defaults, and the
 * user's rebindings in $XDG_CONFIG_HOME/billcon/keys.
 *
 * Key names: a printable character stands for itself ("j", "/", "?", "G");
 * "^X" is Ctrl-X ("^F", "^B", "^L"); and <Name> for the rest: <Up> <Down>
 * <Left> <Right> <PgUp> <PgDn> <Home> <End> <Enter> <Esc> <Tab> <BTab>
 * (Shift-Tab) <Space> <Backspace> <Delete> <Insert> <F1>..<F12>. Names in <>
 * are matched case-insensitively. Key codes are ncurses' (KEY_DOWN, ...) or
 * the character's code; Enter is '\n' (KEY_ENTER also maps to it), Esc 27. */
#ifndef BILLCON_UI_KEYS_H
#define BILLCON_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "billcon/core_status.h"
#include "billcon/ui_action.h"

/* Key codes are below this (ncurses' KEY_MAX is 0777). */
#define UI_KEY_LIMIT 1024

struct ui_keymap {
	unsigned char action[UI_KEY_LIMIT]; /* enum ui_action by key code */
	char view[32];                      /* the view it is for, "" for the generic map */
};

/* The key code name stands for, -1 when it names no key. */
int ui_key_parse(const char *name);

/* The name of key into out (size bytes): the inverse of ui_key_parse. */
void ui_key_name(int key, char *out, size_t size);

/* m as a copy of generic for the view named view, with the default keys
 * of that view's own actions (UI_VIEW_ACTION_INFO): lines of the keys file
 * for that view ("bind tenants x remove") then apply to it, falling back to
 * the generic bindings for every other key. */
void ui_keymap_for_view(struct ui_keymap *m, const struct ui_keymap *generic, const char *view);

/* Fills m with the default bindings of every generic action (ui_action.h),
 * as the generic map; views' own actions are bound by ui_keymap_for_view. */
void ui_keymap_defaults(struct ui_keymap *m);

/* The action key is bound to in m, UI_ACTION_NONE when none (or when key
 * is out of range). KEY_ENTER and '\r' are looked up as '\n'. */
enum ui_action ui_keymap_lookup(const struct ui_keymap *m, int key);

/* Applies the rebinding file text (read from source, for messages) to m.
 * Lines: "bind KEY ACTION" binds KEY to ACTION (replacing what KEY did) in
 * every view; "bind VIEW KEY ACTION" in that view only; "unbind [VIEW]
 * KEY"; blank lines and lines starting with '#' are ignored. The generic
 * map takes the lines for every view, a view's map (ui_keymap_for_view)
 * its own; every line is checked either way. A bad
 * line is CORE_USAGE with "SOURCE line N: ..." and m is left as it was
 * before the call. */
enum core_status ui_keymap_apply(struct ui_keymap *m, const char *text, const char *source,
				 struct core_error *err);

/* Reads path and applies it with ui_keymap_apply; a missing file is fine
 * (CORE_OK, nothing changed); an unreadable one is CORE_USAGE. */
enum core_status ui_keymap_load(struct ui_keymap *m, const char *path, struct core_error *err);

/* The keys bound to a in m, as names separated by ", " in ascending key
 * code order but with printable characters first ("j, <Down>"), into out. */
void ui_keymap_keys_for(const struct ui_keymap *m, enum ui_action a, char *out, size_t size);

/* Writes the default key table to out: a line an action ("j, <Down>  down
 * Move down one row"), or man page lines (.TP/.B) when man. */
void ui_keys_print(FILE *out, bool man);

#endif
