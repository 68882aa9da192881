/* sync_http: one libcurl easy handle per session, so that every call of a
 * sync reuses the same connection (keep-alive); each call is retried here,
 * so the layers above see one answer or one sentence. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/sync_http.h"
#include "billcon/sync_httptrace.h"
#include "billcon/sync_httpurl.h"

#define DEFAULT_CONNECT_MS 10000L
#define DEFAULT_STALL_S 30L
#define DEFAULT_MAX_BODY ((size_t)64 << 20)
#define DEFAULT_ATTEMPTS 6
#define DEFAULT_TOTAL_MS 120000L
#define DEFAULT_BACKOFF_MS 500L
#define BACKOFF_CAP_MS 30000L

struct sync_http {
	CURL *curl;
	struct sync_http_opts o;    /* with the defaults filled in */
	char *ca_file;              /* owned copy, NULL none */
	char *noproxy;              /* the environment's no_proxy plus loopback */
	struct sync_httptrace *trace;
	uint64_t rng;               /* jitter only: not a secret */
	char user_agent[64];
};

/* What one attempt collects. */
struct attempt {
	struct sync_response *resp;
	size_t max_body;
	size_t cap;
	bool too_large;
	bool oom;
};

static void
fill_defaults(struct sync_http_opts *o)
{
	if (o->connect_timeout_ms <= 0)
		o->connect_timeout_ms = DEFAULT_CONNECT_MS;
	if (o->stall_timeout_s <= 0)
		o->stall_timeout_s = DEFAULT_STALL_S;
	if (o->max_body == 0)
		o->max_body = DEFAULT_MAX_BODY;
	if (o->max_attempts <= 0)
		o->max_attempts = DEFAULT_ATTEMPTS;
	if (o->max_total_ms <= 0)
		o->max_total_ms = DEFAULT_TOTAL_MS;
	if (o->backoff_base_ms <= 0)
		o->backoff_base_ms = DEFAULT_BACKOFF_MS;
}

enum core_status
sync_http_new(const struct sync_http_opts *opts, struct sync_http **out, struct core_error *err)
{
	struct sync_http *h;
	enum core_status rc;

	*out = NULL;
	if (opts && opts->ca_file && *opts->ca_file && access(opts->ca_file, R_OK) != 0) {
		char echo[CORE_ECHO_BYTES];
		return core_error_set(err, CORE_USAGE, "The CA file %s cannot be read (%s).",
				      core_text_echo(opts->ca_file, echo), strerror(errno));
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return core_error_set(err, CORE_REMOTE, "libcurl could not be initialised.");
	h = calloc(1, sizeof(*h));
	if (!h) {
		curl_global_cleanup();
		return core_error_set(err, CORE_REMOTE, "Out of memory opening an HTTP session.");
	}
	if (opts)
		h->o = *opts;
	fill_defaults(&h->o);
	h->o.trace_path = NULL;
	h->ca_file = h->o.ca_file && *h->o.ca_file ? strdup(h->o.ca_file) : NULL;
	h->o.ca_file = NULL;
	h->noproxy = sync_httpurl_noproxy();
	h->curl = curl_easy_init();
	h->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)h;
	snprintf(h->user_agent, sizeof(h->user_agent), "billcon/%s", PACKAGE_VERSION);
	if (!h->curl || !h->noproxy || (opts && opts->ca_file && *opts->ca_file && !h->ca_file)) {
		sync_http_free(h);
		return core_error_set(err, CORE_REMOTE, "Out of memory opening an HTTP session.");
	}
	if (opts && opts->trace_path) {
		rc = sync_httptrace_open(opts->trace_path, h->user_agent, &h->trace, err);
		if (rc != CORE_OK) {
			sync_http_free(h);
			return rc;
		}
	}
	*out = h;
	return CORE_OK;
}

void
sync_http_free(struct sync_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	sync_httptrace_close(h->trace);
	free(h->ca_file);
	free(h->noproxy);
	free(h);
	curl_global_cleanup();
}

void
sync_response_clear(struct sync_response *resp)
{
	if (!resp)
		return;
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
}

