#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_write.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_directory.h"

static const struct app_way_row comparison[] = {
	{ "Security", "Guest: your tenant's policies. Associated: their own tenant's.",
	  "Users of an associated tenant follow their own tenant's security policies.",
	  "B2B guests follow your tenant's security policies." },
	{ "Access", "Guest: must switch tenants. Associated: no switching needed.",
	  "Users of an associated tenant manage billing and make purchases in their own tenant, without switching tenants.",
	  "B2B guests get a guest identity in your tenant, and must switch to your tenant to manage billing and make purchases." },
};

const struct app_way_row *
app_directory_comparison(size_t *n)
{
	*n = sizeof(comparison) / sizeof(comparison[0]);
	return comparison;
}

json_t *
app_user_json(const struct store_user *u)
{
	json_t *o = json_object();

	json_object_set_new(o, "mail", app_json_text(u->email));
	json_object_set_new(o, "displayName", app_json_text(u->display_name));
	json_object_set_new(o, "tenantId", app_json_text(u->home_tenant_id));
	json_object_set_new(o, "tenantDisplayName", app_json_text(u->tenant_name));
	json_object_set_new(o, "userType", json_string(u->guest_state[0] ? "Guest" : "Member"));
	json_object_set_new(o, "globalAdministrator", json_boolean(u->global_admin));
	json_object_set_new(o, "externalUserState",
			    u->guest_state[0] ? app_json_text(u->guest_state) : json_null());
	return o;
}

json_t *
app_dir_tenant_json(const struct store_dir_tenant *t)
{
	json_t *o = json_object();

	json_object_set_new(o, "tenantId", app_json_text(t->tenant_id));
	json_object_set_new(o, "displayName", app_json_text(t->display_name));
	json_object_set_new(o, "domains", app_json_text(t->domains));
	json_object_set_new(o, "guestInvitationsAllowed", json_boolean(t->guest_invitations_allowed));
	return o;
}

void
app_user_object(const struct store_user *u, char *out, size_t size)
{
	snprintf(out, size, "/tenants/%s/users/%s", u->home_tenant_id, u->email);
}

void
app_dir_tenant_object(const char *tenant_id, char *out, size_t size)
{
	snprintf(out, size, "/tenants/%s", tenant_id);
}

bool
app_user_of_primary(const struct app_ctx *ctx, const struct store_user *u)
{
	return strcasecmp(u->home_tenant_id, ctx->account.primary_tenant_id) == 0 &&
	       (!u->guest_state[0] || strcmp(u->guest_state, APP_GUEST_ACCEPTED) == 0);
}

/* True when the actor is a member Global administrator of the primary
 * tenant; a store that cannot be read answers false. */
static bool
actor_is_admin(struct app_ctx *ctx)
{
	struct store_user me;

	return store_user_find(ctx->st, ctx->actor, &me, NULL) == CORE_OK && me.global_admin &&
	       !me.guest_state[0] && strcasecmp(me.home_tenant_id, ctx->account.primary_tenant_id) == 0;
}

#define EDITORS "Billing account owner or Global administrator of the primary tenant"

bool
app_dir_may_edit(struct app_ctx *ctx, struct app_denial *d)
{
	if (app_may(ctx, CORE_NEED_OWN, NULL, true, d))
		return true;
	if (d->why == APP_DENY_READ_ONLY)
		return false;
	if (actor_is_admin(ctx)) {
		d->why = APP_ALLOWED;
		d->words[0] = '\0';
		return true;
	}
	d->why = APP_DENY_RULE;
	snprintf(d->words, sizeof(d->words), "needs " EDITORS);
	return false;
}

/* The pipeline's permission for a change of the directory (the roles are
 * read again just before). */
static enum core_status
permit_editor(struct app_ctx *ctx, void *data, struct core_error *err)
{
	(void)data;
	if (ctx->actor_known && core_perm_allows(ctx->grants, ctx->ngrants, CORE_NEED_OWN, ctx->account_scope))
		return CORE_OK;
	if (actor_is_admin(ctx))
		return CORE_OK;
	return core_error_set(err, CORE_FORBIDDEN, "%s may not change the directory: that needs " EDITORS ".",
			      ctx->actor);
}

static enum core_status
run_dir_write(struct app_ctx *ctx, const char *doing,
	      enum core_status (*permit)(struct app_ctx *, void *, struct core_error *),
	      enum core_status (*apply)(struct app_ctx *, void *, struct core_error *), void *data,
	      struct core_error *err)
{
	struct app_write w = { .doing = doing, .need = CORE_NEED_OWN, .permit = permit,
			       .apply = apply, .data = data };

