#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_link.h"
#include "billcon/app_partner.h"
#include "billcon/core_link.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_form.h"
#include "billcon/ui_link.h"
#include "billcon/ui_wizard.h"

/* The most accounts and profiles a step lists (a tenant has a few). */
#define MAX_ACCOUNTS 64
#define MAX_PROFILES 64

/* The note under a read-only field of the new account. */
#define LEGAL_NOTE "Changes in the legal profile (Partner Center account settings)."

/* One run of the link wizard: what is entered, and what its steps show. */
struct run {
	struct ui_console *c;
	struct core_link l;
	struct app_partner_account accounts[MAX_ACCOUNTS];
	int naccounts;
	bool expanded[MAX_ACCOUNTS];  /* an account's profiles shown under it */
	struct store_profile profiles[MAX_PROFILES];
	int nprofiles;
	struct ui_rows rows;
	/* The legal profile a new account is prefilled from. */
	char name[256], address[512], country[8], contact[256];
	char contact_hint[512];       /* the primary contact's note: the warning when empty */
	char error[512];              /* a failed read, shown in the body */
	struct core_link before;      /* while a form is open: what Esc puts back */
};

static struct app_ctx *
app(struct ui_console *c)
{
	return ui_console_app(c);
}

/* --- the link wizard's steps --- */

static void
keep_draft(struct run *r, const struct ui_wizard *wz)
{
	struct core_error err;

	app_link_draft_save(app(r->c), &wz->w, &r->l, &err);
}

static const struct app_partner_account *
account_named(const struct run *r, const char *name)
{
	int i;

	for (i = 0; i < r->naccounts; i++)
		if (strcmp(r->accounts[i].account.name, name) == 0)
			return &r->accounts[i];
	return NULL;
}

/* The profile of the chosen account named name, as the last profile step
 * read it; NULL when it is not among them. */
static const struct store_profile *
profile_named(const struct run *r, const char *name)
{
	int i;

	for (i = 0; i < r->nprofiles; i++)
		if (strcmp(r->profiles[i].name, name) == 0)
			return &r->profiles[i];
	return NULL;
}

/* An account's line under its name: its ARM name, profiles, country, MCA. */
static void
account_note(const struct app_partner_account *a, char *out, size_t size)
{
	snprintf(out, size, "%d profile%s | sold to %s%s | %s", a->nprofiles, a->nprofiles == 1 ? "" : "s",
		 a->account.sold_to_country[0] ? a->account.sold_to_country : "-",
		 a->account.mca_accepted_by[0] ? " | MCA accepted" : "", a->account.name);
}

/* A profile's payment instrument; "None" until one is added at purchase. */
static const char *
instrument(const struct store_profile *p)
{
	return p->payment_instrument[0] ? p->payment_instrument : "None";
}

static void
profile_note(const struct store_profile *p, bool reuse, char *out, size_t size)
{
	snprintf(out, size, "%s | payment instrument %s%s", p->name, instrument(p),
		 reuse ? " | must be reused" : "");
}

/* An account's profiles under it (p toggles them). */
static void
add_profiles_of(struct run *r, const struct app_partner_account *a)
{
	struct store_profile p[MAX_PROFILES];
	struct core_error err;
	char text[600];
	int n = 0, i;

	if (app_partner_profiles(app(r->c), a->account.name, p, MAX_PROFILES, &n, &err)) {
		ui_rows_add(&r->rows, UI_ROW_TEXT, err.message, NULL);
		return;
	}
	if (n == 0)
		ui_rows_add_line(&r->rows, "no billing profile yet", 6, UI_SLOT_NORMAL);
	for (i = 0; i < n && i < MAX_PROFILES; i++) {
		snprintf(text, sizeof(text), "profile %s (payment instrument %s)", p[i].display_name,
			 instrument(&p[i]));
		ui_rows_add_line(&r->rows, text, 6, UI_SLOT_NORMAL);
	}
}

/* Adds a choice (tag: its index, -1 for a "Create new ..." row), marked
 * when chosen; the chosen row's index goes to *at. */
