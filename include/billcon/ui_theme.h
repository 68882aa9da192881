/* ui_theme: colour slots by meaning, and theme files that fill them.
 *
 * A theme file has one slot a line: "color SLOT FG BG [ATTR...]", FG and BG
 * being "default" (the terminal's own), a colour name (black red green yellow
 * blue magenta cyan white, or bright-red ... bright-white) or a number 0-255,
 * and ATTR among normal bold dim reverse underline standout. '#' starts a
 * comment. Slots a file does not name keep the mono theme's style, so a
 * theme never leaves a slot unreadable. The shipped themes (themes/NAME.theme)
 * are compiled in at build time. */
#ifndef BILLCON_UI_THEME_H
#define BILLCON_UI_THEME_H

#include <stdbool.h>

#include "billcon/core_status.h"

#define UI_SLOT_INFO(_) \
	_(NORMAL,        "normal") \
	_(TITLE,         "title") \
	_(MENU,          "menu") \
	_(MENU_SELECTED, "menu-selected") \
	_(HEADER,        "header") \
	_(ROW_SELECTED,  "row-selected") \
	_(STATUS,        "status") \
	_(KEY,           "key") \
	_(MESSAGE,       "message") \
	_(ERROR,         "error") \
	_(STATE_GOOD,    "state-good") \
	_(STATE_WAIT,    "state-wait") \
	_(STATE_BAD,     "state-bad") \
	_(STATE_OFF,     "state-off") \
	_(DIALOG,        "dialog") \
	_(FIELD,         "field") \
	_(FIELD_ERROR,   "field-error") \
	_(DISABLED,      "disabled") \
	_(MARKER,        "marker")

enum ui_slot {
#define UI_SLOT_ENUM(id, name) UI_SLOT_##id,
	UI_SLOT_INFO(UI_SLOT_ENUM)
#undef UI_SLOT_ENUM
	UI_SLOT_COUNT
};

/* One slot's look: colours (-1 the terminal's default) and ncurses
 * attributes (A_BOLD | A_REVERSE ...). */
struct ui_style {
	short fg;
	short bg;
	unsigned attrs;
};

struct ui_theme {
	char name[64];
	bool uses_color;              /* any slot has a colour other than -1 */
	struct ui_style slot[UI_SLOT_COUNT];
};

/* The slot named name, -1 when none. */
int ui_slot_by_name(const char *name);

/* Parses theme text (from source, named in messages) into out, starting
 * from the mono theme. A bad line is CORE_USAGE with "SOURCE line N: ...";
 * out then holds the default theme. */
enum core_status ui_theme_parse(const char *text, const char *source, struct ui_theme *out,
				struct core_error *err);

/* The text of the compiled-in theme name ("default", "mono",
 * "high-contrast"), NULL when there is none. */
const char *ui_theme_builtin(const char *name);

/* Loads theme name: a user theme $XDG_CONFIG_HOME/billcon/themes/NAME.theme
 * first, then a compiled-in one. Unknown name: CORE_NOT_FOUND. A bad file:
 * CORE_USAGE naming file and line, and out holds the default theme. */
enum core_status ui_theme_load(const char *name, struct ui_theme *out, struct core_error *err);

/* Generated at build time from themes/NAME.theme (src/ui/themes_builtin.c):
 * the names and texts of the shipped themes, NULL-terminated. */
extern const char *const ui_builtin_theme_names[];
extern const char *const ui_builtin_theme_texts[];

#endif
