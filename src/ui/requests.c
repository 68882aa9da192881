#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_request.h"
#include "billcon/core_validate.h"
#include "billcon/store_request.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_list.h"
#include "billcon/ui_requests.h"

enum { COL_STATUS, COL_TYPE, COL_ADDRESSEE, COL_BY, COL_CREATED, COL_EXPIRES, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* At 80 columns the status, the type, the addressee and the expiry;
	 * who asked and when from 100 on, and always in the details. */
	[COL_STATUS] = { .title = "Status", .min = 9, .pref = 9, .priority = 9 },
	[COL_TYPE] = { .title = "Type", .min = 18, .pref = 18, .priority = 7, .abbrev = 12 },
	[COL_ADDRESSEE] = { .title = "Addressee", .min = 16, .pref = 36, .priority = 8 },
	[COL_BY] = { .title = "Requested by", .min = 16, .pref = 24, .priority = 4 },
	[COL_CREATED] = { .title = "Created", .min = 10, .pref = 10, .priority = 3 },
	[COL_EXPIRES] = { .title = "Expires", .min = 10, .pref = 10, .priority = 6 },
};

static const char *const sort_names[STORE_REQUEST_SORT_COUNT] = {
	"status, pending first", "created", "expires", "type", "addressee",
};
static const int sort_cols[STORE_REQUEST_SORT_COUNT] = {
	[STORE_REQUEST_SORT_STATUS] = COL_STATUS, [STORE_REQUEST_SORT_CREATED] = COL_CREATED,
	[STORE_REQUEST_SORT_EXPIRES] = COL_EXPIRES, [STORE_REQUEST_SORT_TYPE] = COL_TYPE,
	[STORE_REQUEST_SORT_ADDRESSEE] = COL_ADDRESSEE,
};

struct requests {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
	struct ui_list_def def;
};

static enum ui_slot
status_slot(const char *status)
{
	if (strcmp(status, "Approved") == 0 || strcmp(status, "Completed") == 0)
		return UI_SLOT_STATE_GOOD;
	if (strcmp(status, "Pending") == 0)
		return UI_SLOT_STATE_WAIT;
	if (strcmp(status, "Declined") == 0 || strcmp(status, "Expired") == 0)
		return UI_SLOT_STATE_BAD;
	return UI_SLOT_STATE_OFF;
}

/* "ProvisioningAccess" reads "Provisioning" when narrow. */
static const char *
type_cell(const char *type, int width)
{
	if (width >= (int)strlen(type))
		return type;
	if (strcmp(type, "ProvisioningAccess") == 0)
		return "Provisioning";
	if (strcmp(type, "RoleAssignment") == 0)
		return "Role";
	return type;
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	const struct store_request *r = row;

	switch (col) {
	case COL_STATUS:
		*slot = status_slot(r->status);
		return r->status;
	case COL_TYPE:
		return type_cell(r->type, width);
	case COL_ADDRESSEE:
		return r->addressee;
	case COL_BY:
		return r->created_by;
	case COL_CREATED:
		snprintf(buf, size, "%.10s", r->created_on);
		return buf;
	default:
		snprintf(buf, size, "%.10s", r->expires_on);
		return buf;
	}
}

/* The list of the actor: all of the account's requests, or only those
 * addressed to an actor with no billing role here. */
static void
open_list(struct requests *b)
{
	b->def = (struct ui_list_def){ .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
				       .sort_cols = sort_cols, .cell = cell,
				       .spec = app_request_list(ui_console_app(b->c)) };
	ui_list_open(&b->list, b->c, &b->def, NULL);
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct requests *b = priv;

	(void)err;
	b->c = c;
	open_list(b);
	return CORE_OK;
}

/* Visible again: after a switch of user the list may be another. */
static void
activate(void *priv, struct ui_console *c)
{
	struct requests *b = priv;

	if (b->def.spec == app_request_list(ui_console_app(c))) {
		ui_list_refresh(&b->list);
		return;
	}
	ui_list_close(&b->list);
	open_list(b);
}

