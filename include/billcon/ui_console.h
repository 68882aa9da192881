/* ui_console: the console's frame (title, menu of blades, the blade, status
 * line) and its loop, with the help overlay and the palette; the messages
 * and copying blades use. Dialogs are in ui_dialog.h, forms in ui_form.h.
 *
 * A blade is one file with one `const struct ui_view_ops` (designated
 * initializers) listed in ui_blades (src/ui/console.c). */
#ifndef BILLCON_UI_CONSOLE_H
#define BILLCON_UI_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_bandwidth.h"
#include "billcon/core_status.h"
#include "billcon/ui_action.h"
#include "billcon/ui_screen.h"

struct app_ctx;
struct store_draft;
struct ui_form_resumer;
struct ui_console;

/* What a handler did; the loop redraws or quits accordingly. */
enum ui_result {
	UI_PASS = 0,        /* not mine: try the global keys */
	UI_DONE = 1 << 0,   /* handled */
	UI_REDRAW = 1 << 1, /* handled, and the screen changed */
	UI_QUIT = 1 << 2,   /* leave billcon */
	UI_SELECT = 1 << 3, /* the selected row changed: views that follow it refresh */
	UI_CLOSE = 1 << 4,  /* handled, and the view closes: the console takes it off the stack */
};

/* An action of a view that changes the store, with what it does in words
 * ("add a tenant"). In read-only use the console shows it disabled and
 * refuses it with app_require_change's sentence, for every view alike. */
struct ui_write {
	enum ui_action action;
	const char *doing;
};

struct ui_view_ops {
	const char *name;                /* for the palette: ":tenants" */
	const char *title;               /* "Associated tenants" */
	size_t private_size;             /* calloc'd for the blade, freed after close */
	const enum ui_action *keys;      /* shown on the status line, ended by UI_ACTION_NONE */
	/* The status line's keys when they depend on what the view holds (a
	 * wizard's body); NULL: keys. */
	const enum ui_action *(*keys_now)(void *priv);
	/* Keys of this blade only, as lines of the keys file ("bind a
	 * approve"), over the generic ones; NULL for none. The user's "bind
	 * VIEW KEY ACTION" lines come after them. */
	const char *bindings;
	/* Its actions that change the store, ended by UI_ACTION_NONE; NULL
	 * for a view that changes nothing. */
	const struct ui_write *writes;
	/* Called once before first use; a failure is shown and the blade not opened. */
	enum core_status (*open)(void *priv, struct ui_console *c, struct core_error *err);
	/* Draws the blade in its rectangle. */
	void (*draw)(void *priv, struct ui_console *c, int y, int x, int h, int w);
	/* Handles action (UI_ACTION_NONE for a key bound to nothing: key). */
	unsigned (*handle)(void *priv, struct ui_console *c, enum ui_action a, int key);
	/* When a may not be taken here, writes why ("needs Billing account
	 * owner") into why and returns true. */
	bool (*disabled)(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size);
	/* The audit key (ARM path) of the selected object into out and its
	 * name into name, for the `h` history action; false when nothing is
	 * selected (NULL: the view has no objects). */
	bool (*history_key)(void *priv, struct ui_console *c, char *out, size_t size, char *name,
			    size_t name_size);
	/* Opens the form a draft of one of this view's kinds ("<name>.add")
	 * was left in; false when the kind is not its own (NULL: drafts
	 * below opens them). */
	bool (*resume)(void *priv, struct ui_console *c, const struct store_draft *d);
	/* The forms whose drafts are this view's, opened again by
	 * ui_form_resume when resume is NULL (NULL: none). */
	const struct ui_form_resumer *drafts;
	/* Keeps what the view holds as its draft, because the terminal hung
	 * up or billcon was told to stop (NULL: it holds nothing typed).
	 * ui_console_save_drafts calls it for the blade and every view on the
	 * stack, before the open form's. */
	void (*save_draft)(void *priv, struct ui_console *c);
	/* The selected row changed (NULL when nothing follows it). */
	void (*select)(void *priv, struct ui_console *c);
	/* The view is visible again after a view above it closed (NULL: none). */
	void (*activate)(void *priv, struct ui_console *c);
	/* Background work while no key came (another process's changes, a
	 * filter to run again); true when the screen must be redrawn. Called
	 * from the input loop, which waits with a timeout, never blocking. */
	bool (*tick)(void *priv, struct ui_console *c);
	/* True while the view takes keys as text (a filter being typed): they
	 * go to it whatever action they are bound to, even one disabled here
	 * (NULL: never). */
	bool (*typing)(void *priv);
	/* Frees what open allocated. */
	void (*close)(void *priv);
};

