/* Unit tests of sync_http (the HTTP layer on libcurl) against
 * tests/fake-arm on 127.0.0.1, and of its pure parts: the error sentence,
 * Retry-After, the trace's redaction. Without python3 the server cases are
 * left out (and said so); the pure ones always run. Delays are
 * milliseconds: only the Retry-After case waits its one second. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>

#include "billcon/core_buf.h"
#include "billcon/sync_http.h"
#include "billcon/sync_httptrace.h"
#include "fakearm.h"

static char base[128];      /* the fake server, "" when it did not start */
static char tmpdir[256];

/* Fast options: 1 ms backoff, 1 s stall. */
static struct sync_http_opts
fast(void)
{
	struct sync_http_opts o = { 0 };

	o.backoff_base_ms = 1;
	o.stall_timeout_s = 1;
	o.connect_timeout_ms = 2000;
	return o;
}

static struct sync_http *
session(const struct sync_http_opts *o)
{
	struct sync_http *h = NULL;
	struct core_error err;

	ck_assert_int_eq(sync_http_new(o, &h, &err), CORE_OK);
	return h;
}

static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* base + path into out. */
static const char *
url(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s%s", base, path);
	return out;
}

/* A control call to the fake server; its status. */
static long
control(const char *method, const char *path, const char *body, struct sync_response *resp)
{
	struct sync_http_opts o = fast();
	struct sync_http *h = session(&o);
	struct core_error err;
	char u[256];

	ck_assert_int_eq(sync_http_request(h, method, url(path, u, sizeof(u)), NULL, NULL,
					   body ? "application/json" : NULL, body, body ? strlen(body) : 0,
					   resp, &err), CORE_OK);
	sync_http_free(h);
	return resp->status;
}

/* The next count requests whose path holds path get kind. */
static void
fault(const char *path, const char *kind, int count, const char *retry_after)
{
	struct sync_response r;
	char body[256];

	snprintf(body, sizeof(body), "{\"path\": \"%s\", \"kind\": %s, \"count\": %d, \"retry_after\": %s}",
		 path, kind, count, retry_after ? retry_after : "null");
	ck_assert_int_eq(control("POST", "/_fault", body, &r), 204);
	sync_response_clear(&r);
}

/* How many requests the server logged with "METHOD path" starting with what. */
static int
logged(const char *what)
{
	struct sync_response r;
	char needle[256];
	int n = 0;

	ck_assert_int_eq(control("GET", "/_log", NULL, &r), 200);
	snprintf(needle, sizeof(needle), "\"request\": \"%s", what);
	for (const char *p = r.body; p && (p = strstr(p, needle)); p++)
		n++;
	sync_response_clear(&r);
	return n;
}

/* One request for path on the session h, with no token or body. */
static enum core_status
on_session(struct sync_http *h, const char *method, const char *path, struct sync_response *resp,
	   struct core_error *err)
{
	char u[256];

	return sync_http_request(h, method, url(path, u, sizeof(u)), NULL, NULL, NULL, NULL, 0, resp, err);
}

/* One request on a fresh session with o. */
static enum core_status
request(const struct sync_http_opts *o, const char *method, const char *path, struct sync_response *resp,
	struct core_error *err)
{
	struct sync_http *h = session(o);
	enum core_status rc = on_session(h, method, path, resp, err);

	sync_http_free(h);
	return rc;
}

