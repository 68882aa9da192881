#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"

/* Each field takes three lines: label, value, message. Then the buttons
 * and the form's message. */
#define FIELD_LINES 3

static bool
is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

/* A one-line field takes no control character (nor a byte that is not
 * text): typing cannot enter one, but a paste keeps them, shown as ^[ and
 * so on, for this sentence to refuse. */
static bool
check_plain_text(struct ui_field *f)
{
	const char *s = f->value;
	size_t n = strlen(s);
	struct core_text_char c;

	for (; n > 0; s += c.len, n -= c.len) {
		core_text_next(s, n, &c);
		if (c.len == strlen(c.shown) && memcmp(c.shown, s, c.len) == 0)
			continue;
		snprintf(f->error, sizeof(f->error), "Control characters are not allowed here (%s).",
			 c.shown);
		return false;
	}
	return true;
}

/* Checks field f, setting its inline message; true when it is good. */
static bool
check_field(struct ui_field *f)
{
	f->error[0] = '\0';
	if (f->kind != UI_FIELD_TEXT)
		return true;
	if (f->required && !f->value[0]) {
		snprintf(f->error, sizeof(f->error), "%s is required.", f->label);
		return false;
	}
	if (!check_plain_text(f))
		return false;
	if (f->value[0] && f->check && !f->check(f->value, f->error, sizeof(f->error)))
		return false;
	return true;
}

static void
draw_field(const struct ui_field *f, bool focus, int y, int x, int w)
{
	char label[160];

	snprintf(label, sizeof(label), "%s%s", f->label, f->required ? " *" : "");
	ui_put(y, x, w, focus ? UI_SLOT_KEY : UI_SLOT_DIALOG, label, true);
	if (f->kind == UI_FIELD_SWITCH)
		ui_put(y + 1, x, w, focus ? UI_SLOT_ROW_SELECTED : UI_SLOT_FIELD,
		       f->on ? "[x] on  (Space toggles)" : "[ ] off (Space toggles)", true);
	else
		ui_put(y + 1, x, w, focus ? UI_SLOT_ROW_SELECTED : UI_SLOT_FIELD, f->value, true);
	if (f->error[0])
		ui_put(y + 2, x, w, UI_SLOT_FIELD_ERROR, f->error, true);
	else
		ui_put(y + 2, x, w, UI_SLOT_DISABLED, f->hint ? f->hint : "", true);
}

static void
draw_form(struct ui_console *c, struct ui_form *f, int focus)
{
	int w = ui_screen_cols() - 4 < 70 ? ui_screen_cols() - 4 : 70;
	int h = f->nfields * FIELD_LINES + 5, y, x, i;
	char button[64];

	ui_console_draw(c);
	ui_dialog_box(h, w, f->title, &y, &x);
	for (i = 0; i < f->nfields; i++)
		draw_field(&f->fields[i], focus == i, y + i * FIELD_LINES, x, w - 4);
	y += f->nfields * FIELD_LINES;
	snprintf(button, sizeof(button), "[ %s ]", f->submit);
	ui_put(y, x, 12, focus == f->nfields ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, button, true);
	ui_put(y, x + 14, 12, focus == f->nfields + 1 ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, "[ Cancel ]", true);
	ui_put(y + 1, x, w - 4, UI_SLOT_FIELD_ERROR, f->error, true);
	if (focus < f->nfields && f->fields[focus].kind == UI_FIELD_TEXT) {
		int col = core_text_width(f->fields[focus].value);
		ui_cursor(y - (f->nfields - focus) * FIELD_LINES + 1, x + (col < w - 5 ? col : w - 5));
	} else {
		ui_cursor(-1, 0);
	}
	ui_refresh();
}

/* Checks every field and submits; true when the form may close. */
static bool
submit(struct ui_form *f, int *focus)
{
	struct core_error err;
	int i, first_bad = -1;

	f->error[0] = '\0';
	for (i = 0; i < f->nfields; i++)
		if (!check_field(&f->fields[i]) && first_bad < 0)
			first_bad = i;
	if (first_bad >= 0) {
		*focus = first_bad;
		return false;
	}
	core_error_clear(&err);
	if (f->on_submit(f->data, f, &err) == CORE_OK)
		return true;
	snprintf(f->error, sizeof(f->error), "%s", err.message);
	return false;
}

bool
ui_form_run(struct ui_console *c, struct ui_form *f)
{
	int focus = 0, stops = f->nfields + 2, key;
	enum ui_action a;

	for (;;) {
		draw_form(c, f, focus);
		key = ui_console_key(c, &a);
		if (key == UI_KEY_END_OF_SCRIPT || key == 27)
			break;
		if (key == '\t' || key == KEY_DOWN || key == KEY_BTAB || key == KEY_UP) {
			/* Leaving a field checks it: the message shows at once. */
			if (focus < f->nfields)
				check_field(&f->fields[focus]);
			focus = (focus + (key == '\t' || key == KEY_DOWN ? 1 : stops - 1)) % stops;
		} else if (is_enter(key)) {
			if (focus == f->nfields + 1)
				break;
			if (submit(f, &focus)) {
				ui_cursor(-1, 0);
				return true;
			}
		} else if (focus < f->nfields && f->fields[focus].kind == UI_FIELD_SWITCH) {
			if (key == ' ')
				f->fields[focus].on = !f->fields[focus].on;
		} else if (focus < f->nfields) {
			ui_edit_key(f->fields[focus].value, sizeof(f->fields[focus].value), key);
		}
	}
	ui_cursor(-1, 0);
	return false;
}