static unsigned
details(struct requests *b, const struct store_request *r)
{
	char url[2048];
	struct ui_detail f[] = {
		{ "Request", r->name }, { "Type", r->type }, { "Status", r->status },
		{ "Addressee", r->addressee }, { "Scope", r->scope }, { "Approves", r->object },
		{ "Requested by", r->created_by }, { "Requested", r->created_on },
		{ "Expires", r->expires_on },
		{ "Reviewed by", r->reviewed_by[0] ? r->reviewed_by : "(not decided)" },
		{ "Reviewed", r->reviewed_on }, { "Reason", r->decision_reason }, { "URL", url },
	};

	app_request_url(ui_console_app(b->c), r->name, url, sizeof(url));
	if (!url[0]) {
		f[sizeof(f) / sizeof(f[0]) - 1].value = APP_REQUEST_NO_URL_VALUE;
		ui_details_open(b->c, r->type, f, (int)(sizeof(f) / sizeof(f[0])), "the request's name", r->name);
		return UI_REDRAW;
	}
	ui_details_open(b->c, r->type, f, (int)(sizeof(f) / sizeof(f[0])), "the request URL", url);
	return UI_REDRAW;
}

struct decision {
	struct requests *b;
	char name[64];
	enum app_request_act act;
};

static const char *const done_words[] = {
	[APP_REQUEST_APPROVE] = "Approved", [APP_REQUEST_DECLINE] = "Declined",
	[APP_REQUEST_CANCEL] = "Cancelled",
};

static void
decided(struct requests *b, enum app_request_act act, const struct store_request *r)
{
	ui_list_refresh(&b->list);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "%s the %s request for %s.", done_words[act], r->type,
			   r->addressee);
}

static enum core_status
submit_decision(void *data, struct ui_form *f, struct core_error *err)
{
	struct decision *d = data;
	struct store_request r;
	enum core_status rc = app_request_act(ui_console_app(d->b->c), d->name, d->act,
					      f->fields[1].value, &r, err);

	if (!rc)
		decided(d->b, d->act, &r);
	return rc;
}

static bool
check_reason(const char *value, char *msg, size_t size)
{
	struct core_error err;

	if (!value[0] || core_line_parse(value, "reason", APP_REQUEST_REASON_MAX, NULL, &err))
		return true;
	snprintf(msg, size, "%s", err.message);
	return false;
}

/* Approve (a reason if one likes) or decline (a reason required), from a
 * draft left earlier when d is not NULL. */
static unsigned
decide(struct requests *b, const struct store_request *r, enum app_request_act act, const struct store_draft *d)
{
	bool approve = act == APP_REQUEST_APPROVE;
	struct ui_field fields[] = {
		{ .label = "Request", .kind = UI_FIELD_READONLY },
		{ .label = "Reason", .required = !approve, .check = check_reason,
		  .hint = approve ? "Optional: why it is approved" : "Required: the requester reads it" },
	};
	struct decision dc = { .b = b, .act = act };
	struct ui_form f = { .title = approve ? "Approve request" : "Decline request", .fields = fields,
			     .nfields = 2, .submit = approve ? "Approve" : "Decline",
			     .on_submit = submit_decision, .data = &dc,
			     .draft_kind = approve ? "requests.approve" : "requests.decline", .draft_key = dc.name };

	snprintf(dc.name, sizeof(dc.name), "%s", r->name);
	snprintf(fields[0].value, sizeof(fields[0].value), "%s for %s", r->type, r->addressee);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
cancel(struct requests *b, const struct store_request *r)
{
	char type[64], addressee[300], name[100];
	const char *lines[] = { type, addressee, name };
	struct store_request after;
	struct core_error err;

	snprintf(type, sizeof(type), "Type:       %s", r->type);
	snprintf(addressee, sizeof(addressee), "Addressee:  %s", r->addressee);
	snprintf(name, sizeof(name), "Request:    %s", r->name);
	snprintf(after.name, sizeof(after.name), "%s", r->name);
	if (!ui_dialog_confirm(b->c, "Cancel this request?", lines, 3, "Cancel request", NULL)) {
		ui_console_message(b->c, UI_SLOT_MESSAGE, "Nothing was cancelled.");
		return UI_REDRAW;
	}
	if (app_request_act(ui_console_app(b->c), after.name, APP_REQUEST_CANCEL, NULL, &after, &err))
		ui_console_message(b->c, UI_SLOT_ERROR, "%s", err.message);
	else
		decided(b, APP_REQUEST_CANCEL, &after);
	return UI_REDRAW;
}

static enum core_status
submit_actor(void *data, struct ui_form *f, struct core_error *err)
{
	struct requests *b = data;
	enum core_status rc = app_set_actor(ui_console_app(b->c), f->fields[0].value, err);

	if (rc)
		return rc;
	activate(b, b->c);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "Acting as %s now, in every blade.",
			   ui_console_app(b->c)->actor);
	return CORE_OK;
}