static struct ui_row *
add_choice(struct run *r, enum ui_row_kind kind, const char *text, const char *note, int tag,
	   bool chosen, int *at)
{
	struct ui_row *row = ui_rows_add(&r->rows, kind, text, note);

	if (!row)
		return NULL;
	row->tag = tag;
	row->chosen = chosen;
	if (chosen)
		*at = r->rows.n - 1;
	return row;
}

/* Says that a list holds more than the wizard shows, and where the rest
 * may be chosen (the command line takes any by its ID), in a line that
 * fits 60 columns. */
static void
add_more(struct run *r, int shown, int total, const char *what)
{
	char text[300];

	if (total <= shown)
		return;
	snprintf(text, sizeof(text), "%d of %d %s shown; billcon partner link takes any.", shown, total, what);
	ui_rows_add_line(&r->rows, text, 0, UI_SLOT_MESSAGE);
}

static void
enter_account(struct run *r)
{
	struct core_error err;
	char note[600];
	int i, total = 0, chosen = -1;

	if (app_partner_accounts(app(r->c), r->accounts, MAX_ACCOUNTS, &total, &err)) {
		snprintf(r->error, sizeof(r->error), "%s", err.message);
		total = 0;
	}
	r->naccounts = total < MAX_ACCOUNTS ? total : MAX_ACCOUNTS;
	for (i = 0; i < r->naccounts; i++) {
		account_note(&r->accounts[i], note, sizeof(note));
		add_choice(r, UI_ROW_CHOICE, r->accounts[i].account.display_name, note, i,
			   !r->l.new_account && strcmp(r->l.account, r->accounts[i].account.name) == 0, &chosen);
		if (r->expanded[i])
			add_profiles_of(r, &r->accounts[i]);
	}
	add_more(r, r->naccounts, total, "accounts");
	if (r->l.new_account)
		snprintf(note, sizeof(note), "New: %s", r->l.account_name);
	else
		snprintf(note, sizeof(note), "Prefilled from the legal profile: %s", r->name);
	add_choice(r, UI_ROW_CREATE, "Create new billing account", note, -1, r->l.new_account, &chosen);
	ui_rows_select(&r->rows, chosen);
}

static void
enter_profile(struct run *r)
{
	struct core_error err;
	char note[600], title[600];
	int i, total = 0, chosen = -1;

	r->nprofiles = 0;
	if (!r->l.new_account &&
	    app_partner_profiles(app(r->c), r->l.account, r->profiles, MAX_PROFILES, &total, &err))
		snprintf(r->error, sizeof(r->error), "%s", err.message);
	else if (!r->l.new_account)
		r->nprofiles = total < MAX_PROFILES ? total : MAX_PROFILES;
	snprintf(title, sizeof(title), "Billing profiles of %s%s", r->l.account_name,
		 r->l.new_account ? " (new: it has none yet)" : "");
	ui_rows_add(&r->rows, UI_ROW_HEADING, title, NULL);
	for (i = 0; i < r->nprofiles; i++) {
		bool reuse = strcmp(r->profiles[i].name, r->l.reuse_profile) == 0;
		profile_note(&r->profiles[i], reuse, note, sizeof(note));
		add_choice(r, UI_ROW_CHOICE, r->profiles[i].display_name, note, i,
			   !r->l.new_profile && strcmp(r->l.profile, r->profiles[i].name) == 0, &chosen);
	}
	add_more(r, r->nprofiles, total, "profiles");
	if (r->l.new_profile)
		snprintf(note, sizeof(note), "New: %s (payment instrument None)", r->l.profile_name);
	else if (r->l.reuse_profile[0])
		snprintf(note, sizeof(note), "Refused: %s has no payment instrument and must be reused",
			 r->l.reuse_profile_name);
	else
		snprintf(note, sizeof(note), "Payment instrument None: payment details are added at purchase");
	add_choice(r, UI_ROW_CREATE, "Create new billing profile", note, -1, r->l.new_profile, &chosen);
	ui_rows_select(&r->rows, chosen);
}

