/* ui_form: forms with typed fields, required markers and inline validation
 * messages (wrapped, never cut), in a modal box that fits the screen by
 * showing fewer hints. A text field refuses control characters, which only
 * a paste can bring in. */
#ifndef BILLCON_UI_FORM_H
#define BILLCON_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct store_draft;
struct ui_console;

enum ui_field_kind {
	UI_FIELD_TEXT,
	UI_FIELD_CHECKBOX,  /* on or off: Space toggles */
	UI_FIELD_CHOICE,    /* one of the options the field's callback lists: Left/Right/Space */
	UI_FIELD_READONLY,  /* shown, never focused (a sold-to address, a tenant ID) */
};

/* The old name of a checkbox. */
#define UI_FIELD_SWITCH UI_FIELD_CHECKBOX

struct ui_field {
	const char *label;
	enum ui_field_kind kind;
	bool required;
	const char *hint;          /* shown under the field when it has no error */
	/* Checks a text value; false with a sentence in msg when it is bad. */
	bool (*check)(const char *value, char *msg, size_t size);
	/* A choice's option i: its label, and a line about it into note (may
	 * be left empty); NULL past the last. data is the form's. */
	const char *(*option)(void *data, int i, char *note, size_t size);
	char value[512];           /* a text or read-only field's value (UTF-8) */
	bool on;                   /* a checkbox's value */
	int choice;                /* a choice's option, from 0 */
	char error[256];           /* the inline message, "" when none */
};

/* The most fields a form has (its draft keeps them all). */
#define UI_FORM_MAX_FIELDS 16

struct ui_form {
	const char *title;
	struct ui_field *fields;
	int nfields;
	const char *submit;        /* the button: "Add", "Save" */
	/* Called when every field checks; CORE_OK closes the form, anything
	 * else is shown at its foot and the form stays open. */
	enum core_status (*on_submit)(void *data, struct ui_form *f, struct core_error *err);
	void *data;
	/* When not NULL, the form keeps a draft of its fields under this kind
	 * ("tenants.add") each time a field is left and when the console is
	 * told to stop (SIGHUP, SIGTERM); a submit or a cancel discards it.
	 * draft_key (may be NULL) names the object an edit is of. */
	const char *draft_kind;
	const char *draft_key;
	/* When not NULL, called instead of the form's own draft each time a
	 * field is left and when the console is told to stop: a form opened
	 * inside a wizard keeps the whole wizard's draft with its values. data
	 * is the form's. */
	void (*keep)(void *data, const struct ui_form *f);
	bool typed;                /* something was typed or changed: worth a draft */
	int focus;                 /* the field (or button) with the focus */
	char error[512];           /* the form's message, "" when none */
};

/* A form a blade opens again from its draft (the blade's ui_view_ops
 * .drafts, ended by kind NULL). */
struct ui_form_resumer {
	const char *kind;          /* the form's draft_kind: "hierarchy.move" */
	/* The object an edit or an action is of, in words, for when it is
	 * gone ("subscription"); NULL for a form of no object. */
	const char *object;
	/* A form of no object: opens it from d on priv (the blade's). */
	unsigned (*open)(void *priv, const struct store_draft *d);
	/* A form on an object: opens it from d on the object named key (the
	 * form's draft_key); false when that object is gone, with nothing
	 * opened. */
	bool (*open_on)(void *priv, const char *key, const struct store_draft *d);
};

/* Runs f until it is submitted (true) or cancelled with Esc (false).
 * Every form keeps what is typed into it: a draft_kind (or a keep hook),
 * or a comment in its literal saying why it has nothing worth keeping
 * (tests/cli/form-drafts.sh checks each). */
bool ui_form_run(struct ui_console *c, struct ui_form *f);

/* Keeps f's fields as its draft now (see draft_kind), or calls its keep
 * hook. */
void ui_form_save_draft(struct ui_console *c, const struct ui_form *f);

/* Fills f's fields from the draft d of the same kind: each field by its
 * label; true when d was of f's kind. */
bool ui_form_restore(struct ui_form *f, const struct store_draft *d);

/* Opens the form d was left in from table on priv: true when d's kind is
 * one of table's. When the form's object is gone, says so in one sentence
 * and discards the draft, so that it is not offered again. */
bool ui_form_resume(struct ui_console *c, void *priv, const struct ui_form_resumer *table,
		    const struct store_draft *d);

/* Field checks (struct ui_field.check) on the core validators: a friendly
 * name, an email address, a domain name; false with the validator's
 * sentence in msg. */
bool ui_form_check_name(const char *value, char *msg, size_t size);
bool ui_form_check_email(const char *value, char *msg, size_t size);
bool ui_form_check_domain(const char *value, char *msg, size_t size);

#endif
