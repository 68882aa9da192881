#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/app_request.h"
#include "billcon/cli_out.h"
#include "billcon/cli_requests.h"
#include "billcon/core_text.h"

/* The text table's columns, and CSV's: every key, nested ones by their
 * path. */
static const struct cli_column text_columns[] = {
	{ "name", "NAME", 36 }, { "status", "STATUS", 9 }, { "type", "TYPE", 18 },
	{ "addressee", "ADDRESSEE", 30 }, { "expirationDate", "EXPIRES", 0 },
};

static const struct cli_column csv_columns[] = {
	{ "name", "", 0 }, { "type", "", 0 }, { "status", "", 0 }, { "requestScope", "", 0 },
	{ "createdBy.upn", "", 0 }, { "creationDate", "", 0 }, { "expirationDate", "", 0 },
	{ "reviewedBy.upn", "", 0 }, { "reviewalDate", "", 0 }, { "decisionReason", "", 0 },
	{ "addressee", "", 0 }, { "url", "", 0 },
};

static const char *const statuses[] = { "Pending", "Approved", "Declined", "Expired", "Cancelled",
					"Completed", NULL };
static const char *const types[] = { "RoleAssignment", "ProvisioningAccess", "InvoiceAccess",
				     "UpdateBillingPolicy", "Other", NULL };

struct list_state {
	struct app_ctx *ctx;
	struct cli_table table;
	const char *status, *type;   /* only these, or NULL */
};

static int
list_row(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_request *r = row;
	struct list_state *s = data;

	(void)key;
	if ((s->status && strcasecmp(s->status, r->status) != 0) ||
	    (s->type && strcasecmp(s->type, r->type) != 0))
		return 0;
	cli_table_row(&s->table, app_request_json(s->ctx, r));
	return 0;
}

/* value when it is one of known (any case), else a usage error. */
static int
one_of(const char *option, const char *value, const char *const *known)
{
	char shown[CORE_ECHO_BYTES], all[256] = "";
	size_t used = 0;
	int i;

	for (i = 0; known[i]; i++)
		if (strcasecmp(value, known[i]) == 0)
			return 0;
	/* Every value, so that the sentence is the whole answer. */
	for (i = 0; known[i] && used < sizeof(all); i++)
		used += (size_t)snprintf(all + used, sizeof(all) - used, "%s%s", i ? ", " : "", known[i]);
	return cli_usage("%s takes one of %s; not \"%s\".", option, all, core_text_echo(value, shown));
}

static int
list_options(struct cli_args *a, struct list_state *s)
{
	int i, got;

	for (i = 2; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--status", &s->status))) {
			if (got < 0 || one_of("--status", s->status, statuses))
				return got < 0 ? cli_usage("--status needs a value.") : 2;
		} else if ((got = cli_opt_value(a->argc, a->argv, &i, "--type", &s->type))) {
			if (got < 0 || one_of("--type", s->type, types))
				return got < 0 ? cli_usage("--type needs a value.") : 2;
		} else {
			return cli_unexpected("requests list", a->argv[i]);
		}
	}
	return 0;
}

static int
list(struct cli_args *a)
{
	bool text = a->format == CLI_TEXT;
	struct list_state s = { .table = { .format = a->format, .cols = text ? text_columns : csv_columns,
					   .ncols = text ? sizeof(text_columns) / sizeof(text_columns[0])
							 : sizeof(csv_columns) / sizeof(csv_columns[0]) } };
	struct store_list_query q = { .sort = STORE_REQUEST_SORT_STATUS, .limit = -1 };
	struct core_error err;
	int rc = list_options(a, &s);

	if (rc)
		return rc;
	a->app.reader = true;
	if ((rc = cli_open(a, &s.ctx)))
		return rc;
	core_error_clear(&err);
	q.spec = app_request_list(s.ctx);
	cli_table_begin(&s.table);
	rc = app_list_page(s.ctx, &q, list_row, &s, &err) ? cli_fail(&err) : 0;
	cli_table_end(&s.table, rc ? NULL : "no requests");
	app_close(s.ctx);
	return rc;
}

static void
put_field(const char *label, const char *value)
{
	fprintf(stdout, "%-16s ", label);
	cli_put_safe(stdout, value[0] ? value : "-");
	fputc('\n', stdout);
}

