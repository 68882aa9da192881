#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/app_config.h"
#include "billcon/core_validate.h"

#define DEFAULT_INVITATION_URL \
	"https://portal.azure.com/#view/Microsoft_Azure_GTM/ModernBillingMenuBlade/~/ProvisioningApproval/requestId/{request}"
#define DEFAULT_REQUEST_URL \
	"https://portal.azure.com/#view/Microsoft_Azure_GTM/ModernBillingMenuBlade/~/BillingRequests/requestId/{request}"

static void
config_path(char *out, size_t size)
{
	const char *explicit_path = getenv("BILLCON_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (explicit_path)
		snprintf(out, size, "%s", explicit_path);
	else if (xdg && *xdg)
		snprintf(out, size, "%s/billcon/config", xdg);
	else if (home)
		snprintf(out, size, "%s/.config/billcon/config", home);
	else
		out[0] = '\0';
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* The transparency log's settings: the checkpoints' origin, and where a
 * checkpoint goes every so many changes. */
static enum core_status
apply_audit(struct app_config *cfg, const char *key, const char *value, int line,
	    struct core_error *err)
{
	if (strcmp(key, "audit_origin") == 0) {
		if (strlen(value) >= sizeof(cfg->audit_origin) || strpbrk(value, " \t+"))
			return core_error_set(err, CORE_USAGE,
				"%s line %d: audit_origin is one word without spaces or '+', at most %zu characters.",
				cfg->path, line, sizeof(cfg->audit_origin) - 1);
		snprintf(cfg->audit_origin, sizeof(cfg->audit_origin), "%s", value);
	} else if (strcmp(key, "checkpoint_every") == 0) {
		char *end;
		long n = strtol(value, &end, 10);
		if (*end || n < 0 || n > 1000000000)
			return core_error_set(err, CORE_USAGE,
				"%s line %d: checkpoint_every is a number of changes (0: never).", cfg->path, line);
		cfg->checkpoint_every = n;
	} else if (strcmp(key, "checkpoint_sink") == 0) {
		if (strncmp(value, "file:", 5) != 0 && strncmp(value, "command:", 8) != 0 &&
		    strcmp(value, "syslog") != 0)
			return core_error_set(err, CORE_USAGE,
				"%s line %d: checkpoint_sink is file:PATH, command:COMMAND or syslog.", cfg->path, line);
		snprintf(cfg->checkpoint_sink, sizeof(cfg->checkpoint_sink), "%s", value);
	} else {
		return core_error_set(err, CORE_USAGE, "%s line %d: unknown setting \"%s\".", cfg->path, line, key);
	}
	return CORE_OK;
}

/* Where sync goes and how it signs in. An endpoint is a base URL without a
 * trailing slash (sync appends paths); whether plain http is allowed is
 * sync_http's check, made when the URL is used. */
static enum core_status
apply_sync(struct app_config *cfg, const char *key, const char *value, int line,
	   struct core_error *err)
{
	struct { const char *key; char *field; size_t size; } const urls[] = {
		{ "arm_endpoint", cfg->arm_endpoint, sizeof(cfg->arm_endpoint) },
		{ "graph_endpoint", cfg->graph_endpoint, sizeof(cfg->graph_endpoint) },
		{ "login_endpoint", cfg->login_endpoint, sizeof(cfg->login_endpoint) },
	};

	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		if (strcmp(key, urls[i].key) != 0)
			continue;
		size_t n = strlen(value);
		if ((strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0) ||
		    n >= urls[i].size || strpbrk(value, " \t"))
			return core_error_set(err, CORE_USAGE,
				"%s line %d: %s is a base URL such as https://host (at most %zu characters).",
				cfg->path, line, key, urls[i].size - 1);
		snprintf(urls[i].field, urls[i].size, "%s", value);
		while (n > 0 && urls[i].field[n - 1] == '/')
			urls[i].field[--n] = '\0';
		return CORE_OK;
	}
	if (strcmp(key, "client_id") == 0) {
		if (!core_guid_parse(value, cfg->client_id, NULL))
			return core_error_set(err, CORE_USAGE,
				"%s line %d: client_id is an application (client) ID, a GUID.", cfg->path, line);
	} else if (strcmp(key, "ca_file") == 0) {
		snprintf(cfg->ca_file, sizeof(cfg->ca_file), "%s", value);
	} else if (strcmp(key, "client_secret_file") == 0) {
		snprintf(cfg->client_secret_file, sizeof(cfg->client_secret_file), "%s", value);
	} else {
		return core_error_set(err, CORE_USAGE, "%s line %d: unknown setting \"%s\".", cfg->path, line, key);
	}
	return CORE_OK;
}

static enum core_status
apply(struct app_config *cfg, const char *key, const char *value, int line,
      struct core_error *err)
{
	if (strcmp(key, "actor") == 0) {
		snprintf(cfg->actor, sizeof(cfg->actor), "%s", value);
	} else if (strcmp(key, "request_expiry_days") == 0) {
		char *end;
		long days = strtol(value, &end, 10);
		if (*end || days < 1 || days > 365)
			return core_error_set(err, CORE_USAGE,
				"%s line %d: request_expiry_days must be a whole number from 1 to 365.", cfg->path, line);
		cfg->request_expiry_days = (int)days;
	} else if (strcmp(key, "invitation_url") == 0) {
		snprintf(cfg->invitation_url_template, sizeof(cfg->invitation_url_template), "%s", value);
	} else if (strcmp(key, "mouse") == 0) {
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
			return core_error_set(err, CORE_USAGE, "%s line %d: mouse is on or off.", cfg->path, line);
		cfg->mouse = strcmp(value, "on") == 0;
	} else if (strcmp(key, "read_only") == 0) {
		if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
			return core_error_set(err, CORE_USAGE, "%s line %d: read_only is on or off.", cfg->path, line);
		cfg->read_only = strcmp(value, "on") == 0;
	} else if (strcmp(key, "low_bandwidth") == 0) {
		if (!core_bandwidth_mode_parse(value, &cfg->low_bandwidth))
			return core_error_set(err, CORE_USAGE, "%s line %d: low_bandwidth is on, off or auto.",
					      cfg->path, line);
	} else if (strcmp(key, "theme") == 0) {
		snprintf(cfg->theme, sizeof(cfg->theme), "%s", value);
	} else if (strcmp(key, "tenant") == 0) {
		if (!core_guid_parse(value, cfg->tenant, NULL))
			return core_error_set(err, CORE_USAGE,
				"%s line %d: tenant is the ID of the tenant you sign in through, a GUID.", cfg->path, line);
	} else if (strcmp(key, "request_url") == 0) {
		snprintf(cfg->request_url_template, sizeof(cfg->request_url_template), "%s", value);
	} else if (strcmp(key, "audit_origin") == 0 || strncmp(key, "checkpoint_", 11) == 0) {
		return apply_audit(cfg, key, value, line, err);
	} else if (strstr(key, "endpoint") || strncmp(key, "client_", 7) == 0 || strcmp(key, "ca_file") == 0) {
		return apply_sync(cfg, key, value, line, err);
	} else {
		return core_error_set(err, CORE_USAGE, "%s line %d: unknown setting \"%s\".", cfg->path, line, key);
	}
	return CORE_OK;
}

/* One line of the file (NUL-terminated, newline removed or not). */
static enum core_status
read_line(struct app_config *cfg, char *text, int line, struct core_error *err)
{
	char *s, *eq;

	if ((s = strchr(text, '#')) != NULL && (s == text || isspace((unsigned char)s[-1])))
		*s = '\0';
	s = trim(text);
	if (!*s)
		return CORE_OK;
	eq = strchr(s, '=');
	if (!eq)
		return core_error_set(err, CORE_USAGE, "%s line %d: expected \"key = value\".", cfg->path, line);
	*eq = '\0';
	return apply(cfg, trim(s), trim(eq + 1), line, err);
}

enum core_status
app_config_read(struct app_config *cfg, FILE *f, struct core_error *err)
{
	/* getline, not a fixed buffer: a long line cut in two would let the
	 * tail of a comment or a value be read as a setting of its own. */
	char *text = NULL;
	size_t cap = 0;
	int line = 0;
	enum core_status rc = CORE_OK;
	ssize_t len;

	while (rc == CORE_OK && (len = getline(&text, &cap, f)) >= 0) {
		line++;
		/* What follows a NUL would be dropped unseen: refuse the line. */
		if (strlen(text) != (size_t)len)
			rc = core_error_set(err, CORE_USAGE, "%s line %d: the line holds a NUL byte.", cfg->path, line);
		else
			rc = read_line(cfg, text, line, err);
	}
	if (rc == CORE_OK && ferror(f))
		rc = core_error_set(err, CORE_USAGE, "The settings file %s could not be read: %s.", cfg->path,
				    strerror(errno));
	free(text);
	return rc;
}

/* Opens the settings file without blocking on a FIFO, and refuses anything
 * but a regular file: a directory or a pipe is a mistake to name, not an
 * empty file. *f is NULL and the status CORE_OK when there is no file. */
static enum core_status
open_file(const char *path, FILE **f, struct core_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*f = NULL;
	if (fd < 0)
		return errno == ENOENT ? CORE_OK
				       : core_error_set(err, CORE_USAGE, "The settings file %s could not be read: %s.",
							path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return core_error_set(err, CORE_USAGE, "The settings file %s is not a regular file.", path);
	}
	if ((*f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return core_error_set(err, CORE_USAGE, "The settings file %s could not be read: %s.", path,
				      strerror(errno));
	}
	return CORE_OK;
}

enum core_status
app_config_load(struct app_config *cfg, struct core_error *err)
{
	FILE *f;
	enum core_status rc;

	app_config_defaults(cfg);
	config_path(cfg->path, sizeof(cfg->path));
	if (!cfg->path[0])
		return CORE_OK;
	if ((rc = open_file(cfg->path, &f, err)) != CORE_OK || !f) {
		cfg->path[0] = '\0';
		return rc;
	}
	rc = app_config_read(cfg, f, err);
	fclose(f);
	return rc;
}

void
app_config_defaults(struct app_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->request_expiry_days = 14;
	snprintf(cfg->invitation_url_template, sizeof(cfg->invitation_url_template), "%s", DEFAULT_INVITATION_URL);
	snprintf(cfg->request_url_template, sizeof(cfg->request_url_template), "%s", DEFAULT_REQUEST_URL);
	snprintf(cfg->arm_endpoint, sizeof(cfg->arm_endpoint), "%s", "https://management.azure.com");
	snprintf(cfg->graph_endpoint, sizeof(cfg->graph_endpoint), "%s", "https://graph.microsoft.com");
	snprintf(cfg->login_endpoint, sizeof(cfg->login_endpoint), "%s", "https://login.microsoftonline.com");
	/* The Azure CLI's public client: device code sign-in works with it in
	 * every tenant without registering an application first. */
	snprintf(cfg->client_id, sizeof(cfg->client_id), "%s", "04b07795-8ddb-461a-bbee-02f9e1bf7b46");
}

enum core_status
app_config_check_home(struct core_error *err)
{
	static const char *const xdg[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME" };
	const char *home = getenv("HOME");
	size_t i;

	if (home && *home)
		return CORE_OK;
	for (i = 0; i < sizeof(xdg) / sizeof(xdg[0]); i++) {
		const char *v = getenv(xdg[i]);
		if (!v || !*v)
			return core_error_set(err, CORE_USAGE,
					      "HOME is not set (nor %s), and billcon will not keep its files in the current folder.",
					      xdg[i]);
	}
	return CORE_OK;
}

void
app_config_expand(const char *template_, const char *request, const char *tenant,
		  const char *account, char *out, size_t size)
{
	static const char *const keys[] = { "{request}", "{tenant}", "{account}" };
	const char *values[] = { request, tenant, account };
	size_t o = 0;
	const char *p = template_;

	while (*p && o + 1 < size) {
		size_t k, klen = 0;
		for (k = 0; k < 3; k++) {
			klen = strlen(keys[k]);
			if (strncmp(p, keys[k], klen) == 0)
				break;
		}
		if (k < 3) {
			o += (size_t)snprintf(out + o, size - o, "%s", values[k] ? values[k] : "");
			if (o >= size)
				o = size - 1;
			p += klen;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}