	return app_run_write(ctx, &w, err);
}

/* Of the directory's changes, Graph takes a guest invitation (POST
 * /v1.0/invitations); the others stay local. */
static enum core_status
record_user(struct app_ctx *ctx, const char *action, const struct store_user *before,
	    const struct store_user *after, struct core_error *err)
{
	char object[1024];

	app_user_object(after, object, sizeof(object));
	return app_write_record(ctx, action, object, before ? app_user_json(before) : NULL,
				app_user_json(after), strcmp(action, "guest.invite") == 0 ? APP_PUSHED : APP_LOCAL,
				err);
}

static enum core_status
parse_email(const char *email, char out[CORE_EMAIL_MAX + 1], struct core_error *err)
{
	return core_email_parse(email ? email : "", out, err) ? CORE_OK : CORE_USAGE;
}

/* The domain part of a parsed email. */
static const char *
email_domain(const char *email)
{
	return strchr(email, '@') + 1;
}

enum core_status
app_user_get(struct app_ctx *ctx, const char *email, struct store_user *out, struct core_error *err)
{
	char parsed[CORE_EMAIL_MAX + 1];
	enum core_status rc = parse_email(email, parsed, err);

	if (!rc)
		rc = store_user_find(ctx->st, parsed, out, err);
	if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "The directory knows no user %s.", parsed);
	return rc;
}

/* Refuses an email the directory knows already, saying as whom. */
static enum core_status
refuse_known(struct app_ctx *ctx, const char *email, struct core_error *err)
{
	struct store_user found;
	enum core_status rc = store_user_find(ctx->st, email, &found, err);

	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc)
		return rc;
	return core_error_set(err, CORE_REFUSED, "%s is already in the directory, as \"%s\" (%s%s).",
			      email, found.display_name, found.guest_state[0] ? "a guest of " : "",
			      found.tenant_name[0] ? found.tenant_name : found.home_tenant_id);
}

/* The primary tenant's own domains decide who is a member and who a guest:
 * true when domain is one of them. */
static enum core_status
primary_domain(struct app_ctx *ctx, const char *domain, bool *own, struct core_error *err)
{
	char tenant_id[64];
	enum core_status rc = store_dir_domain_tenant(ctx->st, domain, tenant_id, err);

	*own = false;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (!rc)
		*own = strcasecmp(tenant_id, ctx->account.primary_tenant_id) == 0;
	return rc;
}

static enum core_status
primary_tenant(struct app_ctx *ctx, struct store_dir_tenant *t, struct core_error *err)
{
	return store_dir_tenant_find(ctx->st, ctx->account.primary_tenant_id, t, err);
}

/* A name given, or the email's local part when none was, into out (size
 * bytes). */
static enum core_status
name_or_local(const char *name, const char *email, char *out, size_t size,
	      struct core_error *err)
{
	char local[CORE_EMAIL_MAX + 1], parsed[CORE_NAME_MAX_BYTES];

	snprintf(local, sizeof(local), "%.*s", (int)(strchr(email, '@') - email), email);
	if (!core_name_parse(name ? name : local, parsed, err))
		return CORE_USAGE;
	snprintf(out, size, "%s", parsed);
	return CORE_OK;
}

struct user_call {
	const struct app_user_new *in;
	const char *email;
	const struct app_user_change *change;
	struct store_user u;
};

static enum core_status
add_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct user_call *c = data;
	struct store_user *u = &c->u;
	struct store_dir_tenant t;
	bool own;
	enum core_status rc = parse_email(c->in->email, u->email, err);

	if (!rc)
		rc = name_or_local(c->in->name, u->email, u->display_name, sizeof(u->display_name), err);
	if (!rc)
		rc = primary_tenant(ctx, &t, err);
	if (!rc)
		rc = refuse_known(ctx, u->email, err);
	if (!rc)
		rc = primary_domain(ctx, email_domain(u->email), &own, err);
	if (rc)
		return rc;
	if (!own)
		return core_error_set(err, CORE_REFUSED,
			"%s is not in a domain of %s (%s): invite the user as a guest instead.",
			u->email, t.display_name, t.domains);
	snprintf(u->home_tenant_id, sizeof(u->home_tenant_id), "%s", t.tenant_id);
	snprintf(u->tenant_name, sizeof(u->tenant_name), "%s", t.display_name);
	u->global_admin = c->in->global_admin;
	rc = store_user_insert(ctx->st, u, err);
	if (!rc)
		rc = record_user(ctx, "directory.user.add", NULL, u, err);
	return rc;
}

