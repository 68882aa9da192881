/* ui_help: the help overlay (ui_help.h), made from the live key map. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_action.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_help.h"
#include "billcon/ui_keys.h"

/* The first line of the help overlay shown after act, from top, with n
 * lines and page lines a screen. */
static int
help_scroll(enum ui_action act, int top, int n, int page)
{
	int last = n > page ? n - page : 0;

	switch (act) {
	case UI_ACTION_DOWN:
		return top < last ? top + 1 : top;
	case UI_ACTION_UP:
		return top > 0 ? top - 1 : 0;
	case UI_ACTION_PAGE_DOWN:
		return top + page < last ? top + page : last;
	case UI_ACTION_PAGE_UP:
		return top > page ? top - page : 0;
	case UI_ACTION_LAST:
		return last;
	default:
		return 0;
	}
}

/* The help text of a as the overlay shows it: a view's own action without
 * the view's name that `billcon keys` adds ("... (Manage requests)"), as
 * the overlay is that view's, and its reason for being disabled needs the
 * room. */
static void
help_text(enum ui_action a, char *out, size_t size)
{
	const char *text = ui_action_help(a);
	const char *cut = ui_action_view(a) ? strrchr(text, '(') : NULL;
	int len = cut && cut > text ? (int)(cut - text - 1) : (int)strlen(text);

	snprintf(out, size, "%.*s", len, text);
}

/* The most lines one action's help wraps to. */
#define HELP_WRAP_MAX 4
/* The width of the keys' column, and its space after. */
#define HELP_KEYS_WIDTH 15

/* One line of the overlay: an action's first line or a continuation. */
struct help_line {
	char text[256];
	bool off;
};

/* The overlay's lines for action a in w columns: its keys, then its text
 * (and why it is not possible here) wrapped under the text's column, so
 * that the end ("Space does too") is never cut. Returns how many it added
 * at out. */
static int
help_lines(struct ui_console *c, enum ui_action a, int w, struct help_line *out)
{
	char keys[64], why[128], text[256], full[512], wrapped[HELP_WRAP_MAX][256];
	bool off = ui_console_why_disabled(c, a, why, sizeof(why)) != NULL;
	int n, i;

	ui_keymap_keys_for(ui_console_keymap(c), a, keys, sizeof(keys));
	help_text(a, text, sizeof(text));
	if (off)
		snprintf(full, sizeof(full), "%s (%s)", text, why);
	else
		snprintf(full, sizeof(full), "%s", text);
	n = core_text_wrap(full, w - HELP_KEYS_WIDTH > 10 ? w - HELP_KEYS_WIDTH : 10, wrapped, HELP_WRAP_MAX);
	for (i = 0; i < n; i++) {
		snprintf(out[i].text, sizeof(out[i].text), "%-*s %s", HELP_KEYS_WIDTH - 1, i == 0 ? keys : "",
			 wrapped[i]);
		out[i].off = off;
	}
	return n;
}

/* The help overlay: every action with its keys, those not possible here
 * marked with why; this view's own actions first, so that they show
 * without scrolling. j/k, the paging keys, g and G scroll; any other key
 * closes. */
void
ui_help_show(struct ui_console *c)
{
	char keys[64];
	int top = 0, a, h, w, y, x, i, key, n, nact = 0, pass;
	enum ui_action act, shown[UI_ACTION_COUNT];
	static struct help_line lines[UI_ACTION_COUNT * HELP_WRAP_MAX];

	/* Every action bound here: another view's own actions are not. */
	for (pass = 0; pass < 2; pass++)
		for (a = UI_ACTION_NONE + 1; a < UI_ACTION_COUNT; a++) {
			bool own = ui_action_view((enum ui_action)a) != NULL;

			ui_keymap_keys_for(ui_console_keymap(c), (enum ui_action)a, keys, sizeof(keys));
			if (pass == 0 ? own && keys[0] : !own)
				shown[nact++] = (enum ui_action)a;
		}
	for (;;) {
		int rows = ui_screen_lines(), cols = ui_screen_cols();
		w = cols - 4 < 76 ? cols - 4 : 76;
		for (n = 0, i = 0; i < nact; i++)
			n += help_lines(c, shown[i], w - 4, lines + n);
		h = rows - 2 < n + 2 ? rows - 2 : n + 2;
		if (top > (n > h - 2 ? n - (h - 2) : 0))
			top = n > h - 2 ? n - (h - 2) : 0;
		ui_console_draw(c);
		ui_dialog_box(h, w, "Keys (j/k scroll, Esc closes)", &y, &x);
		for (i = 0; i < h - 2 && top + i < n; i++)
			ui_put(y + i, x, w - 4, lines[top + i].off ? UI_SLOT_DISABLED : UI_SLOT_DIALOG,
			       lines[top + i].text, true);
		ui_refresh();
		key = ui_console_key(c, &act);
		if (key == KEY_RESIZE)
			continue;
		if (act != UI_ACTION_DOWN && act != UI_ACTION_UP && act != UI_ACTION_PAGE_DOWN &&
		    act != UI_ACTION_PAGE_UP && act != UI_ACTION_FIRST && act != UI_ACTION_LAST)
			return;
		top = help_scroll(act, top, n, h - 2);
	}
}
