#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "billcon/app_auth.h"
#include "billcon/app_state.h"

#define PATH_BYTES 4200
#define PRIVATE_MAX (1 << 20)

struct app_auth {
	struct app_config cfg;
	struct sync_auth_client client;
	struct sync_http *http;       /* borrowed */
	enum app_auth_mode how;       /* DEVICE or CLIENT: how the tokens were got */
	bool from_file;               /* a token file: nothing to renew with */
	char key[1024];               /* the cache entry's key */
	char actor[256];
	struct sync_token tok[2];     /* by enum app_auth_resource */
	char *refresh;
	char *secret;                 /* client credentials' secret */
	struct sync_device *dev;      /* a device code sign-in pending */
};

static const char *const scopes[2] = { SYNC_AUTH_SCOPE_ARM, SYNC_AUTH_SCOPE_GRAPH };
static const char *const names[2] = { "arm", "graph" };

bool
app_auth_cache_path(char *out, size_t size, bool make)
{
	char dir[PATH_BYTES];

	return app_state_dir(dir, sizeof(dir), make) && snprintf(out, size, "%s/tokens", dir) < (int)size;
}

/* Refuses a folder others may write to: they could put their own file in
 * the cache's place. */
static enum core_status
check_folder(const char *path, struct core_error *err)
{
	char dir[PATH_BYTES];
	char *slash;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(slash = strrchr(dir, '/')))
		return CORE_OK;
	*slash = '\0';
	if (stat(dir, &st) == 0 && (st.st_mode & 022))
		return core_error_set(err, CORE_REFUSED,
			"The folder %s may be written by others (mode %04o): run `chmod 700 %s`.",
			dir, (unsigned)(st.st_mode & 07777), dir);
	return CORE_OK;
}

enum core_status
app_auth_read_private(const char *path, const char *what, char **text, struct core_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	enum core_status rc = CORE_OK;
	char *buf = NULL;
	ssize_t got = 0;

	*text = NULL;
	if (fd < 0 && errno == ENOENT)
		return CORE_OK;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > PRIVATE_MAX)
		rc = core_error_set(err, CORE_USAGE, "Cannot read %s %s: %s.", what, path,
				    fd < 0 ? strerror(errno) : "not a regular file of at most 1 MiB");
	else if (st.st_mode & 077)
		rc = core_error_set(err, CORE_REFUSED,
			"%s %s may be read or written by others (mode %04o): run `chmod 600 %s` "
			"(and sign in again if someone else may have read it).",
			what, path, (unsigned)(st.st_mode & 07777), path);
	else if (!(buf = malloc((size_t)st.st_size + 1)) ||
		 (got = read(fd, buf, (size_t)st.st_size)) != (ssize_t)st.st_size)
		rc = core_error_set(err, CORE_USAGE, "Cannot read %s %s.", what, path);
	if (fd >= 0)
		close(fd);
	if (rc != CORE_OK) {
		free(buf);
		return rc;
	}
	buf[got] = '\0';
	*text = buf;
	return CORE_OK;
}