struct ui_console_options {
	struct ui_screen_options screen;
	const char *keys_path;  /* the rebinding file, NULL for the default place */
	enum core_bandwidth_mode bandwidth; /* --low-bandwidth or the setting; auto by default */
};

/* Runs the console on ctx until the user quits; returns the exit code. */
int ui_console_run(struct app_ctx *ctx, const struct ui_console_options *o);

/* The app context the console works on. */
struct app_ctx *ui_console_app(struct ui_console *c);

/* Shows a message on the status line until the next key; one longer than
 * the line wraps over more lines, never cut. */
void ui_console_message(struct ui_console *c, enum ui_slot slot, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Copies text (inside tmux through tmux's buffer, else with OSC 52,
 * ui_clip.h) and says so on the status line, always showing the text whole
 * so that it can be selected by hand. */
void ui_console_copy(struct ui_console *c, const char *label, const char *text);

/* Opens a view over the current one (details, a related list): priv is the
 * view's state, allocated by the caller and owned by the console from now
 * (ops->close, then free, when Esc closes it). */
void ui_console_push(struct ui_console *c, const struct ui_view_ops *ops, void *priv);

/* The form open now (NULL when none), whose draft a stop signal saves. */
struct ui_form;
void ui_console_set_form(struct ui_console *c, struct ui_form *f);

/* True when a stop signal (SIGHUP, SIGTERM) is closing the console. */
bool ui_console_stopping(const struct ui_console *c);

/* Saves the drafts because the terminal hung up or billcon was told to
 * stop (SIGHUP, SIGTERM): each view's (save_draft, from the blade up the
 * stack), then the open form's (its keep hook, or its own draft); called
 * once, before any form closes. */
void ui_console_save_drafts(struct ui_console *c);

/* Draws the whole screen again now (a modal piece calls it before drawing
 * itself on top). */
void ui_console_draw(struct ui_console *c);

/* The key map of the view on top: a blade's own (a view over another
 * blade, named as a blade, takes that blade's: an object's history is the
 * audit blade's), else the generic one. */
struct ui_keymap;
const struct ui_keymap *ui_console_keymap(const struct ui_console *c);

/* Why a may not be taken in the view on top (read-only use first, the
 * same for every view; then the view's own reason; history where nothing
 * is selected) into why, returned; NULL when it may. */
const char *ui_console_why_disabled(struct ui_console *c, enum ui_action a, char *why, size_t size);

/* Reads the next key for a modal piece, handling resizes and script dumps;
 * returns its action in *a (UI_ACTION_NONE when unbound). After SIGHUP or
 * SIGTERM it calls ui_console_save_drafts once, then returns
 * UI_KEY_END_OF_SCRIPT to every caller, so that each modal piece closes
 * without acting and ui_console_run returns 128 + the signal. */
int ui_console_key(struct ui_console *c, enum ui_action *a);

/* As ui_console_key, waiting at most timeout_ms (-1: for ever): ERR when
 * no key came in time, so that a modal piece can look at something else
 * between keys. */
int ui_console_key_within(struct ui_console *c, enum ui_action *a, int timeout_ms);

#endif
