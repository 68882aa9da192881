#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_hierarchy.h"
#include "billcon/core_validate.h"
#include "billcon/ui_console.h"
#include "billcon/ui_details.h"
#include "billcon/ui_dialog.h"
#include "billcon/ui_form.h"
#include "billcon/ui_hierarchy.h"
#include "billcon/ui_list.h"

enum { COL_NAME, COL_KIND, COL_STATE, COL_TENANT, NCOLS };

static const struct ui_column columns[NCOLS] = {
	/* The kind shows in the indentation too: it goes first when narrow. */
	[COL_NAME] = { .title = "Name", .min = 20, .pref = 40, .priority = 9 },
	[COL_KIND] = { .title = "Kind", .min = 15, .pref = 15, .priority = 1 },
	[COL_STATE] = { .title = "Billing", .min = 14, .pref = 14, .priority = 6 },
	[COL_TENANT] = { .title = "Service tenant", .min = 36, .pref = 36, .priority = 7 },
};

static const char *const sort_names[] = { "tree" };
/* The tree has one order, by level then name: no column carries the arrow. */
static const int sort_cols[] = { -1 };

struct hier {
	struct ui_list list;    /* first: the list's view operations take it so */
	struct ui_console *c;
};

static const char *
marker(const struct store_tree_row *r)
{
	bool utf8 = ui_screen_utf8();

	if (!r->has_children)
		return "  ";
	if (r->open)
		return utf8 ? "\xe2\x96\xbe " : "- ";
	return utf8 ? "\xe2\x96\xb8 " : "+ ";
}

static const char *
cell(const void *row, int col, int width, enum ui_slot *slot, char *buf, size_t size)
{
	static const char *const kinds[] = { "Billing account", "Billing profile", "Invoice section", "Subscription" };
	const struct store_tree_row *r = row;

	(void)width;
	switch (col) {
	case COL_NAME:
		snprintf(buf, size, "%*s%s%s", 2 * (int)r->depth, "", marker(r), r->display_name);
		return buf;
	case COL_KIND:
		return kinds[r->depth];
	case COL_STATE:
		if (r->depth == STORE_TREE_PROFILE) {
			snprintf(buf, size, "day %d %s", r->invoice_day, r->currency);
			return buf;
		}
		if (r->depth != STORE_TREE_SUBSCRIPTION)
			return "";
		*slot = strcmp(r->status, "Active") == 0 ? UI_SLOT_STATE_GOOD : UI_SLOT_STATE_OFF;
		if (r->transferred_from[0]) {
			snprintf(buf, size, "%s, linked", r->status);
			return buf;
		}
		return r->status;
	default:
		return r->depth == STORE_TREE_SUBSCRIPTION ? r->tenant_id : "";
	}
}

static const struct ui_list_def *
list_def(void)
{
	static struct ui_list_def def = { .cols = columns, .ncols = NCOLS, .sort_names = sort_names,
					  .sort_cols = sort_cols, .cell = cell };

	def.spec = store_tree_list();
	return &def;
}

static const struct store_tree_row *
selected(const struct hier *b)
{
	return ui_list_selected(&b->list);
}

static enum core_status
open_blade(void *priv, struct ui_console *c, struct core_error *err)
{
	struct hier *b = priv;

	(void)err;
	b->c = c;
	ui_list_open(&b->list, c, list_def(), NULL);
	return CORE_OK;
}

/* ---- open and close ---- */

/* Flips r's node in the list's key (the nodes toggled from the first
 * state, store_tree.h); false when the key is full. */
static bool
toggle(struct hier *b, const struct store_tree_row *r)
{
	static const char kinds[] = { 'a', 'p', 's' };
	char token[40], *key = b->list.key, *at;
	size_t n, len = strlen(key);

	snprintf(token, sizeof(token), ",%c%lld,", kinds[r->depth], r->id);
	n = strlen(token);
	if ((at = strstr(key, token))) {
		/* Keep the comma the next token starts with. */
		memmove(at, at + n - 1, strlen(at + n - 1) + 1);
		if (strcmp(key, ",") == 0)
			key[0] = '\0';
		return true;
	}
	if (len + n >= sizeof(b->list.key))
		return false;
	snprintf(key + len, sizeof(b->list.key) - len, "%s", len ? token + 1 : token);
	return true;
}

