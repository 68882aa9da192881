#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/ui_bandwidth.h"
#include "billcon/core_text.h"
#include "billcon/ui_accounts.h"
#include "billcon/ui_audit.h"
#include "billcon/ui_clip.h"
#include "billcon/ui_console.h"
#include "billcon/ui_curses.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_help.h"
#include "billcon/ui_hierarchy.h"
#include "billcon/ui_directory.h"
#include "billcon/ui_iam.h"
#include "billcon/ui_invoices.h"
#include "billcon/ui_requests.h"
#include "billcon/ui_stack.h"
#include "billcon/ui_status.h"
#include "billcon/ui_syncrun.h"
#include "billcon/ui_keys.h"
#include "billcon/ui_partner.h"
#include "billcon/ui_tenants.h"
#include "billcon/ui_sync.h"
#include "billcon/ui_usage.h"
#include "billcon/ui_wizard.h"

/* The blades, in menu order. Adding one is one file and one line here. */
static const struct ui_view_ops *const ui_blades[] = {
	&ui_tenants_view,
	&ui_iam_view,
	&ui_requests_view,
	&ui_directory_view,
	&ui_dir_tenants_view,
	&ui_audit_view,
	&ui_partner_view,
	&ui_stack_view,
	&ui_usage_view,
	&ui_hierarchy_view,
	&ui_invoices_view,
	&ui_sync_view,
};
#define NBLADES ((int)(sizeof(ui_blades) / sizeof(ui_blades[0])))

/* Views opened over blades that bind actions of their own
 * (UI_VIEW_ACTION_INFO names them), each with its key map. */
static const struct ui_view_ops *const ui_views[] = {
	&ui_wizard_view,
};
#define NVIEWS ((int)(sizeof(ui_views) / sizeof(ui_views[0])))

/* Views opened over a blade (details, a related list); Esc closes the top. */
#define STACK_MAX 8
/* How long the loop waits for a key before it gives the view its
 * background work: another process's changes show within a few ticks. */
#define TICK_MS KEY_POLL_MS

/* The mark, the widest blade title ("Access control (IAM)") and the bar. */
#define MENU_WIDTH 22
#define MIN_COLS 60
#define MIN_LINES 16
/* Below this width the menu folds away (the title names the blade, and the
 * palette or Tab switches), so that 80 columns show a whole tenant ID. */
#define MENU_MIN_COLS 100

struct ui_console {
	struct app_ctx *app;
	struct ui_keymap keys;               /* the generic map */
	struct ui_keymap blade_keys[NBLADES]; /* each blade's: its own lines, then the generic */
	struct ui_keymap view_keys[NVIEWS];   /* each of ui_views' */
	void *priv[NBLADES];
	int current;
	struct {
		const struct ui_view_ops *ops;
		void *priv;
	} stack[STACK_MAX];
	int depth;          /* views over the current blade */
	bool menu_focus;
	char message[512];
	enum ui_slot message_slot;
	bool quit;
	int stopped_by;         /* SIGHUP or SIGTERM that closes the console, or 0 */
	struct ui_form *form;   /* the form open now, for its draft */
	bool account_chosen;    /* :account switched: remembered as the console closes */
	struct ui_syncrun *sync; /* the background sync (f), NULL before the first */
	struct ui_bandwidth bw;  /* the low-bandwidth mode and the link's measure */
};

/* How long the loop waits for a key before it looks at the stop flag. */
#define KEY_POLL_MS 250

struct app_ctx *
ui_console_app(struct ui_console *c)
{
	return c->app;
}

void
ui_console_message(struct ui_console *c, enum ui_slot slot, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
	c->message_slot = slot;
}

static const struct ui_view_ops *top_ops(const struct ui_console *c);

const struct ui_keymap *
ui_console_keymap(const struct ui_console *c)
{
	int i;

	if (!c->depth)
		return &c->blade_keys[c->current];
	for (i = 0; i < NBLADES; i++)
		if (strcmp(top_ops(c)->name, ui_blades[i]->name) == 0)
			return &c->blade_keys[i];
	for (i = 0; i < NVIEWS; i++)
		if (top_ops(c) == ui_views[i])
			return &c->view_keys[i];
	return &c->keys;
}

