#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_onbdraft.h"
#include "billcon/app_onboarding.h"
#include "billcon/core_validate.h"
#include "billcon/ui_console.h"
#include "billcon/ui_form.h"
#include "billcon/ui_onboarding.h"
#include "billcon/ui_wizard.h"

/* The management step's choices (a row's tag). */
enum { MANAGE_CSP, MANAGE_GUEST };

/* One run of the checklist: the checklist as read, and what is typed. */
struct run {
	struct ui_console *c;
	struct app_onboarding ob;
	struct app_onb_draft draft;
	struct ui_rows rows;
	char states[CORE_ONB_NSTEPS][16];
	char error[512];              /* a failed read, shown in the body */
	bool reopen_guest;            /* a guest's email was being typed: its form again */
	int rows_step;                /* the step the rows (and their cursor) are of */
};

static struct app_ctx *
app(const struct run *r)
{
	return ui_console_app(r->c);
}

static void
keep_draft(struct run *r, const struct ui_wizard *wz)
{
	struct core_error err;

	app_onboarding_draft_save(app(r), core_wizard_step_id(&wz->w), &r->draft, &err);
}

/* The checklist again from the store, with each step's state. */
static void
reread(struct run *r)
{
	struct core_error err;
	int i;

	r->error[0] = '\0';
	if (app_onboarding_read(app(r), r->draft.tenant, &r->ob, &err))
		snprintf(r->error, sizeof(r->error), "%s", err.message);
	for (i = 0; i < CORE_ONB_NSTEPS; i++)
		app_onboarding_state(&r->ob, (enum core_onb_step)i, r->states[i], sizeof(r->states[i]));
}

/* A line's who and when, or what it waits for. */
static void
who_when(const struct app_onb_item *it, char *out, size_t size)
{
	if (it->done && it->by[0])
		snprintf(out, size, "%s%s%s by %s on %.10s", it->detail, it->detail[0] ? "; " : "",
			 it->derived ? "registered" : "ticked", it->by, it->on);
	else
		snprintf(out, size, "%s", it->detail[0] ? it->detail : it->derived ? "not yet" : "not ticked yet");
}

/* The step's lines: checkboxes for the ticked ones (tag: the line's
 * index), marked lines for the derived ones. */
static void
add_items(struct run *r, enum core_onb_step step)
{
	char note[900], text[600];
	struct ui_row *row;
	int i;

	for (i = 0; i < r->ob.nitems; i++) {
		const struct app_onb_item *it = &r->ob.items[i];
		if (it->step != step)
			continue;
		who_when(it, note, sizeof(note));
		if (it->derived) {
			snprintf(text, sizeof(text), "[%s] %s (derived from the data)", it->done ? "x" : " ", it->title);
			ui_rows_add_line(&r->rows, text, 0, it->done ? UI_SLOT_STATE_GOOD : UI_SLOT_STATE_WAIT);
			ui_rows_add_line(&r->rows, note, 4, UI_SLOT_NORMAL);
			continue;
		}
		if ((row = ui_rows_add(&r->rows, UI_ROW_CHECKBOX, it->title, note))) {
			row->on = it->done;
			row->tag = i;
		}
	}
}

/* Onboarded: a checkbox per deployment, used there or not. */
static void
add_deployments(struct run *r)
{
	char text[400], note[900], word[320];
	struct ui_row *row;
	int i, k;

	for (i = 0; i < r->ob.ndeps; i++) {
		const struct app_onb_deployment *d = &r->ob.deps[i];
		snprintf(word, sizeof(word), "onboarded:%s", d->d.deployment);
		snprintf(text, sizeof(text), "Tenant onboarded to %s", d->d.deployment);
		snprintf(note, sizeof(note), "multi-tenancy on %s; not ticked yet", d->d.deployment);
		for (k = 0; k < r->ob.nitems; k++)
			if (strcmp(r->ob.items[k].word, word) == 0)
				who_when(&r->ob.items[k], note, sizeof(note));
		if ((row = ui_rows_add(&r->rows, UI_ROW_CHECKBOX, text, note))) {
			row->on = d->onboarded;
			row->tag = 1000 + i;
		}
	}
	if (r->ob.ndeps == 0)
		ui_rows_add_line(&r->rows, "No Azure Stack deployment has a registration yet.", 0, UI_SLOT_MESSAGE);
}