START_TEST(test_get)
{
	struct sync_http_opts o = fast();
	struct sync_http *h = session(&o);
	struct sync_response r;
	struct core_error err;
	char u[256];

	/* Two calls on one session: the second reuses the connection. */
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(sync_http_request(h, "GET", url("/health", u, sizeof(u)), NULL, NULL, NULL,
						   NULL, 0, &r, &err), CORE_OK);
		ck_assert_int_eq(r.status, 200);
		ck_assert_ptr_nonnull(strstr(r.body, "\"ok\""));
		ck_assert_uint_eq(strlen(r.body), r.len);
		ck_assert_ptr_nonnull(strstr(r.content_type, "application/json"));
		ck_assert_int_eq(sync_http_error(&r, &err), CORE_OK);
		sync_response_clear(&r);
	}
	ck_assert_ptr_null(r.body);
	/* The user agent, a bearer and an extra header reach the server. */
	sync_headers extra = { "x-ms-client-request-id: 42", NULL };
	ck_assert_int_eq(sync_http_request(h, "PUT", url("/echo/put", u, sizeof(u)), "tok-12345678", extra,
					   "application/json", "{\"a\":1}", 7, &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"method\": \"PUT\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"User-Agent\": \"billcon/" PACKAGE_VERSION "\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"Authorization\": \"Bearer tok-12345678\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"x-ms-client-request-id\": \"42\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"body\": \"{\\\"a\\\":1}\""));
	sync_response_clear(&r);
	sync_http_free(h);
}
END_TEST

START_TEST(test_retry_after_429)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;
	long long t0;

	fault("/echo/ra", "429", 1, "\"1\"");
	t0 = ms_now();
	ck_assert_int_eq(request(&o, "GET", "/echo/ra", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_ge(ms_now() - t0, 900);
	ck_assert_int_lt(ms_now() - t0, 5000);
	ck_assert_int_eq(logged("GET /echo/ra"), 2);
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_503_twice)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	fault("/echo/503", "503", 2, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/503", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(logged("GET /echo/503"), 3);
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_exhausted)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	o.max_attempts = 3;
	fault("/echo/gone", "502", 10, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/gone", &r, &err), CORE_REMOTE);
	ck_assert_int_eq(r.status, 502);
	ck_assert_ptr_nonnull(strstr(err.message, "gave up after 3 attempts"));
	ck_assert_ptr_nonnull(strstr(err.message, "Fake502: Injected status 502."));
	ck_assert_int_eq(logged("GET /echo/gone"), 3);
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_retry_after_too_long)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;
	long long t0 = ms_now();

	o.max_total_ms = 2000;
	fault("/echo/long", "429", 1, "\"30\"");
	ck_assert_int_eq(request(&o, "GET", "/echo/long", &r, &err), CORE_REMOTE);
	ck_assert_int_lt(ms_now() - t0, 1500);
	ck_assert_int_eq(r.status, 429);
	ck_assert_ptr_nonnull(strstr(err.message, "asked to retry after 30 s, longer than the"));
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_404)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	ck_assert_int_eq(request(&o, "GET", "/nothing/here", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 404);
	ck_assert_int_eq(logged("GET /nothing/here"), 1);
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_NOT_FOUND);
	ck_assert_str_eq(err.message, "NotFound: fake-arm has no route for GET /nothing/here.");
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_reset_truncate)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	fault("/echo/reset", "\"reset\"", 1, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/reset", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_ge(logged("GET /echo/reset"), 2);
	sync_response_clear(&r);
	fault("/echo/cut", "\"truncate\"", 2, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/cut", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"path\": \"/echo/cut\""));
	ck_assert_int_eq(r.body[r.len - 1], '}');
	ck_assert_int_eq(logged("GET /echo/cut"), 3);
	sync_response_clear(&r);
	/* A POST that may have reached the service is not sent twice. */
	fault("/echo/post", "\"reset\"", 1, NULL);
	ck_assert_int_eq(request(&o, "POST", "/echo/post", &r, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "POST http://127.0.0.1:"));
	ck_assert_int_eq(logged("POST /echo/post"), 1);
	sync_response_clear(&r);
}
END_TEST

/* On a connection kept alive by an earlier call, a POST that is reset is
 * not sent again either: libcurl itself resends a request whose reused
 * connection died, unless the POST has a connection of its own. */
