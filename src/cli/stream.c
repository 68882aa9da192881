#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/cli_out.h"
#include "billcon/cli_stream.h"
#include "billcon/core_text.h"

/* ---- walking a list ---- */

/* A window holds a thousand rows: large enough that the query's set-up is
 * lost in the rows, small enough that a row fn stopping early wastes
 * little. */
#define WALK_WINDOW 1000

struct walk {
	store_list_fn fn;
	void *ctx;
	struct store_list_key anchor;
	int got;
	bool stopped;
};

static int
walk_row(const void *row, const struct store_list_key *key, void *data)
{
	struct walk *w = data;

	w->anchor = *key;
	w->got++;
	if (w->fn(row, key, w->ctx))
		w->stopped = true;
	return w->stopped;
}

enum core_status
cli_stream_walk(struct store *st, const struct store_list_query *q, store_list_fn fn, void *ctx,
		struct core_error *err)
{
	struct walk w = { .fn = fn, .ctx = ctx };
	struct store_list_query page = *q;
	enum core_status rc;

	page.limit = WALK_WINDOW;
	do {
		w.got = 0;
		if ((rc = store_list_page(st, &page, walk_row, &w, err)))
			return rc;
		page.anchor = &w.anchor;
		page.inclusive = false;
	} while (w.got == WALK_WINDOW && !w.stopped);
	return CORE_OK;
}

/* ---- JSON by hand ---- */

/* The length of the well-formed UTF-8 character at u (its first byte is
 * 0x80 or more), 0 when it is not one: no overlong form, no surrogate,
 * nothing past U+10FFFF. */