enum core_status
app_auth_write_private(const char *path, const char *text, struct core_error *err)
{
	char aside[PATH_BYTES + 32];
	size_t n = strlen(text);
	int fd, saved;
	bool ok;

	snprintf(aside, sizeof(aside), "%s.%ld.new", path, (long)getpid());
	unlink(aside);
	/* 0600 from its creation: the umask can only take bits away. */
	fd = open(aside, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
	saved = errno;
	if (fd >= 0)
		ok = close(fd) == 0 && ok;
	if (ok && rename(aside, path) == 0)
		return CORE_OK;
	saved = errno ? errno : saved;
	unlink(aside);
	return core_error_set(err, CORE_STORE, "Cannot write the token cache %s: %s.", path, strerror(saved));
}

/* The cache as JSON into *root (an empty cache when there is none) and
 * its path into path. */
static enum core_status
cache_load(bool make, char *path, size_t size, json_t **root, struct core_error *err)
{
	char *text = NULL;
	enum core_status rc;

	*root = NULL;
	if (!app_auth_cache_path(path, size, make))
		return core_error_set(err, CORE_USAGE,
			"Neither XDG_STATE_HOME nor HOME is set, so billcon has no folder for its token cache.");
	if ((rc = check_folder(path, err)) || (rc = app_auth_read_private(path, "The token cache", &text, err)))
		return rc;
	*root = text ? json_loads(text, 0, NULL) : json_pack("{s:i, s:{}}", "version", 1, "logins");
	if (text)
		sync_token_wipe(text);
	if (!json_is_object(*root) || !json_is_object(json_object_get(*root, "logins"))) {
		json_decref(*root);
		*root = NULL;
		return core_error_set(err, CORE_USAGE,
			"The token cache %s is not billcon's: move it away and run billcon login.", path);
	}
	return CORE_OK;
}

/* Writes root to the cache at path, wiping the text it made. */
static enum core_status
cache_save(const char *path, json_t *root, struct core_error *err)
{
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	enum core_status rc;

	if (!text)
		return core_error_set(err, CORE_STORE, "Out of memory writing the token cache.");
	rc = app_auth_write_private(path, text, err);
	sync_token_wipe(text);
	return rc;
}

/* The cache entry's key: login endpoint, tenant, client ID. */
static void
cache_key(const struct app_config *cfg, char *out, size_t size)
{
	snprintf(out, size, "%s %s %s", cfg->login_endpoint, cfg->tenant[0] ? cfg->tenant : "organizations",
		 cfg->client_id);
}

static json_t *
token_json(const struct sync_token *t)
{
	return t->access ? json_pack("{s:s, s:I}", "access_token", t->access, "expires_at",
				     (json_int_t)t->expires_at)
			 : json_null();
}

/* Saves a's sign-in in its cache entry. */
static enum core_status
cache_put(struct app_auth *a, struct core_error *err)
{
	char path[PATH_BYTES];
	json_t *root, *entry;
	enum core_status rc;

	if (a->from_file)
		return CORE_OK;
	if ((rc = cache_load(true, path, sizeof(path), &root, err)))
		return rc;
	entry = json_pack("{s:s, s:s, s:o, s:o}", "actor", a->actor,
			  "how", a->how == APP_AUTH_CLIENT ? "client" : "device",
			  "arm", token_json(&a->tok[APP_AUTH_ARM]), "graph", token_json(&a->tok[APP_AUTH_GRAPH]));
	if (entry && a->refresh)
		json_object_set_new(entry, "refresh_token", json_string(a->refresh));
	if (!entry || json_object_set_new(json_object_get(root, "logins"), a->key, entry))
		rc = core_error_set(err, CORE_STORE, "Out of memory writing the token cache.");
	else
		rc = cache_save(path, root, err);
	json_decref(root);
	return rc;
}

static bool
take_string(json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
	return *out || !json_is_string(v);
}

/* Fills a from its cache entry; CORE_FORBIDDEN when there is none. */
static enum core_status
cache_get(struct app_auth *a, struct core_error *err)
{
	char path[PATH_BYTES];
	json_t *root, *entry;
	enum core_status rc;
	bool ok = true;

	if ((rc = cache_load(false, path, sizeof(path), &root, err)))
		return rc;
	entry = json_object_get(json_object_get(root, "logins"), a->key);
	if (!json_is_object(entry) || !json_is_string(json_object_get(entry, "actor"))) {
		json_decref(root);
		return core_error_set(err, CORE_FORBIDDEN,
			"Not signed in to %s (tenant %s, client %s): run billcon login.", a->cfg.login_endpoint,
			a->cfg.tenant[0] ? a->cfg.tenant : "organizations", a->cfg.client_id);
	}
	snprintf(a->actor, sizeof(a->actor), "%s", json_string_value(json_object_get(entry, "actor")));
	a->how = json_is_string(json_object_get(entry, "how")) &&
			 strcmp(json_string_value(json_object_get(entry, "how")), "client") == 0
		 ? APP_AUTH_CLIENT : APP_AUTH_DEVICE;
	ok = take_string(entry, "refresh_token", &a->refresh);
	for (int r = 0; r < 2 && ok; r++) {
		json_t *t = json_object_get(entry, names[r]);
		ok = take_string(t, "access_token", &a->tok[r].access);
		a->tok[r].expires_at = json_integer_value(json_object_get(t, "expires_at"));
	}
	json_decref(root);
	if (!ok)
		return core_error_set(err, CORE_STORE, "Out of memory reading the token cache.");
	return CORE_OK;
}

enum core_status
app_auth_logout(const struct app_config *cfg, bool *removed, struct core_error *err)
{
	char path[PATH_BYTES], key[1024];
	json_t *root;
	enum core_status rc;

	*removed = false;
	cache_key(cfg, key, sizeof(key));
	if ((rc = cache_load(false, path, sizeof(path), &root, err)))
		return rc;
	*removed = json_object_del(json_object_get(root, "logins"), key) == 0;
	if (*removed)
		rc = cache_save(path, root, err);
	json_decref(root);
	return rc;
}

/* The client credentials' secret: the file client_secret_file names
 * (private, like the cache; its first line), else BILLCON_CLIENT_SECRET. */
static enum core_status
read_secret(struct app_auth *a, struct core_error *err)
{
	const char *env = getenv("BILLCON_CLIENT_SECRET");
	enum core_status rc;

	if (a->cfg.client_secret_file[0]) {
		if ((rc = app_auth_read_private(a->cfg.client_secret_file, "The client secret file",
						&a->secret, err)))
			return rc;
		if (!a->secret)
			return core_error_set(err, CORE_USAGE, "The client secret file %s does not exist.",
					      a->cfg.client_secret_file);
		a->secret[strcspn(a->secret, "\r\n")] = '\0';
	} else if (env && *env && !(a->secret = strdup(env))) {
		return core_error_set(err, CORE_USAGE, "Out of memory.");
	}
	if (!a->secret || !a->secret[0])
		return core_error_set(err, CORE_USAGE,
			"Client credentials need the application's secret: name its file in the setting "
			"client_secret_file, or set BILLCON_CLIENT_SECRET (never on the command line).");
	return CORE_OK;
}

/* Takes the ARM token a sign-in gave: its actor, its refresh token. */
static enum core_status
signed_in(struct app_auth *a, struct sync_token *got, struct core_error *err)
{
	enum core_status rc;

	sync_token_clear(&a->tok[APP_AUTH_ARM]);
	a->tok[APP_AUTH_ARM] = *got;
	if (got->refresh) {
		sync_token_wipe(a->refresh);
		a->refresh = got->refresh;
		a->tok[APP_AUTH_ARM].refresh = NULL;
	}
	memset(got, 0, sizeof(*got));
	if ((rc = sync_token_actor(a->tok[APP_AUTH_ARM].access, a->actor, sizeof(a->actor), NULL, err)))
		return rc;
	return cache_put(a, err);
}

/* Gets a new token for r: client credentials with the secret, else the
 * refresh token. */
static enum core_status
renew(struct app_auth *a, enum app_auth_resource r, struct core_error *err)
{
	struct sync_token got = { 0 };
	enum core_status rc;

	if (a->from_file || !a->http)
		return core_error_set(err, CORE_FORBIDDEN, r == APP_AUTH_GRAPH && a->from_file
			? "The token file holds no \"graph\" token for Microsoft Graph."
			: "The access token has expired and there is nothing to renew it with: run billcon login.");
	if (a->how == APP_AUTH_CLIENT) {
		if (!a->secret && (rc = read_secret(a, err)))
			return rc;
		rc = sync_auth_client_credentials(a->http, &a->client, a->secret, scopes[r], &got, err);
	} else if (a->refresh) {
		rc = sync_auth_refresh(a->http, &a->client, a->refresh, scopes[r], &got, err);
	} else {
		return core_error_set(err, CORE_FORBIDDEN, "The sign-in holds no refresh token: run billcon login.");
	}
	if (rc)
		return rc;
	if (r == APP_AUTH_ARM)
		return signed_in(a, &got, err);
	sync_token_clear(&a->tok[r]);
	a->tok[r].access = got.access;
	a->tok[r].expires_at = got.expires_at;
	if (got.refresh) {
		sync_token_wipe(a->refresh);
		a->refresh = got.refresh;
	}
	return cache_put(a, err);
}

/* Reads a token file: {"arm": TOKEN, "graph": TOKEN}, graph optional. */
static enum core_status
token_file(struct app_auth *a, const char *path, struct core_error *err)
{
	char *text = NULL;
	json_t *j = NULL;
	enum core_status rc;

	a->from_file = true;
	if (!path || !*path)
		return core_error_set(err, CORE_USAGE, "--auth token-file needs the file's name.");
	if ((rc = app_auth_read_private(path, "The token file", &text, err)))
		return rc;
	if (!text)
		return core_error_set(err, CORE_USAGE, "The token file %s does not exist.", path);
	j = json_loads(text, 0, NULL);
	sync_token_wipe(text);
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "arm")))
		rc = core_error_set(err, CORE_USAGE, "The token file %s is not JSON {\"arm\": TOKEN, \"graph\": TOKEN}.", path);
	else if (!take_string(j, "arm", &a->tok[APP_AUTH_ARM].access) ||
		 !take_string(j, "graph", &a->tok[APP_AUTH_GRAPH].access))
		rc = core_error_set(err, CORE_USAGE, "Out of memory.");
	else
		rc = sync_token_actor(a->tok[APP_AUTH_ARM].access, a->actor, sizeof(a->actor),
				     &a->tok[APP_AUTH_ARM].expires_at, err);
	json_decref(j);
	return rc;
}