START_TEST(test_post_reset_on_reused_connection)
{
	struct sync_http_opts o = fast();
	struct sync_http *h = session(&o);
	struct sync_response r;
	struct core_error err;

	ck_assert_int_eq(on_session(h, "GET", "/echo/warm", &r, &err), CORE_OK);
	sync_response_clear(&r);
	fault("/echo/post2", "\"reset\"", 2, NULL);
	ck_assert_int_eq(on_session(h, "POST", "/echo/post2", &r, &err), CORE_REMOTE);
	ck_assert_int_eq(logged("POST /echo/post2"), 1);
	sync_response_clear(&r);
	/* The session goes on: a GET after it is answered. */
	ck_assert_int_eq(on_session(h, "GET", "/echo/warm", &r, &err), CORE_OK);
	sync_response_clear(&r);
	sync_http_free(h);
}
END_TEST

START_TEST(test_refused)
{
	struct sync_http_opts o = fast();
	struct sync_http *h;
	struct sync_response r;
	struct core_error err;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t n = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char u[128];

	/* A port nothing listens on: bound, then closed. */
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &n), 0);
	close(fd);
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/x", ntohs(a.sin_port));
	o.max_attempts = 3;
	h = session(&o);
	ck_assert_int_eq(sync_http_request(h, "GET", u, NULL, NULL, NULL, NULL, 0, &r, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "gave up after 3 attempts"));
	ck_assert_int_eq(r.status, 0);
	sync_response_clear(&r);
	sync_http_free(h);
}
END_TEST

START_TEST(test_stall)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;
	long long t0 = ms_now();

	/* A stall that passes: a GET is tried again, and goes. */
	fault("/echo/stall", "\"stall\"", 1, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/stall", &r, &err), CORE_OK);
	ck_assert_int_ge(ms_now() - t0, 900);
	ck_assert_int_eq(logged("GET /echo/stall"), 2);
	sync_response_clear(&r);
	/* One that lasts: the attempts run out, each bounded by the stall limit. */
	o.max_attempts = 2;
	t0 = ms_now();
	fault("/echo/stall2", "\"stall\"", 5, NULL);
	ck_assert_int_eq(request(&o, "GET", "/echo/stall2", &r, &err), CORE_REMOTE);
	ck_assert_int_ge(ms_now() - t0, 1800);
	ck_assert_int_lt(ms_now() - t0, 6000);
	ck_assert_ptr_nonnull(strstr(err.message, "gave up after 2 attempts: no answer in time (2 s to connect, 1 s"
				     " without data)"));
	sync_response_clear(&r);
	/* A POST that stalled may have arrived: never sent twice. */
	fault("/echo/stall3", "\"stall\"", 5, NULL);
	ck_assert_int_eq(request(&o, "POST", "/echo/stall3", &r, &err), CORE_REMOTE);
	ck_assert_int_eq(logged("POST /echo/stall3"), 1);
	sync_response_clear(&r);
}
END_TEST

START_TEST(test_max_body)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	o.max_body = 1000;
	ck_assert_int_eq(request(&o, "GET", "/echo/big?size=100000", &r, &err), CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "larger than the 1000 bytes"));
	ck_assert_int_eq(logged("GET /echo/big"), 1);
	sync_response_clear(&r);
	ck_assert_int_eq(request(&o, "GET", "/echo/small?size=10", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	sync_response_clear(&r);
}
END_TEST

/* Cancels 200 ms after the first poll. */
static int
cancel_soon(void *arg)
{
	long long *first = arg;

	if (!*first)
		*first = ms_now();
	return ms_now() - *first > 200;
}

START_TEST(test_cancel)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;
	long long first = 0, t0 = ms_now();

	o.cancelled = cancel_soon;
	o.cancel_arg = &first;
	fault("/echo/cancel", "503", 1, "\"20\"");
	ck_assert_int_eq(request(&o, "GET", "/echo/cancel", &r, &err), CORE_ABANDONED);
	ck_assert_int_lt(ms_now() - t0, 1500);
	ck_assert_ptr_nonnull(strstr(err.message, "cancelled"));
	sync_response_clear(&r);
}
END_TEST

