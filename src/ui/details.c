#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"

#define LABEL_MAX 22
#define WRAP_AT 200
/* The most lines one value wraps to: 8 KiB of JSON in a column of 20. */
#define WRAP_LINES 512

struct details {
	char *title;
	char **labels, **values, **values2;
	enum ui_slot *slots;
	int n;
	char (*wrap)[256];  /* WRAP_LINES lines each for a label and two values */
	char *copy_labels[UI_DETAILS_COPIES], *copy_texts[UI_DETAILS_COPIES];
	int ncopies;
	char *no_copy;    /* with no copies: the sentence y shows, or NULL */
	int top;          /* the first line shown */
	int lines;        /* lines the fields took at the last draw */
	int height;       /* lines shown at the last draw */
};

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static void
free_details(struct details *d)
{
	int i;

	for (i = 0; i < d->n; i++) {
		free(d->labels ? d->labels[i] : NULL);
		free(d->values ? d->values[i] : NULL);
		free(d->values2 ? d->values2[i] : NULL);
	}
	free(d->labels);
	free(d->values);
	free(d->values2);
	free(d->slots);
	free(d->wrap);
	free(d->title);
	free(d->no_copy);
	for (i = 0; i < d->ncopies; i++) {
		free(d->copy_labels[i]);
		free(d->copy_texts[i]);
	}
}

static bool
copy_fields(struct details *d, const struct ui_detail_row *fields, int n)
{
	int i;

	d->labels = calloc((size_t)n + 1, sizeof(char *));
	d->values = calloc((size_t)n + 1, sizeof(char *));
	d->values2 = calloc((size_t)n + 1, sizeof(char *));
	d->slots = calloc((size_t)n + 1, sizeof(*d->slots));
	d->wrap = malloc(3 * WRAP_LINES * sizeof(*d->wrap));
	if (!d->labels || !d->values || !d->values2 || !d->slots || !d->wrap)
		return false;
	for (d->n = 0; d->n < n; d->n++) {
		i = d->n;
		d->labels[i] = dup_or_empty(fields[i].label);
		d->values[i] = dup_or_empty(fields[i].value);
		d->slots[i] = fields[i].slot;
		if (!d->labels[i] || !d->values[i] ||
		    (fields[i].value2 && !(d->values2[i] = strdup(fields[i].value2))))
			return false;
	}
	return true;
}

void
ui_details_open(struct ui_console *c, const char *title, const struct ui_detail *fields, int n,
		const char *copy_label, const char *copy_text)
{
	struct ui_detail_row *rows = calloc((size_t)n + 1, sizeof(*rows));
	int i;

	if (!rows) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the details.");
		return;
	}
	for (i = 0; i < n; i++)
		rows[i] = (struct ui_detail_row){ .label = fields[i].label, .value = fields[i].value,
						  .slot = UI_SLOT_NORMAL };
	ui_details_open_rows(c, title, rows, n, copy_label, copy_text);
	free(rows);
}

static void open_details(struct ui_console *c, const char *title, const struct ui_detail_row *fields, int n,
			 const struct ui_detail_copy *copies, int ncopies, const char *no_copy);

void
ui_details_open_rows(struct ui_console *c, const char *title, const struct ui_detail_row *fields,
		     int n, const char *copy_label, const char *copy_text)
{
	struct ui_detail_copy copy = { copy_label, copy_text };

	open_details(c, title, fields, n, &copy, copy_text ? 1 : 0, copy_text ? NULL : copy_label);
}

static bool
copy_copies(struct details *d, const struct ui_detail_copy *copies, int n)
{
	for (d->ncopies = 0; d->ncopies < n && d->ncopies < UI_DETAILS_COPIES; d->ncopies++) {
		int i = d->ncopies;
		d->copy_labels[i] = dup_or_empty(copies[i].label);
		d->copy_texts[i] = dup_or_empty(copies[i].text);
		if (!d->copy_labels[i] || !d->copy_texts[i]) {
			d->ncopies++;
			return false;
		}
	}
	return true;
}

/* Pushes the details; no_copy (may be NULL) is the sentence y shows when
 * there is nothing to copy. */
static void
open_details(struct ui_console *c, const char *title, const struct ui_detail_row *fields, int n,
	     const struct ui_detail_copy *copies, int ncopies, const char *no_copy)
{
	struct details *d = calloc(1, sizeof(*d));

	if (!d || !copy_fields(d, fields, n) || !(d->title = dup_or_empty(title)) ||
	    !copy_copies(d, copies, ncopies) || (no_copy && !(d->no_copy = strdup(no_copy)))) {
		if (d)
			free_details(d);
		free(d);
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the details.");
		return;
	}
	ui_console_push(c, &ui_details_view, d);
}

void
ui_details_open_copies(struct ui_console *c, const char *title, const struct ui_detail_row *fields, int n,
		       const struct ui_detail_copy *copies, int ncopies)
{
	open_details(c, title, fields, n, copies, ncopies, NULL);
}

static int
label_width(const struct details *d, int w)
{
	int i, lw = 0, most = w / 3 > LABEL_MAX ? w / 3 : LABEL_MAX;

	for (i = 0; i < d->n; i++)
		if (core_text_width(d->labels[i]) > lw)
			lw = core_text_width(d->labels[i]);
	lw = lw + 2 > most ? most : lw + 2;
	/* Narrow panes put values under their labels. */
	return w - lw < 30 ? 0 : lw;
}

/* Wraps text into WRAP_LINES lines of width at out; "-" stands for none. */
static int
wrap(const char *text, int width, char (*out)[256])
{
	return core_text_wrap(text && *text ? text : "-", width > 1 ? width : 1, out, WRAP_LINES);
}