static void
put_request(struct app_ctx *ctx, enum cli_format format, const struct store_request *r)
{
	json_t *o = app_request_json(ctx, r);

	if (format == CLI_JSON) {
		cli_put_json(stdout, o);
	} else {
		put_field("Name", r->name);
		put_field("Type", r->type);
		put_field("Status", r->status);
		put_field("Addressee", r->addressee);
		put_field("Scope", r->scope);
		put_field("Approves", r->object);
		put_field("Requested by", r->created_by);
		put_field("Requested on", r->created_on);
		put_field("Expires on", r->expires_on);
		put_field("Reviewed by", r->reviewed_by);
		put_field("Reviewed on", r->reviewed_on);
		put_field("Reason", r->decision_reason);
		put_field("URL", json_is_string(json_object_get(o, "url")) ? json_string_value(json_object_get(o, "url")) : "");
	}
	json_decref(o);
}

/* The one request ID a verb takes, and its options (--reason when
 * reason is not NULL). */
static int
request_args(struct cli_args *a, const char **id, const char **reason)
{
	char command[64];
	int i, got;

	snprintf(command, sizeof(command), "requests %s", a->argv[1]);
	for (i = 2; i < a->argc; i++) {
		if (reason && (got = cli_opt_value(a->argc, a->argv, &i, "--reason", reason))) {
			if (got < 0)
				return cli_usage("--reason needs a value.");
		} else if (a->argv[i][0] != '-' && !*id) {
			*id = a->argv[i];
		} else {
			return cli_unexpected(command, a->argv[i]);
		}
	}
	if (!*id)
		return cli_usage("%s needs the request's ID (its name, a GUID).", command);
	return 0;
}

/* show and url: read only. */
static int
read_one(struct cli_args *a, bool url_only)
{
	const char *id = NULL;
	struct app_ctx *ctx;
	struct store_request r;
	struct core_error err;
	char url[2048];
	int rc = request_args(a, &id, NULL);

	if (rc || (rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_request_get(ctx, id, &r, &err)) {
		rc = cli_fail(&err);
	} else if (url_only) {
		app_request_url(ctx, r.name, url, sizeof(url));
		if (url[0]) {
			cli_put_safe(stdout, url);
			fputc('\n', stdout);
		} else {
			core_error_set(&err, CORE_NOT_FOUND, "%s", APP_REQUEST_NO_URL);
			rc = cli_fail(&err);
		}
	} else {
		put_request(ctx, a->format, &r);
	}
	app_close(ctx);
	return rc;
}

static int
act(struct cli_args *a, enum app_request_act what)
{
	static const char *const done[] = { [APP_REQUEST_APPROVE] = "Approved",
					    [APP_REQUEST_DECLINE] = "Declined",
					    [APP_REQUEST_CANCEL] = "Cancelled" };
	const char *id = NULL, *reason = NULL;
	struct app_ctx *ctx;
	struct store_request r;
	struct core_error err;
	char name[256], addressee[1024];
	int rc = request_args(a, &id, what == APP_REQUEST_CANCEL ? NULL : &reason);

	if (!rc && what == APP_REQUEST_DECLINE && !reason)
		rc = cli_usage("requests decline needs --reason TEXT.");
	a->app.changes = app_request_doing(what);
	if (rc || (rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_request_act(ctx, id, what, reason, &r, &err)) {
		rc = cli_fail(&err);
	} else if (a->format == CLI_JSON) {
		put_request(ctx, CLI_JSON, &r);
	} else {
		fprintf(stdout, "%s request %s (%s for %s).\n", done[what], cli_safe(r.name, name, sizeof(name)),
			r.type, cli_safe(r.addressee, addressee, sizeof(addressee)));
	}
	app_close(ctx);
	return rc;
}

int
cli_requests(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : "list";
	char shown[CORE_ECHO_BYTES];

	if (strcmp(verb, "list") == 0)
		return list(a);
	if (strcmp(verb, "show") == 0)
		return read_one(a, false);
	if (strcmp(verb, "url") == 0)
		return read_one(a, true);
	if (strcmp(verb, "approve") == 0)
		return act(a, APP_REQUEST_APPROVE);
	if (strcmp(verb, "decline") == 0)
		return act(a, APP_REQUEST_DECLINE);
	if (strcmp(verb, "cancel") == 0)
		return act(a, APP_REQUEST_CANCEL);
	return cli_usage("requests has no verb \"%s\": use list, show, url, approve, decline or cancel.",
			 core_text_echo(verb, shown));
}