/* BILLCON_SLOW_DOWN_MS (tests): slow_down's increment in milliseconds. */
static long
slow_down_ms(void)
{
	const char *v = getenv("BILLCON_SLOW_DOWN_MS");

	return v && *v ? strtol(v, NULL, 10) : 0;
}

enum core_status
app_auth_open(const struct app_config *cfg, enum app_auth_mode mode, const char *token_file_path,
	      struct sync_http *http, struct app_auth **out, struct core_error *err)
{
	struct app_auth *a = calloc(1, sizeof(*a));
	enum core_status rc = CORE_OK;
	struct sync_token got = { 0 };

	*out = NULL;
	if (!a)
		return core_error_set(err, CORE_USAGE, "Out of memory.");
	a->cfg = *cfg;
	a->http = http;
	a->client = (struct sync_auth_client){ a->cfg.login_endpoint, a->cfg.tenant, a->cfg.client_id,
					       slow_down_ms() };
	a->how = mode == APP_AUTH_CLIENT ? APP_AUTH_CLIENT : APP_AUTH_DEVICE;
	cache_key(cfg, a->key, sizeof(a->key));
	if (mode == APP_AUTH_TOKEN_FILE)
		rc = token_file(a, token_file_path, err);
	else if (mode == APP_AUTH_CACHE)
		rc = cache_get(a, err);
	else if (mode == APP_AUTH_DEVICE)
		rc = sync_device_start(http, &a->client, SYNC_AUTH_SCOPE_ARM, &a->dev, err);
	else if (!(rc = read_secret(a, err)) &&
		 !(rc = sync_auth_client_credentials(http, &a->client, a->secret, SYNC_AUTH_SCOPE_ARM, &got, err)))
		rc = signed_in(a, &got, err);
	sync_token_clear(&got);
	if (rc) {
		app_auth_free(a);
		return rc;
	}
	*out = a;
	return CORE_OK;
}

