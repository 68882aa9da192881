#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_wizard.h"

/* The most lines the note and the reason Next is disabled wrap to each:
 * the body keeps the rest of a 60x16 screen. */
#define FOOT_LINES_MAX 2

/* Appends text to out (size bytes) at *used, as far as it fits. */
static void
append(char *out, size_t size, size_t *used, const char *text)
{
	int n;

	if (*used >= size)
		return;
	n = snprintf(out + *used, size - *used, "%s", text);
	*used += n > 0 ? (size_t)n : 0;
	if (*used >= size)
		*used = size - 1;
}

/* The row of markers at one level of shortening: 0 titles, 1 the current
 * title and numbers, 2 numbers only. */
static void
steps_at(const struct core_wizard *w, const char *const *states, const char *end, int level,
	 char *out, size_t size)
{
	char piece[600];
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < w->nsteps; i++) {
		const char *st = states && states[i] ? states[i] : "";
		const char *sp = *st ? " " : "";
		bool cur = i == w->current;

		if (level == 0)
			snprintf(piece, sizeof(piece), "%s%s%s%s%s", cur ? "[" : "", w->steps[i].title, sp,
				 st, cur ? "]" : "");
		else if (level == 1 && cur)
			snprintf(piece, sizeof(piece), "[%d %s%s%s]", i + 1, w->steps[i].title, sp, st);
		else if (cur)
			snprintf(piece, sizeof(piece), "[%d/%d%s%s]", i + 1, w->nsteps, sp, st);
		else
			snprintf(piece, sizeof(piece), "%d%s%s", i + 1, sp, st);
		if (i > 0)
			append(out, size, &used, " > ");
		append(out, size, &used, piece);
	}
	if (end) {
		append(out, size, &used, " > ");
		append(out, size, &used, end);
	}
}

void
ui_wizard_steps_line(const struct core_wizard *w, const char *const *states, const char *end,
		     int width, char *out, size_t size)
{
	int level;

	for (level = 0; level < 3; level++) {
		steps_at(w, states, end, level, out, size);
		if (core_text_width(out) <= width)
			return;
	}
}

/* The body reads its step's rows, then the draft is kept: the step
 * changed. */
static void
entered(struct ui_wizard *wz)
{
	if (wz->ops->enter)
		wz->ops->enter(wz->data, wz);
	if (wz->ops->save)
		wz->ops->save(wz->data, wz);
}

void
ui_wizard_open(struct ui_console *c, const struct ui_wizard_ops *ops, void *data,
	       const struct core_wizard *w)
{
	struct ui_wizard *wz = calloc(1, sizeof(*wz));

	if (!wz) {
		if (ops->free)
			ops->free(data);
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the wizard.");
		return;
	}
	wz->w = *w;
	wz->ops = ops;
	wz->data = data;
	wz->c = c;
	ui_console_push(c, &ui_wizard_view, wz);
	if (ops->enter)
		ops->enter(data, wz);
}

unsigned
ui_wizard_next(struct ui_wizard *wz)
{
	char why[512], msg[512];
	struct core_error err;

	switch (core_wizard_next(&wz->w, why, sizeof(why))) {
	case CORE_WIZARD_MOVED:
		wz->focus = UI_WIZARD_FOCUS_BODY;
		entered(wz);
		return UI_REDRAW;
	case CORE_WIZARD_FINISHED:
		core_error_clear(&err);
		msg[0] = '\0';
		if (wz->ops->finish(wz->data, wz, msg, sizeof(msg), &err) != CORE_OK) {
			ui_console_message(wz->c, UI_SLOT_ERROR, "%s", err.message);
			return UI_REDRAW;
		}
		wz->finished = true;
		ui_console_message(wz->c, UI_SLOT_MESSAGE, "%s", msg);
		return UI_REDRAW | UI_CLOSE;
	default:
		ui_console_message(wz->c, UI_SLOT_ERROR, "%s", why);
		return UI_REDRAW;
	}
}

