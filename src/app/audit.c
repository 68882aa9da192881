#include "config.h"

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/app_audit.h"
#include "billcon/app_context.h"
#include "billcon/core_auditq.h"

/* A value as a short text: strings bare, the rest as compact JSON. */
static void
value_text(const json_t *v, char *out, size_t size)
{
	char *dumped;

	if (!v) {
		snprintf(out, size, "-");
	} else if (json_is_string(v)) {
		snprintf(out, size, "%s", json_string_value(v));
	} else {
		dumped = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		snprintf(out, size, "%s", dumped ? dumped : "?");
		free(dumped);
	}
}

/* What a walk calls for each field: its dotted path, its value before and
 * after (NULL: absent); false stops the walk. */
typedef bool (*field_fn)(void *data, const char *path, const json_t *was, const json_t *now);

/* Objects on both sides (or on the only side there is) are walked into,
 * so that a change deep in one reads as its own field. */
static bool
nested(const json_t *was, const json_t *now)
{
	return now ? json_is_object(now) && (!was || json_is_object(was)) : json_is_object(was);
}

/* Calls fn for each field of after, then for each field only before has,
 * with "a.b" paths into nested objects. NULL is an object with no keys. */
static bool
walk(json_t *before, json_t *after, const char *prefix, field_fn fn, void *data)
{
	const char *key;
	json_t *v;
	char path[512];

	json_object_foreach(after, key, v) {
		json_t *was = json_object_get(before, key);
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (nested(was, v) ? !walk(was, v, path, fn, data) : !fn(data, path, was, v))
			return false;
	}
	json_object_foreach(before, key, v) {
		if (json_object_get(after, key))
			continue;
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		if (nested(v, NULL) ? !walk(v, NULL, path, fn, data) : !fn(data, path, v, NULL))
			return false;
	}
	return true;
}

static void
append(char *out, size_t size, const char *key, const json_t *was, const json_t *now, bool both)
{
	char a[256], b[256];
	size_t len = strlen(out);

	if (len + 1 >= size)
		return;
	value_text(was, a, sizeof(a));
	value_text(now, b, sizeof(b));
	if (both)
		snprintf(out + len, size - len, "%s%s: %s \xe2\x86\x92 %s", len ? "; " : "", key, a, b);
	else
		snprintf(out + len, size - len, "%s%s: %s", len ? "; " : "", key, now ? b : a);
}

/* The summary being written: the line and whether both sides exist. */
struct summary {
	char *out;
	size_t size;
	bool both;
};

static bool
summary_field(void *data, const char *path, const json_t *was, const json_t *now)
{
	struct summary *m = data;

	if (!m->both || !json_equal(was, now))
		append(m->out, m->size, path, was, now, m->both);
	return true;
}

/* The fields of one object, or both, whose values differ. */
static void
diff(json_t *before, json_t *after, char *out, size_t size)
{
	struct summary m = { out, size, before && after };

	walk(before, after, "", summary_field, &m);
}

void
app_audit_summary(const char *before, const char *after, char *out, size_t size)
{
	json_t *b = before && *before ? json_loads(before, 0, NULL) : NULL;
	json_t *a = after && *after ? json_loads(after, 0, NULL) : NULL;

	out[0] = '\0';
	if ((before && *before && !json_is_object(b)) || (after && *after && !json_is_object(a)))
		snprintf(out, size, "%s%s%s", before ? before : "",
			 before && *before && after && *after ? " \xe2\x86\x92 " : "", after ? after : "");
	else if (a || b)
		diff(b, a, out, size);
	json_decref(b);
	json_decref(a);
}

