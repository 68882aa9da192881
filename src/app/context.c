#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"
#include "billcon/store_directory.h"
#include "billcon/store_request.h"
#include "billcon/store_role.h"
#include "billcon/store_tenant.h"

void
app_new_guid(char out[37])
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, b, sizeof(b)) : -1;
	int i, o = 0;

	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof(b)) {
		/* No /dev/urandom: unique enough for request names. */
		unsigned long long x = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 32);
		for (i = 0; i < 16; i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
			b[i] = (unsigned char)(x >> 56);
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		o += snprintf(out + o, 3, "%02x", b[i]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			out[o++] = '-';
	}
	out[36] = '\0';
}

/* A service principal acts as app:<application ID> (a GUID, kept bare
 * and lowercase); anyone else by their email. */
static enum core_status
parse_actor(const char *who, char *out, size_t size, struct core_error *err)
{
	char guid[64];

	if (strncasecmp(who, "app:", 4) == 0) {
		if (!core_guid_parse(who + 4, guid, NULL))
			return core_error_set(err, CORE_USAGE, "A service principal acts as app:<application ID>,"
					      " a GUID.");
		snprintf(out, size, "app:%s", guid);
		return CORE_OK;
	}
	return core_email_parse(who, out, err) ? CORE_OK : CORE_USAGE;
}

/* Who acts: --as, else in a synced store the user signed in at its last
 * sync (its changes are pushed with that user's token), else the
 * settings' actor, else the store's default. */
static enum core_status
settle_actor(struct app_ctx *ctx, const struct app_options *opts, struct core_error *err)
{
	char meta[256] = "";
	const char *who = opts->actor;
	enum core_status rc = store_meta_get(ctx->st, "remote_actor", ctx->signed_in, sizeof(ctx->signed_in), err);

	if (rc == CORE_NOT_FOUND) {
		ctx->signed_in[0] = '\0';
		core_error_clear(err);
		rc = CORE_OK;
	}
	if (rc)
		return rc;
	if (!who && ctx->signed_in[0])
		who = ctx->signed_in;
	if (!who && ctx->cfg.actor[0])
		who = ctx->cfg.actor;
	if (!who && !(rc = store_meta_get(ctx->st, "default_actor", meta, sizeof(meta), err)))
		who = meta;
	if (rc && rc != CORE_NOT_FOUND)
		return rc;
	if (!who)
		return core_error_set(err, CORE_FORBIDDEN,
			"billcon does not know who you are: give --as EMAIL or set \"actor\" in %s.",
			ctx->cfg.path[0] ? ctx->cfg.path : "the settings file");
	return parse_actor(who, ctx->actor, sizeof(ctx->actor), err);
}

/* The first made of the actor's accounts stands in for the n of them
 * (names listed), and the notice says so. */
static enum core_status
stand_in(struct app_ctx *ctx, const struct store_account *found, int shown, int n, const char *names)
{
	int i, first = 0;

	for (i = 1; i < shown; i++)
		if (found[i].id < found[first].id)
			first = i;
	ctx->account = found[first];
	snprintf(ctx->account_note, sizeof(ctx->account_note),
		 "%s holds roles on %d billing accounts (%s); this is \"%s\": --account NAME (or :account in the console) chooses another.",
		 ctx->actor, n, names, ctx->account.display_name);
	return CORE_OK;
}