/* Moves the cursor to the row at key when the window holds it, so that
 * going up keeps the rows around in place; false when it is not there. */
static bool
select_shown(struct hier *b, const struct store_list_key *key)
{
	int i;

	for (i = 0; i < b->list.table.rows; i++) {
		if (b->list.keys[i].id != key->id || b->list.keys[i].num[1] != key->num[1] ||
		    b->list.keys[i].num[3] != key->num[3])
			continue;
		b->list.table.cursor = i;
		return true;
	}
	return false;
}

static unsigned
open_node(struct hier *b, const struct store_tree_row *r, bool open)
{
	struct store_list_key parent;

	/* While filtering every node is open: Left only goes up. */
	if (!b->list.filter[0] && r->has_children && r->open != open && r->depth < STORE_TREE_SUBSCRIPTION) {
		if (!toggle(b, r)) {
			ui_console_message(b->c, UI_SLOT_ERROR, "Too many nodes are open: close some first.");
			return UI_REDRAW;
		}
		ui_list_refresh(&b->list);
		return UI_REDRAW | UI_SELECT;
	}
	if (open || !store_tree_parent_key(r, ui_console_app(b->c)->account.id, &parent))
		return UI_DONE;
	if (!select_shown(b, &parent))
		ui_list_goto(&b->list, &parent);
	return UI_REDRAW | UI_SELECT;
}

/* ---- add ---- */

static bool
check_day(const char *value, char *msg, size_t size)
{
	long day;

	if (core_count_parse(value, 28, &day) && day >= 1)
		return true;
	snprintf(msg, size, "The invoice day must be a day of the month from 1 to 28.");
	return false;
}

static enum core_status
submit_profile(void *data, struct ui_form *f, struct core_error *err)
{
	struct hier *b = data;
	struct app_profile_new in = { f->fields[0].value, f->fields[1].value, atoi(f->fields[2].value),
				      f->fields[3].value };
	struct store_hier_profile p;
	struct store_hier_section s;
	enum core_status rc = app_hier_profile_add(ui_console_app(b->c), &in, &p, &s, err);

	if (rc)
		return rc;
	ui_list_refresh(&b->list);
	ui_console_message(b->c, UI_SLOT_MESSAGE, "Added billing profile \"%s\" (%s) with its invoice section.",
			   p.display_name, p.name);
	return CORE_OK;
}

/* The Add form of a billing profile, from a draft left earlier when d is
 * not NULL. */
static unsigned
add_profile(void *priv, const struct store_draft *d)
{
	struct hier *b = priv;
	struct ui_field fields[] = {
		{ .label = "Name", .required = true, .check = ui_form_check_name, .hint = "Unique in the account" },
		{ .label = "Payment instrument", .value = "None", .hint = "None until payment details are added" },
		{ .label = "Invoice day", .value = "5", .required = true, .check = check_day,
		  .hint = "The day of the month invoices are made, 1 to 28" },
		{ .label = "Currency", .value = "USD" },
	};
	struct ui_form f = { .title = "Add billing profile", .fields = fields, .nfields = 4, .submit = "Add",
			     .on_submit = submit_profile, .data = b, .draft_kind = "hierarchy.profile" };

	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

struct section_add {
	struct hier *b;
	char profile[256];
};

static enum core_status
submit_section(void *data, struct ui_form *f, struct core_error *err)
{
	struct section_add *a = data;
	struct store_hier_section s;
	enum core_status rc = app_hier_section_add(ui_console_app(a->b->c), a->profile, f->fields[1].value, &s, err);

	if (rc)
		return rc;
	ui_list_refresh(&a->b->list);
	ui_console_message(a->b->c, UI_SLOT_MESSAGE, "Added invoice section \"%s\" (%s) to \"%s\".", s.display_name,
			   s.name, s.profile_display);
	return CORE_OK;
}

/* An invoice section under the profile named profile (shown as shown),
 * from a draft left earlier when d is not NULL. */
static unsigned
add_section(struct hier *b, const char *profile, const char *shown, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Billing profile", .kind = UI_FIELD_READONLY },
		{ .label = "Name", .required = true, .check = ui_form_check_name, .hint = "Unique within the profile" },
	};
	struct section_add a = { .b = b };
	struct ui_form f = { .title = "Add invoice section", .fields = fields, .nfields = 2, .submit = "Add",
			     .on_submit = submit_section, .data = &a, .draft_kind = "hierarchy.section",
			     .draft_key = a.profile };

	snprintf(a.profile, sizeof(a.profile), "%s", profile);
	snprintf(fields[0].value, sizeof(fields[0].value), "%s", shown);
	if (d)
		ui_form_restore(&f, d);
	ui_form_run(b->c, &f);
	return UI_REDRAW;
}

