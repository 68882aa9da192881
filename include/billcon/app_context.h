/* app_context: one open store, with who acts, on which billing account, and
 * what the actor may do there. Every app_ action takes one. */
#ifndef BILLCON_APP_CONTEXT_H
#define BILLCON_APP_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "billcon/app_config.h"
#include "billcon/app_json.h"
#include "billcon/core_clock.h"
#include "billcon/core_perm.h"
#include "billcon/core_status.h"
#include "billcon/store_account.h"

struct store;

struct app_options {
	const char *db_path;  /* the store */
	const char *actor;    /* --as, or NULL */
	const char *account;  /* --account, or NULL */
	bool read_only;       /* --read-only */
	bool read_only_setting; /* the settings file says read_only = on: the
				 * caller read it (app_open reads it again) */
	const char *changes;  /* what the command changes, in words ("add a
			       * tenant"): read-only, app_open refuses it
			       * before the store is opened; NULL for none */
	bool reader;          /* a command that only reads: the store is opened
			       * read-only (an older schema upgraded first) and
			       * left as it was */
	bool any_account;     /* with several accounts and no --account, the
			       * first made stands in rather than a refusal,
			       * and app_notice says so: the console (it
			       * shows the account in its title) and the
			       * partner commands (the Partner Center account
			       * is no billing account's) */
	bool sync;            /* a sync: the service decides what the actor
			       * may do, so with no role here the first
			       * account stands in rather than a refusal */
	const char *tenant;   /* --tenant: the sign-in tenant (a GUID, checked
			       * by app_open, which puts it in cfg.tenant), or NULL */
};

struct app_ctx {
	struct store *st;
	struct app_config cfg;
	char actor[256];
	bool actor_known;                  /* the directory knows the actor */
	struct store_account account;      /* the account acted on */
	char account_scope[512];
	/* The actor's roles, read again before every action and every
	 * permission answer (never only once at start); scopes are owned. */
	struct core_grant *grants;
	size_t ngrants, grants_cap;
	/* The time of the read or the action under way: app_touch sets it. */
	time_t now;
	char now_iso[CORE_TIME_ISO_LEN + 1];
	bool writing_system;               /* app_run_write runs a system action */
	long long data_version;            /* the store's, at the last app_store_changed */
	bool read_only_flag;               /* opened read-only by --read-only ... */
	bool read_only_setting;            /* ... or by the setting read_only = on */
	char account_note[512];            /* which account stood in for several, "" none */
	/* The signed-in user of a synced store, "" when the store is not
	 * synced: set by whoever opens the store bound to a remote. A change
	 * that will be pushed is made as this user only (app_write_record). */
	char signed_in[256];
};

/* Why an action is not possible now, as data: the caller chooses the words
 * (words holds the short form, "needs Billing account owner"). */
enum app_deny {
	APP_ALLOWED,
	APP_DENY_READ_ONLY,      /* the store is open read-only */
	APP_DENY_UNKNOWN_ACTOR,  /* the directory does not know the actor */
	APP_DENY_ROLE,           /* the actor lacks the role below */
	APP_DENY_RULE,           /* a rule of the domain (words says which) */
};

struct app_denial {
	enum app_deny why;
	enum core_need need;     /* with APP_DENY_ROLE: what the action needs ... */
	enum core_role role;     /* ... the role that meets it (UNKNOWN: any billing role) ... */
	int depth;               /* ... at this scope depth (0 account, 1 profile, 2 section) */
	char scope[512];         /* ... and the scope itself */
	char words[160];         /* "needs Billing account owner", "the store is read-only" */
};

/* Opens the store, loads the settings, settles the actor and the account,
 * and (unless read-only or a reader) applies request expiry. *out is owned
 * by the caller: free it with app_close. */
enum core_status app_open(const struct app_options *opts, struct app_ctx **out,
			  struct core_error *err);

/* Closes the store and frees ctx; NULL is allowed. */
void app_close(struct app_ctx *ctx);

/* The store_open flags opts asks for: read-only for --read-only or the
 * setting read_only = on; read-only with an older schema upgraded first
 * for a reader; else writable. */
unsigned app_open_flags(const struct app_options *opts);

/* Makes long reads stop when fn(data) returns non-zero (a key is waiting);
 * NULL turns it off. See store_set_abandon. */
void app_set_abandon(struct app_ctx *ctx, int (*fn)(void *), void *data);

/* True when the store was opened read-only. */
bool app_read_only(const struct app_ctx *ctx);

/* A sentence about how the store was opened (or which of several
 * accounts stands in, see any_account) to show the user, or NULL. */
const char *app_notice(const struct app_ctx *ctx);

/* CORE_OK when the store may be written, else CORE_REFUSED: as
 * app_require_change doing "change anything". */
enum core_status app_require_writable(const struct app_ctx *ctx, struct core_error *err);

/* CORE_OK when the store may be written; else CORE_REFUSED with the one
 * sentence every refusal of a change by read-only use says, naming its
 * cause and doing ("Read-only: billcon was started read-only (read_only =
 * on in PATH), so it cannot add a tenant."). The console and the command
 * line ask this before anything else. */
enum core_status app_require_change(const struct app_ctx *ctx, const char *doing,
				    struct core_error *err);

/* The same refusal before any store is open: CORE_REFUSED when opts make
 * this run read-only (--read-only, or read_only_setting, read from the
 * settings file at config_path), else CORE_OK. */
enum core_status app_refuse_change(const struct app_options *opts, const char *config_path,
				   const char *doing, struct core_error *err);

/* Why the store is read-only in a few words, for a disabled key
 * ("read-only: read_only = on"), into out; "" when it is writable. */
void app_read_only_words(const struct app_ctx *ctx, char *out, size_t size);

/* CORE_OK when the actor meets need at scope; else CORE_FORBIDDEN with a
 * sentence naming the role it takes (doing is what the actor tried). Reads
 * from ctx's grants: call app_load_grants first for a fresh answer. */
enum core_status app_require(const struct app_ctx *ctx, enum core_need need, const char *scope,
			     const char *doing, struct core_error *err);

/* Reads the actor's roles on the account again (a role lost a minute ago
 * no longer counts), with no limit on how many. */
enum core_status app_load_grants(struct app_ctx *ctx, struct core_error *err);

/* Whether the actor may now take an action needing need at scope (NULL:
 * the account), writing when write; false with *d saying why. Reads the
 * roles again. */
bool app_may(struct app_ctx *ctx, enum core_need need, const char *scope, bool write,
	     struct app_denial *d);

/* Sets ctx's time to now (core_now), for a read or an action that starts. */
void app_touch(struct app_ctx *ctx);

/* Writes a fresh random GUID (lowercase, 36 characters) into out. */
void app_new_guid(char out[37]);

/* Acts as email from now on (the console's switch of user, to decide a
 * request as its addressee): the account stays, the roles are read for
 * the new actor. CORE_USAGE for a malformed email, the actor unchanged. */
enum core_status app_set_actor(struct app_ctx *ctx, const char *email, struct core_error *err);

/* Applies the expiry of pending requests (DOMAIN.md §5): each request past
 * its expiry becomes Expired, and what it approves follows, with an audit
 * entry each, in one transaction. *expired receives how many. */
enum core_status app_requests_expire(struct app_ctx *ctx, long long *expired,
				     struct core_error *err);

#endif
