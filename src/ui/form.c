#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_draft.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
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

/* The label of a choice's current option, and its note into note. */
static const char *
choice_label(const struct ui_form *f, const struct ui_field *fd, char *note, size_t size)
{
	const char *label;

	note[0] = '\0';
	label = fd->option ? fd->option(f->data, fd->choice, note, size) : NULL;
	return label ? label : "";
}

/* What a field shows as its value. */
static const char *
field_text(const struct ui_form *f, const struct ui_field *fd, char *buf, size_t size)
{
	char note[256];

	switch (fd->kind) {
	case UI_FIELD_CHECKBOX:
		return fd->on ? "[x] on  (Space toggles)" : "[ ] off (Space toggles)";
	case UI_FIELD_CHOICE:
		snprintf(buf, size, "< %s >  (Left/Right choose)", choice_label(f, fd, note, sizeof(note)));
		return buf;
	default:
		return fd->value;
	}
}

/* What field i shows under its value, wrapped to w columns into lines:
 * its error, else its hint when room allows, in at most cap lines (the
 * last marked as cut when it is). Returns how many lines. */
static int
field_note(const struct ui_form *f, int i, int focus, enum form_room room, int w, int cap,
	   char lines[][256])
{
	const struct ui_field *fd = &f->fields[i];
	bool hint = room == ROOM_FULL || (room == ROOM_FOCUS_HINT && i == focus);
	char about[512];
	const char *note = fd->error[0] ? fd->error : hint && fd->hint ? fd->hint : "";

	/* A choice's option says what it is (what a role allows, say). */
	if (!fd->error[0] && hint && fd->kind == UI_FIELD_CHOICE) {
		choice_label(f, fd, about, sizeof(about));
		if (about[0])
			note = about;
	}
	int n = *note ? core_text_wrap(note, w, lines, NOTE_LINES_MAX) : 0;

	if (!fd->error[0] && n > cap && cap > 0) {
		n = cap;
		snprintf(lines[n - 1] + strlen(lines[n - 1]), 256 - strlen(lines[n - 1]), " \xe2\x80\xa6");
	}
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
form_height(const struct ui_form *f, int focus, enum form_room room, int w, int cap)
{
	char lines[NOTE_LINES_MAX][256];
	int h = 4 + form_message(f, w, lines), i;

	for (i = 0; i < f->nfields; i++)
		h += 2 + field_note(f, i, focus, room, w, cap, lines);
	return h;
}

/* Draws field i at y; returns the lines it took. */
static int
draw_field(const struct ui_form *f, int i, int focus, enum form_room room, int cap, int y, int x,
	   int w)
{
	const struct ui_field *fd = &f->fields[i];
	char label[160], lines[NOTE_LINES_MAX][256], value[600];
	int n = field_note(f, i, focus, room, w, cap, lines), l;

	snprintf(label, sizeof(label), "%s%s", fd->label, fd->required ? " *" : "");
	ui_put(y, x, w, focus == i ? UI_SLOT_KEY : UI_SLOT_DIALOG, label, true);
	ui_put(y + 1, x, w, fd->kind == UI_FIELD_READONLY ? UI_SLOT_DIALOG
			    : focus == i ? UI_SLOT_ROW_SELECTED : UI_SLOT_FIELD,
	       field_text(f, fd, value, sizeof(value)), true);
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
	int h, y, x, i, n, bw, cap = NOTE_LINES_MAX, cursor_y = -1;

	while (room < ROOM_NO_HINT && form_height(f, focus, room, w - 4, cap) > ui_screen_lines())
		room++;
	/* Too short for the focused field's whole hint: as much of it as
	 * fits, rather than none (the seed's comparison at 60x16). */
	if (room == ROOM_NO_HINT &&
	    (cap = ui_screen_lines() - form_height(f, focus, ROOM_NO_HINT, w - 4, cap)) > 0)
		room = ROOM_FOCUS_HINT;
	else if (room == ROOM_NO_HINT)
		cap = NOTE_LINES_MAX;
	h = form_height(f, focus, room, w - 4, cap);
	ui_console_draw(c);
	ui_dialog_box(h, w, f->title, &y, &x);
	for (i = 0; i < f->nfields; i++) {
		if (i == focus)
			cursor_y = y + 1;
		y += draw_field(f, i, focus, room, cap, y, x, w - 4);
	}
	snprintf(button, sizeof(button), "[ %s ]", f->submit);
	/* Cancel in the same place on every form, unless the submit button
	 * ("[ Provision ]") needs the room. */
	bw = core_text_width(button) > 12 ? core_text_width(button) : 12;
	ui_put(y, x, bw, focus == f->nfields ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, button, true);
	ui_put(y, x + bw + 2, 12, focus == f->nfields + 1 ? UI_SLOT_ROW_SELECTED : UI_SLOT_DIALOG, "[ Cancel ]",
	       true);
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

/* The next focus stop from focus in direction step (+1 or -1): fields
 * that are not read-only, then the two buttons. */
static int
next_stop(const struct ui_form *f, int focus, int step)
{
	int stops = f->nfields + 2, i, to = focus;

	for (i = 0; i < stops; i++) {
		to = (to + step + stops) % stops;
		if (to >= f->nfields || f->fields[to].kind != UI_FIELD_READONLY)
			return to;
	}
	return focus;
}

static void
choose(struct ui_form *f, struct ui_field *fd, int step)
{
	char note[256];
	int n = 0;

	while (fd->option && fd->option(f->data, n, note, sizeof(note)))
		n++;
	if (n > 0)
		fd->choice = (fd->choice + step + n) % n;
}

/* A key for the focused field: typing, toggling or choosing. */
static void
field_key(struct ui_form *f, struct ui_field *fd, int key)
{
	if (fd->kind == UI_FIELD_CHECKBOX && key == ' ')
		fd->on = !fd->on;
	else if (fd->kind == UI_FIELD_CHOICE && (key == KEY_RIGHT || key == ' '))
		choose(f, fd, 1);
	else if (fd->kind == UI_FIELD_CHOICE && key == KEY_LEFT)
		choose(f, fd, -1);
	else if (fd->kind != UI_FIELD_TEXT || !ui_edit_key(fd->value, sizeof(fd->value), key))
		return;
	f->typed = true;
}

/* A field's value as a draft keeps it: text as typed, a checkbox as on or
 * off, a choice as its option's label. */
static const char *
draft_text(const struct ui_form *f, const struct ui_field *fd, char *buf, size_t size)
{
	char note[256];

	if (fd->kind == UI_FIELD_CHECKBOX)
		return fd->on ? "on" : "off";
	if (fd->kind == UI_FIELD_CHOICE) {
		snprintf(buf, size, "%s", choice_label(f, fd, note, sizeof(note)));
		return buf;
	}
	return fd->value;
}

void
ui_form_save_draft(struct ui_console *c, const struct ui_form *f)
{
	const char *names[UI_FORM_MAX_FIELDS + 1], *values[UI_FORM_MAX_FIELDS + 1];
	char bufs[UI_FORM_MAX_FIELDS][512];
	struct core_error err;
	int i, n = 0;

	if (f->keep) {
		f->keep(f->data, f);
		return;
	}
	if (!f->draft_kind || !f->typed)
		return;
	for (i = 0; i < f->nfields && n < UI_FORM_MAX_FIELDS; i++, n++) {
		names[n] = f->fields[i].label;
		values[n] = draft_text(f, &f->fields[i], bufs[n], sizeof(bufs[n]));
	}
	if (f->draft_key) {
		names[n] = "_key";
		values[n++] = f->draft_key;
	}
	/* The step is the focused field, where typing resumes. Read-only, or
	 * a store failure: the form goes on; nothing to keep. */
	app_draft_save_values(ui_console_app(c), f->draft_kind,
			      f->focus < f->nfields ? f->fields[f->focus].label : "", names, values, n,
			      &err);
}

static void
restore_field(struct ui_form *f, struct ui_field *fd, const char *v)
{
	char note[256];
	const char *label;
	int i;

	if (fd->kind == UI_FIELD_TEXT)
		snprintf(fd->value, sizeof(fd->value), "%s", v);
	else if (fd->kind == UI_FIELD_CHECKBOX)
		fd->on = strcmp(v, "on") == 0;
	for (i = 0; fd->kind == UI_FIELD_CHOICE && fd->option &&
		    (label = fd->option(f->data, i, note, sizeof(note))) != NULL; i++)
		if (strcmp(label, v) == 0)
			fd->choice = i;
}

bool
ui_form_restore(struct ui_form *f, const struct store_draft *d)
{
	char v[512];
	int i;

	if (!f->draft_kind || strcmp(f->draft_kind, d->kind) != 0)
		return false;
	for (i = 0; i < f->nfields; i++) {
		if (f->fields[i].kind != UI_FIELD_READONLY &&
		    app_draft_value(d, f->fields[i].label, v, sizeof(v)))
			restore_field(f, &f->fields[i], v);
		if (strcmp(f->fields[i].label, d->step) == 0 && f->fields[i].kind != UI_FIELD_READONLY)
			f->focus = i;
	}
	f->typed = true;
	return true;
}

bool
ui_form_resume(struct ui_console *c, void *priv, const struct ui_form_resumer *table,
	       const struct store_draft *d)
{
	struct core_error err;
	char key[512] = "";

	for (; table && table->kind && strcmp(table->kind, d->kind) != 0; table++)
		;
	if (!table || !table->kind)
		return false;
	if (!table->object) {
		table->open(priv, d);
		return true;
	}
	app_draft_value(d, "_key", key, sizeof(key));
	if (table->open_on(priv, key, d))
		return true;
	app_draft_discard(ui_console_app(c), d->kind, &err);
	ui_console_message(c, UI_SLOT_ERROR, "The %s \"%s\" this unfinished form was about is gone: "
			   "what was typed is discarded.", table->object, key);
	return true;
}

static void
end_draft(struct ui_console *c, const struct ui_form *f)
{
	struct core_error err;

	if (f->draft_kind)
		app_draft_discard(ui_console_app(c), f->draft_kind, &err);
}

/* Leaving a field checks it (the message shows at once) and keeps the
 * draft. */
static int
leave_field(struct ui_console *c, struct ui_form *f, int focus, int step)
{
	f->focus = next_stop(f, focus, step);
	if (focus < f->nfields) {
		check_field(&f->fields[focus]);
		ui_form_save_draft(c, f);
	}
	return f->focus;
}

/* One key; 1 when the form was submitted, -1 when it closes, else 0. */
static int
form_key(struct ui_console *c, struct ui_form *f, int *focus, int key)
{
	if (key == '\t' || key == KEY_DOWN || key == KEY_BTAB || key == KEY_UP) {
		*focus = leave_field(c, f, *focus, key == '\t' || key == KEY_DOWN ? 1 : -1);
	} else if (is_enter(key)) {
		if (*focus == f->nfields + 1)
			return -1;
		if (submit(f, focus))
			return 1;
	} else if (*focus < f->nfields) {
		field_key(f, &f->fields[*focus], key);
	}
	return 0;
}

bool
ui_form_run(struct ui_console *c, struct ui_form *f)
{
	int focus = f->typed ? f->focus : next_stop(f, f->nfields + 1, 1), key, done = 0;
	enum ui_action a;

	ui_console_set_form(c, f);
	while (!done) {
		f->focus = focus;
		draw_form(c, f, focus);
		key = ui_console_key(c, &a);
		/* A stop signal ends the form with its draft kept (the console
		 * saved it); the end of a script or Esc ends it for good. */
		if (key == UI_KEY_END_OF_SCRIPT || key == 27)
			done = ui_console_stopping(c) ? -2 : -1;
		else
			done = form_key(c, f, &focus, key);
	}
	if (done != -2)
		end_draft(c, f);
	ui_console_set_form(c, NULL);
	ui_cursor(-1, 0);
	return done == 1;
}

/* The sentence of a core validator's refusal into msg. */
static bool
checked(bool ok, const struct core_error *err, char *msg, size_t size)
{
	if (!ok)
		snprintf(msg, size, "%s", err->message);
	return ok;
}

bool
ui_form_check_name(const char *value, char *msg, size_t size)
{
	struct core_error err;

	return checked(core_name_parse(value, NULL, &err), &err, msg, size);
}

bool
ui_form_check_email(const char *value, char *msg, size_t size)
{
	struct core_error err;

	return checked(core_email_parse(value, NULL, &err), &err, msg, size);
}

bool
ui_form_check_domain(const char *value, char *msg, size_t size)
{
	struct core_error err;

	return checked(core_domain_parse(value, NULL, &err), &err, msg, size);
}