/* ---- move and link: both choose a section ---- */

struct choose {
	struct hier *b;
	struct store_tree_row row;          /* the row the form was opened on */
	struct store_hier_section *sections;
	size_t n;
	int section_field;
};

static const char *
section_option(void *data, int i, char *note, size_t size)
{
	struct choose *ch = data;

	if (i < 0 || (size_t)i >= ch->n)
		return NULL;
	snprintf(note, size, "In billing profile \"%s\" (%s)%s", ch->sections[i].profile_display,
		 ch->sections[i].profile_name,
		 ch->sections[i].id == ch->row.section_id && ch->row.depth == STORE_TREE_SUBSCRIPTION
			 ? "; billed here now" : "");
	return ch->sections[i].display_name;
}

/* Reads the account's sections for the choice, the row's own chosen
 * first; with other (a move), the first section that is not the row's. */
static bool
load_sections(struct choose *ch, struct ui_field *field, bool other)
{
	struct core_error err;
	size_t i;

	if (app_hier_sections(ui_console_app(ch->b->c), NULL, &ch->sections, &ch->n, &err)) {
		ui_console_message(ch->b->c, UI_SLOT_ERROR, "%s", err.message);
		return false;
	}
	for (i = 0; i < ch->n; i++)
		if ((ch->sections[i].id == ch->row.section_id) != other) {
			field->choice = (int)i;
			if (other)
				break;
		}
	return ch->n > 0;
}

static const char *
chosen(const struct choose *ch, const struct ui_form *f)
{
	return ch->sections[f->fields[ch->section_field].choice].name;
}

static enum core_status
submit_move(void *data, struct ui_form *f, struct core_error *err)
{
	struct choose *ch = data;
	struct store_hier_sub sub;
	enum core_status rc = app_hier_move(ui_console_app(ch->b->c), ch->row.name, chosen(ch, f), &sub, err);

	if (rc)
		return rc;
	ui_list_refresh(&ch->b->list);
	ui_console_message(ch->b->c, UI_SLOT_MESSAGE, "Moved \"%s\" to invoice section \"%s\".", sub.display_name,
			   sub.section_display);
	return CORE_OK;
}

/* Moves the subscription of r, from a draft left earlier when d is not
 * NULL. */
static unsigned
move(struct hier *b, const struct store_tree_row *r, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Subscription", .kind = UI_FIELD_READONLY },
		{ .label = "Invoice section", .kind = UI_FIELD_CHOICE, .option = section_option,
		  .hint = "Any section of this billing account" },
	};
	struct choose ch = { .b = b, .row = *r, .section_field = 1 };
	struct ui_form f = { .title = "Move subscription", .fields = fields, .nfields = 2, .submit = "Move",
			     .on_submit = submit_move, .data = &ch, .draft_kind = "hierarchy.move",
			     .draft_key = r->name };

	snprintf(fields[0].value, sizeof(fields[0].value), "%s (%s)", r->display_name, r->name);
	if (load_sections(&ch, &fields[1], true)) {
		if (d)
			ui_form_restore(&f, d);
		ui_form_run(b->c, &f);
	}
	free(ch.sections);
	return UI_REDRAW;
}