const struct sync_device_info *
app_auth_device(const struct app_auth *a)
{
	return a->dev ? sync_device_info(a->dev) : NULL;
}

enum core_status
app_auth_wait(struct app_auth *a, struct core_error *err)
{
	struct sync_token got = { 0 };
	enum core_status rc;

	if (!a->dev)
		return CORE_OK;
	rc = sync_device_wait(a->dev, a->http, &got, err);
	sync_device_free(a->dev);
	a->dev = NULL;
	if (!rc)
		rc = signed_in(a, &got, err);
	sync_token_clear(&got);
	return rc;
}

enum core_status
app_auth_token(struct app_auth *a, enum app_auth_resource r, const char **bearer,
	       struct core_error *err)
{
	struct sync_token *t = &a->tok[r];
	enum core_status rc;

	*bearer = NULL;
	if (a->dev)
		return core_error_set(err, CORE_FORBIDDEN, "The sign-in is not finished yet.");
	if (!t->access || (!a->from_file && t->expires_at - APP_AUTH_MARGIN_S <= (long long)time(NULL)))
		if ((rc = renew(a, r, err)))
			return rc;
	*bearer = t->access;
	return CORE_OK;
}

const char *
app_auth_actor(const struct app_auth *a)
{
	return a->actor;
}

long long
app_auth_expires(const struct app_auth *a)
{
	return a->tok[APP_AUTH_ARM].access ? a->tok[APP_AUTH_ARM].expires_at : 0;
}

void
app_auth_free(struct app_auth *a)
{
	if (!a)
		return;
	sync_token_clear(&a->tok[0]);
	sync_token_clear(&a->tok[1]);
	sync_token_wipe(a->refresh);
	sync_token_wipe(a->secret);
	sync_device_free(a->dev);
	free(a);
}
