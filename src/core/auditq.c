#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_auditq.h"

enum core_status
core_auditq_time(const char *text, const char *what, char out[CORE_TIME_ISO_LEN + 1],
		 struct core_error *err)
{
	char full[64];
	size_t n = strlen(text);
	time_t t;

	/* A date alone is its midnight; minutes without seconds are :00. */
	if (n == 10)
		snprintf(full, sizeof(full), "%sT00:00:00Z", text);
	else if (n == 16)
		snprintf(full, sizeof(full), "%s:00Z", text);
	else
		snprintf(full, sizeof(full), "%.63s", text);
	/* Before 1970 no entry was written, and such a time is no ISO text
	 * of ours. */
	if (n >= sizeof(full) - 4 || !core_time_parse(full, &t) || t < 0 ||
	    strlen(core_time_iso(t, out)) != CORE_TIME_ISO_LEN)
		return core_error_set(err, CORE_USAGE,
			"%s wants a UTC date or time such as 2026-01-01 or 2026-01-01T09:30:00Z, not \"%.40s\".",
			what, text);
	core_time_iso(t, out);
	return CORE_OK;
}

/* The value of a term into out (size bytes). */
static enum core_status
term_text(const char *key, const char *value, char *out, size_t size, struct core_error *err)
{
	if (!*value)
		return core_error_set(err, CORE_USAGE, "%s: needs a value, as in %s:%s.", key, key,
				      strcmp(key, "actor") == 0 ? "ada@contoso.com" :
				      strcmp(key, "action") == 0 ? "role.assign" : "c0000000");
	if (strlen(value) >= size)
		return core_error_set(err, CORE_USAGE, "The %s: term is longer than %zu characters.",
				      key, size - 1);
	memcpy(out, value, strlen(value) + 1);
	return CORE_OK;
}

/* One word of the filter: a term or a free word. */
static enum core_status
word(const char *w, struct core_auditq *q, struct core_error *err)
{
	const char *colon = strchr(w, ':');
	size_t klen = colon ? (size_t)(colon - w) : 0;
	const char *v = colon ? colon + 1 : "";

	if (klen == 5 && strncasecmp(w, "actor", 5) == 0)
		return term_text("actor", v, q->actor, sizeof(q->actor), err);
	if (klen == 6 && strncasecmp(w, "action", 6) == 0)
		return term_text("action", v, q->action, sizeof(q->action), err);
	if (klen == 6 && strncasecmp(w, "object", 6) == 0)
		return term_text("object", v, q->object, sizeof(q->object), err);
	if (klen == 5 && strncasecmp(w, "since", 5) == 0)
		return core_auditq_time(v, "since:", q->since, err);
	if (klen == 5 && strncasecmp(w, "until", 5) == 0)
		return core_auditq_time(v, "until:", q->until, err);
	if (q->nwords == CORE_AUDITQ_WORDS)
		return core_error_set(err, CORE_USAGE, "The filter has more than %d words.",
				      CORE_AUDITQ_WORDS);
	if (strlen(w) >= sizeof(q->words[0]))
		return core_error_set(err, CORE_USAGE, "A word of the filter is longer than %zu characters.",
				      sizeof(q->words[0]) - 1);
	memcpy(q->words[q->nwords++], w, strlen(w) + 1);
	return CORE_OK;
}

enum core_status
core_auditq_parse(const char *text, struct core_auditq *q, struct core_error *err)
{
	char w[1200];
	enum core_status rc;

	memset(q, 0, sizeof(*q));
	while (text && *text) {
		size_t n;

		while (isspace((unsigned char)*text))
			text++;
		n = strcspn(text, " \t\r\n");
		if (!n)
			break;
		if (n >= sizeof(w))
			return core_error_set(err, CORE_USAGE, "A word of the filter is longer than %zu characters.",
					      sizeof(w) - 1);
		memcpy(w, text, n);
		w[n] = '\0';
		text += n;
		if ((rc = word(w, q, err)))
			return rc;
	}
	if (*q->since && *q->until && strcmp(q->since, q->until) >= 0)
		return core_error_set(err, CORE_USAGE, "until: (%s) must be later than since: (%s).",
				      q->until, q->since);
	return CORE_OK;
}