static void
add_management(struct run *r)
{
	const char *m = r->ob.o.management;
	char note[900];
	struct ui_row *row;
	int at = -1;

	if ((row = ui_rows_add(&r->rows, UI_ROW_CHOICE, "Managed by the CSP",
			       "The partner manages the customer's subscription"))) {
		row->tag = MANAGE_CSP;
		if ((row->chosen = strcmp(m, "csp") == 0))
			at = r->rows.n - 1;
	}
	snprintf(note, sizeof(note), "%s", strcmp(m, "guest") == 0 ? r->ob.o.guest_email
		 : r->draft.guest_email[0] ? r->draft.guest_email : "Enter asks the guest's email");
	if ((row = ui_rows_add(&r->rows, UI_ROW_CREATE, "A guest user elevated to Owner in the customer's directory",
			       note))) {
		row->tag = MANAGE_GUEST;
		if ((row->chosen = strcmp(m, "guest") == 0))
			at = r->rows.n - 1;
	}
	ui_rows_select(&r->rows, at);
	add_items(r, CORE_ONB_MANAGEMENT);
}

static unsigned guest_form(struct run *r, struct ui_wizard *wz);

static void
enter(void *data, struct ui_wizard *wz)
{
	struct run *r = data;
	char text[600];
	int cursor = r->rows_step == wz->w.current ? r->rows.cursor : -1;

	r->rows_step = wz->w.current;
	reread(r);
	ui_rows_clear(&r->rows);
	snprintf(text, sizeof(text), "%s, tenant %s", r->ob.o.customer, r->ob.o.tenant_id);
	ui_rows_add(&r->rows, UI_ROW_HEADING, text, NULL);
	switch (wz->w.current) {
	case CORE_ONB_MANAGEMENT:
		add_management(r);
		break;
	case CORE_ONB_ONBOARDED:
		add_deployments(r);
		break;
	case CORE_ONB_REGISTRATION:
		add_items(r, CORE_ONB_REGISTRATION);
		ui_rows_add_line(&r->rows, "a on the Azure Stack blade adds the subscription to a registration.", 0,
				 UI_SLOT_MESSAGE);
		break;
	default:
		add_items(r, (enum core_onb_step)wz->w.current);
	}
	if (cursor >= 0 && cursor < r->rows.n)
		ui_rows_select(&r->rows, cursor);
	if (r->reopen_guest && wz->w.current == CORE_ONB_MANAGEMENT) {
		r->reopen_guest = false;
		/* Chosen, the checklist goes on as when the form opened from Enter. */
		if (guest_form(r, wz) & UI_WIZARD_NEXT)
			ui_wizard_next(wz);
	}
}

static void
draw(void *data, struct ui_wizard *wz, int y, int x, int h, int w)
{
	struct run *r = data;

	(void)wz;
	ui_rows_draw_error(&r->rows, r->error, y, x, h, w);
}

/* Space or x on a checkbox: ticked or unticked in the store at once. */
static unsigned
toggle(struct run *r, struct ui_wizard *wz, struct ui_row *row, bool on)
{
	const char *word;
	char dep[320];
	struct core_error err;

	if (!row || row->kind != UI_ROW_CHECKBOX)
		return UI_REDRAW;
	if (row->tag >= 1000) {
		snprintf(dep, sizeof(dep), "onboarded:%s", r->ob.deps[row->tag - 1000].d.deployment);
		word = dep;
	} else {
		word = r->ob.items[row->tag].word;
	}
	if (app_onboarding_tick(app(r), r->draft.tenant, word, on, &err))
		ui_console_message(r->c, UI_SLOT_ERROR, "%s", err.message);
	else
		ui_console_message(r->c, UI_SLOT_MESSAGE, "%s %s.", on ? "Ticked" : "Unticked", word);
	enter(r, wz);
	return UI_REDRAW;
}

/* --- the guest's email --- */

struct form_run {
	struct run *r;
	struct ui_wizard *wz;
};

/* A field left, or a stop signal: the draft with the email as typed. */
static void
keep_guest(void *data, const struct ui_form *f)
{
	struct form_run *fr = data;

	snprintf(fr->r->draft.management, sizeof(fr->r->draft.management), "guest");
	snprintf(fr->r->draft.guest_email, sizeof(fr->r->draft.guest_email), "%s", f->fields[0].value);
	keep_draft(fr->r, fr->wz);
}

static enum core_status
submit_guest(void *data, struct ui_form *f, struct core_error *err)
{
	struct form_run *fr = data;

	keep_guest(data, f);
	return app_onboarding_manage(app(fr->r), fr->r->draft.tenant, "guest", f->fields[0].value, err);
}

static unsigned
guest_form(struct run *r, struct ui_wizard *wz)
{
	struct ui_field fields[] = {
		{ .label = "Guest's email", .required = true, .check = ui_form_check_email,
		  .hint = "The guest user elevated to Owner in the customer's directory" },
	};
	struct form_run fr = { r, wz };
	struct ui_form f = { .title = "Managed through a guest user", .fields = fields, .nfields = 1,
			     .submit = "Choose", .on_submit = submit_guest, .data = &fr, .keep = keep_guest };
	bool done;

	snprintf(fields[0].value, sizeof(fields[0].value), "%s",
		 r->draft.guest_email[0] ? r->draft.guest_email : r->ob.o.guest_email);
	done = ui_form_run(r->c, &f);
	if (!ui_console_stopping(r->c)) {
		if (done)
			r->draft.guest_email[0] = r->draft.management[0] = '\0';
		keep_draft(r, wz);
	}
	enter(r, wz);
	return done ? UI_REDRAW | UI_WIZARD_NEXT : UI_REDRAW;
}