/* A label longer than its column, in pieces of width columns: a name
 * (a field's) is one word, cut anywhere rather than at its mark's space. */
static int
label_lines(const char *label, int width, char (*out)[256])
{
	struct core_text_char c;
	size_t n = strlen(label), i = 0, o = 0;
	int lines = 0, cols = 0;

	while (i < n && lines < WRAP_LINES) {
		core_text_next(label + i, n - i, &c);
		if ((cols + c.width > width && cols > 0) || o + c.len >= 256) {
			out[lines++][o] = '\0';
			o = 0;
			cols = 0;
			continue;
		}
		memcpy(out[lines] + o, label + i, c.len);
		o += c.len;
		cols += c.width;
		i += c.len;
	}
	if (o && lines < WRAP_LINES)
		out[lines++][o] = '\0';
	return lines;
}

static int
max3(int a, int b, int c)
{
	return a > b ? (a > c ? a : c) : (b > c ? b : c);
}

/* Draws (or, with y < 0, only counts) the field lines from the first, and
 * returns how many there are; lines before d->top are skipped. */
static int
field_lines(struct details *d, int y, int x, int h, int w)
{
	char (*label)[256] = d->wrap, (*a)[256] = d->wrap + WRAP_LINES, (*b)[256] = a + WRAP_LINES;
	int lw = label_width(d, w), vw = w - lw > WRAP_AT ? WRAP_AT : w - lw - 1;
	int i, j, n, na, nb, nl, cw, line = 0, row;

	for (i = 0; i < d->n; i++) {
		if (lw == 0) {
			row = line++ - d->top;
			if (y >= 0 && row >= 0 && row < h)
				ui_put(y + row, x, w, UI_SLOT_HEADER, d->labels[i], true);
		}
		/* Two values: a column each, one space apart. */
		cw = d->values2[i] ? (vw - 1) / 2 : vw;
		na = wrap(d->values[i], cw, a);
		nb = d->values2[i] ? wrap(d->values2[i], cw, b) : 0;
		nl = lw ? label_lines(d->labels[i], lw - 1, label) : 0;
		n = max3(na, nb, nl);
		for (j = 0; j < n; j++, line++) {
			row = line - d->top;
			if (y < 0 || row < 0 || row >= h)
				continue;
			ui_put(y + row, x, lw, UI_SLOT_HEADER, j < nl ? label[j] : "", true);
			ui_put(y + row, x + lw, cw + 1, d->slots[i], j < na ? a[j] : "", true);
			if (d->values2[i])
				ui_put(y + row, x + lw + cw + 1, w - lw - cw - 1, d->slots[i], j < nb ? b[j] : "", true);
		}
	}
	return line;
}

static void
draw(void *priv, struct ui_console *c, int y, int x, int h, int w)
{
	struct details *d = priv;
	char foot[160];
	int i;

	(void)c;
	ui_put(y, x, w, UI_SLOT_TITLE, d->title, true);
	d->height = h - 2 > 1 ? h - 2 : 1;
	d->lines = field_lines(d, -1, x, d->height, w);
	if (d->top > d->lines - d->height)
		d->top = d->lines - d->height > 0 ? d->lines - d->height : 0;
	for (i = 0; i < d->height; i++)
		ui_fill(y + 1 + i, x, w, UI_SLOT_NORMAL);
	field_lines(d, y + 1, x, d->height, w);
	snprintf(foot, sizeof(foot), "lines %d-%d of %d | %sEsc back", d->top + 1,
		 d->top + d->height < d->lines ? d->top + d->height : d->lines, d->lines,
		 d->ncopies > 1 ? "y copy (asks which) | " : d->ncopies ? "y copy | " : "");
	ui_put(y + h - 1, x, w, UI_SLOT_MESSAGE, foot, true);
}

/* y: the one value, or the one chosen of several. */
static void
copy(struct details *d, struct ui_console *c)
{
	int i = d->ncopies > 1 ? ui_dialog_pick(c, "Copy which?", (const char *const *)d->copy_labels, d->ncopies)
			       : d->ncopies - 1;

	if (i >= 0)
		ui_console_copy(c, d->copy_labels[i], d->copy_texts[i]);
	else if (!d->ncopies && d->no_copy && d->no_copy[0])
		/* Nothing to copy: the opener's sentence says why. */
		ui_console_message(c, UI_SLOT_MESSAGE, "%s", d->no_copy);
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct details *d = priv;
	int last = d->lines - d->height > 0 ? d->lines - d->height : 0, to = d->top;

	(void)key;
	switch (a) {
	case UI_ACTION_DOWN: to++; break;
	case UI_ACTION_UP: to--; break;
	case UI_ACTION_PAGE_DOWN: to += d->height; break;
	case UI_ACTION_PAGE_UP: to -= d->height; break;
	case UI_ACTION_FIRST: to = 0; break;
	case UI_ACTION_LAST: to = last; break;
	case UI_ACTION_COPY:
		copy(d, c);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
	d->top = to < 0 ? 0 : to > last ? last : to;
	return UI_REDRAW;
}

static void
close_view(void *priv)
{
	free_details(priv);
}

static const enum ui_action keys[] = { UI_ACTION_COPY, UI_ACTION_BACK, UI_ACTION_NONE };

const struct ui_view_ops ui_details_view = {
	.name = "details",
	.title = "Details",
	.keys = keys,
	.draw = draw,
	.handle = handle,
	.close = close_view,
};