static unsigned
back(struct ui_wizard *wz)
{
	if (core_wizard_back(&wz->w) == CORE_WIZARD_MOVED) {
		wz->focus = UI_WIZARD_FOCUS_BODY;
		entered(wz);
		return UI_REDRAW;
	}
	if (wz->ops->save)
		wz->ops->save(wz->data, wz);
	ui_console_message(wz->c, UI_SLOT_MESSAGE,
			   "%s: closed; what you entered is kept and opens again when you start.",
			   wz->ops->title);
	return UI_REDRAW | UI_CLOSE;
}

static unsigned
cancel(struct ui_wizard *wz)
{
	const char *lines[] = { "Everything entered in this wizard is discarded;",
				"nothing was changed in the store." };

	if (!ui_dialog_confirm(wz->c, "Cancel the wizard?", lines, 2, "Discard", NULL))
		return UI_REDRAW;
	core_wizard_cancel(&wz->w);
	if (wz->ops->discard)
		wz->ops->discard(wz->data, wz);
	wz->finished = true;
	ui_console_message(wz->c, UI_SLOT_MESSAGE, "%s: cancelled; nothing was changed.",
			   wz->ops->title);
	return UI_REDRAW | UI_CLOSE;
}

/* Enter on a button presses it. */
static unsigned
press(struct ui_wizard *wz)
{
	switch (wz->focus) {
	case UI_WIZARD_FOCUS_BACK:
		return back(wz);
	case UI_WIZARD_FOCUS_NEXT:
		return ui_wizard_next(wz);
	default:
		return cancel(wz);
	}
}

static unsigned
body_key(struct ui_wizard *wz, enum ui_action a, int key)
{
	unsigned r = wz->ops->handle ? wz->ops->handle(wz->data, wz, a, key) : UI_PASS;

	if (r & UI_WIZARD_NEXT)
		return (r & ~UI_WIZARD_NEXT) | ui_wizard_next(wz);
	/* Every other key is the wizard's: none falls through to a blade. */
	return r == UI_PASS && a != UI_ACTION_HELP && a != UI_ACTION_QUIT &&
	       a != UI_ACTION_PALETTE && a != UI_ACTION_HISTORY ? UI_DONE : r;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct ui_wizard *wz = priv;

	(void)c;
	switch (a) {
	case UI_ACTION_STEP_NEXT:
		return ui_wizard_next(wz);
	case UI_ACTION_STEP_BACK:
	case UI_ACTION_BACK:
		return back(wz);
	case UI_ACTION_DISCARD:
		return cancel(wz);
	case UI_ACTION_NEXT:
		wz->focus = (wz->focus + 1) % UI_WIZARD_NFOCUS;
		return UI_REDRAW;
	case UI_ACTION_PREV:
		wz->focus = (wz->focus + UI_WIZARD_NFOCUS - 1) % UI_WIZARD_NFOCUS;
		return UI_REDRAW;
	case UI_ACTION_OPEN:
		if (wz->focus != UI_WIZARD_FOCUS_BODY)
			return press(wz);
		break;
	default:
		break;
	}
	return body_key(wz, a, key);
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct ui_wizard *wz = priv;

	(void)c;
	size_t n;

	if (a == UI_ACTION_STEP_NEXT && !core_wizard_can_next(&wz->w, why, size)) {
		/* The console ends the sentence itself. */
		if ((n = strlen(why)) > 0 && why[n - 1] == '.')
			why[n - 1] = '\0';
		return true;
	}
	if (a == UI_ACTION_STEP_NEXT)
		return false;
	return wz->ops->disabled && wz->ops->disabled(wz->data, wz, a, why, size);
}

/* Wraps text into at most FOOT_LINES_MAX lines of w columns. */
static int
foot(const char *text, int w, char lines[][256])
{
	return *text ? core_text_wrap(text, w, lines, FOOT_LINES_MAX) : 0;
}

static void
draw_buttons(struct ui_wizard *wz, bool can_next, int y, int x, int w)
{
	const char *next = core_wizard_at_last(&wz->w) ? "[ Finish ]" : "[ Next ]";
	int at = x;

	ui_fill(y, x, w, UI_SLOT_NORMAL);
	at += ui_put(y, at, 10, wz->focus == UI_WIZARD_FOCUS_BACK ? UI_SLOT_ROW_SELECTED : UI_SLOT_KEY,
		     "[ Back ]", false) + 2;
	at += ui_put(y, at, 12, wz->focus == UI_WIZARD_FOCUS_NEXT ? UI_SLOT_ROW_SELECTED
				: can_next ? UI_SLOT_KEY : UI_SLOT_DISABLED, next, false) + 2;
	ui_put(y, at, 12, wz->focus == UI_WIZARD_FOCUS_CANCEL ? UI_SLOT_ROW_SELECTED : UI_SLOT_KEY,
	       "[ Cancel ]", false);
}