/* The view keys and drawing go to: the top of the stack, else the blade. */
static const struct ui_view_ops *
top_ops(const struct ui_console *c)
{
	return c->depth ? c->stack[c->depth - 1].ops : ui_blades[c->current];
}

static void *
top_priv(const struct ui_console *c)
{
	return c->depth ? c->stack[c->depth - 1].priv : c->priv[c->current];
}

static void
close_view(const struct ui_view_ops *ops, void *priv)
{
	if (ops->close)
		ops->close(priv);
	free(priv);
}

void
ui_console_push(struct ui_console *c, const struct ui_view_ops *ops, void *priv)
{
	if (c->depth == STACK_MAX) {
		close_view(ops, priv);
		ui_console_message(c, UI_SLOT_ERROR, "Too many views are open; close one with Esc.");
		return;
	}
	c->stack[c->depth].ops = ops;
	c->stack[c->depth].priv = priv;
	c->depth++;
}

/* Closes the top view; the one below is told it is visible again. */
static void
pop(struct ui_console *c)
{
	const struct ui_view_ops *top;

	c->depth--;
	close_view(c->stack[c->depth].ops, c->stack[c->depth].priv);
	top = top_ops(c);
	if (top->activate)
		top->activate(top_priv(c), c);
}

static bool
menu_shown(void)
{
	return ui_screen_cols() >= MENU_MIN_COLS;
}

/* The title: where it goes, then what is true of the whole console (read-only,
 * the link), kept whole at the right when a long name must be cut. */
static void
draw_title(struct ui_console *c)
{
	char title[512], link[64], right[128];
	int cols = ui_screen_cols(), room;

	ui_bandwidth_words(&c->bw, link, sizeof(link));
	snprintf(title, sizeof(title), " billcon | %s%s%s | %s | %s", ui_blades[c->current]->title,
		 c->depth ? " > " : "", c->depth ? top_ops(c)->title : "",
		 c->app->account.display_name, c->app->actor);
	snprintf(right, sizeof(right), "%s%s%s", app_read_only(c->app) ? " | READ-ONLY" : "",
		 link[0] ? " | " : "", link);
	room = cols - core_text_width(right);
	if (room < cols / 2)
		room = cols / 2;
	room = ui_put(0, 0, room, UI_SLOT_TITLE, title, false);
	ui_put(0, room, cols - room, UI_SLOT_TITLE, right, true);
}

static void
draw_menu(struct ui_console *c, int h)
{
	int i;

	for (i = 0; i < h; i++) {
		enum ui_slot slot = i == c->current ? UI_SLOT_MENU_SELECTED : UI_SLOT_MENU;
		char item[64];
		if (i < NBLADES)
			snprintf(item, sizeof(item), "%s%s", i == c->current && c->menu_focus ? ">" : " ",
				 ui_blades[i]->title);
		else
			item[0] = '\0';
		ui_put(1 + i, 0, MENU_WIDTH - 1, i < NBLADES ? slot : UI_SLOT_MENU, item, true);
		ui_put(1 + i, MENU_WIDTH - 1, 1, UI_SLOT_MENU, "|", true);
	}
}

/* What a does in the view on top when it changes the store ("add a
 * tenant"), or NULL when it changes nothing there. */
static const char *
view_writes(struct ui_console *c, enum ui_action a)
{
	const struct ui_write *w = top_ops(c)->writes;

	for (; w && w->action != UI_ACTION_NONE; w++)
		if (w->action == a)
			return w->doing;
	return NULL;
}

const char *
ui_console_why_disabled(struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	const struct ui_view_ops *v = top_ops(c);
	char key[8];

	/* Read-only first, and the same for every view. */
	if (view_writes(c, a) && app_read_only(c->app)) {
		app_read_only_words(c->app, why, size);
		return why;
	}
	if (v->disabled && v->disabled(top_priv(c), c, a, why, size))
		return why;
	if (a == UI_ACTION_HISTORY &&
	    (!v->history_key || !v->history_key(top_priv(c), c, key, sizeof(key), NULL, 0))) {
		snprintf(why, size, v->history_key ? "nothing is selected" : "this view has no history");
		return why;
	}
	return NULL;
}