static enum core_status
settle_account(struct app_ctx *ctx, const struct app_options *opts, struct core_error *err)
{
	struct store_account found[8];
	int n = 0, i;
	char names[512] = "";
	enum core_status rc;

	if (opts->account)
		return store_account_find(ctx->st, opts->account, &ctx->account, err);
	rc = store_accounts_of(ctx->st, ctx->actor, found, 8, &n, err);
	/* The addressee of a request may decide it with no role (DOMAIN.md
	 * §1): the account is the one that asks them. */
	if (!rc && n == 0)
		rc = store_accounts_addressed(ctx->st, ctx->actor, found, 8, &n, err);
	/* A guest accepting an invitation, or a Global administrator keeping
	 * the directory, may hold no role yet: the account of their tenant. */
	if (!rc && n == 0)
		rc = store_accounts_of_home(ctx->st, ctx->actor, found, 8, &n, err);
	if (!rc && n == 0 && opts->sync)
		rc = store_accounts_all(ctx->st, found, 8, &n, err);
	if (rc)
		return rc;
	if (n == 1) {
		ctx->account = found[0];
		return CORE_OK;
	}
	if (n == 0)
		return core_error_set(err, CORE_FORBIDDEN,
			"%s holds no billing role on any billing account in this store.", ctx->actor);
	for (i = 0; i < n && i < 8; i++) {
		size_t len = strlen(names);
		snprintf(names + len, sizeof(names) - len, "%s\"%s\"", i ? ", " : "", found[i].display_name);
	}
	if (opts->any_account)
		return stand_in(ctx, found, n < 8 ? n : 8, n, names);
	return core_error_set(err, CORE_USAGE,
		"%s holds roles on %d billing accounts (%s): choose one with --account NAME.", ctx->actor, n, names);
}

static void
free_grants(struct app_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->ngrants; i++)
		free((char *)ctx->grants[i].scope);
	ctx->ngrants = 0;
}

struct grant_load {
	struct app_ctx *ctx;
	bool failed;
};

static void
add_grant(const char *definition_id, const char *scope, void *data)
{
	struct grant_load *l = data;
	struct app_ctx *ctx = l->ctx;
	char *copy;

	if (ctx->ngrants == ctx->grants_cap) {
		size_t cap = ctx->grants_cap ? ctx->grants_cap * 2 : 16;
		struct core_grant *grown = realloc(ctx->grants, cap * sizeof(*grown));
		if (!grown) {
			l->failed = true;
			return;
		}
		ctx->grants = grown;
		ctx->grants_cap = cap;
	}
	if (!(copy = strdup(scope ? scope : ""))) {
		l->failed = true;
		return;
	}
	ctx->grants[ctx->ngrants].role = core_role_from_definition_id(definition_id);
	ctx->grants[ctx->ngrants].scope = copy;
	ctx->ngrants++;
}

enum core_status
app_load_grants(struct app_ctx *ctx, struct core_error *err)
{
	struct grant_load l = { .ctx = ctx };
	struct store_user user;
	enum core_status rc;

	free_grants(ctx);
	rc = store_user_find(ctx->st, ctx->actor, &user, err);
	ctx->actor_known = rc == CORE_OK;
	/* Only "not found" makes a stranger: a store that cannot be read is a
	 * failure. A user of an associated tenant is not in the directory
	 * (DOMAIN.md §4) yet acts with the roles they approved; an actor with
	 * neither holds nothing (§1). */
	if (rc == CORE_NOT_FOUND && err)
		core_error_clear(err);
	else if (rc)
		return rc;
	rc = store_grants_each(ctx->st, ctx->account.id, ctx->actor, ctx->now_iso, add_grant, &l, err);
	if (!rc && l.failed)
		rc = core_error_set(err, CORE_STORE, "Out of memory reading the actor's roles.");
	if (!rc && ctx->ngrants > 0)
		ctx->actor_known = true;
	return rc;
}

void
app_touch(struct app_ctx *ctx)
{
	ctx->now = core_now();
	core_time_iso(ctx->now, ctx->now_iso);
}

unsigned
app_open_flags(const struct app_options *opts)
{
	if (opts->read_only || opts->read_only_setting)
		return STORE_OPEN_READ_ONLY;
	return opts->reader ? STORE_OPEN_READ_ONLY | STORE_OPEN_UPGRADE : 0;
}

/* The setting read_only = on joins what the caller asked; a command that
 * changes the store is refused before the store is opened. */