enum core_status
app_user_add(struct app_ctx *ctx, const struct app_user_new *in, struct store_user *out,
	     struct core_error *err)
{
	struct user_call c = { .in = in };
	enum core_status rc = run_dir_write(ctx, "change the directory", permit_editor, add_apply, &c, err);

	if (!rc && out)
		*out = c.u;
	return rc;
}

/* The rules of a Global administrator flag turned on or off. */
static enum core_status
check_admin(struct app_ctx *ctx, const struct store_user *u, int on, struct core_error *err)
{
	long long admins;
	enum core_status rc;

	if (on < 0 || on == u->global_admin)
		return CORE_OK;
	if (on && u->guest_state[0])
		return core_error_set(err, CORE_REFUSED,
			"%s is a guest; only members of the tenant are made its Global administrators here.",
			u->email);
	if (on)
		return CORE_OK;
	rc = store_dir_admin_count(ctx->st, u->home_tenant_id, &admins, err);
	if (!rc && admins <= 1)
		rc = core_error_set(err, CORE_REFUSED,
			"%s is the last Global administrator of %s; make another user Global administrator first.",
			u->email, u->tenant_name);
	return rc;
}

bool
app_user_editable(const struct app_ctx *ctx, const struct store_user *u, char *words, size_t size)
{
	if (strcasecmp(u->home_tenant_id, ctx->account.primary_tenant_id) == 0)
		return true;
	snprintf(words, size, "%s belongs to %s, whose own administrators keep its users", u->email,
		 u->tenant_name[0] ? u->tenant_name : u->home_tenant_id);
	return false;
}

static enum core_status
set_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct user_call *c = data;
	struct store_user *u = &c->u, before;
	char name[CORE_NAME_MAX_BYTES];
	char why[600];
	enum core_status rc = app_user_get(ctx, c->email, u, err);

	if (rc)
		return rc;
	if (!app_user_editable(ctx, u, why, sizeof(why)))
		return core_error_set(err, CORE_REFUSED, "%s.", why);
	if (c->change->name && !core_name_parse(c->change->name, name, err))
		return CORE_USAGE;
	if ((rc = check_admin(ctx, u, c->change->global_admin, err)))
		return rc;
	before = *u;
	if (c->change->name)
		snprintf(u->display_name, sizeof(u->display_name), "%s", name);
	if (c->change->global_admin >= 0)
		u->global_admin = c->change->global_admin;
	if (strcmp(before.display_name, u->display_name) == 0 && before.global_admin == u->global_admin)
		return CORE_OK;
	rc = store_user_update(ctx->st, u, err);
	if (!rc)
		rc = record_user(ctx, "directory.user.update", &before, u, err);
	return rc;
}

enum core_status
app_user_set(struct app_ctx *ctx, const char *email, const struct app_user_change *change,
	     struct store_user *out, struct core_error *err)
{
	struct user_call c = { .email = email, .change = change };
	enum core_status rc = run_dir_write(ctx, "change the directory", permit_editor, set_apply, &c, err);

	if (!rc && out)
		*out = c.u;
	return rc;
}

enum core_status
app_dir_tenant_get(struct app_ctx *ctx, const char *key, struct store_dir_tenant *out,
		   struct core_error *err)
{
	char tenant_id[64] = "", domain[CORE_DOMAIN_MAX + 1], shown[CORE_ECHO_BYTES];
	enum core_status rc = CORE_OK;

	if (!core_guid_parse(key, tenant_id, NULL)) {
		if (!core_domain_parse(key, domain, NULL))
			return core_error_set(err, CORE_USAGE,
				"\"%s\" is neither a tenant ID (a GUID) nor a domain name.",
				core_text_echo(key, shown));
		rc = store_dir_domain_tenant(ctx->st, domain, tenant_id, err);
	}
	if (!rc)
		rc = store_dir_tenant_find(ctx->st, tenant_id, out, err);
	if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "The directory knows no tenant %s.", core_text_echo(key, shown));
	return rc;
}

struct tenant_call {
	const char *key;
	const struct app_dir_tenant_change *change;
	struct store_dir_tenant t;
};

static enum core_status
record_tenant(struct app_ctx *ctx, const char *action, json_t *before, json_t *after,
	      const char *tenant_id, enum app_push push, struct core_error *err)
{
	char object[256];

	app_dir_tenant_object(tenant_id, object, sizeof(object));
	return app_write_record(ctx, action, object, before, after, push, err);
}

static enum core_status
add_domain(struct app_ctx *ctx, const struct store_dir_tenant *t, const char *given,
	   struct core_error *err)
{
	char domain[CORE_DOMAIN_MAX + 1], owner[64];
	struct store_dir_tenant other;
	enum core_status rc;

