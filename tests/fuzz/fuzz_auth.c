/* libFuzzer target: what sign-in reads from the login endpoint and from a
 * token (sync_token): a token endpoint's answer, a device code request's
 * answer, and the actor from a JWT's claims. The first byte picks the
 * parser and the HTTP status; the rest is the body or the token. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/sync_token.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No sentence may hold the input whole: a token or a code never reaches
 * a message (inputs shorter than 12 bytes may well be a common word). */
static void
check_sentence(const struct core_error *err, const char *text)
{
	FUZZ_CHECK(memchr(err->message, '\0', sizeof(err->message)) != NULL);
	FUZZ_CHECK(strlen(text) < 12 || !strstr(err->message, text));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core_error err;
	struct sync_token tok;
	struct sync_device_info info;
	char *text, *code = NULL, actor[256];
	long status;
	long long exp;

	if (size < 1)
		return 0;
	status = data[0] & 0x40 ? 400 : 200;
	text = fuzz_text(data + 1, size - 1);
	core_error_clear(&err);
	switch (data[0] % 3) {
	case 0:
		if (sync_token_parse(status, (const char *)data + 1, size - 1, 1000, &tok, &err) == SYNC_TOKEN_DONE) {
			FUZZ_CHECK(tok.access && tok.access[0]);
			sync_token_clear(&tok);
		}
		break;
	case 1:
		if (sync_token_parse_device(status, (const char *)data + 1, size - 1, &info, &code, &err) == CORE_OK) {
			FUZZ_CHECK(code && code[0] && info.user_code[0] && info.verification_uri[0]);
			FUZZ_CHECK(info.interval_ms >= 0 && info.interval_ms <= 60000);
			FUZZ_CHECK(info.expires_in_s >= 1 && info.expires_in_s <= 86400);
		}
		sync_token_wipe(code);
		break;
	default:
		if (sync_token_actor(text, actor, sizeof(actor), &exp, &err) == CORE_OK) {
			FUZZ_CHECK(actor[0] && strlen(actor) < sizeof(actor));
			for (const char *p = actor; *p; p++)
				FUZZ_CHECK((unsigned char)*p > 0x20 && *p != 0x7f && !(*p >= 'A' && *p <= 'Z'));
		}
		break;
	}
	if (err.status != CORE_OK)
		check_sentence(&err, text);
	free(text);
	return 0;
}