/* Loopback never goes through a proxy, whatever the environment says. */
START_TEST(test_proxy_loopback)
{
	struct sync_http_opts o = fast();
	struct sync_response r;
	struct core_error err;

	setenv("http_proxy", "http://192.0.2.1:9", 1);
	setenv("no_proxy", "example.com", 1);
	o.connect_timeout_ms = 500;
	o.max_attempts = 1;
	ck_assert_int_eq(request(&o, "GET", "/health", &r, &err), CORE_OK);
	ck_assert_int_eq(r.status, 200);
	sync_response_clear(&r);
	unsetenv("http_proxy");
	unsetenv("no_proxy");
}
END_TEST

/* TLS is verified: a self-signed server is refused, and trusted only
 * through ca_file. */
START_TEST(test_tls)
{
	struct sync_http_opts o = fast();
	struct sync_http *h;
	struct sync_response r;
	struct core_error err;
	char u[128], ca[512];
	pid_t pid = fakearm_start("tls.py", tmpdir, u, sizeof(u));

	ck_assert_msg(u[0], "tests/fake-arm/tls.py did not start");
	h = session(&o);
	ck_assert_int_eq(sync_http_request(h, "GET", u, NULL, NULL, NULL, NULL, 0, &r, &err), CORE_REMOTE);
	ck_assert_msg(strstr(err.message, "certificate"), "%s", err.message);
	ck_assert_ptr_null(strstr(err.message, "gave up"));
	sync_response_clear(&r);
	sync_http_free(h);
	fakearm_path("tls/cert.pem", ca, sizeof(ca));
	o.ca_file = ca;
	h = session(&o);
	ck_assert_int_eq(sync_http_request(h, "GET", strcat(u, "/health"), NULL, NULL, NULL, NULL, 0, &r, &err),
			 CORE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"base\": \"https://127.0.0.1:"));
	sync_response_clear(&r);
	sync_http_free(h);
	fakearm_stop(pid);
}
END_TEST

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

START_TEST(test_trace)
{
	static const char form[] = "grant_type=client_credentials&client_id=app-1"
				   "&client_secret=sec-CLIENT-SECRET-99&code=auth-CODE-77";
	static const char json[] = "{\"refresh_token\": \"rt-REFRESH-55\", \"password\":\"pw-PASS-66\"}";
	struct sync_http_opts o = fast();
	struct sync_http *h;
	struct sync_response r;
	struct core_error err;
	struct stat st;
	char path[512], u[256], *t;

	snprintf(path, sizeof(path), "%s/trace.log", tmpdir);
	/* A trace file others could read is made private. */
	fclose(fopen(path, "w"));
	ck_assert_int_eq(chmod(path, 0644), 0);
	o.trace_path = path;
	h = session(&o);
	ck_assert_int_eq(sync_http_request(h, "POST", url("/echo/token", u, sizeof(u)), "tok-BEARER-SECRET-42",
					   NULL, "application/x-www-form-urlencoded", form, strlen(form),
					   &r, &err), CORE_OK);
	/* The server echoes them: the answer holds them too. */
	ck_assert_ptr_nonnull(strstr(r.body, "sec-CLIENT-SECRET-99"));
	ck_assert_ptr_nonnull(strstr(r.body, "tok-BEARER-SECRET-42"));
	sync_response_clear(&r);
	ck_assert_int_eq(sync_http_request(h, "PUT", url("/echo/json?code=q-CODE-88", u, sizeof(u)),
					   "tok-BEARER-SECRET-42", NULL, "application/json", json,
					   strlen(json), &r, &err), CORE_OK);
	sync_response_clear(&r);
	sync_http_free(h);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	t = slurp(path);
	ck_assert_ptr_nonnull(strstr(t, "> POST /echo/token HTTP/1.1"));
	ck_assert_ptr_nonnull(strstr(t, "> Authorization: [redacted]"));
	ck_assert_ptr_nonnull(strstr(t, "client_id=app-1"));
	ck_assert_ptr_nonnull(strstr(t, "< HTTP/1.1 200 OK"));
	ck_assert_ptr_nonnull(strstr(t, "\"refresh_token\": \"[redacted]\""));
	ck_assert_ptr_nonnull(strstr(t, "\"method\": \"PUT\""));
	/* An OAuth code is a form or query field; JSON's "code" is ARM's error
	 * code, kept (the echo's copy of the query shows it). */
	ck_assert_ptr_nonnull(strstr(t, "> PUT /echo/json?code=[redacted] HTTP/1.1"));
	for (const char *s = "tok-BEARER-SECRET-42\0sec-CLIENT-SECRET-99\0auth-CODE-77\0rt-REFRESH-55\0"
			     "pw-PASS-66\0"; *s; s += strlen(s) + 1)
		ck_assert_msg(!strstr(t, s), "%s is in the trace", s);
	free(t);
}
END_TEST