static bool
check_guid(const char *value, char *msg, size_t size)
{
	struct core_error err;

	if (!*value || core_guid_parse(value, NULL, &err))
		return true;
	snprintf(msg, size, "%s", err.message);
	return false;
}

static enum core_status
submit_link(void *data, struct ui_form *f, struct core_error *err)
{
	struct choose *ch = data;
	struct app_hier_link in = { f->fields[0].value, chosen(ch, f), f->fields[1].value, f->fields[2].value,
				    f->fields[3].value };
	char tenant[600];
	const char *lines[] = { APP_HIER_LINK_NOTE, tenant, "Moving it to another directory is not billing:"
				" it is a different operation." };
	struct store_hier_sub sub;
	enum core_status rc;

	snprintf(tenant, sizeof(tenant), "It stays in service tenant %s; only who pays changes.",
		 f->fields[1].value[0] ? f->fields[1].value : "(its own, as the store knows it)");
	if (!ui_dialog_confirm(ch->b->c, "Link subscription for billing?", lines, 3, "Link", NULL))
		return core_error_set(err, CORE_REFUSED, "Nothing was linked.");
	if ((rc = app_hier_link(ui_console_app(ch->b->c), &in, &sub, err)))
		return rc;
	ui_list_refresh(&ch->b->list);
	ui_console_message(ch->b->c, UI_SLOT_MESSAGE, "Linked \"%s\" to \"%s\". %s", sub.display_name,
			   sub.section_display, APP_HIER_LINK_NOTE);
	return CORE_OK;
}

/* Links a subscription of another account to a section (r's first),
 * from a draft left earlier when d is not NULL. */
static unsigned
link_sub(struct hier *b, const struct store_tree_row *r, const struct store_draft *d)
{
	struct ui_field fields[] = {
		{ .label = "Subscription ID", .required = true, .check = check_guid },
		{ .label = "Service tenant", .check = check_guid,
		  .hint = "Where its resources live; it stays there" },
		{ .label = "Billed until now by", .required = true, .hint = "The billing account it comes from" },
		{ .label = "Name", .hint = "Empty: its ID" },
		{ .label = "Invoice section", .kind = UI_FIELD_CHOICE, .option = section_option,
		  .hint = "Only billing changes; Azure RBAC stays" },
	};
	struct choose ch = { .b = b, .row = *r, .section_field = 4 };
	struct ui_form f = { .title = "Link a subscription from another tenant", .fields = fields, .nfields = 5,
			     .submit = "Link", .on_submit = submit_link, .data = &ch,
			     .draft_kind = "hierarchy.link" };

	if (load_sections(&ch, &fields[4], false)) {
		if (d)
			ui_form_restore(&f, d);
		ui_form_run(b->c, &f);
	}
	free(ch.sections);
	return UI_REDRAW;
}

/* ---- the forms again, from their drafts ---- */

static bool
resume_section(void *priv, const char *key, const struct store_draft *d)
{
	struct hier *b = priv;
	struct store_hier_profile p;
	struct core_error err;

	if (app_hier_profile(ui_console_app(b->c), key, &p, &err))
		return false;
	add_section(b, p.name, p.display_name, d);
	return true;
}

static bool
resume_move(void *priv, const char *key, const struct store_draft *d)
{
	struct hier *b = priv;
	struct store_hier_sub s;
	struct store_tree_row r = { .depth = STORE_TREE_SUBSCRIPTION };
	struct core_error err;

	if (app_hier_sub(ui_console_app(b->c), key, &s, &err))
		return false;
	r.section_id = s.section_id;
	snprintf(r.name, sizeof(r.name), "%s", s.subscription_id);
	snprintf(r.display_name, sizeof(r.display_name), "%s", s.display_name);
	move(b, &r, d);
	return true;
}