static enum core_status
settle_read_only(struct app_ctx *ctx, struct app_options *opts, struct core_error *err)
{
	opts->read_only_setting = opts->read_only_setting || ctx->cfg.read_only;
	ctx->read_only_flag = opts->read_only;
	ctx->read_only_setting = opts->read_only_setting;
	return opts->changes ? app_refuse_change(opts, ctx->cfg.path, opts->changes, err) : CORE_OK;
}

/* --tenant names the sign-in tenant over the setting (until sync takes
 * it from the token). */
static enum core_status
settle_tenant(struct app_ctx *ctx, const struct app_options *opts, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	if (!opts->tenant || core_guid_parse(opts->tenant, ctx->cfg.tenant, NULL))
		return CORE_OK;
	return core_error_set(err, CORE_USAGE, "--tenant takes the ID of the tenant you sign in through,"
			      " a GUID, not \"%s\".", core_text_echo(opts->tenant, shown));
}

static enum core_status
settle(struct app_ctx *ctx, const struct app_options *asked, struct core_error *err)
{
	struct app_options o = *asked, *opts = &o;
	enum core_status rc = app_config_load(&ctx->cfg, err);

	if (!rc)
		rc = settle_tenant(ctx, opts, err);
	if (!rc)
		rc = settle_read_only(ctx, opts, err);
	if (!rc)
		rc = store_open(opts->db_path, app_open_flags(opts), &ctx->st, err);
	if (!rc)
		rc = settle_actor(ctx, opts, err);
	if (!rc && !store_read_only(ctx->st))
		rc = app_requests_expire(ctx, NULL, err);
	if (!rc)
		rc = settle_account(ctx, opts, err);
	if (rc)
		return rc;
	store_account_scope(&ctx->account, ctx->account_scope, sizeof(ctx->account_scope));
	/* Changes by others are those after this point (app_store_changed). */
	ctx->data_version = store_data_version(ctx->st);
	return app_load_grants(ctx, err);
}

enum core_status
app_open(const struct app_options *opts, struct app_ctx **out, struct core_error *err)
{
	struct app_ctx *ctx = calloc(1, sizeof(*ctx));
	enum core_status rc;

	*out = NULL;
	if (!ctx)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	app_touch(ctx);
	rc = settle(ctx, opts, err);
	if (rc) {
		app_close(ctx);
		return rc;
	}
	*out = ctx;
	return CORE_OK;
}

void
app_close(struct app_ctx *ctx)
{
	if (!ctx)
		return;
	store_close(ctx->st);
	free_grants(ctx);
	free(ctx->grants);
	free(ctx);
}

void
app_set_abandon(struct app_ctx *ctx, int (*fn)(void *), void *data)
{
	store_set_abandon(ctx->st, fn, data);
}

bool
app_read_only(const struct app_ctx *ctx)
{
	return store_read_only(ctx->st);
}

const char *
app_notice(const struct app_ctx *ctx)
{
	const char *n = store_notice(ctx->st);

	return n ? n : ctx->account_note[0] ? ctx->account_note : NULL;
}

/* What made this run read-only, in words: the option, the setting, or
 * both; "" when neither did (a command that only reads). */
static void
read_only_cause(bool flag, bool setting, const char *config_path, char *out, size_t size)
{
	const char *path = config_path && *config_path ? config_path : "the settings file";

	if (flag && setting)
		snprintf(out, size, "--read-only, and read_only = on in %s", path);
	else if (setting)
		snprintf(out, size, "read_only = on in %s", path);
	else if (flag)
		snprintf(out, size, "--read-only");
	else
		out[0] = '\0';
}

/* The one sentence that refuses a change in read-only use. */
static enum core_status
refuse_read_only(bool flag, bool setting, const char *config_path, const char *doing,
		 struct core_error *err)
{
	char cause[1200];

	read_only_cause(flag, setting, config_path, cause, sizeof(cause));
	if (!cause[0])
		return core_error_set(err, CORE_REFUSED,
			"Read-only: the store is open only to read, so billcon cannot %s.", doing);
	return core_error_set(err, CORE_REFUSED, "Read-only: billcon was started read-only (%s), so it cannot %s.",
			      cause, doing);
}