/* The title, the steps, the body, then at the foot the note, why Next is
 * disabled and the buttons. */
static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct ui_wizard *wz = priv;
	const char *states[CORE_WIZARD_MAX_STEPS];
	char text[1024], note[512] = "", why[512] = "", nl[FOOT_LINES_MAX][256], wl[FOOT_LINES_MAX][256];
	bool can_next = core_wizard_can_next(&wz->w, why, sizeof(why));
	int i, nn, nw, body;

	(void)c;
	for (i = 0; i < wz->w.nsteps; i++)
		states[i] = wz->ops->state ? wz->ops->state(wz->data, i) : NULL;
	if (can_next)
		why[0] = '\0';
	if (wz->ops->note && !wz->ops->note(wz->data, wz, note, sizeof(note)))
		note[0] = '\0';
	nn = foot(note, w, nl);
	nw = foot(why, w, wl);
	snprintf(text, sizeof(text), "%s (step %d of %d)", wz->ops->title, wz->w.current + 1,
		 wz->w.nsteps);
	ui_put(y, x, w, UI_SLOT_HEADER, text, true);
	ui_wizard_steps_line(&wz->w, states, wz->ops->end_marker, w, text, sizeof(text));
	ui_put(y + 1, x, w, UI_SLOT_MARKER, text, true);
	ui_fill(y + 2, x, w, UI_SLOT_NORMAL);
	body = h - 4 - nn - nw;
	if (body > 0)
		wz->ops->draw(wz->data, wz, y + 3, x, body, w);
	for (i = 0; i < nn; i++)
		ui_put(y + 3 + body + i, x, w, UI_SLOT_STATE_WAIT, nl[i], true);
	for (i = 0; i < nw; i++)
		ui_put(y + 3 + body + nn + i, x, w, UI_SLOT_ERROR, wl[i], true);
	draw_buttons(wz, can_next, y + h - 1, x, w);
}

/* A stop signal: the draft is kept as it is now. */
static void
save_draft(void *priv, struct ui_console *c)
{
	struct ui_wizard *wz = priv;

	(void)c;
	if (!wz->finished && wz->ops->save)
		wz->ops->save(wz->data, wz);
}

static void
close_view(void *priv)
{
	struct ui_wizard *wz = priv;

	if (wz->ops->free)
		wz->ops->free(wz->data);
}

static const enum ui_action keys[] = {
	UI_ACTION_OPEN, UI_ACTION_STEP_NEXT, UI_ACTION_STEP_BACK, UI_ACTION_DISCARD,
	UI_ACTION_EXPAND, UI_ACTION_DETAILS, UI_ACTION_TICK, UI_ACTION_NEXT, UI_ACTION_NONE,
};

/* The body's keys when it has its own: at 80 columns a checklist's x tick
 * was pushed off the line by the dimmed p expand. */
static const enum ui_action *
keys_now(void *priv)
{
	const struct ui_wizard *wz = priv;

	return wz->ops->keys ? wz->ops->keys : keys;
}

const struct ui_view_ops ui_wizard_view = {
	.name = "wizard",
	.title = "Wizard",
	.keys = keys,
	.keys_now = keys_now,
	.draw = draw,
	.handle = handle,
	.disabled = disabled,
	.save_draft = save_draft,
	.close = close_view,
};

static bool
selectable(const struct ui_row *row)
{
	return row->kind == UI_ROW_CHOICE || row->kind == UI_ROW_CREATE ||
	       row->kind == UI_ROW_CHECKBOX;
}

static int
row_lines(const struct ui_row *row)
{
	return row->note[0] ? 2 : 1;
}

void
ui_rows_clear(struct ui_rows *r)
{
	r->n = 0;
	r->cursor = -1;
	r->top = 0;
}