/* Keeps the body, up to max_body: more fails the transfer at once rather
 * than after reading it all. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct attempt *a = arg;
	struct sync_response *r = a->resp;
	size_t len = size * n, cap;
	char *p;

	if (len > a->max_body - r->len) {
		a->too_large = true;
		return 0;
	}
	if (r->len + len + 1 > a->cap) {
		cap = a->cap ? a->cap : 4096;
		while (cap < r->len + len + 1)
			cap *= 2;
		p = realloc(r->body, cap);
		if (!p) {
			a->oom = true;
			return 0;
		}
		r->body = p;
		a->cap = cap;
	}
	memcpy(r->body + r->len, data, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

/* Copies a header's value (trimmed) into out when line is "name: value". */
static void
take_header(const char *line, size_t len, const char *name, char *out, size_t size)
{
	size_t n = strlen(name), end;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return;
	line += n + 1;
	len -= n + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	end = len;
	while (end && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '))
		end--;
	if (end >= size)
		end = size - 1;
	memcpy(out, line, end);
	out[end] = '\0';
}

/* The headers this layer keeps; a new status line (after a 100 Continue)
 * starts them again. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct sync_response *r = arg;
	size_t len = size * n;

	if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		r->location[0] = r->retry_after[0] = r->content_type[0] = '\0';
		return len;
	}
	take_header(data, len, "Location", r->location, sizeof(r->location));
	take_header(data, len, "Retry-After", r->retry_after, sizeof(r->retry_after));
	take_header(data, len, "Content-Type", r->content_type, sizeof(r->content_type));
	return len;
}

/* Scrubs and frees the request's header list: the bearer token must not
 * outlive the call in freed memory. */
static void
free_headers(struct curl_slist *list)
{
	for (struct curl_slist *l = list; l; l = l->next)
		if (l->data)
			memset(l->data, 0, strlen(l->data));
	curl_slist_free_all(list);
}

/* The header list of a call; NULL when out of memory. */
static struct curl_slist *
make_headers(const char *bearer, sync_headers extra, const char *content_type, bool *ok)
{
	struct curl_slist *l = NULL, *t;
	char line[256];

	*ok = false;
	if (!(l = curl_slist_append(NULL, "Accept: application/json")))
		return NULL;
	/* No Expect: 100-continue: it costs a round trip (or a second) per body. */
	if (!(t = curl_slist_append(l, "Expect:")))
		goto fail;
	if (content_type) {
		snprintf(line, sizeof(line), "Content-Type: %s", content_type);
		if (!(t = curl_slist_append(l, line)))
			goto fail;
	}
	if (bearer) {
		size_t n = strlen(bearer) + sizeof("Authorization: Bearer ");
		char *auth = malloc(n);
		if (!auth)
			goto fail;
		snprintf(auth, n, "Authorization: Bearer %s", bearer);
		t = curl_slist_append(l, auth);
		memset(auth, 0, n);
		free(auth);
		if (!t)
			goto fail;
	}
	for (size_t i = 0; extra && extra[i]; i++)
		if (!(t = curl_slist_append(l, extra[i])))
			goto fail;
	*ok = true;
	return l;
fail:
	free_headers(l);
	return NULL;
}

/* libcurl's progress callback: nonzero aborts the transfer. */
static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct sync_http *h = arg;

	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return h->o.cancelled(h->o.cancel_arg) ? 1 : 0;
}

/* Whether sending method twice does no harm: not POST or PATCH. */
static bool
idempotent(const char *method)
{
	return strcmp(method, "POST") != 0 && strcmp(method, "PATCH") != 0;
}

/* Sets every option of one attempt on the reset handle. */
static void
set_options(struct sync_http *h, const char *method, const char *url, struct curl_slist *hdrs,
	    const char *body, size_t body_len, struct attempt *a, char *errbuf)
{
	CURL *c = h->curl;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* libcurl sends a request again, on its own, when the kept-alive
	 * connection it went on turns out dead: harmless for the others, a
	 * second change for a POST or PATCH, which get a connection of their
	 * own (retryable() decides, alone, what is sent twice). */
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, idempotent(method) ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
	curl_easy_setopt(c, CURLOPT_NOPROXY, h->noproxy);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->o.stall_timeout_s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->o.max_body);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, h->user_agent);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a->resp);
	if (strcmp(method, "GET") == 0 && !body) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		if (body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
		    strcmp(method, "PATCH") == 0) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		}
	}
	if (h->o.cancelled) {
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	if (h->trace)
		sync_httptrace_attach(h->trace, c);
}

/* A fault that may pass: the call is worth another attempt. A request that
 * may have reached the service (reset, cut short, stalled) is tried again
 * only when sending it twice does no harm: POST and PATCH are not. */