START_TEST(test_trace_unwritable)
{
	struct sync_http_opts o = fast();
	struct sync_http *h = NULL;
	struct core_error err;
	char link[512];

	o.trace_path = "/nonexistent-dir/trace.log";
	ck_assert_int_eq(sync_http_new(&o, &h, &err), CORE_USAGE);
	ck_assert_ptr_null(h);
	ck_assert_ptr_nonnull(strstr(err.message, "The trace file /nonexistent-dir/trace.log cannot be written"));
	snprintf(link, sizeof(link), "%s/trace-link", tmpdir);
	ck_assert_int_eq(symlink("/dev/null", link), 0);
	o.trace_path = link;
	ck_assert_int_eq(sync_http_new(&o, &h, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "is a symbolic link"));
	unlink(link);
	o.trace_path = NULL;
	o.ca_file = "/nonexistent-dir/ca.pem";
	ck_assert_int_eq(sync_http_new(&o, &h, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "The CA file"));
}
END_TEST

START_TEST(test_check_url)
{
	static const char *const ok[] = {
		"https://management.azure.com/providers?api-version=1", "http://127.0.0.1:8080/x",
		"http://127.1.2.3/", "http://localhost:9/", "http://[::1]:80/", "HTTPS://login.example.com",
		NULL,
	};
	static const char *const refused[] = {
		"http://example.test/", "http://127.evil.example/", "ftp://127.0.0.1/", "file:///etc/passwd",
		"https://user:pw@example.com/", "not a url", "", "http://[::2]/", "http://128.0.0.1/", NULL,
	};
	struct core_error err;

	for (int i = 0; ok[i]; i++)
		ck_assert_msg(sync_http_check_url(ok[i], &err) == CORE_OK, "%s: %s", ok[i], err.message);
	for (int i = 0; refused[i]; i++) {
		err.message[0] = '\0';
		ck_assert_msg(sync_http_check_url(refused[i], &err) == CORE_USAGE, "%s accepted", refused[i]);
		ck_assert(err.message[0] && !strchr(err.message, '\n'));
	}
	sync_http_check_url("http://example.test", &err);
	ck_assert_ptr_nonnull(strstr(err.message, "plain http:// is allowed only to this machine"));
	sync_http_check_url("https://user:secret@example.com/", &err);
	ck_assert_ptr_null(strstr(err.message, "secret"));
}
END_TEST

START_TEST(test_request_refuses_url)
{
	struct sync_http *h = session(NULL);
	struct sync_response r;
	struct core_error err;

	ck_assert_int_eq(sync_http_request(h, "GET", "http://example.test/x", "tok-12345678", NULL, NULL,
					   NULL, 0, &r, &err), CORE_USAGE);
	ck_assert_ptr_null(r.body);
	sync_http_free(h);
	sync_http_free(NULL);
}
END_TEST

/* An answer with status and body (not owned: never cleared). */
static struct sync_response
answer(long status, const char *body)
{
	struct sync_response r = { .status = status, .body = (char *)body, .len = body ? strlen(body) : 0 };

	return r;
}