	if (!core_domain_parse(given, domain, err))
		return CORE_USAGE;
	rc = store_dir_domain_tenant(ctx->st, domain, owner, err);
	if (rc == CORE_OK) {
		if (store_dir_tenant_find(ctx->st, owner, &other, NULL))
			snprintf(other.display_name, sizeof(other.display_name), "%s", owner);
		return core_error_set(err, CORE_REFUSED, "%s is already a domain of %s.", domain,
				      other.display_name);
	}
	if (rc != CORE_NOT_FOUND)
		return rc;
	core_error_clear(err);
	rc = store_dir_domain_insert(ctx->st, domain, t->tenant_id, err);
	if (!rc)
		rc = record_tenant(ctx, "directory.domain.add", NULL, json_pack("{s:s}", "domain", domain),
				   t->tenant_id, APP_LOCAL, err);
	return rc;
}

static enum core_status
remove_domain(struct app_ctx *ctx, const struct store_dir_tenant *t, const char *given,
	      struct core_error *err)
{
	char domain[CORE_DOMAIN_MAX + 1], owner[64];
	long long n;
	enum core_status rc;

	if (!core_domain_parse(given, domain, err))
		return CORE_USAGE;
	rc = store_dir_domain_tenant(ctx->st, domain, owner, err);
	if (rc == CORE_NOT_FOUND || (!rc && strcasecmp(owner, t->tenant_id) != 0))
		return core_error_set(err, CORE_NOT_FOUND, "%s is not a domain of %s.", domain,
				      t->display_name);
	if (!rc)
		rc = store_dir_domain_count(ctx->st, t->tenant_id, &n, err);
	if (!rc && n <= 1)
		return core_error_set(err, CORE_REFUSED, "%s is the last domain of %s; a tenant keeps at least one.",
				      domain, t->display_name);
	if (!rc)
		rc = store_dir_domain_delete(ctx->st, domain, err);
	if (!rc)
		rc = record_tenant(ctx, "directory.domain.remove", json_pack("{s:s}", "domain", domain), NULL,
				   t->tenant_id, APP_LOCAL, err);
	return rc;
}

/* The name and the guest setting, recorded as one change when either moved.
 * A move of the primary tenant's guest setting is pushed (Graph's
 * authorization policy, the directory the pull reads); the name, and any
 * other tenant's setting, no API of the signed-in directory takes. */
static enum core_status
set_settings(struct app_ctx *ctx, struct store_dir_tenant *t, const char *name, int guests,
	     struct core_error *err)
{
	struct store_dir_tenant before = *t;
	enum core_status rc;

	if (name)
		snprintf(t->display_name, sizeof(t->display_name), "%s", name);
	if (guests >= 0)
		t->guest_invitations_allowed = guests;
	if (strcmp(before.display_name, t->display_name) == 0 &&
	    before.guest_invitations_allowed == t->guest_invitations_allowed)
		return CORE_OK;
	rc = store_dir_tenant_update(ctx->st, t, err);
	if (!rc)
		rc = record_tenant(ctx, "directory.tenant.update",
				   json_pack("{s:s, s:b}", "displayName", before.display_name,
					     "guestInvitationsAllowed", before.guest_invitations_allowed),
				   json_pack("{s:s, s:b}", "displayName", t->display_name,
					     "guestInvitationsAllowed", t->guest_invitations_allowed),
				   t->tenant_id,
				   before.guest_invitations_allowed != t->guest_invitations_allowed &&
				   strcasecmp(t->tenant_id, ctx->account.primary_tenant_id) == 0 ? APP_PUSHED : APP_LOCAL,
				   err);
	return rc;
}

static enum core_status
tenant_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct tenant_call *c = data;
	const struct app_dir_tenant_change *ch = c->change;
	char name[CORE_NAME_MAX_BYTES];
	enum core_status rc = app_dir_tenant_get(ctx, c->key, &c->t, err);

	if (!rc && ch->name && !core_name_parse(ch->name, name, err))
		rc = CORE_USAGE;
	if (!rc)
		rc = set_settings(ctx, &c->t, ch->name ? name : NULL, ch->guest_invitations, err);
	if (!rc && ch->add_domain)
		rc = add_domain(ctx, &c->t, ch->add_domain, err);
	if (!rc && ch->remove_domain)
		rc = remove_domain(ctx, &c->t, ch->remove_domain, err);
	if (!rc && (ch->add_domain || ch->remove_domain))
		rc = store_dir_tenant_find(ctx->st, c->t.tenant_id, &c->t, err);
	return rc;
}