static void
add_line(struct run *r, const char *label, const char *value)
{
	char text[800];

	snprintf(text, sizeof(text), "%-17s %s", label, value && *value ? value : "-");
	ui_rows_add_line(&r->rows, text, 2, UI_SLOT_NORMAL);
}

static void
enter_review(struct run *r)
{
	const struct app_partner_account *a = r->l.new_account ? NULL : account_named(r, r->l.account);
	const struct store_profile *p;
	char text[800], note[600];
	struct ui_row *row;

	ui_rows_add(&r->rows, UI_ROW_HEADING, "Billing account", NULL);
	snprintf(text, sizeof(text), "%s%s", r->l.account_name, r->l.new_account ? " (new)" : "");
	add_line(r, "Name", text);
	add_line(r, "ID", a ? a->account.name : "given when it is made, at Finish");
	add_line(r, "Sold-to address", a ? a->account.sold_to_address : r->address);
	add_line(r, "Sold-to country", r->l.sold_to_country);
	add_line(r, "Primary contact", r->l.new_account ? r->l.primary_contact
			  : a ? a->account.primary_contact : "");
	if (core_link_warning(&r->l, CORE_LINK_STEP_ACCOUNT, note, sizeof(note)))
		ui_rows_add_line(&r->rows, note, 2, UI_SLOT_STATE_WAIT);
	ui_rows_add(&r->rows, UI_ROW_HEADING, "Billing profile", NULL);
	snprintf(text, sizeof(text), "%s%s", r->l.profile_name, r->l.new_profile ? " (new)" : "");
	add_line(r, "Name", text);
	if (r->l.new_profile) {
		add_line(r, "Payment", "None: payment details are added at purchase");
	} else if ((p = profile_named(r, r->l.profile)) != NULL) {
		add_line(r, "ID", p->name);
		add_line(r, "Payment", instrument(p));
	}
	ui_rows_add(&r->rows, UI_ROW_HEADING, "Microsoft Customer Agreement", NULL);
	note[0] = '\0';
	if (core_link_mca_locked(&r->l))
		snprintf(note, sizeof(note), "Accepted for this account before%s%s%s%s",
			 a && a->account.mca_accepted_by[0] ? " by " : "", a ? a->account.mca_accepted_by : "",
			 a && a->account.mca_accepted_on[0] ? " on " : "", a ? a->account.mca_accepted_on : "");
	if ((row = ui_rows_add(&r->rows, UI_ROW_CHECKBOX, "I accept the Microsoft Customer Agreement",
			       note))) {
		row->locked = core_link_mca_locked(&r->l);
		row->on = row->locked || r->l.accept_mca;
		row->tag = 0;
	}
	if (core_link_needs_italy(&r->l) &&
	    (row = ui_rows_add(&r->rows, UI_ROW_CHECKBOX,
			       "Italy: I accept the MCA's clauses again, separately",
			       "The sold-to country is IT: a second acknowledgement is required"))) {
		row->on = r->l.accept_mca_italy;
		row->tag = 1;
	}
}

static void
enter(void *data, struct ui_wizard *wz)
{
	struct run *r = data;

	ui_rows_clear(&r->rows);
	r->error[0] = '\0';
	switch (wz->w.current) {
	case CORE_LINK_STEP_ACCOUNT:
		enter_account(r);
		break;
	case CORE_LINK_STEP_PROFILE:
		enter_profile(r);
		break;
	default:
		enter_review(r);
	}
}

/* The rows again where the cursor was (an account's profiles toggled). */
static void
reenter(struct run *r, struct ui_wizard *wz)
{
	int cursor = r->rows.cursor, top = r->rows.top;

	enter(r, wz);
	r->rows.top = top;
	ui_rows_select(&r->rows, cursor);
}

static void
draw(void *data, struct ui_wizard *wz, int y, int x, int h, int w)
{
	struct run *r = data;

	(void)wz;
	ui_rows_draw_error(&r->rows, r->error, y, x, h, w);
}