void
ui_rows_free(struct ui_rows *r)
{
	free(r->rows);
	r->rows = NULL;
	r->n = r->cap = 0;
	r->cursor = -1;
}

struct ui_row *
ui_rows_add(struct ui_rows *r, enum ui_row_kind kind, const char *text, const char *note)
{
	struct ui_row *row;

	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;
		struct ui_row *more = realloc(r->rows, (size_t)cap * sizeof(*more));
		if (!more)
			return NULL;
		r->rows = more;
		r->cap = cap;
	}
	if (r->n == 0)
		r->cursor = -1;
	row = &r->rows[r->n++];
	memset(row, 0, sizeof(*row));
	row->kind = kind;
	row->slot = UI_SLOT_NORMAL;
	snprintf(row->text, sizeof(row->text), "%s", text ? text : "");
	snprintf(row->note, sizeof(row->note), "%s", note ? note : "");
	if (r->cursor < 0 && selectable(row))
		r->cursor = r->n - 1;
	return row;
}

struct ui_row *
ui_rows_add_line(struct ui_rows *r, const char *text, int indent, enum ui_slot slot)
{
	struct ui_row *row = ui_rows_add(r, UI_ROW_TEXT, text, NULL);

	if (row) {
		row->indent = indent;
		row->slot = slot;
	}
	return row;
}

struct ui_row *
ui_rows_selected(const struct ui_rows *r)
{
	return r->cursor >= 0 && r->cursor < r->n ? &r->rows[r->cursor] : NULL;
}

int
ui_rows_line_of(const struct ui_rows *r, int i)
{
	int line = 0, j;

	for (j = 0; j < i && j < r->n; j++)
		line += row_lines(&r->rows[j]);
	return line;
}

/* The page: the height of the last draw, at least a line. */
static int
page(const struct ui_rows *r)
{
	return r->height > 0 ? r->height : 1;
}

/* Scrolls so that the cursor's row shows whole, and the lines above the
 * first selectable row (headings) when it is that one. */
static void
scroll_to_cursor(struct ui_rows *r)
{
	int first = 0, line, end;

	/* Not drawn yet: the first draw scrolls, knowing its height. */
	if (r->cursor < 0 || r->height <= 0)
		return;
	while (first < r->n && !selectable(&r->rows[first]))
		first++;
	line = ui_rows_line_of(r, r->cursor);
	end = line + row_lines(&r->rows[r->cursor]);
	if (r->cursor == first && end <= page(r))
		line = 0;
	if (line < r->top)
		r->top = line;
	if (end > r->top + page(r))
		r->top = end - page(r);
}

void
ui_rows_select(struct ui_rows *r, int i)
{
	if (i >= 0 && i < r->n && selectable(&r->rows[i])) {
		r->cursor = i;
		scroll_to_cursor(r);
	}
}

/* The next selectable row from i in direction step, or i when none. */
static int
step_from(const struct ui_rows *r, int i, int step)
{
	int j;

	for (j = i + step; j >= 0 && j < r->n; j += step)
		if (selectable(&r->rows[j]))
			return j;
	return i;
}

/* Moves the cursor a page in direction step: to the last selectable row
 * less than a page of lines away, or at least to the next one. */
static int
page_from(const struct ui_rows *r, int i, int step)
{
	int start = ui_rows_line_of(r, i), to = i, next;

	while ((next = step_from(r, to, step)) != to) {
		if (to != i && abs(ui_rows_line_of(r, next) - start) >= page(r))
			break;
		to = next;
	}
	return to;
}

/* With no selectable row the keys scroll the lines. */
static unsigned
scroll_lines(struct ui_rows *r, enum ui_action a)
{
	int last = ui_rows_line_of(r, r->n) - page(r), top = r->top;

	switch (a) {
	case UI_ACTION_DOWN: top++; break;
	case UI_ACTION_UP: top--; break;
	case UI_ACTION_PAGE_DOWN: top += page(r); break;
	case UI_ACTION_PAGE_UP: top -= page(r); break;
	case UI_ACTION_FIRST: top = 0; break;
	case UI_ACTION_LAST: top = last; break;
	default: return UI_PASS;
	}
	r->top = top > last ? last : top;
	if (r->top < 0)
		r->top = 0;
	return UI_REDRAW;
}

