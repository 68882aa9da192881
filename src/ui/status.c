/* ui_status: the console's status area. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_status.h"

/* The first key of a, as the status line shows it: "Enter", not "<Enter>". */
static void
status_key(struct ui_console *c, enum ui_action a, char *out, size_t size)
{
	char *end;

	ui_keymap_keys_for(ui_console_keymap(c), a, out, size);
	if ((end = strchr(out, ',')) != NULL)
		*end = '\0';
	if (out[0] == '<' && (end = strchr(out, '>')) != NULL && end[1] == '\0') {
		memmove(out, out + 1, strlen(out));
		out[strlen(out) - 1] = '\0';
	}
}

/* The most key hints the status line holds. */
#define STATUS_KEYS_MAX 32
/* The most lines a message takes: the 512 bytes of one wrap to fewer even
 * at 60 columns. */
#define STATUS_LINES_MAX 16

/* One key hint of the status line: "a add", dimmed when not possible here. */
struct status_hint {
	enum ui_action action;
	char text[96];
	bool off;
};

/* Whether the hint for a may go when the line is too narrow: help and quit
 * never do, as they are the way out and the way to the rest. */
static bool
hint_droppable(enum ui_action a)
{
	return a != UI_ACTION_HELP && a != UI_ACTION_QUIT;
}

/* The hints for the keys that work here: the blade's, then the global ones;
 * when they do not fit cols, the last droppable ones go first. Returns how
 * many are left in h. */
static int
status_hints(struct ui_console *c, const enum ui_action *view_keys, struct status_hint *h, int cols)
{
	/* Filtering is a list's: lists name it among their own keys. */
	static const enum ui_action global[] = { UI_ACTION_HELP, UI_ACTION_QUIT,
						 UI_ACTION_NONE };
	const enum ui_action *lists[] = { view_keys, global };
	char keys[64], why[128];
	int n = 0, width = -2, l, i; /* -2: no separator before the first hint */

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i] != UI_ACTION_NONE && n < STATUS_KEYS_MAX; i++, n++) {
			h[n].action = lists[l][i];
			h[n].off = ui_console_why_disabled(c, h[n].action, why, sizeof(why)) != NULL;
			status_key(c, h[n].action, keys, sizeof(keys));
			snprintf(h[n].text, sizeof(h[n].text), "%s %s", keys, ui_action_name(h[n].action));
			width += core_text_width(h[n].text) + 2;
		}
	for (i = n - 1; i >= 0 && width > cols; i--) {
		if (!hint_droppable(h[i].action))
			continue;
		width -= core_text_width(h[i].text) + 2;
		memmove(&h[i], &h[i + 1], (size_t)(n - i - 1) * sizeof(*h));
		n--;
	}
	return n;
}

void
ui_status_draw(struct ui_console *c, const struct ui_status *s)
{
	struct status_hint hints[STATUS_KEYS_MAX];
	int lines = ui_screen_lines(), cols = ui_screen_cols(), y = lines - 1, x = 0, n, i;
	char wrapped[STATUS_LINES_MAX][256];

	if (s->message) {
		n = core_text_wrap(s->message, cols, wrapped,
				   lines - 2 < STATUS_LINES_MAX ? lines - 2 : STATUS_LINES_MAX);
		for (i = 0; i < n; i++)
			ui_put(lines - n + i, 0, cols, s->message_slot, wrapped[i], true);
		return;
	}
	ui_fill(y, 0, cols, UI_SLOT_STATUS);
	/* A sync in the background says how far it is, instead of the keys. */
	if (s->job) {
		ui_put(y, 0, cols, UI_SLOT_STATUS, s->job, true);
		return;
	}
	/* A form takes its keys itself: say those, not the list's below it. */
	if (s->form) {
		ui_put(y, 0, cols, UI_SLOT_STATUS,
		       "Tab next  S-Tab back  Space toggle  Enter submit  Esc cancel", true);
		return;
	}
	n = status_hints(c, s->keys, hints, cols);
	for (i = 0; i < n && x < cols; i++) {
		if (i > 0)
			x += ui_put(y, x, cols - x, UI_SLOT_STATUS, "  ", false);
		x += ui_put(y, x, cols - x, hints[i].off ? UI_SLOT_DISABLED : UI_SLOT_STATUS,
			    hints[i].text, false);
	}
}