/* --- the forms of a new account and a new profile --- */

/* The primary contact's note: the warning when it is empty. */
static void
contact_hint(struct run *r, const char *contact)
{
	struct core_link l = r->l;

	core_link_choose_new_account(&l, "-", contact, r->country);
	if (!core_link_warning(&l, CORE_LINK_STEP_ACCOUNT, r->contact_hint, sizeof(r->contact_hint)))
		snprintf(r->contact_hint, sizeof(r->contact_hint), "Optional: who is told about purchases");
}

/* A form's run: the wizard's run and the frame, for its draft. */
struct form_run {
	struct run *r;
	struct ui_wizard *wz;
};

static void
apply_account(struct run *r, const struct ui_form *f)
{
	struct core_error err;

	core_link_choose_new_account(&r->l, f->fields[0].value, f->fields[3].value, r->country);
	app_partner_fill(app(r->c), &r->l, &err);
}

/* A field left, or a stop signal: the whole wizard's draft with what the
 * form holds. */
static void
keep_account(void *data, const struct ui_form *f)
{
	struct form_run *fr = data;

	apply_account(fr->r, f);
	contact_hint(fr->r, f->fields[3].value);
	keep_draft(fr->r, fr->wz);
}

/* Create: the choice is made as when a field is left (the frame goes on). */
static enum core_status
submit_account(void *data, struct ui_form *f, struct core_error *err)
{
	(void)err;
	keep_account(data, f);
	return CORE_OK;
}

/* Runs the form f of a "Create new ..." row (its hooks get the run and
 * the frame, for the draft). Submitted, the wizard goes on; Esc puts back
 * what was chosen before it opened; a stop signal keeps what it held (its
 * keep hook saved it). */
static unsigned
run_form(struct run *r, struct ui_wizard *wz, struct ui_form *f)
{
	struct form_run fr = { r, wz };
	bool done;

	f->submit = "Create";
	f->data = &fr;
	r->before = r->l;
	done = ui_form_run(r->c, f);
	if (done)
		return UI_REDRAW | UI_WIZARD_NEXT;
	if (!ui_console_stopping(r->c)) {
		r->l = r->before;
		keep_draft(r, wz);
	}
	return UI_REDRAW;
}

static unsigned
new_account(struct run *r, struct ui_wizard *wz)
{
	struct ui_field fields[] = {
		{ .label = "Billing account name", .required = true, .check = ui_form_check_name,
		  .hint = "Prefilled from the legal profile (the company's name)" },
		{ .label = "Sold-to address (legal profile)", .kind = UI_FIELD_READONLY, .hint = LEGAL_NOTE },
		{ .label = "Sold-to country (legal profile)", .kind = UI_FIELD_READONLY, .hint = LEGAL_NOTE },
		{ .label = "Primary contact", .check = ui_form_check_email, .hint = r->contact_hint },
	};
	struct ui_form f = { .title = "Create new billing account", .fields = fields, .nfields = 4,
			     .on_submit = submit_account, .keep = keep_account };

	snprintf(fields[0].value, sizeof(fields[0].value), "%s", r->l.new_account ? r->l.account_name : r->name);
	snprintf(fields[1].value, sizeof(fields[1].value), "%s", r->address);
	snprintf(fields[2].value, sizeof(fields[2].value), "%s", r->country);
	snprintf(fields[3].value, sizeof(fields[3].value), "%s",
		 r->l.new_account ? r->l.primary_contact : r->contact);
	contact_hint(r, fields[3].value);
	return run_form(r, wz, &f);
}

/* Whether a new profile named name may be chosen: false, with the
 * guard's sentence in why, when a profile with no payment instrument must
 * be reused; else the choice is made in r. */
static bool
try_profile(struct run *r, const char *name, char *why, size_t size)
{
	struct core_link l = r->l;

	core_link_choose_new_profile(&l, name);
	if (!core_link_guard(&l, CORE_LINK_STEP_PROFILE, why, size))
		return false;
	r->l = l;
	return true;
}