static unsigned
resume_link(void *priv, const struct store_draft *d)
{
	struct store_tree_row r = { .depth = STORE_TREE_ACCOUNT };

	return link_sub(priv, &r, d);
}

static const struct ui_form_resumer drafts[] = {
	{ "hierarchy.profile", NULL, add_profile, NULL },
	{ "hierarchy.section", "billing profile", NULL, resume_section },
	{ "hierarchy.move", "subscription", NULL, resume_move },
	{ "hierarchy.link", NULL, resume_link, NULL },
	{ NULL, NULL, NULL, NULL },
};

/* ---- details ---- */

static unsigned
details(struct hier *b, const struct store_tree_row *r)
{
	struct app_ctx *app = ui_console_app(b->c);
	char day[16], object[1024], section[600], linked[400];
	struct ui_detail_row rows[12];
	int n = 0;

	app_hier_object(app, r, object, sizeof(object));
	rows[n++] = (struct ui_detail_row){ "Name", r->display_name, NULL, UI_SLOT_NORMAL };
	rows[n++] = (struct ui_detail_row){ r->depth == STORE_TREE_SUBSCRIPTION ? "Subscription ID" : "ID", r->name,
					    NULL, UI_SLOT_NORMAL };
	if (r->depth == STORE_TREE_PROFILE) {
		snprintf(day, sizeof(day), "%d", r->invoice_day);
		rows[n++] = (struct ui_detail_row){ "Payment instrument", r->payment_instrument, NULL, UI_SLOT_NORMAL };
		rows[n++] = (struct ui_detail_row){ "Invoice day", day, NULL, UI_SLOT_NORMAL };
		rows[n++] = (struct ui_detail_row){ "Currency", r->currency, NULL, UI_SLOT_NORMAL };
	}
	if (r->depth == STORE_TREE_SUBSCRIPTION) {
		/* Where it lives beside who pays (DOMAIN.md §2). */
		rows[n++] = (struct ui_detail_row){ "Service tenant", r->tenant_id, NULL, UI_SLOT_NORMAL };
		rows[n++] = (struct ui_detail_row){ "Billing tenant", app->account.primary_tenant_id, NULL, UI_SLOT_NORMAL };
		rows[n++] = (struct ui_detail_row){ "Status", r->status, NULL, UI_SLOT_NORMAL };
		rows[n++] = (struct ui_detail_row){ "SKU", r->sku, NULL, UI_SLOT_NORMAL };
		snprintf(section, sizeof(section), "%s (billing profile %s)", r->section_display, r->profile_display);
		rows[n++] = (struct ui_detail_row){ "Invoice section", section, NULL, UI_SLOT_NORMAL };
		snprintf(linked, sizeof(linked), "%s on %.10s", r->transferred_from, r->transferred_on);
		if (r->transferred_from[0])
			rows[n++] = (struct ui_detail_row){ "Linked from", linked, NULL, UI_SLOT_NORMAL };
	}
	if (r->depth == STORE_TREE_SECTION)
		rows[n++] = (struct ui_detail_row){ "Billing profile", r->profile_display, NULL, UI_SLOT_NORMAL };
	if (r->depth == STORE_TREE_ACCOUNT)
		rows[n++] = (struct ui_detail_row){ "Billing tenant", r->tenant_id, NULL, UI_SLOT_NORMAL };
	rows[n++] = (struct ui_detail_row){ "ARM ID", object, NULL, UI_SLOT_NORMAL };
	ui_details_open_rows(b->c, r->display_name, rows, n, "the ID", r->name);
	return UI_REDRAW;
}

