#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "billcon/core_buf.h"
#include "billcon/sync_conflict.h"
#include "billcon/sync_http.h"
#include "billcon/sync_httperror.h"

static json_t *
load(const char *text)
{
	return text ? json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
}

/* Equal as JSON; strings without regard to case (ARM's enum values and
 * IDs come back in either). */
static bool
same(const json_t *a, const json_t *b)
{
	if (json_is_string(a) && json_is_string(b))
		return strcasecmp(json_string_value(a), json_string_value(b)) == 0;
	return a && b && json_equal((json_t *)a, (json_t *)b);
}

bool
sync_conflict_applied(const struct sync_call *call, const char *theirs)
{
	json_t *asked = load(call->body), *got = load(theirs);
	json_t *want = json_object_get(asked, "properties"), *have = json_object_get(got, "properties");
	json_t *dest = json_object_get(asked, "destinationInvoiceSectionId"), *v;
	const char *key;
	bool yes = false;

	if (json_is_object(want) && json_object_size(want) && json_is_object(have)) {
		yes = true;
		json_object_foreach(want, key, v)
			if (!same(v, json_object_get(have, key)))
				yes = false;
	} else if (dest) {
		yes = same(dest, json_object_get(have, "invoiceSectionId"));
	}
	json_decref(asked);
	json_decref(got);
	return yes;
}

bool
sync_conflict_judge(const struct sync_call *call, const char *base, const struct sync_readback *rb)
{
	bool removal = strcmp(call->method, "DELETE") == 0;
	json_t *was, *now;
	bool equal;

	if (rb->status == 404)
		return base && !removal;
	if (!base)   /* a creation of what exists already */
		return !sync_conflict_applied(call, rb->body);
	was = load(base);
	now = load(rb->body);
	equal = was && now ? json_equal(was, now) : strcmp(base, rb->body ? rb->body : "") == 0;
	json_decref(was);
	json_decref(now);
	return !equal && (removal || !sync_conflict_applied(call, rb->body));
}

/* The GET path of the object call goes to: its PUT's or DELETE's own
 * path (a domain resolved in it), else the object with the call's
 * api-version. */
static char *
read_path(const struct sync_call *call, const char *object)
{
	const char *q = call->path ? strchr(call->path, '?') : NULL;
	struct core_buf b = { 0 };

	if (strcmp(call->method, "PUT") == 0 || strcmp(call->method, "DELETE") == 0)
		return call->path ? strdup(call->path) : NULL;
	core_buf_printf(&b, "%s%s", object, q ? q : "");
	if (b.failed)
		core_buf_free(&b);
	return b.p;
}

enum core_status
sync_conflict_read(struct sync_http *h, const struct sync_target *t, const struct sync_call *call,
		   const char *object, long *status, char **body, bool *answered, struct core_error *err)
{
	struct sync_response r = { 0 };
	struct core_buf url = { 0 };
	char *path = read_path(call, object);
	enum core_status rc;

	*status = 0;
	*body = NULL;
	*answered = true;
	if (path)
		core_buf_printf(&url, "%s%s", t->arm, path);
	free(path);
	if (!url.p || url.failed) {
		core_buf_free(&url);
		return core_error_set(err, CORE_REMOTE, "Out of memory building a URL.");
	}
	rc = sync_http_request(h, "GET", url.p, t->arm_token, NULL, NULL, NULL, 0, &r, err);
	core_buf_free(&url);
	*answered = rc == CORE_OK;
	if (!rc && r.status != 404)
		rc = sync_http_error(&r, err);
	if (!rc) {
		*status = r.status;
		if (r.status != 404 && !(*body = strdup(r.body ? r.body : "")))
			rc = core_error_set(err, CORE_REMOTE, "Out of memory reading the object back.");
	}
	sync_response_clear(&r);
	return rc;
}

enum core_status
sync_conflict_check(struct sync_http *h, const struct sync_target *t, const struct sync_call *call,
		    const char *object, const char *base, bool *conflict, char **theirs, bool *answered,
		    struct core_error *err)
{
	struct sync_readback rb = { 0 };
	char *body = NULL;
	enum core_status rc = sync_conflict_read(h, t, call, object, &rb.status, &body, answered, err);

	*conflict = false;
	*theirs = NULL;
	if (rc)
		return rc;
	rb.body = body;
	*conflict = sync_conflict_judge(call, base, &rb);
	if (*conflict)
		*theirs = body ? body : strdup("");
	else
		free(body);
	if (*conflict && !*theirs)
		return core_error_set(err, CORE_REMOTE, "Out of memory reading the object back.");
	return CORE_OK;
}
