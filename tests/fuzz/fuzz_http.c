/* libFuzzer target: what a service (or anything answering in its place)
 * hands the HTTP layer: an error body (sync_http_error), a Retry-After
 * value (sync_http_retry_after_ms), and any text the trace redacts
 * (sync_httptrace_redact). The first byte picks the status. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_buf.h"
#include "billcon/core_text.h"
#include "billcon/sync_http.h"
#include "billcon/sync_httptrace.h"
#include "fuzz_util.h"

#define NOW 1796226000LL /* 2026-12-02T15:40:00Z */
#define DAY_MS 86400000L

static const char secret[] = "tok-SECRET-fuzz";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A sentence is one line of valid text, no control character, and fits. */
static void
check_sentence(const struct core_error *err)
{
	size_t n = strlen(err->message);
	char again[sizeof(err->message) * 4];

	FUZZ_CHECK(n > 0 && n < sizeof(err->message) - 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)err->message[i];
		FUZZ_CHECK(c >= 0x20 && c != 0x7f);
		FUZZ_CHECK(!(c == 0xc2 && i + 1 < n && (unsigned char)err->message[i + 1] < 0xa0));
	}
	/* Valid UTF-8: made safe again, it is unchanged. */
	FUZZ_CHECK(core_text_utf8(err->message, again, sizeof(again)) == n && strcmp(again, err->message) == 0);
}

static void
check_error(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 204, 400, 401, 403, 404, 409, 429, 500, 503, 302, 418 };
	struct sync_response r = { 0 };
	struct core_error err;
	enum core_status rc;

	r.status = size ? statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))] : 500;
	r.body = malloc(size + 1);
	if (!r.body)
		abort();
	if (size > 1)
		memcpy(r.body, data + 1, size - 1);
	r.len = size > 1 ? size - 1 : 0;
	r.body[r.len] = '\0';
	rc = sync_http_error(&r, &err);
	if (r.status < 300) {
		FUZZ_CHECK(rc == CORE_OK);
	} else {
		FUZZ_CHECK(rc == err.status && rc != CORE_OK);
		check_sentence(&err);
	}
	free(r.body);
}

/* True when s (n bytes) holds needle. */
static bool
holds(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; s && i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

/* Redacted, the secret never shows. */
static void
check_redact(const uint8_t *data, size_t size)
{
	struct core_buf out = { 0 };

	sync_httptrace_redact((const char *)data, size, secret, &out);
	FUZZ_CHECK(!out.failed);
	FUZZ_CHECK(!holds(out.p, out.len, secret));
	core_buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	long ms = sync_http_retry_after_ms(s, NOW);

	FUZZ_CHECK(ms >= -1 && ms <= DAY_MS);
	check_error(data, size);
	check_redact(data, size);
	free(s);
	return 0;
}