START_TEST(test_error_sentence)
{
	struct core_error err;
	struct sync_response r;
	char big[4096];

	r = answer(200, "{}");
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_OK);
	r = answer(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client 'x' has no "
			"access.\"}}");
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "AuthorizationFailed: The client 'x' has no access.");
	r = answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70000: bad grant\\r\\n"
			"Trace ID: 1\\r\\nCorrelation ID: 2\"}");
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_REMOTE);
	ck_assert_str_eq(err.message, "invalid_grant: AADSTS70000: bad grant Trace ID: 1 Correlation ID: 2.");
	r = answer(401, "{\"code\":\"InvalidAuthenticationToken\",\"message\":\"expired\"}");
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "InvalidAuthenticationToken: expired.");
	r = answer(503, "<html>busy</html>");
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_REMOTE);
	ck_assert_str_eq(err.message, "The service answered 503 Service Unavailable with no error details.");
	r = answer(404, NULL);
	ck_assert_int_eq(sync_http_error(&r, &err), CORE_NOT_FOUND);
	ck_assert_str_eq(err.message, "The service answered 404 Not Found with no error details.");
	r = answer(418, "{\"error\":{\"details\":[]}}");
	ck_assert_str_eq((sync_http_error(&r, &err), err.message), "The service answered 418 with no error details.");
	/* Control characters, escapes, bad UTF-8 and a NUL are made safe. */
	r = answer(500, "{\"error\":{\"code\":\"X\\u001b[2J\",\"message\":\"a\\u0000b\\tc\\u009b\"}}");
	sync_http_error(&r, &err);
	ck_assert_str_eq(err.message, "X [2J: a b c.");
	/* A long message is cut, whole characters, with an ellipsis. */
	strcpy(big, "{\"error\":{\"code\":\"Big\",\"message\":\"");
	for (int i = 0; i < 600; i++)
		strcat(big, "\xc3\xa9");
	strcat(big, "\"}}");
	r = answer(500, big);
	sync_http_error(&r, &err);
	ck_assert_uint_lt(strlen(err.message), sizeof(err.message) - 1);
	ck_assert_str_eq(err.message + strlen(err.message) - 5, "\xc3\xa9\xe2\x80\xa6");
}
END_TEST

START_TEST(test_retry_after)
{
	long long now = 1796226000; /* Wed, 02 Dec 2026 15:40:00 GMT */

	ck_assert_int_eq(sync_http_retry_after_ms("1", now), 1000);
	ck_assert_int_eq(sync_http_retry_after_ms(" 120 ", now), 120000);
	ck_assert_int_eq(sync_http_retry_after_ms("0", now), 0);
	ck_assert_int_eq(sync_http_retry_after_ms("99999999999999999999999", now), 86400000);
	ck_assert_int_eq(sync_http_retry_after_ms("Wed, 02 Dec 2026 15:40:10 GMT", now), 10000);
	ck_assert_int_eq(sync_http_retry_after_ms("Wed, 02 Dec 2026 15:39:00 GMT", now), 0);
	ck_assert_int_eq(sync_http_retry_after_ms("Thu, 03 Dec 2026 15:40:00 GMT", now), 86400000);
	ck_assert_int_eq(sync_http_retry_after_ms("", now), -1);
	ck_assert_int_eq(sync_http_retry_after_ms("  ", now), -1);
	ck_assert_int_eq(sync_http_retry_after_ms(NULL, now), -1);
	ck_assert_int_eq(sync_http_retry_after_ms("-5", now), -1);
	ck_assert_int_eq(sync_http_retry_after_ms("soon", now), -1);
	ck_assert_int_eq(sync_http_retry_after_ms("12abc", now), -1);
}
END_TEST

