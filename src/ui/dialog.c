#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"

void
ui_dialog_box(int h, int w, const char *title, int *y, int *x)
{
	int top = (ui_screen_lines() - h) / 2, left = (ui_screen_cols() - w) / 2, i;

	if (top < 0)
		top = 0;
	if (left < 0)
		left = 0;
	for (i = 0; i < h; i++) {
		ui_fill(top + i, left, w, UI_SLOT_DIALOG);
		ui_put(top + i, left, 1, UI_SLOT_DIALOG, "|", false);
		ui_put(top + i, left + w - 1, 1, UI_SLOT_DIALOG, "|", false);
	}
	ui_fill(top, left, w, UI_SLOT_TITLE);
	ui_put(top, left + 1, w - 2, UI_SLOT_TITLE, title, true);
	ui_put(top + h - 1, left, w, UI_SLOT_DIALOG, "", true);
	for (i = 0; i < w; i++)
		ui_put(top + h - 1, left + i, 1, UI_SLOT_DIALOG, i == 0 || i == w - 1 ? "+" : "-", false);
	*y = top + 1;
	*x = left + 2;
}

static bool
is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

#define WRAP_MAX 24

struct confirm {
	const char *title, *keep, *button, *type_to_confirm;
	const char *const *lines;
	int nlines;
	int focus;              /* 0 keep (Cancel), 1 the action, 2 the typed name */
	char typed[256];
};

static void
confirm_draw(struct ui_console *c, struct confirm *d)
{
	int w = ui_screen_cols() - 4 < 70 ? ui_screen_cols() - 4 : 70;
	char lines[WRAP_MAX][256], button[64];
	int n = 0, h, y, x, i, keep_w;
	bool typed_ok = !d->type_to_confirm || strcmp(d->typed, d->type_to_confirm) == 0;

	for (i = 0; i < d->nlines && n < WRAP_MAX; i++)
		n += core_text_wrap(d->lines[i], w - 4, lines + n, WRAP_MAX - n);
	h = n + (d->type_to_confirm ? 7 : 5);
	ui_console_draw(c);
	ui_dialog_box(h, w, d->title, &y, &x);
	for (i = 0; i < n; i++)
		ui_put(y + i, x, w - 4, UI_SLOT_DIALOG, lines[i], true);
	y += n + 1;
	if (d->type_to_confirm) {
		ui_put(y, x, w - 4, UI_SLOT_DIALOG, "Type the tenant's name to confirm:", true);
		ui_put(y + 1, x, w - 4, d->focus == 2 ? UI_SLOT_FIELD : UI_SLOT_DIALOG, d->typed, true);
		y += 3;
	}
	snprintf(button, sizeof(button), "[ %s ]", d->keep);
	keep_w = (int)core_text_width(button);
	ui_put(y, x, keep_w, d->focus == 0 ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, button, true);
	snprintf(button, sizeof(button), "[ %s ]", d->button);
	ui_put(y, x + keep_w + 4, w - keep_w - 8,
	       d->focus == 1 ? UI_SLOT_ROW_SELECTED : (typed_ok ? UI_SLOT_DIALOG : UI_SLOT_DISABLED), button, true);
	ui_refresh();
}

/* Applies one key; returns 1 confirmed, 0 cancelled, -1 go on. */
static int
confirm_key(struct confirm *d, int key, enum ui_action a)
{
	int fields = d->type_to_confirm ? 3 : 2;

	if (key == UI_KEY_END_OF_SCRIPT || key == 27)
		return 0;
	if (is_enter(key)) {
		if (d->focus == 1)
			return !d->type_to_confirm || strcmp(d->typed, d->type_to_confirm) == 0 ? 1 : -1;
		return d->focus == 0 ? 0 : (d->focus = 0, -1);
	}
	if (key == '\t' || key == KEY_RIGHT || key == KEY_DOWN) {
		d->focus = (d->focus + 1) % fields;
	} else if (key == KEY_BTAB || key == KEY_LEFT || key == KEY_UP) {
		d->focus = (d->focus + fields - 1) % fields;
	} else if (d->focus == 2 && ui_edit_key(d->typed, sizeof(d->typed), key)) {
		return -1;
	} else if (a == UI_ACTION_BACK && d->focus != 2) {
		return 0;
	}
	return -1;
}

bool
ui_dialog_confirm(struct ui_console *c, const char *title, const char *const *lines, int nlines,
		  const char *button, const char *type_to_confirm)
{
	return ui_dialog_choose(c, title, lines, nlines, "Cancel", button, type_to_confirm);
}

