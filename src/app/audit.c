#include "config.h"

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/app_audit.h"

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

/* The keys of one object, or both, whose values differ. */
static void
diff(json_t *before, json_t *after, char *out, size_t size)
{
	const char *key;
	json_t *v;
	bool both = before && after;

	json_object_foreach(after ? after : before, key, v) {
		json_t *was = before ? json_object_get(before, key) : NULL;
		json_t *now = after ? json_object_get(after, key) : NULL;
		if (!both || !json_equal(was, now))
			append(out, size, key, was, now, both);
	}
	if (!both)
		return;
	json_object_foreach(before, key, v)
		if (!json_object_get(after, key))
			append(out, size, key, v, NULL, true);
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