static unsigned
choose(struct run *r, struct ui_wizard *wz, const struct ui_row *row)
{
	struct core_error err;

	if (!row || wz->w.current != CORE_ONB_MANAGEMENT)
		return UI_REDRAW | UI_WIZARD_NEXT;
	if (row->kind == UI_ROW_CREATE)
		return guest_form(r, wz);
	if (row->kind != UI_ROW_CHOICE)
		return UI_REDRAW;
	if (app_onboarding_manage(app(r), r->draft.tenant, "csp", NULL, &err)) {
		ui_console_message(r->c, UI_SLOT_ERROR, "%s", err.message);
		return UI_REDRAW;
	}
	r->draft.guest_email[0] = r->draft.management[0] = '\0';
	enter(r, wz);
	return UI_REDRAW | UI_WIZARD_NEXT;
}

static unsigned
handle(void *data, struct ui_wizard *wz, enum ui_action a, int key)
{
	struct run *r = data;
	struct ui_row *row = ui_rows_selected(&r->rows);
	bool was = row && row->on;
	unsigned res;

	if (a == UI_ACTION_TICK || (key == ' ' && row && row->kind == UI_ROW_CHECKBOX))
		return toggle(r, wz, row, !was);
	if ((res = ui_rows_handle(&r->rows, a, key)) != UI_PASS)
		return res;
	if (a == UI_ACTION_OPEN)
		return choose(r, wz, row);
	return UI_PASS;
}

static bool
body_disabled(void *data, const struct ui_wizard *wz, enum ui_action a, char *why, size_t size)
{
	struct run *r = data;
	const struct ui_row *row = ui_rows_selected(&r->rows);

	(void)wz;
	if (a == UI_ACTION_TICK && (!row || row->kind != UI_ROW_CHECKBOX)) {
		snprintf(why, size, "only on a step ticked by hand; derived steps show what the data holds");
		return true;
	}
	return a == UI_ACTION_EXPAND || a == UI_ACTION_DETAILS ? (snprintf(why, size, "not in the checklist"), true)
							       : false;
}

static bool
note(void *data, const struct ui_wizard *wz, char *out, size_t size)
{
	struct run *r = data;

	(void)wz;
	if (!r->ob.warning[0])
		return false;
	snprintf(out, size, "! %s", r->ob.warning_short);
	return true;
}

static const char *
state(void *data, int step)
{
	struct run *r = data;

	return step >= 0 && step < CORE_ONB_NSTEPS ? r->states[step] : NULL;
}

static enum core_status
finish(void *data, struct ui_wizard *wz, char *msg, size_t size, struct core_error *err)
{
	struct run *r = data;

	(void)wz;
	app_draft_discard(app(r), APP_ONBOARDING_DRAFT_KIND, err);
	core_error_clear(err);
	snprintf(msg, size, "Onboarding of %s: %d of %d steps done.", r->ob.o.customer, app_onboarding_done(&r->ob),
		 r->ob.nitems);
	return CORE_OK;
}

static void
save(void *data, struct ui_wizard *wz)
{
	keep_draft(data, wz);
}

static void
discard(void *data, struct ui_wizard *wz)
{
	struct run *r = data;
	struct core_error err;

	(void)wz;
	app_draft_discard(app(r), APP_ONBOARDING_DRAFT_KIND, &err);
}

static void
free_run(void *data)
{
	struct run *r = data;

	ui_rows_free(&r->rows);
	free(r);
}

/* x ticks; p and i have nothing to show in a checklist. */
static const enum ui_action checklist_keys[] = {
	UI_ACTION_OPEN, UI_ACTION_TICK, UI_ACTION_STEP_NEXT, UI_ACTION_STEP_BACK, UI_ACTION_DISCARD,
	UI_ACTION_NEXT, UI_ACTION_NONE,
};

static const struct ui_wizard_ops checklist = {
	.title = "Onboard an end customer",
	.end_marker = "Done",
	.keys = checklist_keys,
	.enter = enter,
	.draw = draw,
	.handle = handle,
	.disabled = body_disabled,
	.note = note,
	.state = state,
	.finish = finish,
	.save = save,
	.discard = discard,
	.free = free_run,
};

/* Opens the checklist on d's tenant at step (NULL: the first); false,
 * with the reason shown, when it cannot be read. */
