/* sync_httptrace: a trace someone can attach to a support ticket. The
 * redaction is a plain scan rather than a JSON parse: a body in the trace is
 * often cut off, and a cut-off token must still not show. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/sync_httptrace.h"

#define REDACTED "[redacted]"
#define SECRET_MIN 8

/* JSON members whose values are credentials. "code" is not one: in JSON
 * it is ARM's error code, which a trace is for; the OAuth authorization
 * code travels in forms and queries. */
static const char *const json_keys[] = {
	"access_token", "refresh_token", "id_token", "client_secret", "device_code",
	"client_assertion", "assertion", "password", "authorization", NULL,
};
static const char *const form_keys[] = {
	"access_token", "refresh_token", "id_token", "client_secret", "device_code",
	"client_assertion", "assertion", "password", "code", NULL,
};
static const char *const header_names[] = {
	"authorization", "proxy-authorization", "cookie", "set-cookie", NULL,
};

struct sync_httptrace {
	FILE *f;
	const char *secret;
	struct core_buf body[2];    /* held back: out (request), in (answer) */
	size_t total[2];            /* bytes each body had in all */
};

/* True when s[0..n) is one of names, ignoring case. */
static bool
listed(const char *const names[], const char *s, size_t n)
{
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncasecmp(names[i], s, n) == 0)
			return true;
	return false;
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* At a line's start, "Name: value" with a listed header: writes the
 * name and REDACTED and returns the bytes taken (to the line's end), or 0. */
static size_t
redact_header(const char *s, size_t len, struct core_buf *out)
{
	size_t n = 0, end;

	while (n < len && is_name_char(s[n]))
		n++;
	if (n == 0 || n >= len || s[n] != ':' || !listed(header_names, s, n))
		return 0;
	end = n;
	while (end < len && s[end] != '\r' && s[end] != '\n')
		end++;
	core_buf_add(out, s, n + 1);
	core_buf_str(out, " " REDACTED);
	return end;
}

/* The length of a quote at s: 1 for '"', 2 for '\\"' (JSON inside a
 * JSON string, as an echo or an error detail carries it), 0 for none. */
static size_t
quote_at(const char *s, size_t len)
{
	if (len >= 1 && s[0] == '"')
		return 1;
	if (len >= 2 && s[0] == '\\' && s[1] == '"')
		return 2;
	return 0;
}

/* At a quote, a listed JSON member "key" : value: writes the key, the
 * colon and REDACTED (quoted when the value is a string), and returns the
 * bytes taken; 0 when it is not one. */
static size_t
redact_json(const char *s, size_t len, struct core_buf *out)
{
	size_t q = quote_at(s, len), k = q, j, vq;

	while (k < len && is_name_char(s[k]))
		k++;
	if (!q || k == q || quote_at(s + k, len - k) != q || !listed(json_keys, s + q, k - q))
		return 0;
	j = k + q;
	while (j < len && strchr(" \t\r\n", s[j]))
		j++;
	if (j >= len || s[j] != ':')
		return 0;
	j++;
	while (j < len && strchr(" \t\r\n", s[j]))
		j++;
	core_buf_add(out, s, j);
	vq = quote_at(s + j, len - j);
	if (vq) {
		core_buf_add(out, s + j, vq);
		core_buf_str(out, REDACTED);
		core_buf_add(out, s + j, vq);
		for (j += vq; j < len && quote_at(s + j, len - j) != vq; j++)
			if (vq == 1 && s[j] == '\\')
				j++;
		return j < len ? j + vq : len;
	}
	while (j < len && !strchr(",}] \t\r\n", s[j]))
		j++;
	core_buf_str(out, REDACTED);
	return j;
}

/* At a field's start, a listed form or query field name=value: writes the
 * name, '=' and REDACTED, and returns the bytes taken; 0 when not one. */
static size_t
redact_form(const char *s, size_t len, struct core_buf *out)
{
	size_t k = 0, j;

	while (k < len && is_name_char(s[k]))
		k++;
	if (k == 0 || k >= len || s[k] != '=' || !listed(form_keys, s, k))
		return 0;
	j = k + 1;
	while (j < len && !strchr("& \t\r\n\"", s[j]))
		j++;
	core_buf_add(out, s, k + 1);
	core_buf_str(out, REDACTED);
	return j;
}

void
sync_httptrace_redact(const char *s, size_t len, const char *secret, struct core_buf *out)
{
	size_t slen = secret ? strlen(secret) : 0, i = 0, start = 0, n;

	if (slen < SECRET_MIN)
		slen = 0;
	while (i < len) {
		bool line_start = i == 0 || s[i - 1] == '\n';
		bool field_start = i == 0 || strchr("&?\n \t\"", s[i - 1]);

		n = 0;
		if (slen && i + slen <= len && memcmp(s + i, secret, slen) == 0) {
			core_buf_add(out, s + start, i - start);
			core_buf_str(out, REDACTED);
			n = slen;
		} else if ((line_start && is_name_char(s[i])) || quote_at(s + i, len - i) ||
			   (field_start && is_name_char(s[i]))) {
			struct core_buf part = { 0 };
			if (line_start)
				n = redact_header(s + i, len - i, &part);
			if (!n && quote_at(s + i, len - i))
				n = redact_json(s + i, len - i, &part);
			if (!n && field_start)
				n = redact_form(s + i, len - i, &part);
			if (n) {
				core_buf_add(out, s + start, i - start);
				core_buf_add(out, part.p, part.len);
			}
			core_buf_free(&part);
		}
		if (n) {
			i += n;
			start = i;
		} else {
			i++;
		}
	}
	core_buf_add(out, s + start, len - start);
}

enum core_status
sync_httptrace_open(const char *path, const char *agent, struct sync_httptrace **out,
		    struct core_error *err)
{
	char echo[CORE_ECHO_BYTES], iso[CORE_TIME_ISO_LEN + 1];
	struct sync_httptrace *t;
	int fd;

	*out = NULL;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return core_error_set(err, CORE_USAGE, "The trace file %s cannot be written (%s).",
				      core_text_echo(path, echo), strerror(e));
	}
	t = calloc(1, sizeof(*t));
	if (!t || !(t->f = fdopen(fd, "a"))) {
		free(t);
		close(fd);
		return core_error_set(err, CORE_USAGE, "Out of memory opening the trace file.");
	}
	fprintf(t->f, "== %s trace, %s (credentials redacted)\n", agent, core_time_iso(core_now(), iso));
	*out = t;
	return CORE_OK;
}