/* The status area (ui_status): the message, a sync's progress, or the
 * keys that work here. */
static void
draw_status(struct ui_console *c)
{
	char job[256];
	struct ui_status st = {
		.message = c->message[0] ? c->message : NULL,
		.message_slot = c->message_slot,
		.form = c->form != NULL,
		.job = ui_syncrun_line(c->sync, job, sizeof(job)) ? job : NULL,
		.keys = top_ops(c)->keys_now ? top_ops(c)->keys_now(top_priv(c)) : top_ops(c)->keys,
	};

	ui_status_draw(c, &st);
}

/* Below 60x16 the frame does not fit: say so instead of drawing it
 * broken, and keep working when the terminal grows again. */
static bool
too_small(void)
{
	char text[96];
	int lines = ui_screen_lines(), cols = ui_screen_cols(), y;

	if (lines >= MIN_LINES && cols >= MIN_COLS)
		return false;
	for (y = 0; y < lines; y++)
		ui_fill(y, 0, cols, UI_SLOT_NORMAL);
	snprintf(text, sizeof(text), "billcon needs %dx%d; this is %dx%d. Q quits.", MIN_COLS,
		 MIN_LINES, cols, lines);
	ui_put(lines / 2, 0, cols, UI_SLOT_ERROR, text, true);
	return true;
}

void
ui_console_draw(struct ui_console *c)
{
	int lines = ui_screen_lines(), cols = ui_screen_cols();
	int left = menu_shown() ? MENU_WIDTH : 0;

	if (too_small())
		return;
	draw_title(c);
	if (left)
		draw_menu(c, lines - 2);
	top_ops(c)->draw(top_priv(c), c, 1, left, lines - 2, cols - left);
	draw_status(c);
}

void
ui_console_copy(struct ui_console *c, const char *label, const char *text)
{
	enum ui_clip_wrap wrap = ui_clip_wrap_from_env();
	struct core_error err;
	size_t len;
	char *seq;

	core_error_clear(&err);
	if (!ui_screen_headless() && wrap == UI_CLIP_TMUX && ui_clip_tmux_load(text)) {
		ui_console_message(c, UI_SLOT_MESSAGE, "Copied %s: %s", label, text);
		return;
	}
	seq = ui_osc52_sequence(text, wrap, &len, &err);
	if (!seq) {
		ui_console_message(c, UI_SLOT_ERROR, "Not copied (%s) %s: %s", err.message, label, text);
		return;
	}
	if (ui_screen_passthrough(seq, len))
		ui_console_message(c, UI_SLOT_MESSAGE, "Copied %s: %s", label, text);
	else
		ui_console_message(c, UI_SLOT_MESSAGE, "Not copied (not a terminal); %s: %s", label, text);
	free(seq);
}

void
ui_console_set_form(struct ui_console *c, struct ui_form *f)
{
	c->form = f;
}

bool
ui_console_stopping(const struct ui_console *c)
{
	return c->stopped_by != 0;
}

void
ui_console_save_drafts(struct ui_console *c)
{
	const struct ui_view_ops *blade = ui_blades[c->current];
	int i;

	if (blade->save_draft && c->priv[c->current])
		blade->save_draft(c->priv[c->current], c);
	for (i = 0; i < c->depth; i++)
		if (c->stack[i].ops->save_draft)
			c->stack[i].ops->save_draft(c->stack[i].priv, c);
	/* Last: a form's keep hook saves its view's draft with what is typed. */
	if (c->form)
		ui_form_save_draft(c, c->form);
}

/* A stop signal came: drafts are saved while the forms still hold them,
 * then every modal piece closes as at the end of a script (none of them
 * submits on it) and the loop ends. */
static bool
stop_requested(struct ui_console *c)
{
	if (c->stopped_by)
		return true;
	if (!(c->stopped_by = ui_screen_stop_signal()))
		return false;
	ui_console_save_drafts(c);
	c->quit = true;
	return true;
}

/* ui_console_key, waiting at most timeout_ms (-1: for ever); ERR when no
 * key came in time. It wakes every KEY_POLL_MS to see whether a stop signal
 * came. */