static bool
open_at(struct ui_console *c, const struct app_onb_draft *d, const char *step)
{
	struct run *r = calloc(1, sizeof(*r));
	struct core_wizard w;
	struct core_error err;

	if (!r) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the checklist.");
		return false;
	}
	r->c = c;
	r->rows.cursor = -1;
	r->draft = *d;
	if (app_onboarding_read(ui_console_app(c), d->tenant, &r->ob, &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		free(r);
		return false;
	}
	snprintf(r->draft.customer, sizeof(r->draft.customer), "%s", r->ob.o.customer);
	r->reopen_guest = step && strcmp(step, "management") == 0 && strcmp(d->management, "guest") == 0 &&
			  d->guest_email[0];
	core_wizard_init(&w, core_onboarding_steps, CORE_ONB_NSTEPS, 0, NULL, NULL);
	if (step && step[0] && !core_wizard_resume(&w, step))
		ui_console_message(c, UI_SLOT_ERROR, "The draft's step \"%s\" is unknown; the checklist starts over.",
				   step);
	ui_wizard_open(c, &checklist, r, &w);
	return true;
}

void
ui_onboarding_open(struct ui_console *c, const char *tenant)
{
	struct app_onb_draft d = { .tenant = "" };
	struct store_draft s;
	struct core_error err;
	char step[64] = "";
	bool kept = false;

	/* The tenant's draft, when it is the one kept: where it was left. */
	if (app_draft_get(ui_console_app(c), APP_ONBOARDING_DRAFT_KIND, &s, &err) == CORE_OK) {
		kept = app_onboarding_draft_read(&s, &d, step, sizeof(step)) && strcasecmp(d.tenant, tenant) == 0;
		app_draft_free(&s);
	}
	if (!kept) {
		memset(&d, 0, sizeof(d));
		step[0] = '\0';
		snprintf(d.tenant, sizeof(d.tenant), "%s", tenant);
	}
	open_at(c, &d, step);
}

/* --- a new onboarding --- */

/* The start form's draft. */
#define DRAFT_START "stack.start"

struct start {
	struct ui_console *c;
	char tenant[64];
};

static enum core_status
submit_start(void *data, struct ui_form *f, struct core_error *err)
{
	struct start *s = data;
	const char *tenant = s->tenant[0] ? s->tenant : f->fields[0].value;
	enum core_status rc = app_onboarding_start(ui_console_app(s->c), tenant, f->fields[1].value, err);

	if (!rc)
		snprintf(s->tenant, sizeof(s->tenant), "%s", tenant);
	return rc;
}

static bool
check_tenant(const char *value, char *msg, size_t size)
{
	struct core_error err;

	if (core_guid_parse(value, NULL, &err))
		return true;
	snprintf(msg, size, "%s", err.message);
	return false;
}

void
ui_onboarding_start(struct ui_console *c, const char *tenant, const char *customer, const struct store_draft *d)
{
	struct app_onboarding *ob = malloc(sizeof(*ob));
	struct ui_field fields[] = {
		{ .label = "Customer's tenant", .required = true, .check = check_tenant,
		  .hint = "The tenant the customer signs in to Azure Stack with" },
		{ .label = "Customer", .required = true, .check = ui_form_check_name,
		  .hint = "The customer's name, as in Partner Center" },
	};
	struct start s = { .c = c };
	struct ui_form f = { .title = "Start an onboarding", .fields = fields, .nfields = 2, .submit = "Start",
			     .on_submit = submit_start, .data = &s, .draft_kind = DRAFT_START,
			     .draft_key = tenant };
	struct core_error err;
	bool started = false;

	if (tenant) {
		snprintf(s.tenant, sizeof(s.tenant), "%s", tenant);
		started = ob && app_onboarding_read(ui_console_app(c), tenant, ob, &err) == CORE_OK;
		fields[0].kind = UI_FIELD_READONLY;
		snprintf(fields[0].value, sizeof(fields[0].value), "%s", tenant);
		snprintf(fields[1].value, sizeof(fields[1].value), "%s", customer ? customer : "");
	}
	free(ob);
	if (d && started)
		app_draft_discard(ui_console_app(c), DRAFT_START, &err);
	else if (d)
		ui_form_restore(&f, d);
	if (started || ui_form_run(c, &f))
		ui_onboarding_open(c, s.tenant);
}

bool
ui_onboarding_resume(struct ui_console *c, const struct store_draft *s)
{
	struct app_onb_draft d;
	char step[64];

	/* A start on a customer already chosen keeps its tenant as its key. */
	if (strcmp(s->kind, DRAFT_START) == 0) {
		ui_onboarding_start(c, app_draft_value(s, "_key", step, sizeof(step)) ? step : NULL, NULL, s);
		return true;
	}
	if (!app_onboarding_draft_read(s, &d, step, sizeof(step)))
		return false;
	open_at(c, &d, step);
	return true;
}
