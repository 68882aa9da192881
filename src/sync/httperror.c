/* sync_httperror: an answer's error as one sentence a terminal can show,
 * whatever the service (or something pretending to be it) sent. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "billcon/core_text.h"
#include "billcon/sync_http.h"

#define CODE_MAX 96      /* bytes of an error code kept */
#define TEXT_MAX 360     /* bytes of a message kept */
#define DAY_MS 86400000L

/* s (n bytes) into out as one line: every control character (and a run of
 * them with spaces) becomes one space, the ends are trimmed, bytes that
 * are not UTF-8 are written \xNN, and a text longer than max bytes is cut
 * at a character's start with "…". */
static void
one_line(const char *s, size_t n, char *out, size_t max)
{
	char flat[TEXT_MAX * 4 + 8], utf8[TEXT_MAX * 4 * 4 + 8];
	size_t o = 0, cut;
	bool space = false;

	for (size_t i = 0; i < n && o < sizeof(flat) - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		/* C1 controls (U+0080-009F, CSI among them) are controls too. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f) {
			i++;
			space = o > 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f || c == ' ') {
			space = o > 0;
			continue;
		}
		if (space && o < sizeof(flat) - 2)
			flat[o++] = ' ';
		space = false;
		flat[o++] = (char)c;
	}
	flat[o] = '\0';
	core_text_utf8(flat, utf8, sizeof(utf8));
	if (strlen(utf8) <= max) {
		strcpy(out, utf8);
		return;
	}
	cut = max - 3;
	while (cut > 0 && ((unsigned char)utf8[cut] & 0xc0) == 0x80)
		cut--;
	memcpy(out, utf8, cut);
	strcpy(out + cut, "\xe2\x80\xa6");
}

/* The string member key of o, or NULL. */
static const char *
member(json_t *o, const char *key, size_t *len)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return NULL;
	*len = json_string_length(v);
	return json_string_value(v);
}

/* code and message from ARM's {"error": {"code", "message"}}, a bare
 * {"code", "message"}, or OAuth's {"error", "error_description"}; false
 * when the body says neither. */
static bool
parse_error(const struct sync_response *resp, char *code, char *text)
{
	json_t *root, *e;
	const char *c = NULL, *m = NULL;
	size_t cn = 0, mn = 0;
	bool found;

	if (!resp->body || resp->len == 0)
		return false;
	root = json_loadb(resp->body, resp->len, JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		return false;
	}
	e = json_object_get(root, "error");
	if (json_is_object(e)) {
		c = member(e, "code", &cn);
		m = member(e, "message", &mn);
	} else if (json_is_string(e)) {
		c = member(root, "error", &cn);
		m = member(root, "error_description", &mn);
	} else {
		c = member(root, "code", &cn);
		m = member(root, "message", &mn);
	}
	found = c || m;
	one_line(c ? c : "", cn, code, CODE_MAX);
	one_line(m ? m : "", mn, text, TEXT_MAX);
	json_decref(root);
	return found;
}

/* A short reason for the statuses a service commonly sends. */
static const char *
reason(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

enum core_status
sync_http_error(const struct sync_response *resp, struct core_error *err)
{
	char code[CODE_MAX + 4], text[TEXT_MAX + 4];
	enum core_status st;
	size_t n;

	if (resp->status >= 200 && resp->status < 300) {
		core_error_clear(err);
		return CORE_OK;
	}
	st = resp->status == 404 ? CORE_NOT_FOUND
	     : resp->status == 401 || resp->status == 403 ? CORE_FORBIDDEN : CORE_REMOTE;
	if (!parse_error(resp, code, text) || (!code[0] && !text[0]))
		return core_error_set(err, st, "The service answered %ld%s%s with no error details.",
				      resp->status, reason(resp->status)[0] ? " " : "", reason(resp->status));
	n = strlen(text);
	return core_error_set(err, st, "%s%s%s%s", code[0] ? code : "", code[0] && text[0] ? ": " : "",
			      text, n && !strchr(".!?", text[n - 1]) && strcmp(text + (n >= 3 ? n - 3 : 0), "\xe2\x80\xa6") ? "." : "");
}

long
sync_http_retry_after_ms(const char *value, long long now)
{
	const char *p = value, *end;
	long long secs = 0;
	time_t t;

	if (!value)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p)
		return -1;
	if (isdigit((unsigned char)*p)) {
		const char *q = p;
		for (; q < end && isdigit((unsigned char)*q); q++)
			if (secs <= DAY_MS / 1000)
				secs = secs * 10 + (*q - '0');
		if (q == end)
			return secs > DAY_MS / 1000 ? DAY_MS : (long)(secs * 1000);
		/* digits then something else: a date (curl_getdate) or garbage */
	}
	if (*p == '-' || *p == '+')
		return -1;
	/* curl_getdate wants the value alone: copy it without the blanks. */
	{
		char date[64];
		size_t n = (size_t)(end - p);
		if (n >= sizeof(date))
			return -1;
		memcpy(date, p, n);
		date[n] = '\0';
		t = curl_getdate(date, NULL);
	}
	if (t == (time_t)-1)
		return -1;
	if ((long long)t <= now)
		return 0;
	secs = (long long)t - now;
	return secs > DAY_MS / 1000 ? DAY_MS : (long)(secs * 1000);
}