enum core_status
app_refuse_change(const struct app_options *opts, const char *config_path, const char *doing,
		  struct core_error *err)
{
	if (!opts->read_only && !opts->read_only_setting)
		return CORE_OK;
	return refuse_read_only(opts->read_only, opts->read_only_setting, config_path, doing, err);
}

enum core_status
app_require_change(const struct app_ctx *ctx, const char *doing, struct core_error *err)
{
	if (!store_read_only(ctx->st))
		return CORE_OK;
	return refuse_read_only(ctx->read_only_flag, ctx->read_only_setting, ctx->cfg.path, doing, err);
}

enum core_status
app_require_writable(const struct app_ctx *ctx, struct core_error *err)
{
	return app_require_change(ctx, "change anything", err);
}

void
app_read_only_words(const struct app_ctx *ctx, char *out, size_t size)
{
	bool flag = ctx->read_only_flag, setting = ctx->read_only_setting;

	/* Short, for a line of help: the sentence of a refusal names the file. */
	if (!store_read_only(ctx->st))
		out[0] = '\0';
	else if (flag || setting)
		snprintf(out, size, "read-only: %s%s%s", flag ? "--read-only" : "", flag && setting ? " and " : "",
			 setting ? "read_only = on" : "");
	else
		snprintf(out, size, "read-only: opened only to read");
}

/* The role that meets need at scope, and the scope's depth. */
static enum core_role
role_needed(enum core_need need, const char *scope, int *depth)
{
	*depth = core_scope_depth(scope);
	if (*depth < 0)
		*depth = 0;
	if (need == CORE_NEED_OWN)
		return CORE_ROLE_OWNER;
	return need == CORE_NEED_MANAGE ? CORE_ROLE_CONTRIBUTOR : CORE_ROLE_UNKNOWN;
}

static void
denial_words(const struct app_ctx *ctx, struct app_denial *d)
{
	switch (d->why) {
	case APP_DENY_READ_ONLY:
		app_read_only_words(ctx, d->words, sizeof(d->words));
		break;
	case APP_DENY_UNKNOWN_ACTOR:
		snprintf(d->words, sizeof(d->words), "the directory does not know the actor");
		break;
	case APP_DENY_ROLE:
		if (d->need == CORE_NEED_READ)
			snprintf(d->words, sizeof(d->words), "needs a billing role");
		else if (d->need == CORE_NEED_MANAGE)
			snprintf(d->words, sizeof(d->words), "needs %s or contributor",
				 core_role_display_name(CORE_ROLE_OWNER, d->depth));
		else
			snprintf(d->words, sizeof(d->words), "needs %s",
				 core_role_display_name(d->role, d->depth));
		break;
	default:
		break;
	}
}

bool
app_may(struct app_ctx *ctx, enum core_need need, const char *scope, bool write,
	struct app_denial *d)
{
	memset(d, 0, sizeof(*d));
	if (!scope)
		scope = ctx->account_scope;
	snprintf(d->scope, sizeof(d->scope), "%s", scope);
	d->need = need;
	d->role = role_needed(need, scope, &d->depth);
	if (write && store_read_only(ctx->st))
		d->why = APP_DENY_READ_ONLY;
	else if (app_load_grants(ctx, NULL) == CORE_OK && !ctx->actor_known)
		d->why = APP_DENY_UNKNOWN_ACTOR;
	else if (!core_perm_allows(ctx->grants, ctx->ngrants, need, scope))
		d->why = APP_DENY_ROLE;
	denial_words(ctx, d);
	return d->why == APP_ALLOWED;
}

enum core_status
app_require(const struct app_ctx *ctx, enum core_need need, const char *scope, const char *doing,
	    struct core_error *err)
{
	static const char *const role_for[] = {
		[CORE_NEED_READ] = "a billing role",
		[CORE_NEED_MANAGE] = "owner or contributor",
		[CORE_NEED_OWN] = "owner",
	};
	int depth;
	enum core_role role = role_needed(need, scope, &depth);
	const char *words = need == CORE_NEED_OWN ? core_role_display_name(role, depth) : role_for[need];