static int
wait_key(struct ui_console *c, enum ui_action *a, int timeout_ms)
{
	int key, waited = 0;

	*a = UI_ACTION_NONE;
	for (;;) {
		key = stop_requested(c) ? UI_KEY_END_OF_SCRIPT : ui_key_next(KEY_POLL_MS);
		if (key == ERR && timeout_ms >= 0 && (waited += KEY_POLL_MS) >= timeout_ms)
			return ERR;
		/* A form or dialog waits here alone: a measure that came takes
		 * effect now, so that its Esc delay fits the link (a split
		 * arrow key read as Esc would close the form). */
		if (key == ERR && timeout_ms < 0)
			ui_bandwidth_poll(&c->bw, 0);
		if (key == ERR)
			continue;
		/* Esc and a key together are an Alt chord only in a form, where
		 * Esc would throw the typing away; elsewhere (a slow link joins
		 * quick keys) they are Esc, then the key. */
		if (ui_key_is_alt(key) && !c->form) {
			ui_key_unget(key & ~UI_KEY_ALT);
			key = 27;
		}
		if (key == UI_KEY_DUMP) {
			ui_screen_dump();
			continue;
		}
		if (key == KEY_RESIZE) {
			ui_clear();
			ui_console_draw(c);
		}
		break;
	}
	if (key == UI_KEY_END_OF_SCRIPT)
		c->quit = true;
	*a = ui_keymap_lookup(ui_console_keymap(c), key);
	return key;
}

int
ui_console_key(struct ui_console *c, enum ui_action *a)
{
	return wait_key(c, a, -1);
}

int
ui_console_key_within(struct ui_console *c, enum ui_action *a, int timeout_ms)
{
	return wait_key(c, a, timeout_ms);
}

/* The blades' names as the palette takes them (":tenants, :iam, ...")
 * into out: those starting with prefix, or all when none does. Returns how
 * many start with prefix. */
static int
blade_names(const char *prefix, char *out, size_t size)
{
	size_t used = 0, len = strlen(prefix);
	int i, pass, n = 0;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < NBLADES && used < size; i++)
			if (pass || strncasecmp(ui_blades[i]->name, prefix, len) == 0) {
				used += (size_t)snprintf(out + used, size - used, "%s:%s", used ? ", " : "",
							 ui_blades[i]->name);
				n += !pass;
			}
		if (n)
			break;
	}
	return n;
}

/* Says which blades text may name, when it names none or several. */
static void
no_blade(struct ui_console *c, const char *text)
{
	char names[256] = "";
	int n = blade_names(text, names, sizeof(names));

	if (!*text)
		ui_console_message(c, UI_SLOT_ERROR, "Name a blade: %s.", names);
	else if (n > 1)
		ui_console_message(c, UI_SLOT_ERROR, "\"%s\" could be %s.", text, names);
	else
		ui_console_message(c, UI_SLOT_ERROR, "There is no blade \"%s\"; the blades are %s.", text, names);
}

/* The blade whose name starts with prefix (in any case), when exactly one
 * does. */
static int
blade_by_prefix(const char *prefix)
{
	int i, found = -1;

	for (i = 0; i < NBLADES; i++) {
		if (strncasecmp(ui_blades[i]->name, prefix, strlen(prefix)) != 0)
			continue;
		if (found >= 0 || !*prefix)
			return -1;
		found = i;
	}
	return found;
}

static enum core_status
switch_to(struct ui_console *c, int blade, struct core_error *err)
{
	const struct ui_view_ops *v = ui_blades[blade];

	if (!c->priv[blade]) {
		c->priv[blade] = calloc(1, v->private_size);
		if (!c->priv[blade])
			return core_error_set(err, CORE_STORE, "Out of memory.");
		if (v->open(c->priv[blade], c, err)) {
			free(c->priv[blade]);
			c->priv[blade] = NULL;
			return err->status;
		}
	}
	else if (blade != c->current && v->activate)
		/* Shown again: what changed meanwhile (another process, or the
		 * user acted as) shows. */
		v->activate(c->priv[blade], c);
	c->current = blade;
	return CORE_OK;
}

/* :verify: the audit blade, and its verification of the whole trail. */
static void
verify(struct ui_console *c)
{
	struct core_error err;
	int b = blade_by_prefix(ui_audit_view.name);

	while (c->depth)
		pop(c);
	if (switch_to(c, b, &err))
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
	else
		ui_audit_verify(c);
}