static void
keep_profile(void *data, const struct ui_form *f)
{
	struct form_run *fr = data;
	char why[512];

	if (f->fields[0].value[0])
		try_profile(fr->r, f->fields[0].value, why, sizeof(why));
	keep_draft(fr->r, fr->wz);
}

static enum core_status
submit_profile(void *data, struct ui_form *f, struct core_error *err)
{
	struct form_run *fr = data;
	char why[512];

	if (!try_profile(fr->r, f->fields[0].value, why, sizeof(why)))
		return core_error_set(err, CORE_REFUSED, "%s", why);
	keep_draft(fr->r, fr->wz);
	return CORE_OK;
}

/* The row of the profile to reuse, -1 when none. */
static int
reuse_row(const struct run *r)
{
	int i;

	for (i = 0; i < r->rows.n; i++)
		if (r->rows.rows[i].kind == UI_ROW_CHOICE && r->rows.rows[i].tag >= 0 &&
		    strcmp(r->profiles[r->rows.rows[i].tag].name, r->l.reuse_profile) == 0)
			return i;
	return -1;
}

static unsigned
new_profile(struct run *r, struct ui_wizard *wz)
{
	struct ui_field fields[] = {
		{ .label = "Billing profile name", .required = true, .check = ui_form_check_name,
		  .hint = "1 to 64 characters" },
		{ .label = "Payment instrument", .kind = UI_FIELD_READONLY,
		  .hint = "Payment details cannot be added here: they are added at purchase." },
	};
	struct ui_form f = { .title = "Create new billing profile", .fields = fields, .nfields = 2,
			     .on_submit = submit_profile, .keep = keep_profile };
	struct core_link chosen = r->l;
	char why[512];

	/* Refused before any typing: the one to reuse is pointed at. */
	if (!try_profile(r, "New billing profile", why, sizeof(why))) {
		ui_rows_select(&r->rows, reuse_row(r));
		ui_console_message(r->c, UI_SLOT_ERROR, "%s", why);
		return UI_REDRAW;
	}
	r->l = chosen;
	snprintf(fields[0].value, sizeof(fields[0].value), "%s", r->l.new_profile ? r->l.profile_name : "");
	snprintf(fields[1].value, sizeof(fields[1].value), "None");
	return run_form(r, wz, &f);
}

/* Enter on a choice: chosen, its facts read, the draft kept, and on. */
static unsigned
choose(struct run *r, struct ui_wizard *wz, const struct ui_row *row)
{
	struct core_error err;

	if (wz->w.current == CORE_LINK_STEP_ACCOUNT) {
		const struct store_account *a = &r->accounts[row->tag].account;
		core_link_choose_account(&r->l, a->name, a->display_name);
	} else {
		const struct store_profile *p = &r->profiles[row->tag];
		core_link_choose_profile(&r->l, p->name, p->display_name);
	}
	if (app_partner_fill(app(r->c), &r->l, &err))
		ui_console_message(r->c, UI_SLOT_ERROR, "%s", err.message);
	keep_draft(r, wz);
	return UI_REDRAW | UI_WIZARD_NEXT;
}

/* Space on a checkbox of Review: the choice kept as a field left. */
static void
toggled(struct run *r, struct ui_wizard *wz, const struct ui_row *row)
{
	if (row->locked)
		return;
	if (row->tag == 0)
		r->l.accept_mca = row->on;
	else
		r->l.accept_mca_italy = row->on;
	keep_draft(r, wz);
}

