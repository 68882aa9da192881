#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "billcon/cli_out.h"
#include "billcon/cli_stream.h"
#include "billcon/core_buf.h"
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
	int i;

	/* Only the parts in use: a whole key is kilobytes, copied per row. */
	w->anchor.n = key->n;
	w->anchor.id = key->id;
	for (i = 0; i < key->n; i++) {
		w->anchor.is_int[i] = key->is_int[i];
		w->anchor.num[i] = key->num[i];
		memcpy(w->anchor.text[i], key->text[i], sizeof(key->text[i]));
	}
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

/* What a byte is to the JSON writer and checker. */
enum {
	B_PLAIN,    /* written as it is */
	B_ESCAPE,   /* " \ or a control character: escaped */
	B_HIGH,     /* the first byte of a UTF-8 sequence, or not UTF-8 */
};

static unsigned char byte_class[256];

static void
classes_init(void)
{
	int c;

	if (byte_class['"'])
		return;
	for (c = 0; c < 256; c++)
		byte_class[c] = c < 0x20 || c == '"' || c == '\\' ? B_ESCAPE : c >= 0x80 ? B_HIGH : B_PLAIN;
}

/* An entry's text is built whole (core_buf) and written at once: a stdio
 * call per field would cost more than the field. */

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

/* Appends s as a JSON string, escaped as jansson escapes it; false, with
 * nothing appended, when s is not UTF-8. */
static bool
jb_escaped(struct core_buf *b, const char *s)
{
	static const char *const short_form[32] = {
		['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
	};
	const unsigned char *u = (const unsigned char *)s;
	size_t at = b->len, run, n;
	char esc[8];

	core_buf_add(b, "\"", 1);
	for (;;) {
		for (run = 0; byte_class[u[run]] == B_PLAIN; run++)
			;
		core_buf_add(b, (const char *)u, run);
		u += run;
		if (!*u)
			break;
		if (byte_class[*u] == B_HIGH) {
			if (!(n = utf8_char(u))) {
				b->len = at;
				return false;
			}
			core_buf_add(b, (const char *)u, n);
			u += n;
			continue;
		}
		if (*u == '"' || *u == '\\')
			snprintf(esc, sizeof(esc), "\\%c", *u);
		else if (short_form[*u])
			snprintf(esc, sizeof(esc), "%s", short_form[*u]);
		else
			snprintf(esc, sizeof(esc), "\\u%04X", *u);
		core_buf_str(b, esc);
		u++;
	}
	core_buf_add(b, "\"", 1);
	return true;
}

/* Appends s as a JSON string, bytes that are not UTF-8 as the text \xNN. */
static void
jb_text(struct core_buf *b, const char *s)
{
	size_t need;
	char *fixed;

	classes_init();
	if (jb_escaped(b, s))
		return;
	need = core_text_utf8(s, NULL, 0) + 1;
	if (!(fixed = malloc(need))) {
		b->failed = true;
		return;
	}
	core_text_utf8(s, fixed, need);
	jb_escaped(b, fixed);
	free(fixed);
}

void
cli_stream_json_text(FILE *f, const char *s)
{
	struct core_buf b = { 0 };

	jb_text(&b, s);
	fputs(b.failed ? "null" : b.p, f);
	free(b.p);
}

/* ---- compact JSON, checked by hand ---- */

static bool
hex4(const unsigned char *u)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!((u[i] >= '0' && u[i] <= '9') || ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'f')))
			return false;
	return true;
}

/* Past the JSON string at p (its opening quote); NULL when malformed. */
static const char *
skip_string(const char *p)
{
	const unsigned char *u = (const unsigned char *)p + 1;
	size_t n;

	for (;;) {
		while (byte_class[*u] == B_PLAIN)
			u++;
		if (*u == '"')
			return (const char *)u + 1;
		if (*u == '\\' && u[1] == 'u' && hex4(u + 2))
			u += 6;
		else if (*u == '\\' && u[1] && strchr("\"\\/bfnrt", u[1]))
			u += 2;
		else if (*u >= 0x80 && (n = utf8_char(u)))
			u += n;
		else
			return NULL;
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
jb_stored_json(struct core_buf *b, const char *s)
{
	if (!*s)
		core_buf_str(b, "null");
	else if (compact_json(s))
		core_buf_str(b, s);
	else
		jb_text(b, s);
}

/* The entry as cli_stream_audit_entry writes it, into b. */
static void
jb_entry(struct core_buf *b, const struct store_audit_row *r)
{
	/* In sorted order, as jansson's JSON_SORT_KEYS writes them. */
	const struct { const char *key, *value; bool stored_json; } field[] = {
		{ "{\"action\":", r->action, false }, { ",\"actor\":", r->actor, false },
		{ ",\"after\":", r->after, true }, { ",\"at\":", r->at, false },
		{ ",\"before\":", r->before, true }, { ",\"hash\":", r->hash, false },
		{ ",\"object\":", r->object, false },
	};
	char seq[32];
	size_t i;

	classes_init();
	for (i = 0; i < sizeof(field) / sizeof(field[0]); i++) {
		core_buf_str(b, field[i].key);
		if (field[i].stored_json)
			jb_stored_json(b, field[i].value);
		else
			jb_text(b, field[i].value);
	}
	snprintf(seq, sizeof(seq), ",\"seq\":%lld}", r->seq);
	core_buf_str(b, seq);
}

void
cli_stream_audit_entry(FILE *f, const struct store_audit_row *r)
{
	/* Kept from entry to entry: an export writes millions. */
	static struct core_buf b;

	b.len = 0;
	b.failed = false;
	jb_entry(&b, r);
	if (b.failed)
		fputs("null", f);
	else
		fwrite(b.p, 1, b.len, f);
}

json_t *
cli_stream_audit_entry_value(const struct store_audit_row *r)
{
	struct core_buf b = { 0 };
	json_t *v = NULL;

	jb_entry(&b, r);
	if (!b.failed)
		v = json_loadb(b.p, b.len, 0, NULL);
	free(b.p);
	return v;
}

/* ---- CSV ---- */

void
cli_stream_audit_csv_header(FILE *f)
{
	fputs("seq,at,actor,action,object,before,after,hash\r\n", f);
}

/* Appends s as one CSV field, quoted when it holds , " CR or LF (RFC
 * 4180), as cli_put_csv writes it. */
static void
jb_csv(struct core_buf *b, const char *s)
{
	size_t n = strcspn(s, ",\"\r\n");

	if (!s[n]) {
		core_buf_add(b, s, n);
		return;
	}
	core_buf_add(b, "\"", 1);
	for (;;) {
		n = strcspn(s, "\"");
		core_buf_add(b, s, n);
		if (!s[n])
			break;
		core_buf_add(b, "\"\"", 2);
		s += n + 1;
	}
	core_buf_add(b, "\"", 1);
}

void
cli_stream_audit_csv(FILE *f, const struct store_audit_row *r)
{
	static struct core_buf b;
	const char *text[] = { r->at, r->actor, r->action, r->object, r->before, r->after, r->hash };
	char seq[24];
	size_t i;

	b.len = 0;
	b.failed = false;
	snprintf(seq, sizeof(seq), "%lld", r->seq);
	core_buf_str(&b, seq);
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		core_buf_add(&b, ",", 1);
		jb_csv(&b, text[i]);
	}
	core_buf_add(&b, "\r\n", 2);
	if (!b.failed)
		fwrite(b.p, 1, b.len, f);
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
