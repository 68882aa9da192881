#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"

/* The most lines a field's note or the form's message wraps to. */
#define NOTE_LINES_MAX 8

/* How much help the box shows: every hint, each note taking a line even
 * when empty (a steady layout); or, when that does not fit the screen,
 * only the focused field's hint and no empty lines; or no hint at all.
 * Error messages always show, whole. */
enum form_room {
	ROOM_FULL,
	ROOM_FOCUS_HINT,
	ROOM_NO_HINT,
};

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

/* What field i shows under its value, wrapped to w columns into lines:
 * its error, else its hint when room allows. Returns how many lines. */
static int
field_note(const struct ui_form *f, int i, int focus, enum form_room room, int w,
	   char lines[][256])
{
	const struct ui_field *fd = &f->fields[i];
	bool hint = room == ROOM_FULL || (room == ROOM_FOCUS_HINT && i == focus);
	const char *note = fd->error[0] ? fd->error : hint && fd->hint ? fd->hint : "";
	int n = *note ? core_text_wrap(note, w, lines, NOTE_LINES_MAX) : 0;

	if (n == 0 && room == ROOM_FULL) {
		lines[0][0] = '\0';
		n = 1;
	}
	return n;
}

/* The form's message wrapped to w columns into lines (at least one). */
static int
form_message(const struct ui_form *f, int w, char lines[][256])
{
	int n = f->error[0] ? core_text_wrap(f->error, w, lines, NOTE_LINES_MAX) : 0;

	if (n == 0)
		lines[0][0] = '\0';
	return n > 0 ? n : 1;
}

/* The box's height for room: the title, two lines a field and its note,
 * the buttons, the form's message, a blank line and the frame's foot. */
static int
form_height(const struct ui_form *f, int focus, enum form_room room, int w)
{
	char lines[NOTE_LINES_MAX][256];
	int h = 4 + form_message(f, w, lines), i;

	for (i = 0; i < f->nfields; i++)
		h += 2 + field_note(f, i, focus, room, w, lines);
	return h;
}

/* Draws field i at y; returns the lines it took. */
static int
draw_field(const struct ui_form *f, int i, int focus, enum form_room room, int y, int x, int w)
{
	const struct ui_field *fd = &f->fields[i];
	char label[160], lines[NOTE_LINES_MAX][256];
	int n = field_note(f, i, focus, room, w, lines), l;

	snprintf(label, sizeof(label), "%s%s", fd->label, fd->required ? " *" : "");
	ui_put(y, x, w, focus == i ? UI_SLOT_KEY : UI_SLOT_DIALOG, label, true);
	if (fd->kind == UI_FIELD_SWITCH)
		ui_put(y + 1, x, w, focus == i ? UI_SLOT_ROW_SELECTED : UI_SLOT_FIELD,
		       fd->on ? "[x] on  (Space toggles)" : "[ ] off (Space toggles)", true);
	else
		ui_put(y + 1, x, w, focus == i ? UI_SLOT_ROW_SELECTED : UI_SLOT_FIELD, fd->value, true);
	for (l = 0; l < n; l++)
		ui_put(y + 2 + l, x, w, fd->error[0] ? UI_SLOT_FIELD_ERROR : UI_SLOT_DISABLED, lines[l],
		       true);
	return 2 + n;
}

/* The box, with the cursor at the end of the focused text field. Messages
 * wrap rather than being cut; hints give way when the screen is short. */
static void
draw_form(struct ui_console *c, struct ui_form *f, int focus)
{
	int w = ui_screen_cols() - 4 < 70 ? ui_screen_cols() - 4 : 70;
	enum form_room room = ROOM_FULL;
	char button[64], lines[NOTE_LINES_MAX][256];
	int h, y, x, i, n, cursor_y = -1;

	while (room < ROOM_NO_HINT && form_height(f, focus, room, w - 4) > ui_screen_lines())
		room++;
	h = form_height(f, focus, room, w - 4);
	ui_console_draw(c);
	ui_dialog_box(h, w, f->title, &y, &x);
	for (i = 0; i < f->nfields; i++) {
		if (i == focus)
			cursor_y = y + 1;
		y += draw_field(f, i, focus, room, y, x, w - 4);
	}
	snprintf(button, sizeof(button), "[ %s ]", f->submit);
	ui_put(y, x, 12, focus == f->nfields ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, button, true);
	ui_put(y, x + 14, 12, focus == f->nfields + 1 ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, "[ Cancel ]", true);
	n = form_message(f, w - 4, lines);
	for (i = 0; i < n; i++)
		ui_put(y + 1 + i, x, w - 4, UI_SLOT_FIELD_ERROR, lines[i], true);
	if (cursor_y >= 0 && f->fields[focus].kind == UI_FIELD_TEXT) {
		int col = core_text_width(f->fields[focus].value);
		ui_cursor(cursor_y, x + (col < w - 5 ? col : w - 5));
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
