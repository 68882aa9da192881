#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "billcon/core_buf.h"
#include "billcon/sync_call.h"
#include "billcon/sync_http.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static const char *
base_of(const struct sync_target *t, const struct sync_call *call)
{
	return call->api == SYNC_API_GRAPH ? t->graph : t->arm;
}

static const char *
token_of(const struct sync_target *t, const struct sync_call *call)
{
	return call->api == SYNC_API_GRAPH ? t->graph_token : t->arm_token;
}

/* One request to base + path (or to url when path is NULL). */
static enum core_status
request(struct sync_http *h, const char *method, const char *base, const char *path, const char *bearer,
	const char *body, struct sync_response *resp, struct core_error *err)
{
	struct core_buf url = { 0 };
	enum core_status rc;

	core_buf_printf(&url, "%s%s", path ? base : "", path ? path : base);
	if (url.failed) {
		core_buf_free(&url);
		return core_error_set(err, CORE_REMOTE, "Out of memory building a URL.");
	}
	rc = sync_http_request(h, method, url.p, bearer, NULL, body ? "application/json" : NULL, body,
			       body ? strlen(body) : 0, resp, err);
	core_buf_free(&url);
	return rc;
}

/* The wait before the next poll: Retry-After, else the default, within
 * the limit. */
static long
poll_wait(const struct sync_target *t, const struct sync_response *r)
{
	long max = t->poll_max_ms > 0 ? t->poll_max_ms : 60000;
	long ms = sync_http_retry_after_ms(r->retry_after, (long long)time(NULL));

	if (ms < 0)
		ms = t->poll_default_ms > 0 ? t->poll_default_ms : 5000;
	return ms > max ? max : ms;
}