static unsigned
account_details(struct run *r, const struct ui_row *row)
{
	const struct app_partner_account *pa = &r->accounts[row->tag];
	const struct store_account *a = &pa->account;
	char profiles[32], mca[600];
	struct ui_detail f[] = {
		{ "Name", a->display_name },
		{ "Billing account", a->name },
		{ "Agreement", a->agreement_type },
		{ "Account type", a->account_type },
		{ "Status", a->account_status },
		{ "Primary tenant", a->primary_tenant_id },
		{ "Sold-to company", a->sold_to_company },
		{ "Sold-to address", a->sold_to_address },
		{ "Sold-to country", a->sold_to_country },
		{ "Primary contact", a->primary_contact },
		{ "MCA accepted", mca },
		{ "Billing profiles", profiles },
	};

	snprintf(profiles, sizeof(profiles), "%d (p shows them in the list)", pa->nprofiles);
	if (a->mca_accepted_by[0])
		snprintf(mca, sizeof(mca), "by %s on %s", a->mca_accepted_by, a->mca_accepted_on);
	else
		snprintf(mca, sizeof(mca), "not yet");
	ui_details_open(r->c, a->display_name, f, (int)(sizeof(f) / sizeof(f[0])), "the billing account",
			a->name);
	return UI_REDRAW;
}

static unsigned
profile_details(struct run *r, const struct ui_row *row)
{
	const struct store_profile *p = &r->profiles[row->tag];
	struct ui_detail f[] = {
		{ "Name", p->display_name },
		{ "Billing profile", p->name },
		{ "Billing account", r->l.account_name },
		{ "Payment instrument", instrument(p) },
	};

	ui_details_open(r->c, p->display_name, f, 4, "the billing profile", p->name);
	return UI_REDRAW;
}

static unsigned
open_row(struct run *r, struct ui_wizard *wz, const struct ui_row *row)
{
	if (wz->w.current == CORE_LINK_STEP_REVIEW)
		return UI_REDRAW | UI_WIZARD_NEXT;
	if (!row)
		return UI_REDRAW;
	if (row->kind == UI_ROW_CHOICE)
		return choose(r, wz, row);
	if (row->kind != UI_ROW_CREATE)
		return UI_REDRAW;
	return wz->w.current == CORE_LINK_STEP_ACCOUNT ? new_account(r, wz) : new_profile(r, wz);
}

static unsigned
handle(void *data, struct ui_wizard *wz, enum ui_action a, int key)
{
	struct run *r = data;
	struct ui_row *row = ui_rows_selected(&r->rows);
	unsigned res;

	if ((res = ui_rows_handle(&r->rows, a, key)) != UI_PASS) {
		if (key == ' ' && row && row->kind == UI_ROW_CHECKBOX)
			toggled(r, wz, row);
		return res;
	}
	switch (a) {
	case UI_ACTION_OPEN:
		return open_row(r, wz, row);
	case UI_ACTION_EXPAND:
		r->expanded[row->tag] = !r->expanded[row->tag];
		reenter(r, wz);
		return UI_REDRAW;
	case UI_ACTION_DETAILS:
		return wz->w.current == CORE_LINK_STEP_ACCOUNT ? account_details(r, row)
							       : profile_details(r, row);
	default:
		return UI_PASS;
	}
}

/* Profiles and details are an existing account's or profile's. */
static bool
body_disabled(void *data, const struct ui_wizard *wz, enum ui_action a, char *why, size_t size)
{
	struct run *r = data;
	const struct ui_row *row = ui_rows_selected(&r->rows);
	bool listed = row && row->kind == UI_ROW_CHOICE;

	if (a == UI_ACTION_EXPAND && (wz->w.current != CORE_LINK_STEP_ACCOUNT || !listed)) {
		snprintf(why, size, "only on a billing account of Select billing account");
		return true;
	}
	if (a == UI_ACTION_DETAILS && (wz->w.current == CORE_LINK_STEP_REVIEW || !listed)) {
		snprintf(why, size, "only on a billing account or profile of the list");
		return true;
	}
	return false;
}

static bool
note(void *data, const struct ui_wizard *wz, char *out, size_t size)
{
	struct run *r = data;

	return core_link_warning(&r->l, wz->w.current, out, size);
}

static enum core_status
finish(void *data, struct ui_wizard *wz, char *msg, size_t size, struct core_error *err)
{
	struct run *r = data;

	(void)wz;
	return app_link_finish(app(r->c), &r->l, msg, size, err);
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
	app_draft_discard(app(r->c), APP_PARTNER_DRAFT_KIND, &err);
}