static unsigned
handle(void *priv, struct ui_console *c, enum ui_action a, int key)
{
	struct hier *b = priv;
	const struct store_tree_row *r;
	unsigned res = ui_list_handle(&b->list, a, key);

	if (res != UI_PASS && a != UI_ACTION_RELOAD)
		return res;
	if (!(r = selected(b)))
		return a == UI_ACTION_ADD ? UI_DONE : UI_PASS;
	switch (a) {
	case UI_ACTION_TREE_OPEN:
	case UI_ACTION_TREE_CLOSE:
		return open_node(b, r, a == UI_ACTION_TREE_OPEN);
	case UI_ACTION_ADD:
		if (r->depth == STORE_TREE_ACCOUNT)
			return add_profile(b, NULL);
		return r->depth == STORE_TREE_PROFILE ? add_section(b, r->name, r->display_name, NULL)
						      : add_section(b, r->profile_name, r->profile_display, NULL);
	case UI_ACTION_MOVE_SUB:
		return move(b, r, NULL);
	case UI_ACTION_LINK_SUB:
		return link_sub(b, r, NULL);
	case UI_ACTION_OPEN:
		return details(b, r);
	case UI_ACTION_COPY:
		ui_console_copy(c, r->depth == STORE_TREE_SUBSCRIPTION ? "the subscription ID" : "the ID", r->name);
		return UI_REDRAW;
	default:
		return UI_PASS;
	}
}

static bool
history_key(void *priv, struct ui_console *c, char *out, size_t size, char *name, size_t name_size)
{
	const struct store_tree_row *r = selected(priv);

	if (!r)
		return false;
	app_hier_object(ui_console_app(c), r, out, size);
	if (name)
		snprintf(name, name_size, "%s", r->display_name);
	return true;
}

static bool
disabled(void *priv, struct ui_console *c, enum ui_action a, char *why, size_t size)
{
	const struct store_tree_row *r = selected(priv);
	struct app_denial d;

	/* Said, not silent: a newcomer's e, d, s or S would do nothing (S
	 * would even turn the tree upside down). */
	if (a == UI_ACTION_EDIT || a == UI_ACTION_REMOVE) {
		snprintf(why, size, "the hierarchy changes only by a (add), m (move) and L (link)");
		return true;
	}
	if (a == UI_ACTION_SORT || a == UI_ACTION_REVERSE) {
		snprintf(why, size, "the tree has one order: account, profiles, sections, subscriptions");
		return true;
	}
	if (a != UI_ACTION_ADD && a != UI_ACTION_MOVE_SUB && a != UI_ACTION_LINK_SUB)
		return false;
	if (!app_hier_may_change(ui_console_app(c), &d)) {
		snprintf(why, size, "%s", d.words);
		return true;
	}
	if (a == UI_ACTION_MOVE_SUB && (!r || r->depth != STORE_TREE_SUBSCRIPTION)) {
		snprintf(why, size, "select a subscription to move");
		return true;
	}
	return false;
}

static const enum ui_action keys[] = {
	UI_ACTION_TREE_OPEN, UI_ACTION_TREE_CLOSE, UI_ACTION_ADD, UI_ACTION_MOVE_SUB, UI_ACTION_LINK_SUB,
	UI_ACTION_OPEN, UI_ACTION_HISTORY, UI_ACTION_FILTER, UI_ACTION_NONE,
};

static const struct ui_write writes[] = {
	{ UI_ACTION_ADD, "add a billing profile or invoice section" },
	{ UI_ACTION_MOVE_SUB, APP_HIER_DOING_MOVE },
	{ UI_ACTION_LINK_SUB, APP_HIER_DOING_LINK },
	{ UI_ACTION_NONE, NULL },
};

const struct ui_view_ops ui_hierarchy_view = {
	.name = "hierarchy",
	.title = "Billing hierarchy",
	.private_size = sizeof(struct hier),
	.keys = keys,
	.writes = writes,
	.open = open_blade,
	.draw = ui_list_view_draw,
	.handle = handle,
	.disabled = disabled,
	.tick = ui_list_view_tick,
	.typing = ui_list_view_typing,
	.activate = ui_list_view_activate,
	.history_key = history_key,
	.drafts = drafts,
	.close = ui_list_view_close,
};