bool
ui_dialog_choose(struct ui_console *c, const char *title, const char *const *lines, int nlines,
		 const char *keep, const char *button, const char *type_to_confirm)
{
	struct confirm d = { .title = title, .keep = keep, .button = button,
			     .type_to_confirm = type_to_confirm, .lines = lines, .nlines = nlines };
	enum ui_action a;
	int key, r;

	/* A name to type takes the focus first; the buttons start on Cancel. */
	d.focus = type_to_confirm ? 2 : 0;
	do {
		confirm_draw(c, &d);
		key = ui_console_key(c, &a);
		r = confirm_key(&d, key, a);
	} while (r < 0);
	return r == 1;
}

/* How often a box that may close by itself asks whether it is still needed. */
#define STILL_POLL_MS 100

void
ui_dialog_details(struct ui_console *c, const char *title, const char *const *lines, int nlines,
		  const char *copy_label, const char *copy_text)
{
	ui_dialog_details_while(c, title, lines, nlines, copy_label, copy_text, NULL, NULL);
}

void
ui_dialog_details_while(struct ui_console *c, const char *title, const char *const *lines, int nlines,
			const char *copy_label, const char *copy_text, bool (*still)(void *ctx), void *ctx)
{
	char wrapped[WRAP_MAX][256];
	enum ui_action a;
	int key, y, x, i, w, h, n;

	for (;;) {
		w = ui_screen_cols() - 4 < 76 ? ui_screen_cols() - 4 : 76;
		/* Long lines (a URL) wrap whole, so that they can be selected. */
		for (i = n = 0; i < nlines && n < WRAP_MAX; i++)
			n += core_text_wrap(lines[i], w - 4, wrapped + n, WRAP_MAX - n);
		h = n + 4 < ui_screen_lines() - 2 ? n + 4 : ui_screen_lines() - 2;
		ui_console_draw(c);
		ui_dialog_box(h, w, title, &y, &x);
		for (i = 0; i < n && i < h - 3; i++)
			ui_put(y + i, x, w - 4, UI_SLOT_DIALOG, wrapped[i], true);
		ui_put(y + h - 3, x, w - 4, UI_SLOT_KEY,
		       copy_text ? "y copy   Esc close" : "Esc close", true);
		ui_refresh();
		while ((key = ui_console_key_within(c, &a, still ? STILL_POLL_MS : -1)) == ERR && still)
			if (!still(ctx))
				return;
		if (a == UI_ACTION_COPY && copy_text) {
			ui_console_copy(c, copy_label, copy_text);
			return;
		}
		if (key != KEY_RESIZE && key != UI_KEY_DUMP)
			return;
	}
}

static void
pick_draw(struct ui_console *c, const char *title, const char *const *choices, int n, int at)
{
	int w = ui_screen_cols() - 4 < 76 ? ui_screen_cols() - 4 : 76, y, x, i;
	char line[512];

	ui_console_draw(c);
	ui_dialog_box(n + 4, w, title, &y, &x);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%d  %s", i + 1, choices[i]);
		ui_put(y + i, x, w - 4, i == at ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, line, true);
	}
	ui_put(y + n + 1, x, w - 4, UI_SLOT_KEY, "1-9 or Enter take   Esc none", true);
	ui_refresh();
}

int
ui_dialog_pick(struct ui_console *c, const char *title, const char *const *choices, int n)
{
	enum ui_action a;
	int key, at = 0;

	n = n > 9 ? 9 : n;
	for (;;) {
		pick_draw(c, title, choices, n, at);
		key = ui_console_key(c, &a);
		if (key >= '1' && key < '1' + n)
			return key - '1';
		if (is_enter(key))
			return at;
		if (key == UI_KEY_END_OF_SCRIPT || key == 27 || a == UI_ACTION_BACK)
			return -1;
		if (a == UI_ACTION_DOWN && at + 1 < n)
			at++;
		else if (a == UI_ACTION_UP && at > 0)
			at--;
	}
}

enum core_status
ui_confirm_flow(struct ui_console *c, const struct ui_confirm *q,
		enum core_status (*run)(void *data, bool confirmed, struct core_error *err),
		void *data, struct core_error *err)
{
	const char *lines[16];
	int n = 0, i;
	enum core_status rc;

	core_error_clear(err);
	if ((rc = run(data, false, err)) != CORE_CONFIRM)
		return rc;
	for (i = 0; i < q->nlines && n < 15; i++)
		lines[n++] = q->lines[i];
	lines[n++] = err->message;
	if (!ui_dialog_confirm(c, q->title, lines, n, q->button,
			       q->others && *q->others > 0 ? q->type_to_confirm : NULL))
		return core_error_set(err, CORE_REFUSED, "Nothing was changed.");
	core_error_clear(err);
	return run(data, true, err);
}
