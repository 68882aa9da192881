/* ui_form: forms with typed fields, required markers and inline validation
 * messages (wrapped, never cut), in a modal box that fits the screen by
 * showing fewer hints. A text field refuses control characters, which only
 * a paste can bring in. */
#ifndef BILLCON_UI_FORM_H
#define BILLCON_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct ui_console;

enum ui_field_kind {
	UI_FIELD_TEXT,
	UI_FIELD_SWITCH,   /* on or off: Space toggles */
};

struct ui_field {
	const char *label;
	enum ui_field_kind kind;
	bool required;
	const char *hint;          /* shown under the field when it has no error */
	/* Checks a text value; false with a sentence in msg when it is bad. */
	bool (*check)(const char *value, char *msg, size_t size);
	char value[512];           /* a text field's value (UTF-8) */
	bool on;                   /* a switch's value */
	char error[256];           /* the inline message, "" when none */
};

struct ui_form {
	const char *title;
	struct ui_field *fields;
	int nfields;
	const char *submit;        /* the button: "Add", "Save" */
	/* Called when every field checks; CORE_OK closes the form, anything
	 * else is shown at its foot and the form stays open. */
	enum core_status (*on_submit)(void *data, struct ui_form *f, struct core_error *err);
	void *data;
	char error[512];           /* the form's message, "" when none */
};

/* Runs f until it is submitted (true) or cancelled with Esc (false). */
bool ui_form_run(struct ui_console *c, struct ui_form *f);

#endif