/* A value as text for the diff, whole (NULL stays NULL: absent). */
static char *
value_dup(const json_t *v)
{
	if (!v)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Appends one field to the diff; false when memory ran out. */
static bool
diff_add(struct app_audit_field **f, size_t *n, const char *name, const json_t *was,
	 const json_t *now)
{
	struct app_audit_field *grown = realloc(*f, (*n + 1) * sizeof(**f));
	struct app_audit_field *d;

	if (!grown)
		return false;
	*f = grown;
	d = &grown[(*n)++];
	d->name = strdup(name);
	d->before = value_dup(was);
	d->after = value_dup(now);
	d->mark = !was ? APP_AUDIT_ADDED : !now ? APP_AUDIT_REMOVED
		: json_equal(was, now) ? APP_AUDIT_SAME : APP_AUDIT_CHANGED;
	return d->name && (!was || d->before) && (!now || d->after);
}

/* Both sides as raw text: JSON that is not an object has no fields. */
static bool
diff_raw(struct app_audit_field **f, size_t *n, const char *before, const char *after)
{
	json_t *was = before && *before ? json_string(before) : NULL;
	json_t *now = after && *after ? json_string(after) : NULL;
	bool ok = diff_add(f, n, "(value)", was, now);

	json_decref(was);
	json_decref(now);
	return ok;
}

/* The diff being built. */
struct fields {
	struct app_audit_field **f;
	size_t *n;
};

static bool
diff_field(void *data, const char *path, const json_t *was, const json_t *now)
{
	struct fields *d = data;

	return diff_add(d->f, d->n, path, was, now);
}

static bool
diff_objects(struct app_audit_field **f, size_t *n, json_t *before, json_t *after)
{
	struct fields d = { f, n };

	return walk(before, after, "", diff_field, &d);
}

enum core_status
app_audit_diff(const char *before, const char *after, struct app_audit_field **out, size_t *n,
	       struct core_error *err)
{
	json_t *b = before && *before ? json_loads(before, 0, NULL) : NULL;
	json_t *a = after && *after ? json_loads(after, 0, NULL) : NULL;
	bool ok;

	*out = NULL;
	*n = 0;
	if ((before && *before && !json_is_object(b)) || (after && *after && !json_is_object(a)))
		ok = diff_raw(out, n, before, after);
	else
		/* json_object_foreach takes NULL as an object with no keys. */
		ok = diff_objects(out, n, b, a);
	json_decref(b);
	json_decref(a);
	if (ok)
		return CORE_OK;
	app_audit_diff_free(*out, *n);
	*out = NULL;
	*n = 0;
	return core_error_set(err, CORE_STORE, "Out of memory comparing an entry's fields.");
}

void
app_audit_diff_free(struct app_audit_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].name);
		free(f[i].before);
		free(f[i].after);
	}
	free(f);
}

const char *
app_audit_mark_word(enum app_audit_mark m)
{
	static const char *const words[] = { "", "changed", "added", "removed" };

	return words[m];
}

/* The trail is the account's: any role on it may read it. */
static enum core_status
may_read(struct app_ctx *ctx, struct core_error *err)
{
	enum core_status rc = app_load_grants(ctx, err);

	return rc ? rc : app_require(ctx, CORE_NEED_READ, ctx->account_scope, "read the audit trail", err);
}

enum core_status
app_audit_entry(struct app_ctx *ctx, long long seq, struct store_audit_row *row,
		struct core_error *err)
{
	enum core_status rc = may_read(ctx, err);

	return rc ? rc : store_audit_entry(ctx->st, seq, row, err);
}

enum core_status
app_audit_seq_at(struct app_ctx *ctx, const char *when, long long *seq, struct core_error *err)
{
	char t[CORE_TIME_ISO_LEN + 1];
	enum core_status rc = may_read(ctx, err);

	if (!rc)
		rc = core_auditq_time(when, "The date", t, err);
	return rc ? rc : store_audit_seq_at(ctx->st, t, seq, err);
}

enum core_status
app_audit_verify(struct app_ctx *ctx, const struct store_audit_verify_opts *opts,
		 struct store_audit_verdict *v, struct core_error *err)
{
	enum core_status rc = may_read(ctx, err);

	return rc ? rc : store_audit_verify(ctx->st, opts, v, err);
}