static void close_blades(struct ui_console *c);

/* After :account switched the account in scope: every blade shows the new
 * account at once. The views over the blade (an old account's details)
 * close, the blades are opened afresh as they are shown: the one on
 * screen now, the others when next switched to. */
static void
rescope(struct ui_console *c)
{
	struct core_error err;

	close_blades(c);
	memset(c->priv, 0, sizeof(c->priv));
	if (switch_to(c, c->current, &err))
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
}

/* :account: the switcher; a switch reloads every blade. */
static void
choose_account(struct ui_console *c)
{
	if (!ui_accounts_choose(c))
		return;
	c->account_chosen = true;
	rescope(c);
}

/* The palette: ":" then a blade's name (or verify); Tab completes, Enter goes. */
static void
palette(struct ui_console *c)
{
	char text[64] = "", shown[96];
	struct core_error err;
	enum ui_action a;
	int key, y, b;

	for (;;) {
		y = ui_screen_lines() - 1;
		ui_console_draw(c);
		snprintf(shown, sizeof(shown), ":%s", text);
		ui_put(y, 0, ui_screen_cols(), UI_SLOT_STATUS, shown, true);
		ui_cursor(y, core_text_width(shown));
		ui_refresh();
		key = ui_console_key(c, &a);
		if (key == 27 || key == UI_KEY_END_OF_SCRIPT)
			break;
		if (key == '\t' && (b = blade_by_prefix(text)) >= 0) {
			snprintf(text, sizeof(text), "%s", ui_blades[b]->name);
		} else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
			if (strcmp(text, "q") == 0 || strcmp(text, "quit") == 0)
				c->quit = true;
			else if (strcasecmp(text, "verify") == 0)
				verify(c);
			else if (strcasecmp(text, "account") == 0 || strcasecmp(text, "accounts") == 0)
				choose_account(c);
			else if ((b = blade_by_prefix(text)) < 0)
				no_blade(c, text);
			else if (switch_to(c, b, &err))
				ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
			break;
		} else {
			ui_edit_key(text, sizeof(text), key);
		}
	}
	ui_cursor(-1, 0);
}

/* h: the selected object's history, whatever the view. */
static unsigned
history(struct ui_console *c)
{
	const struct ui_view_ops *v = top_ops(c);
	char object[1024], name[256];

	if (v->history_key && v->history_key(top_priv(c), c, object, sizeof(object), name, sizeof(name)))
		ui_audit_open_object(c, object, name);
	return UI_REDRAW;
}

/* The keys every blade shares, after the blade passed on them. */
static unsigned
global(struct ui_console *c, enum ui_action a, int key)
{
	switch (a) {
	case UI_ACTION_HELP:
		ui_help_show(c);
		return UI_REDRAW;
	case UI_ACTION_PALETTE:
		palette(c);
		return UI_REDRAW;
	case UI_ACTION_QUIT:
		return UI_QUIT;
	case UI_ACTION_BACK:
		/* Esc on the top view cancels a running sync; q leaves, as in
		 * tig; Esc never does. */
		if (key != 'q' && ui_syncrun_running(c->sync)) {
			ui_syncrun_cancel(c, c->sync);
			return UI_REDRAW;
		}
		return key == 'q' ? UI_QUIT : UI_DONE;
	case UI_ACTION_SYNC:
		ui_syncrun_start(c, &c->sync);
		return UI_REDRAW;
	case UI_ACTION_NEXT:
	case UI_ACTION_PREV:
		c->menu_focus = !c->menu_focus && menu_shown();
		return UI_REDRAW;
	case UI_ACTION_RELOAD:
		ui_clear();
		return UI_REDRAW;
	case UI_ACTION_LOW_BANDWIDTH:
		ui_console_message(c, UI_SLOT_MESSAGE, ui_bandwidth_toggle(&c->bw)
			? "Low-bandwidth drawing on: > marks the selected row; l turns it off."
			: "Low-bandwidth drawing off; l turns it on again.");
		return UI_REDRAW;
	case UI_ACTION_HISTORY:
		return history(c);
	default:
		return UI_DONE;
	}
}