static bool
retryable(CURLcode cc, long status, bool idempotent)
{
	switch (cc) {
	case CURLE_OK:
		return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
	case CURLE_COULDNT_CONNECT:
		return true;
	case CURLE_OPERATION_TIMEDOUT:   /* a connection that stalled */
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return idempotent;
	default:
		return false;
	}
}

/* The delay before attempt number `next` (2, 3, ...): exponential from
 * base, capped, with half of it random so that clients spread out. */
static long
backoff_ms(struct sync_http *h, int next)
{
	long d = h->o.backoff_base_ms;
	uint64_t x;

	for (int i = 2; i < next && d < BACKOFF_CAP_MS; i++)
		d *= 2;
	if (d > BACKOFF_CAP_MS)
		d = BACKOFF_CAP_MS;
	/* xorshift64: jitter needs spread, not secrecy. */
	x = h->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	h->rng = x;
	return d / 2 + (long)(x % (uint64_t)(d / 2 + 1));
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
cancelled(struct sync_http *h)
{
	return h->o.cancelled && h->o.cancelled(h->o.cancel_arg);
}

/* Waits ms, in slices so that a cancel is seen within 50 ms; false when
 * cancelled. */
static bool
wait_ms(struct sync_http *h, long ms)
{
	while (ms > 0) {
		long step = ms < 50 ? ms : 50;
		struct timespec ts = { 0, step * 1000000L };

		if (cancelled(h))
			return false;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		ms -= step;
	}
	return !cancelled(h);
}

/* "GET https://host/path" without the query, cut for a message. */
static const char *
call_name(const char *method, const char *url, char *out, size_t size)
{
	char echo[CORE_ECHO_BYTES], plain[1024];
	size_t q = strcspn(url, "?#");

	if (q >= sizeof(plain))
		q = sizeof(plain) - 1;
	memcpy(plain, url, q);
	plain[q] = '\0';
	/* The end of a long URL names the listing or object: the start goes. */
	snprintf(out, size, "%s %s", method, core_text_echo_tail(plain, echo));
	return out;
}

/* Drops an incomplete UTF-8 sequence that a cut sentence ends with. */
static void
trim_cut(char *s)
{
	size_t n = strlen(s), k = n, need;
	unsigned char lead;

	while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0 || ((unsigned char)s[k - 1] & 0x80) == 0)
		return;
	lead = (unsigned char)s[k - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (n - (k - 1) < need)
		s[k - 1] = '\0';
}

/* Why a transfer brought no usable answer, without a final period. */
static void
transfer_reason(struct sync_http *h, CURLcode cc, const struct attempt *a, const char *errbuf,
		char *out, size_t size)
{
	if (a->too_large || cc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(out, size, "the answer is larger than the %zu bytes billcon accepts", h->o.max_body);
	} else if (a->oom) {
		snprintf(out, size, "out of memory reading the answer");
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		long ms = h->o.connect_timeout_ms;

		/* One unit where it can be (a test's limits are milliseconds). */
		if (ms % 1000 == 0)
			snprintf(out, size, "no answer in time (%ld s to connect, %ld s without data)", ms / 1000,
				 h->o.stall_timeout_s);
		else
			snprintf(out, size, "no answer in time (%ld ms to connect, %ld s without data)", ms,
				 h->o.stall_timeout_s);
	} else {
		core_text_utf8(errbuf[0] ? errbuf : curl_easy_strerror(cc), out, size);
		for (char *p = out; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
	}
}

/* One attempt: resp filled with whatever came. */
static CURLcode
attempt_once(struct sync_http *h, const char *method, const char *url, struct curl_slist *hdrs,
	     const char *body, size_t body_len, struct sync_response *resp, struct attempt *a,
	     char *errbuf, const char *call)
{
	CURLcode cc;

	if (h->trace)
		sync_httptrace_note(h->trace, call);
	sync_response_clear(resp);
	memset(a, 0, sizeof(*a));
	a->resp = resp;
	a->max_body = h->o.max_body;
	errbuf[0] = '\0';
	set_options(h, method, url, hdrs, body, body_len, a, errbuf);
	cc = curl_easy_perform(h->curl);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (h->trace)
		sync_httptrace_end(h->trace, cc == CURLE_OK ? NULL : (errbuf[0] ? errbuf : curl_easy_strerror(cc)));
	/* The pointers set on the handle die with this call. */
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, NULL);
	return cc;
}

/* After a passing fault: how long to wait before the next attempt, or -1
 * (with err set) when the call has to give up. */
static long
next_delay(struct sync_http *h, int attempt, long long started, CURLcode cc,
	   const struct sync_response *resp, const char *call, struct core_error *err)
{
	char last[sizeof(err->message)];
	struct core_error e;
	long long left = h->o.max_total_ms - (now_ms() - started);
	long ra = cc == CURLE_OK ? sync_http_retry_after_ms(resp->retry_after, (long long)core_now()) : -1;
	long delay = ra >= 0 ? ra : backoff_ms(h, attempt + 1);

	if (cc == CURLE_OK) {
		sync_http_error(resp, &e);
		snprintf(last, sizeof(last), "%s", e.message);
	} else {
		/* the reason alone: the sentence names the call once */
		size_t n = strlen(call);
		snprintf(last, sizeof(last), "%s", err->message + (strncmp(err->message, call, n) == 0 &&
								   err->message[n] == ':' ? n + 2 : 0));
	}
	if (attempt >= h->o.max_attempts) {
		core_error_set(err, CORE_REMOTE, "%s gave up after %d attempt%s: %s", call, attempt,
			       attempt == 1 ? "" : "s", last);
		trim_cut(err->message);
		return -1;
	}
	if (delay > left) {
		if (ra >= 0)
			core_error_set(err, CORE_REMOTE, "%s: the service asked to retry after %ld s, longer "
				       "than the %lld s left for this call: %s", call, (ra + 999) / 1000,
				       left > 0 ? left / 1000 : 0, last);
		else
			core_error_set(err, CORE_REMOTE, "%s gave up after %d attempt%s in %lld s: %s",
				       call, attempt, attempt == 1 ? "" : "s", (now_ms() - started) / 1000, last);
		trim_cut(err->message); /* either sentence may have been cut */
		return -1;
	}
	return delay;
}

enum core_status
sync_http_request(struct sync_http *h, const char *method, const char *url, const char *bearer,
		  sync_headers extra, const char *content_type, const char *body, size_t body_len,
		  struct sync_response *resp, struct core_error *err)
{
	char errbuf[CURL_ERROR_SIZE], call[sizeof(err->message) / 2];
	bool once = !idempotent(method);
	long long started = now_ms();
	struct curl_slist *hdrs;
	struct attempt a;
	enum core_status rc;
	bool ok;

	memset(resp, 0, sizeof(*resp));
	rc = sync_http_check_url(url, err);
	if (rc != CORE_OK)
		return rc;
	call_name(method, url, call, sizeof(call));
	hdrs = make_headers(bearer, extra, content_type, &ok);
	if (!ok)
		return core_error_set(err, CORE_REMOTE, "%s: out of memory.", call);
	if (h->trace)
		sync_httptrace_secret(h->trace, bearer);
	for (int attempt = 1;; attempt++) {
		char note[sizeof(call) + 32];
		CURLcode cc;
		long delay;

		snprintf(note, sizeof(note), "%s, attempt %d", call, attempt);
		cc = attempt_once(h, method, url, hdrs, body, body_len, resp, &a, errbuf, note);

		if (cc == CURLE_ABORTED_BY_CALLBACK || (cc != CURLE_OK && cancelled(h))) {
			rc = core_error_set(err, CORE_ABANDONED, "%s: cancelled.", call);
			break;
		}
		if (cc != CURLE_OK) {
			char why[CURL_ERROR_SIZE * 2];
			transfer_reason(h, cc, &a, errbuf, why, sizeof(why));
			core_error_set(err, CORE_REMOTE, "%s: %s.", call, why);
			trim_cut(err->message);
		}
		if (!retryable(cc, resp->status, !once) || a.too_large) {
			rc = cc == CURLE_OK ? CORE_OK : CORE_REMOTE;
			break;
		}
		delay = next_delay(h, attempt, started, cc, resp, call, err);
		if (delay < 0) {
			rc = CORE_REMOTE;
			break;
		}
		if (h->trace) {
			snprintf(note, sizeof(note), "waiting %ld ms", delay);
			sync_httptrace_note(h->trace, note);
		}
		if (!wait_ms(h, delay)) {
			rc = core_error_set(err, CORE_ABANDONED, "%s: cancelled.", call);
			break;
		}
	}
	if (h->trace)
		sync_httptrace_secret(h->trace, NULL);
	free_headers(hdrs);
	if (rc == CORE_OK)
		core_error_clear(err);
	return rc;
}