/* Asks which user to act as: the addressee of a request decides it as
 * themselves (DOMAIN.md §5). */
static unsigned
switch_user(void *priv, const struct store_draft *d)
{
	struct requests *b = priv;
	struct ui_field fields[] = {
		{ .label = "Email", .required = true, .check = ui_form_check_email,
		  .hint = "The user to act as, such as a request's addressee" },
	};
	struct ui_form f = { .title = "Act as another user", .fields = fields, .nfields = 1,
			     .submit = "Act as", .on_submit = submit_actor, .data = b,
			     .draft_kind = "requests.actas" };

	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct requests *b = priv;
	const struct store_request *r;
	char url[2048];
	unsigned done = ui_list_handle(&b->list, a, key);

	if (done != UI_PASS)
		return done;
	if (a == UI_ACTION_SWITCH_USER)
		return switch_user(b, NULL);
	if (!(r = ui_list_selected(&b->list)))
		return UI_PASS;
	switch (a) {
	case UI_ACTION_OPEN:
		return details(b, r);
	case UI_ACTION_COPY:
		app_request_url(ui_console_app(c), r->name, url, sizeof(url));
		if (url[0])
			ui_console_copy(c, "the request URL", url);
		else
			ui_console_message(c, UI_SLOT_ERROR, "%s", APP_REQUEST_NO_URL);
		return UI_REDRAW;
	case UI_ACTION_APPROVE:
		return decide(b, r, APP_REQUEST_APPROVE, NULL);
	case UI_ACTION_DECLINE:
		return decide(b, r, APP_REQUEST_DECLINE, NULL);
	case UI_ACTION_CANCEL_REQUEST:
		return cancel(b, r);
	default:
		return UI_PASS;
	}
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	struct requests *b = priv;
	const struct store_request *r = ui_list_selected(&b->list);
	struct app_denial d;
	enum app_request_act act;

	if (a == UI_ACTION_APPROVE)
		act = APP_REQUEST_APPROVE;
	else if (a == UI_ACTION_DECLINE)
		act = APP_REQUEST_DECLINE;
	else if (a == UI_ACTION_CANCEL_REQUEST)
		act = APP_REQUEST_CANCEL;
	else
		return false;
	if (!r) {
		snprintf(why, size, "no request is selected");
		return true;
	}
	if (app_request_may(ui_console_app(c), r, act, &d))
		return false;
	snprintf(why, size, "%s", d.words);
	return true;
}

static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_request *r = ui_list_selected(&((struct requests *)priv)->list);

	(void)c;
	if (!r)
		return false;
	app_request_object(r->name, out, size);
	if (name)
		snprintf(name, name_size, "%s request for %s", r->type, r->addressee);
	return true;
}

/* The forms again, from their drafts: a decision on a request still
 * there, or the user to act as. */
static bool
resume_decision(void *priv, const char *key, const struct store_draft *d, enum app_request_act act)
{
	struct requests *b = priv;
	struct store_request r;
	struct core_error err;

	if (app_request_get(ui_console_app(b->c), key, &r, &err))
		return false;
	decide(b, &r, act, d);
	return true;
}

static bool
resume_approve(void *priv, const char *key, const struct store_draft *d)
{
	return resume_decision(priv, key, d, APP_REQUEST_APPROVE);
}

static bool
resume_decline(void *priv, const char *key, const struct store_draft *d)
{
	return resume_decision(priv, key, d, APP_REQUEST_DECLINE);
}

static const struct ui_form_resumer drafts[] = {
	{ "requests.approve", "request", NULL, resume_approve },
	{ "requests.decline", "request", NULL, resume_decline },
	{ "requests.actas", NULL, switch_user, NULL },
	{ NULL, NULL, NULL, NULL },
};

static const enum ui_action keys[] = {
	UI_ACTION_APPROVE, UI_ACTION_DECLINE, UI_ACTION_CANCEL_REQUEST, UI_ACTION_SWITCH_USER,
	UI_ACTION_OPEN, UI_ACTION_COPY, UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_APPROVE, "approve a request" },
	{ UI_ACTION_DECLINE, "decline a request" },
	{ UI_ACTION_CANCEL_REQUEST, "cancel a request" },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_requests_view = {
	.name = "requests",
	.title = "Manage requests",
	.private_size = sizeof(struct requests),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = ui_list_view_draw,
	.handle = handle,
	.disabled = disabled,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = activate,
	.history_key = history_key,
	.drafts = drafts,
	.close = ui_list_view_close,
};