/* Keys while the menu has the focus: up and down pick a blade. */
static unsigned
menu_key(struct ui_console *c, enum ui_action a)
{
	struct core_error err;
	int to = c->current;

	if (a == UI_ACTION_DOWN && to + 1 < NBLADES)
		to++;
	else if (a == UI_ACTION_UP && to > 0)
		to--;
	else if (a == UI_ACTION_OPEN)
		c->menu_focus = false;
	else
		return UI_PASS;
	if (to != c->current && c->depth == 0 && switch_to(c, to, &err))
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
	return UI_REDRAW;
}

static unsigned
dispatch(struct ui_console *c, enum ui_action a, int key)
{
	const struct ui_view_ops *v = top_ops(c);
	/* A key typed as text is no action: the view takes it. */
	bool typing = v->typing && v->typing(top_priv(c));
	const char *doing = typing ? NULL : view_writes(c, a);
	struct core_error err;
	char why[128];
	unsigned r = UI_PASS;

	if (doing && app_require_change(c->app, doing, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	if (!typing && ui_console_why_disabled(c, a, why, sizeof(why))) {
		ui_console_message(c, UI_SLOT_ERROR, "%s: %s.", ui_action_help(a), why);
		return UI_REDRAW;
	}
	if (c->menu_focus && c->depth == 0)
		r = menu_key(c, a);
	if (r == UI_PASS)
		r = top_ops(c)->handle(top_priv(c), c, a, key);
	if (r & UI_CLOSE && c->depth) {
		pop(c);
		return UI_REDRAW;
	}
	if (r == UI_PASS && a == UI_ACTION_BACK && c->depth) {
		pop(c);
		return UI_REDRAW;
	}
	if (r & UI_SELECT && top_ops(c)->select)
		top_ops(c)->select(top_priv(c), c);
	if (r == UI_PASS)
		r = global(c, a, key);
	return r;
}

static void
loop(struct ui_console *c)
{
	enum ui_action a;
	unsigned r;
	int key;

	ui_console_draw(c);
	ui_refresh();
	ui_bandwidth_first_frame();
	while (!c->quit) {
		key = wait_key(c, &a, TICK_MS);
		if (c->quit)
			break;
		if (key == ERR) {
			bool synced = ui_syncrun_tick(c, c->sync), measured = ui_bandwidth_poll(&c->bw, TICK_MS);
			if ((top_ops(c)->tick && top_ops(c)->tick(top_priv(c), c)) || synced || measured) {
				ui_console_draw(c);
				ui_refresh();
			}
			continue;
		}
		c->message[0] = '\0';
		r = key == KEY_RESIZE ? UI_REDRAW : dispatch(c, a, key);
		if (r & UI_QUIT)
			break;
		/* Keys held down: the sync's pipe is read between them too. */
		ui_syncrun_tick(c, c->sync);
		ui_bandwidth_poll(&c->bw, 0);
		/* Typed ahead (a slow link delivers keys in bursts): the next key
		 * is applied before a frame no one would see is drawn. */
		if (ui_key_pending())
			continue;
		ui_console_draw(c);
		ui_refresh();
	}
}

/* The blade whose drafts are of kind ("tenants.add": the tenants blade). */
static int
blade_of_kind(const char *kind)
{
	size_t n = strcspn(kind, ".");
	int i;

	for (i = 0; i < NBLADES; i++)
		if (strlen(ui_blades[i]->name) == n && strncmp(ui_blades[i]->name, kind, n) == 0)
			return i;
	return -1;
}

static void
resume_draft(struct ui_console *c, const struct store_draft *d)
{
	struct core_error err;
	int b = blade_of_kind(d->kind);

	if (b < 0 || switch_to(c, b, &err) ||
	    !(ui_blades[b]->resume ? ui_blades[b]->resume(c->priv[b], c, d)
				   : ui_form_resume(c, c->priv[b], ui_blades[b]->drafts, d)))
		ui_console_message(c, UI_SLOT_ERROR, "A draft of \"%s\" could not be opened again.", d->kind);
}

/* What was typed when the link dropped is offered back at the next start:
 * Enter (Resume) opens it again; discarding takes moving to the button. */
static void
offer_draft(struct ui_console *c)
{
	struct store_draft d;
	struct core_error err;
	char when[400], what[256];
	const char *lines[] = { when, "Enter opens it again where you were;",
				"Tab, then Enter, discards it." };

	if (app_read_only(c->app) || app_draft_get(c->app, NULL, &d, &err))
		return;
	app_draft_words(&d, what, sizeof(what));
	snprintf(when, sizeof(when), "Unfinished since %s: %s.", d.saved_on, what);
	ui_console_draw(c);
	/* The link is measured before the draft's dialog and form, not after:
	 * a start after a dropped link is when the link is likely slow. */
	ui_refresh();
	ui_bandwidth_first_frame();
	if (ui_dialog_choose(c, "Resume what you were typing?", lines, 3, "Resume", "Discard", NULL)) {
		app_draft_discard(c->app, d.kind, &err);
		ui_console_message(c, UI_SLOT_MESSAGE, "The unfinished form was discarded.");
	} else if (!c->quit) {
		resume_draft(c, &d);
	}
	app_draft_free(&d);
}

/* The generic map, then each blade's: its own default lines, then the
 * user's lines for it. The first bad line is reported. */
static void
load_keys(struct ui_console *c, const char *path, struct core_error *err)
{
	struct core_error more;
	int i;

	ui_keymap_defaults(&c->keys);
	ui_keymap_load(&c->keys, path, err);
	for (i = 0; i < NBLADES; i++) {
		ui_keymap_for_view(&c->blade_keys[i], &c->keys, ui_blades[i]->name);
		core_error_clear(&more);
		if (ui_blades[i]->bindings)
			ui_keymap_apply(&c->blade_keys[i], ui_blades[i]->bindings, "billcon's defaults", &more);
		ui_keymap_load(&c->blade_keys[i], path, &more);
	}
	for (i = 0; i < NVIEWS; i++) {
		ui_keymap_for_view(&c->view_keys[i], &c->keys, ui_views[i]->name);
		core_error_clear(&more);
		ui_keymap_load(&c->view_keys[i], path, &more);
	}
}

static void
keys_path(const struct ui_console_options *o, char *out, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (o->keys_path)
		snprintf(out, size, "%s", o->keys_path);
	else if (xdg && *xdg)
		snprintf(out, size, "%s/billcon/keys", xdg);
	else
		snprintf(out, size, "%s/.config/billcon/keys", home ? home : ".");
}

static void
close_blades(struct ui_console *c)
{
	int i;

	while (c->depth)
		pop(c);
	for (i = 0; i < NBLADES; i++) {
		if (!c->priv[i])
			continue;
		if (ui_blades[i]->close)
			ui_blades[i]->close(c->priv[i]);
		free(c->priv[i]);
	}
}

int
ui_console_run(struct app_ctx *ctx, const struct ui_console_options *o)
{
	struct ui_console c = { .app = ctx };
	struct core_error err, keys_err;
	char path[4096], warning[512];

	core_error_clear(&err);
	core_error_clear(&keys_err);
	keys_path(o, path, sizeof(path));
	load_keys(&c, path, &keys_err);
	ui_accounts_restore(ctx);
	if (ui_screen_open(&o->screen, warning, sizeof(warning), &err))
		return fprintf(stderr, "billcon: %s\n", err.message), core_status_exit_code(err.status);
	ui_bandwidth_start(&c.bw, o->bandwidth);
	if (switch_to(&c, 0, &err)) {
		ui_screen_close();
		return fprintf(stderr, "billcon: %s\n", err.message), core_status_exit_code(err.status);
	}
	offer_draft(&c);
	if (warning[0])
		ui_console_message(&c, UI_SLOT_ERROR, "%s", warning);
	else if (keys_err.message[0])
		ui_console_message(&c, UI_SLOT_ERROR, "%s", keys_err.message);
	else if (app_notice(ctx))
		ui_console_message(&c, UI_SLOT_MESSAGE, "%s", app_notice(ctx));
	loop(&c);
	if (c.account_chosen)
		ui_accounts_remember(ctx);
	close_blades(&c);
	ui_syncrun_free(c.sync);
	ui_screen_close();
	/* As a shell reports a process its signal stopped. */
	return c.stopped_by ? 128 + c.stopped_by : 0;
}