static void
free_run(void *data)
{
	struct run *r = data;

	ui_rows_free(&r->rows);
	free(r);
}

static const struct ui_wizard_ops link_wizard = {
	.title = "Link a billing profile",
	.end_marker = "Finish",
	.enter = enter,
	.draw = draw,
	.handle = handle,
	.disabled = body_disabled,
	.note = note,
	.finish = finish,
	.save = save,
	.discard = discard,
	.free = free_run,
};

/* --- a run opened: new, or again from its draft --- */

/* A run's start: the legal profile a new account is prefilled from;
 * NULL, with why shown, when it cannot be read (the caller has nothing to
 * open). */
static struct run *
new_run(struct ui_console *c)
{
	struct run *r = calloc(1, sizeof(*r));
	struct core_error err;

	if (!r) {
		ui_console_message(c, UI_SLOT_ERROR, "Out of memory opening the wizard.");
		return NULL;
	}
	r->c = c;
	r->rows.cursor = -1;
	if (app_partner_new_account_defaults(app(c), r->name, sizeof(r->name), r->address,
					     sizeof(r->address), r->country, sizeof(r->country),
					     r->contact, sizeof(r->contact), &err)) {
		ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
		free(r);
		return NULL;
	}
	return r;
}

/* Opens the wizard on r, at step (a draft's) or where its mode starts. */
static void
open_run(struct ui_console *c, struct run *r, const char *step)
{
	struct core_wizard w;

	core_link_wizard(&w, &r->l);
	if (step && step[0] && !core_wizard_resume(&w, step))
		ui_console_message(c, UI_SLOT_ERROR, "The draft's step \"%s\" is unknown; the wizard starts over.",
				   step);
	ui_wizard_open(c, &link_wizard, r, &w);
}

/* The actor's draft, opened again when mode is its mode (any when mode
 * < 0); false when it does not read, or is of another mode. */
static bool
resume_draft(struct ui_console *c, const struct store_draft *d, int mode)
{
	struct core_error err;
	char step[64];
	struct run *r = new_run(c);

	if (!r)
		return true;
	if (app_link_draft_read(app(c), d, &r->l, step, sizeof(step), &err) ||
	    (mode >= 0 && (int)r->l.mode != mode)) {
		free_run(r);
		return false;
	}
	open_run(c, r, step);
	return true;
}

/* Every run, started or resumed, meets the preconditions first (a
 * Global administrator of a tenant of the account, the account Active,
 * the purchase tenant: DOMAIN.md §6): a draft left before a change of
 * role must not open either. False, with the sentence of the one that
 * fails shown. */
static bool
may_run(struct ui_console *c)
{
	struct core_error err;

	if (app_partner_preconditions(app(c), &err) == CORE_OK)
		return true;
	ui_console_message(c, UI_SLOT_ERROR, "%s", err.message);
	return false;
}

void
ui_link_start(struct ui_console *c, enum core_link_mode mode, const char *account,
	      const char *account_name)
{
	struct store_draft d;
	struct core_error err;
	struct run *r;

	if (!may_run(c))
		return;
	if (app_draft_get(app(c), APP_PARTNER_DRAFT_KIND, &d, &err) == CORE_OK) {
		bool resumed = resume_draft(c, &d, (int)mode);
		app_draft_free(&d);
		if (resumed)
			return;
	}
	if (!(r = new_run(c)))
		return;
	core_link_init(&r->l, mode);
	if (mode == CORE_LINK_CHANGE_PROFILE) {
		core_link_choose_account(&r->l, account, account_name);
		app_partner_fill(app(c), &r->l, &err);
	}
	open_run(c, r, NULL);
}

bool
ui_link_resume(struct ui_console *c, const struct store_draft *d)
{
	if (strcmp(d->kind, APP_PARTNER_DRAFT_KIND) != 0)
		return false;
	if (!may_run(c))
		return true;
	return resume_draft(c, d, -1);
}