enum core_status
app_dir_tenant_set(struct app_ctx *ctx, const char *key, const struct app_dir_tenant_change *change,
		   struct store_dir_tenant *out, struct core_error *err)
{
	struct tenant_call c = { .key = key, .change = change };
	enum core_status rc = run_dir_write(ctx, "change the directory", permit_editor, tenant_apply, &c, err);

	if (!rc && out)
		*out = c.t;
	return rc;
}

struct guest_call {
	const char *email;
	const char *name;
	struct store_user u;
};

static enum core_status
invite_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct guest_call *c = data;
	struct store_user *u = &c->u;
	struct store_dir_tenant t;
	bool own;
	enum core_status rc = parse_email(c->email, u->email, err);

	if (!rc)
		rc = name_or_local(c->name, u->email, u->display_name, sizeof(u->display_name), err);
	if (!rc)
		rc = primary_tenant(ctx, &t, err);
	if (!rc)
		rc = primary_domain(ctx, email_domain(u->email), &own, err);
	if (rc)
		return rc;
	if (own)
		return core_error_set(err, CORE_REFUSED,
			"%s is in %s, a domain of %s itself: add the user as a member, not as a guest.",
			u->email, email_domain(u->email), t.display_name);
	if (!t.guest_invitations_allowed)
		return core_error_set(err, CORE_REFUSED,
			"%s does not allow guest invitations (its external collaboration settings); allow them first.",
			t.display_name);
	if ((rc = refuse_known(ctx, u->email, err)))
		return rc;
	snprintf(u->home_tenant_id, sizeof(u->home_tenant_id), "%s", t.tenant_id);
	snprintf(u->tenant_name, sizeof(u->tenant_name), "%s", t.display_name);
	snprintf(u->guest_state, sizeof(u->guest_state), "%s", APP_GUEST_PENDING);
	rc = store_user_insert(ctx->st, u, err);
	if (!rc)
		rc = record_user(ctx, "guest.invite", NULL, u, err);
	return rc;
}

enum core_status
app_guest_invite(struct app_ctx *ctx, const char *email, const char *name, struct store_user *out,
		 struct core_error *err)
{
	struct guest_call c = { .email = email, .name = name };
	enum core_status rc = run_dir_write(ctx, "invite guests", permit_editor, invite_apply, &c, err);

	if (!rc && out)
		*out = c.u;
	return rc;
}

/* Only the invited user accepts: acting as anyone else is not permitted. */
static enum core_status
permit_guest(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct guest_call *c = data;
	char email[CORE_EMAIL_MAX + 1];

	if (parse_email(c->email, email, err))
		return CORE_USAGE;
	if (strcasecmp(ctx->actor, email) == 0)
		return CORE_OK;
	return core_error_set(err, CORE_FORBIDDEN,
		"Only %s may accept their own invitation; you act as %s.", email, ctx->actor);
}

static enum core_status
accept_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct guest_call *c = data;
	struct store_user *u = &c->u, before;
	enum core_status rc = app_user_get(ctx, c->email, u, err);

	if (rc)
		return rc;
	if (!u->guest_state[0])
		return core_error_set(err, CORE_REFUSED, "%s is a member of %s, not an invited guest.",
				      u->email, u->tenant_name);
	if (strcmp(u->guest_state, APP_GUEST_PENDING) != 0)
		return core_error_set(err, CORE_REFUSED, "%s has already accepted the invitation to %s.",
				      u->email, u->tenant_name);
	before = *u;
	snprintf(u->guest_state, sizeof(u->guest_state), "%s", APP_GUEST_ACCEPTED);
	rc = store_user_update(ctx->st, u, err);
	if (!rc)
		rc = record_user(ctx, "guest.accept", &before, u, err);
	return rc;
}

enum core_status
app_guest_accept(struct app_ctx *ctx, const char *email, struct store_user *out,
		 struct core_error *err)
{
	struct guest_call c = { .email = email };
	enum core_status rc = run_dir_write(ctx, "accept the invitation", permit_guest, accept_apply, &c, err);

	if (!rc && out)
		*out = c.u;
	return rc;
}

bool
app_guest_may_accept(struct app_ctx *ctx, char *words, size_t size)
{
	struct store_user me;

	if (app_read_only(ctx)) {
		app_read_only_words(ctx, words, size);
		return false;
	}
	if (store_user_find(ctx->st, ctx->actor, &me, NULL) == CORE_OK &&
	    strcmp(me.guest_state, APP_GUEST_PENDING) == 0)
		return true;
	snprintf(words, size, "%s has no invitation to accept (act as the invited guest: U in :requests, or --as)", ctx->actor);
	return false;
}