/* s redacted, as a string (the caller frees). */
static char *
redacted(const char *s, const char *secret)
{
	struct core_buf b = { 0 };

	sync_httptrace_redact(s, strlen(s), secret, &b);
	core_buf_str(&b, "");
	return b.p;
}

START_TEST(test_redact)
{
	static const char *const cases[][3] = {
		{ "Authorization: Bearer abc\r\nHost: x\r\n", NULL, "Authorization: [redacted]\r\nHost: x\r\n" },
		{ "GET /t?code=abc&state=s HTTP/1.1", NULL, "GET /t?code=[redacted]&state=s HTTP/1.1" },
		{ "{\"access_token\":\"eyJ\\\"x\",\"expires_in\":3599}", NULL,
		  "{\"access_token\":\"[redacted]\",\"expires_in\":3599}" },
		{ "{\"device_code\" : \"DAQ", NULL, "{\"device_code\" : \"[redacted]\"" },
		{ "{\"password\": 1234, \"x\": 1}", NULL, "{\"password\": [redacted], \"x\": 1}" },
		{ "{\"error\":{\"code\":\"NotFound\"}}", NULL, "{\"error\":{\"code\":\"NotFound\"}}" },
		{ "client_secret=s3cr%2Bt&client_id=a", NULL, "client_secret=[redacted]&client_id=a" },
		{ "barcode=1&xcode=2", NULL, "barcode=1&xcode=2" },
		{ "see my-long-token-1 and my-long-token-1.", "my-long-token-1", "see [redacted] and [redacted]." },
		{ "short ab", "ab", "short ab" },
		{ "Set-Cookie: a=b", NULL, "Set-Cookie: [redacted]" },
		{ "{\"body\": \"{\\\"id_token\\\": \\\"x.y.z\\\"}\"}", NULL,
		  "{\"body\": \"{\\\"id_token\\\": \\\"[redacted]\\\"}\"}" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = redacted(cases[i][0], cases[i][1]);
		ck_assert_str_eq(got, cases[i][2]);
		free(got);
	}
}
END_TEST

static Suite *
http_suite(bool server)
{
	Suite *s = suite_create("sync_http");
	TCase *pure = tcase_create("pure"), *live = tcase_create("fake-arm");

	tcase_add_test(pure, test_check_url);
	tcase_add_test(pure, test_request_refuses_url);
	tcase_add_test(pure, test_error_sentence);
	tcase_add_test(pure, test_retry_after);
	tcase_add_test(pure, test_redact);
	tcase_add_test(pure, test_trace_unwritable);
	tcase_add_test(pure, test_refused);
	suite_add_tcase(s, pure);
	if (!server)
		return s;
	tcase_set_timeout(live, 30);
	tcase_add_test(live, test_get);
	tcase_add_test(live, test_retry_after_429);
	tcase_add_test(live, test_503_twice);
	tcase_add_test(live, test_exhausted);
	tcase_add_test(live, test_retry_after_too_long);
	tcase_add_test(live, test_404);
	tcase_add_test(live, test_reset_truncate);
	tcase_add_test(live, test_stall);
	tcase_add_test(live, test_post_reset_on_reused_connection);
	tcase_add_test(live, test_max_body);
	tcase_add_test(live, test_trace);
	tcase_add_test(live, test_cancel);
	tcase_add_test(live, test_proxy_loopback);
	tcase_add_test(live, test_tls);
	suite_add_tcase(s, live);
	return s;
}

int
main(void)
{
	SRunner *sr;
	pid_t server;
	int failed;
	char cmd[300];

	snprintf(tmpdir, sizeof(tmpdir), "%s/billcon-http-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	/* Once here rather than in each forked test: OpenSSL's start is slow. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	server = fakearm_start("server.py", tmpdir, base, sizeof(base));
	if (!base[0])
		printf("SKIP: the fake-arm cases (python3 or tests/fake-arm/server.py did not start)\n");
	sr = srunner_create(http_suite(base[0] != '\0'));
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fakearm_stop(server);
	curl_global_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		failed++;
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
