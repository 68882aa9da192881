/* ui_status: the console's status area, at the bottom: a message wrapped
 * over as many lines as it needs (never cut), else a background sync's
 * progress, else the keys that work here, those that do not dimmed. */
#ifndef BILLCON_UI_STATUS_H
#define BILLCON_UI_STATUS_H

#include <stdbool.h>

#include "billcon/ui_action.h"
#include "billcon/ui_theme.h"

struct ui_console;

struct ui_status {
	const char *message;        /* until the next key; NULL none */
	enum ui_slot message_slot;
	bool form;                  /* a form is open: its own keys */
	const char *job;            /* a background sync's line; NULL none */
	const enum ui_action *keys; /* the view's keys now, UI_ACTION_NONE-ended */
};

/* Draws s on c's screen: the message, else the job, else the form's keys,
 * else the keys of s->keys and the global ones that fit, each dimmed when
 * ui_console_why_disabled says it is not possible now. */
void ui_status_draw(struct ui_console *c, const struct ui_status *s);

#endif