static size_t
utf8_char(const unsigned char *u)
{
	size_t n, i;
	unsigned cp;

	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, cp = u[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static bool
utf8_valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	while (*u) {
		if (*u < 0x80) {
			u++;
			continue;
		}
		if (!(n = utf8_char(u)))
			return false;
		u += n;
	}
	return true;
}

/* Writes s, valid UTF-8, as a JSON string: runs that need no escape at
 * once, the rest escaped as jansson escapes them. */
static void
put_escaped(FILE *f, const char *s)
{
	static const char *const short_form[32] = {
		['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
	};
	static const char plain_end[] = "\"\\\001\002\003\004\005\006\007\010\011\012\013\014\015\016"
		"\017\020\021\022\023\024\025\026\027\030\031\032\033\034\035\036\037";

	putc('"', f);
	for (;;) {
		size_t n = strcspn(s, plain_end);
		unsigned char c;

		fwrite(s, 1, n, f);
		s += n;
		if (!(c = (unsigned char)*s))
			break;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (short_form[c])
			fputs(short_form[c], f);
		else
			fprintf(f, "\\u%04X", c);
		s++;
	}
	putc('"', f);
}

void
cli_stream_json_text(FILE *f, const char *s)
{
	size_t need;
	char *fixed;

	if (utf8_valid(s)) {
		put_escaped(f, s);
		return;
	}
	need = core_text_utf8(s, NULL, 0) + 1;
	if (!(fixed = malloc(need))) {
		fputs("null", f);
		return;
	}
	core_text_utf8(s, fixed, need);
	put_escaped(f, fixed);
	free(fixed);
}

/* ---- compact JSON, checked by hand ---- */

/* Past the JSON string at p (its opening quote); NULL when malformed. */
static const char *
skip_string(const char *p)
{
	const unsigned char *u = (const unsigned char *)p + 1;
	size_t n;
	int i;

	for (;;) {
		if (*u == '"')
			return (const char *)u + 1;
		if (*u < 0x20)
			return NULL;
		if (*u == '\\' && u[1] == 'u') {
			for (i = 2; i < 6; i++)
				if (!strchr("0123456789abcdefABCDEF", u[i]) || !u[i])
					return NULL;
			u += 6;
		} else if (*u == '\\') {
			if (!u[1] || !strchr("\"\\/bfnrt", u[1]))
				return NULL;
			u += 2;
		} else if (*u < 0x80) {
			u++;
		} else if ((n = utf8_char(u))) {
			u += n;
		} else {
			return NULL;
		}
	}
}

static const char *
skip_digits(const char *p)
{
	const char *start = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

/* Past the JSON number at p (RFC 8259's grammar); NULL when malformed. */
static const char *
skip_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(p = skip_digits(p)))
		return NULL;
	if (*p == '.' && !(p = skip_digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = skip_digits(p);
	}
	return p;
}

/* Deeper than this is not how billcon writes a change: shown as text. */
#define JSON_DEPTH 64

static const char *skip_value(const char *p, int depth);

/* Past the object or array at p (open is its first byte); members are
 * "key":value when object. */
static const char *
skip_members(const char *p, bool object, int depth)
{
	char close = object ? '}' : ']';

	if (*++p == close)
		return p + 1;
	for (;;) {
		if (object && (*p != '"' || !(p = skip_string(p)) || *p++ != ':'))
			return NULL;
		if (!(p = skip_value(p, depth + 1)))
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

/* Past the compact JSON value at p (no space outside strings); NULL when
 * malformed or too deep. */
static const char *
skip_value(const char *p, int depth)
{
	if (depth > JSON_DEPTH)
		return NULL;
	switch (*p) {
	case '{':
	case '[':
		return skip_members(p, *p == '{', depth);
	case '"':
		return skip_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return skip_number(p);
	}
}

/* True when s is one compact JSON object or array and nothing else: what
 * jansson reads back as the same value. */
static bool
compact_json(const char *s)
{
	const char *end;

	if (*s != '{' && *s != '[')
		return false;
	end = skip_value(s, 0);
	return end && !*end;
}

/* A stored before or after: the JSON as it is, else its text, else null. */
static void
put_stored_json(FILE *f, const char *s)
{
	if (!*s)
		fputs("null", f);
	else if (compact_json(s))
		fputs(s, f);
	else
		cli_stream_json_text(f, s);
}

void
cli_stream_audit_entry(FILE *f, const struct store_audit_row *r)
{
	/* In sorted order, as jansson's JSON_SORT_KEYS writes them. */
	const struct { const char *key, *value; bool stored_json; } field[] = {
		{ "action", r->action, false }, { "actor", r->actor, false },
		{ "after", r->after, true }, { "at", r->at, false },
		{ "before", r->before, true }, { "hash", r->hash, false },
		{ "object", r->object, false },
	};
	size_t i;

	for (i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		fprintf(f, "%c\"%s\":", i ? ',' : '{', field[i].key);
		if (field[i].stored_json)
			put_stored_json(f, field[i].value);
		else
			cli_stream_json_text(f, field[i].value);
	}
	fprintf(f, ",\"seq\":%lld}", r->seq);
}

json_t *
cli_stream_audit_entry_value(const struct store_audit_row *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	json_t *v = NULL;

	if (!m)
		return NULL;
	cli_stream_audit_entry(m, r);
	if (fclose(m) == 0)
		v = json_loadb(text, len, 0, NULL);
	free(text);
	return v;
}

/* ---- CSV ---- */

void
cli_stream_audit_csv_header(FILE *f)
{
	fputs("seq,at,actor,action,object,before,after,hash\r\n", f);
}

void
cli_stream_audit_csv(FILE *f, const struct store_audit_row *r)
{
	const char *text[] = { r->at, r->actor, r->action, r->object, r->before, r->after, r->hash };
	size_t i;

	fprintf(f, "%lld", r->seq);
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		putc(',', f);
		cli_put_csv(f, text[i]);
	}
	fputs("\r\n", f);
}

/* ---- a file made whole ---- */

enum core_status
cli_stream_file_open(struct cli_stream_file *o, const char *path, bool replace,
		     struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	struct stat sb;
	int fd;

	o->path = path;
	o->f = NULL;
	if (!replace && stat(path, &sb) == 0)
		return core_error_set(err, CORE_REFUSED, "%s already exists: give another file, or --force to replace it.",
				      core_text_echo(path, shown));
	if ((size_t)snprintf(o->tmp, sizeof(o->tmp), "%s.XXXXXX", path) >= sizeof(o->tmp))
		return core_error_set(err, CORE_USAGE, "The output file's name is too long.");
	if ((fd = mkstemp(o->tmp)) < 0)
		return core_error_set(err, CORE_STORE, "Cannot write beside %s: %s.",
				      core_text_echo(path, shown), strerror(errno));
	/* mkstemp makes it 0600; an export is as readable as a file the
	 * user would have made. */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (!(o->f = fdopen(fd, "w"))) {
		close(fd);
		unlink(o->tmp);
		return core_error_set(err, CORE_STORE, "Out of memory opening the output file.");
	}
	return CORE_OK;
}

enum core_status
cli_stream_file_close(struct cli_stream_file *o, bool ok, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	bool written;

	if (!o->f)
		return CORE_OK;
	written = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
	written = fclose(o->f) == 0 && written;
	o->f = NULL;
	if (ok && written && rename(o->tmp, o->path) == 0)
		return CORE_OK;
	unlink(o->tmp);
	if (!ok)
		return CORE_OK;
	return core_error_set(err, CORE_STORE, "Cannot write %s: %s.", core_text_echo(o->path, shown),
			      strerror(errno));
}

/* ---- progress ---- */

/* Redraws at most this often: ten times a second. */
#define PROGRESS_NS 100000000LL

static void
progress_draw(struct cli_stream_progress *p)
{
	int pct = p->total > 0 ? (int)(p->done * 100 / p->total) : 100;

	fprintf(stderr, "\r%s %lld of %lld entries (%d%%) ", p->what, p->done, p->total,
		pct > 100 ? 100 : pct);
	fflush(stderr);
}

void
cli_stream_progress_start(struct cli_stream_progress *p, const char *what, long long total)
{
	*p = (struct cli_stream_progress){ .on = isatty(STDERR_FILENO), .what = what, .total = total };
	if (!p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	progress_draw(p);
}

void
cli_stream_progress_step(struct cli_stream_progress *p)
{
	struct timespec now;

	/* The clock is read every 1024 items only: reading it costs more
	 * than writing an entry. */
	if (++p->done % 1024 || !p->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - p->last.tv_sec) * 1000000000LL + (now.tv_nsec - p->last.tv_nsec) < PROGRESS_NS)
		return;
	p->last = now;
	progress_draw(p);
}

void
cli_stream_progress_end(struct cli_stream_progress *p)
{
	if (p->on)
		fputs("\r\033[K", stderr);
}