static const char *
or_else(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* An operation's final answer: a body whose status says Failed or
 * Canceled is a failure with its error. */
static enum core_status
final_status(const struct sync_response *r, struct core_error *err)
{
	json_t *o = r->body && r->len ? json_loads(r->body, 0, NULL) : NULL;
	const char *st = json_string_value(json_object_get(o, "status"));
	json_t *e = json_object_get(o, "error");
	enum core_status rc = CORE_OK;

	if (st && (strcasecmp(st, "Failed") == 0 || strcasecmp(st, "Canceled") == 0))
		rc = core_error_set(err, CORE_REMOTE, "%s: %s",
				    or_else(json_string_value(json_object_get(e, "code")), "OperationFailed"),
				    or_else(json_string_value(json_object_get(e, "message")),
					    "The operation did not finish."));
	json_decref(o);
	return rc;
}

/* Polls the operation at r's Location until it answers other than 202
 * (200 with status InProgress counts as not yet). */
static enum core_status
poll(struct sync_http *h, const struct sync_target *t, const char *bearer, struct sync_response *r,
     struct core_error *err)
{
	int polls = 0, max = t->max_polls > 0 ? t->max_polls : 120;
	char location[sizeof(r->location)];
	enum core_status rc = CORE_OK;
	json_t *o;
	const char *st;
	bool going = true;

	while (going) {
		if (++polls > max)
			return core_error_set(err, CORE_REMOTE, "The operation had not finished after %d polls.", max);
		if (r->location[0])
			snprintf(location, sizeof(location), "%s", r->location);
		sleep_ms(poll_wait(t, r));
		sync_response_clear(r);
		if ((rc = request(h, "GET", location, NULL, bearer, NULL, r, err)))
			return rc;
		if ((rc = sync_http_error(r, err)))
			return rc;
		o = r->status == 200 && r->len ? json_loads(r->body, 0, NULL) : NULL;
		st = json_string_value(json_object_get(o, "status"));
		going = r->status == 202 || (st && (strcasecmp(st, "InProgress") == 0 ||
						    strcasecmp(st, "Running") == 0 || strcasecmp(st, "Accepted") == 0));
		json_decref(o);
	}
	return final_status(r, err);
}

enum core_status
sync_call_answer(struct sync_http *h, const struct sync_target *t, const struct sync_call *call, bool *answered,
		 struct sync_response *r, struct core_error *err)
{
	const char *bearer = token_of(t, call);
	enum core_status rc = request(h, call->method, base_of(t, call), call->path, bearer, call->body, r, err);

	if (answered)
		*answered = rc == CORE_OK;
	if (!rc && r->status == 404 && strcmp(call->method, "DELETE") == 0)
		r->status = 204;
	if (!rc)
		rc = sync_http_error(r, err);
	if (!rc && call->lro && (r->status == 201 || r->status == 202) && r->location[0])
		rc = poll(h, t, bearer, r, err);
	return rc;
}

enum core_status
sync_call_send(struct sync_http *h, const struct sync_target *t, const struct sync_call *call, bool *answered,
	       struct core_error *err)
{
	struct sync_response r = { 0 };
	enum core_status rc = sync_call_answer(h, t, call, answered, &r, err);

	sync_response_clear(&r);
	return rc;
}

enum core_status
sync_call_document(struct sync_http *h, const struct sync_response *answer, struct sync_response *resp,
		   struct core_error *err)
{
	json_t *o = answer->body && answer->len ? json_loadb(answer->body, answer->len, 0, NULL) : NULL;
	const char *url = json_string_value(json_object_get(o, "url"));
	enum core_status rc;

	if (!url || !url[0])
		rc = core_error_set(err, CORE_REMOTE, "The service's answer names no document to download.");
	else if (!(rc = sync_http_request(h, "GET", url, NULL, NULL, NULL, NULL, 0, resp, err)))
		rc = sync_http_error(resp, err);
	json_decref(o);
	return rc;
}

/* The nextLink of a listing's body, into next ("" none). */
static void
next_link(const struct sync_response *r, char *next, size_t size)
{
	json_t *o = r->body ? json_loads(r->body, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(o, "nextLink"));

	snprintf(next, size, "%s", v ? v : "");
	json_decref(o);
}

enum core_status
sync_call_made(struct sync_http *h, const struct sync_target *t, const struct sync_call *call, bool *made,
	       char *name, size_t size, struct core_error *err)
{
	struct sync_response r = { 0 };
	char next[4096] = "";
	enum core_status rc = CORE_OK;
	int pages = 0;

	*made = false;
	if (!call->readback)
		return CORE_OK;
	do {
		rc = next[0] ? request(h, "GET", next, NULL, token_of(t, call), NULL, &r, err) :
			       request(h, "GET", base_of(t, call), call->readback, token_of(t, call), NULL, &r, err);
		if (!rc)
			rc = sync_http_error(&r, err);
		if (!rc) {
			*made = sync_plan_made(call, r.body, name, size);
			next_link(&r, next, sizeof(next));
		}
		sync_response_clear(&r);
	} while (!rc && !*made && next[0] && ++pages < 10000);
	return rc;
}

enum core_status
sync_resolve_domain(struct sync_http *h, const char *login, const char *domain, char tenant[37],
		    struct core_error *err)
{
	struct sync_response r = { 0 };
	struct core_buf path = { 0 };
	enum core_status rc;

	tenant[0] = '\0';
	core_buf_printf(&path, "/%s/v2.0/.well-known/openid-configuration", domain);
	if (path.failed) {
		core_buf_free(&path);
		return core_error_set(err, CORE_REMOTE, "Out of memory building a URL.");
	}
	rc = request(h, "GET", login, path.p, NULL, NULL, &r, err);
	core_buf_free(&path);
	if (!rc && (r.status == 400 || r.status == 404))
		rc = core_error_set(err, CORE_NOT_FOUND, "The login endpoint knows no tenant with the domain %s.", domain);
	if (!rc)
		rc = sync_http_error(&r, err);
	if (!rc && !sync_plan_issuer_tenant(r.body, tenant))
		rc = core_error_set(err, CORE_REMOTE, "The OpenID configuration of %s names no tenant ID.", domain);
	sync_response_clear(&r);
	return rc;
}