void
sync_httptrace_close(struct sync_httptrace *t)
{
	if (!t)
		return;
	sync_httptrace_end(t, NULL);
	fclose(t->f);
	core_buf_free(&t->body[0]);
	core_buf_free(&t->body[1]);
	free(t);
}

void
sync_httptrace_secret(struct sync_httptrace *t, const char *secret)
{
	t->secret = secret;
}

/* Writes s (n bytes) redacted, one prefixed line per line, with control
 * characters shown as '.' so that the trace is safe to cat. */
static void
write_lines(struct sync_httptrace *t, const char *prefix, const char *s, size_t n)
{
	struct core_buf r = { 0 };
	size_t i = 0;

	sync_httptrace_redact(s, n, t->secret, &r);
	if (r.failed) {
		fprintf(t->f, "%s[not traced: out of memory]\n", prefix);
		core_buf_free(&r);
		return;
	}
	while (i < r.len) {
		size_t e = i;
		while (e < r.len && r.p[e] != '\n')
			e++;
		size_t end = e;
		while (end > i && r.p[end - 1] == '\r')
			end--;
		if (end > i) {
			fputs(prefix, t->f);
			for (size_t k = i; k < end; k++) {
				unsigned char c = (unsigned char)r.p[k];
				fputc(c < 0x20 && c != '\t' ? '.' : c == 0x7f ? '.' : c, t->f);
			}
			fputc('\n', t->f);
		}
		i = e + 1;
	}
	core_buf_free(&r);
}

/* Writes the body held back for direction d (0 out, 1 in). */
static void
flush_body(struct sync_httptrace *t, int d)
{
	const char *prefix = d ? "< " : "> ";
	struct core_buf *b = &t->body[d];

	if (t->total[d] == 0)
		return;
	if (b->len && memchr(b->p, '\0', b->len))
		fprintf(t->f, "%s[%zu bytes, not text]\n", prefix, t->total[d]);
	else if (b->len)
		write_lines(t, prefix, b->p, b->len);
	if (t->total[d] > b->len)
		fprintf(t->f, "%s[... %zu more bytes not traced]\n", prefix, t->total[d] - b->len);
	core_buf_free(b);
	t->total[d] = 0;
}

/* Holds a body's first bytes back until the body is whole, so that a
 * credential split between two pieces is still found. */
static void
hold_body(struct sync_httptrace *t, int d, const char *data, size_t size)
{
	struct core_buf *b = &t->body[d];

	if (b->len < SYNC_HTTPTRACE_BODY_MAX)
		core_buf_add(b, data, size < SYNC_HTTPTRACE_BODY_MAX - b->len ? size : SYNC_HTTPTRACE_BODY_MAX - b->len);
	t->total[d] += size;
}

static int
on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	struct sync_httptrace *t = arg;

	(void)curl;
	switch (type) {
	case CURLINFO_TEXT:
		write_lines(t, "* ", data, size);
		break;
	case CURLINFO_HEADER_OUT:
		flush_body(t, 0);
		flush_body(t, 1);
		write_lines(t, "> ", data, size);
		break;
	case CURLINFO_HEADER_IN:
		flush_body(t, 0);
		write_lines(t, "< ", data, size);
		break;
	case CURLINFO_DATA_OUT:
		hold_body(t, 0, data, size);
		break;
	case CURLINFO_DATA_IN:
		hold_body(t, 1, data, size);
		break;
	default:
		break;
	}
	return 0;
}

void
sync_httptrace_attach(struct sync_httptrace *t, CURL *curl)
{
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, t);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
}

void
sync_httptrace_end(struct sync_httptrace *t, const char *failure)
{
	flush_body(t, 0);
	flush_body(t, 1);
	if (failure)
		write_lines(t, "! ", failure, strlen(failure));
	fflush(t->f);
}