unsigned
ui_rows_handle(struct ui_rows *r, enum ui_action a, int key)
{
	struct ui_row *row = ui_rows_selected(r);
	int to;

	if (key == ' ' && row && row->kind == UI_ROW_CHECKBOX) {
		if (!row->locked)
			row->on = !row->on;
		return UI_REDRAW;
	}
	if (r->cursor < 0)
		return scroll_lines(r, a);
	switch (a) {
	case UI_ACTION_DOWN: to = step_from(r, r->cursor, 1); break;
	case UI_ACTION_UP: to = step_from(r, r->cursor, -1); break;
	case UI_ACTION_PAGE_DOWN: to = page_from(r, r->cursor, 1); break;
	case UI_ACTION_PAGE_UP: to = page_from(r, r->cursor, -1); break;
	case UI_ACTION_FIRST: to = step_from(r, -1, 1); break;
	case UI_ACTION_LAST: to = step_from(r, r->n, -1); break;
	default: return UI_PASS;
	}
	if (to >= 0 && to < r->n)
		r->cursor = to;
	scroll_to_cursor(r);
	return UI_REDRAW;
}

/* A row's line as shown: the radio of a choice, the box of a checkbox. */
static void
row_text(const struct ui_row *row, char *out, size_t size)
{
	switch (row->kind) {
	case UI_ROW_CHOICE:
	case UI_ROW_CREATE:
		snprintf(out, size, "%*s%s %s", row->indent, "", row->chosen ? "(*)" : "( )", row->text);
		break;
	case UI_ROW_CHECKBOX:
		snprintf(out, size, "%*s%s %s", row->indent, "", row->on ? "[x]" : "[ ]", row->text);
		break;
	default:
		snprintf(out, size, "%*s%s", row->indent, "", row->text);
	}
}

static enum ui_slot
row_slot(const struct ui_rows *r, int i)
{
	const struct ui_row *row = &r->rows[i];

	if (i == r->cursor)
		return UI_SLOT_ROW_SELECTED;
	if (row->kind == UI_ROW_HEADING)
		return UI_SLOT_HEADER;
	if (row->kind == UI_ROW_CHECKBOX && row->locked)
		return UI_SLOT_DISABLED;
	return row->slot;
}

void
ui_rows_draw(struct ui_rows *r, int y, int x, int h, int w)
{
	char text[600], note[600];
	int i, line = 0, row;

	r->height = h;
	scroll_to_cursor(r);
	/* Rows gone since (a reload): no blank page past the end. */
	if (r->top > ui_rows_line_of(r, r->n) - h)
		r->top = ui_rows_line_of(r, r->n) - h > 0 ? ui_rows_line_of(r, r->n) - h : 0;
	for (i = 0; i < h; i++)
		ui_fill(y + i, x, w, UI_SLOT_NORMAL);
	for (i = 0; i < r->n && line < r->top + h; i++) {
		row = line - r->top;
		row_text(&r->rows[i], text, sizeof(text));
		if (row >= 0)
			ui_put(y + row, x, w, row_slot(r, i), text, true);
		line++;
		if (!r->rows[i].note[0])
			continue;
		row = line - r->top;
		snprintf(note, sizeof(note), "%*s%s", r->rows[i].indent + 4, "", r->rows[i].note);
		if (row >= 0 && row < h)
			ui_put(y + row, x, w, UI_SLOT_DISABLED, note, true);
		line++;
	}
	if (r->top > 0)
		ui_put(y, x + w - 8, 8, UI_SLOT_MARKER, "^ more ", false);
	if (ui_rows_line_of(r, r->n) > r->top + h)
		ui_put(y + h - 1, x + w - 8, 8, UI_SLOT_MARKER, "v more ", false);
}

void
ui_rows_draw_error(struct ui_rows *r, const char *error, int y, int x, int h, int w)
{
	if (error[0] && h > 1) {
		ui_put(y, x, w, UI_SLOT_ERROR, error, true);
		y++;
		h--;
	}
	ui_rows_draw(r, y, x, h, w);
}