	if (ctx->actor_known && core_perm_allows(ctx->grants, ctx->ngrants, need, scope))
		return CORE_OK;
	if (!ctx->actor_known)
		return core_error_set(err, CORE_FORBIDDEN,
			"%s is not a user this store knows, so it may not %s.", ctx->actor, doing);
	return core_error_set(err, CORE_FORBIDDEN, "%s may not %s: that needs %s.", ctx->actor, doing, words);
}

/* What an expired request approved follows it (DOMAIN.md §5): a provisioning
 * request's tenant becomes BillingRequestExpired. Role assignments read their
 * status from the request and need nothing. */
static enum core_status
expire_follow(struct app_ctx *ctx, const struct store_request *r, struct core_error *err)
{
	struct store_tenant t;
	enum core_status rc;

	if (strcmp(r->type, "ProvisioningAccess") != 0)
		return CORE_OK;
	rc = store_tenant_find(ctx->st, r->account_id, r->tenant_id, r->object, ctx->now_iso, &t, err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc || t.request_id != r->id)
		return rc;
	snprintf(t.provisioning_state, sizeof(t.provisioning_state), "%s", CORE_PM_EXPIRED);
	return store_tenant_update(ctx->st, &t, err);
}

static enum core_status
expire_one(struct app_ctx *ctx, const struct store_request *r, struct core_error *err)
{
	char object[128];
	enum core_status rc;

	/* Decided at the moment it expired, whenever billcon applies it. */
	rc = store_request_decide(ctx->st, r->id, "Expired", "billcon", r->expires_on,
				  "Not answered before it expired.", err);
	if (!rc)
		rc = expire_follow(ctx, r, err);
	if (rc)
		return rc;
	snprintf(object, sizeof(object), "/providers/Microsoft.Billing/billingRequests/%s", r->name);
	/* Audited either way. In a synced store the service expires its
	 * requests itself and a pull says so: no waiting change for the plan,
	 * which showed a first sync settling changes nobody made. */
	return app_write_record(ctx, "request.expire", object, json_pack("{s:s}", "status", "Pending"),
				json_pack("{s:s, s:s, s:s}", "status", "Expired", "expirationDate",
					  r->expires_on, "expiredOn", r->expires_on),
				ctx->signed_in[0] ? APP_PULLED : APP_LOCAL, err);
}

/* Read again under the write lock: another billcon may have expired them
 * meanwhile, and a decided request never changes. */
static enum core_status
expire_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct store_request *list = NULL;
	size_t n = 0, i;
	enum core_status rc = store_requests_pending(ctx->st, 0, NULL, ctx->now_iso, &list, &n, err);

	for (i = 0; !rc && i < n; i++)
		rc = expire_one(ctx, &list[i], err);
	free(list);
	*(long long *)data = (long long)n;
	return rc;
}

enum core_status
app_requests_expire(struct app_ctx *ctx, long long *expired, struct core_error *err)
{
	struct store_request *list = NULL;
	size_t n = 0;
	long long done = 0;
	struct app_write w = { .doing = "expire requests", .system = true, .apply = expire_apply,
			       .data = &done };
	enum core_status rc;

	app_touch(ctx);
	rc = store_requests_pending(ctx->st, 0, NULL, ctx->now_iso, &list, &n, err);
	free(list);
	if (!rc && n > 0)
		rc = app_run_write(ctx, &w, err);
	if (expired)
		*expired = rc ? 0 : done;
	return rc;
}

enum core_status
app_set_actor(struct app_ctx *ctx, const char *email, struct core_error *err)
{
	char parsed[sizeof(ctx->actor)];

	if (!core_email_parse(email, parsed, err))
		return CORE_USAGE;
	snprintf(ctx->actor, sizeof(ctx->actor), "%s", parsed);
	return app_load_grants(ctx, err);
}
