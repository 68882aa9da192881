/* libFuzzer target: what an auditor hands billcon from outside: a signed
 * note (core_note_open), a checkpoint body (core_checkpoint_parse), a
 * verifier key and base64. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/core_base64.h"
#include "billcon/core_note.h"
#include "fuzz_util.h"

#define TEXT_MAX 4096

/* Go's sumdb/note test key, which the seed notes are signed by. */
static const char key[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal is one sentence of one line. */
static void
check_refusal(enum core_status rc, const struct core_error *err)
{
	FUZZ_CHECK(rc == err->status && err->message[0] && !strchr(err->message, '\n'));
}

/* An opened note's text is the note's beginning, ending in a newline. */
static void
check_open(const char *s)
{
	static char text[TEXT_MAX];
	struct core_error err;
	enum core_status rc = core_note_open(s, key, text, sizeof(text), &err);

	if (rc != CORE_OK) {
		check_refusal(rc, &err);
		return;
	}
	FUZZ_CHECK(strncmp(s, text, strlen(text)) == 0 && text[strlen(text) - 1] == '\n');
}

/* Whatever the input, signing it (when it is a text) then opening gives it
 * back; a fixed private key stands for the key file. */
static void
check_sign_open(const char *s)
{
	static char note[TEXT_MAX + CORE_NOTE_SIGNED_EXTRA], text[TEXT_MAX + 1], vkey[CORE_NOTE_VERIFIER_MAX];
	unsigned char priv[CORE_NOTE_KEY_BYTES], pub[CORE_NOTE_KEY_BYTES];
	struct core_error err;
	enum core_status rc;

	memset(priv, 0x5a, sizeof(priv));
	FUZZ_CHECK(core_note_public_key(priv, pub));
	FUZZ_CHECK(core_note_verifier_key("fuzz.example/log", pub, vkey, sizeof(vkey)));
	rc = core_note_sign(s, "fuzz.example/log", priv, note, sizeof(note), &err);
	if (rc != CORE_OK) {
		check_refusal(rc, &err);
		return;
	}
	rc = core_note_open(note, vkey, text, sizeof(text), &err);
	FUZZ_CHECK(rc == CORE_OK && strcmp(text, s) == 0);
}

/* A parsed checkpoint written again (when its origin can be) parses to the
 * same values. */
static void
check_checkpoint(const char *s)
{
	char origin[CORE_NOTE_NAME_MAX + 1], again[CORE_CHECKPOINT_MAX], origin2[CORE_NOTE_NAME_MAX + 1];
	unsigned char root[CORE_NOTE_HASH_BYTES], root2[CORE_NOTE_HASH_BYTES];
	long long n, n2;
	struct core_error err;
	enum core_status rc = core_checkpoint_parse(s, origin, sizeof(origin), &n, root, &err);

	if (rc != CORE_OK) {
		check_refusal(rc, &err);
		return;
	}
	FUZZ_CHECK(origin[0] && n >= 0);
	if (!core_checkpoint_format(origin, n, root, again, sizeof(again)))
		return;
	FUZZ_CHECK(core_checkpoint_parse(again, origin2, sizeof(origin2), &n2, root2, &err) == CORE_OK);
	FUZZ_CHECK(strcmp(origin, origin2) == 0 && n == n2 && memcmp(root, root2, sizeof(root)) == 0);
}

/* Decoding is canonical: what decodes encodes back to the same text. */
static void
check_base64(const char *s)
{
	static unsigned char bytes[TEXT_MAX];
	static char back[TEXT_MAX * 2];
	size_t len = strlen(s), n;

	if (len >= TEXT_MAX || !core_base64_decode(s, len, bytes, sizeof(bytes), &n))
		return;
	FUZZ_CHECK(core_base64_encode(bytes, n, back) == len && memcmp(back, s, len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size);
	char name[CORE_NOTE_NAME_MAX + 1];
	unsigned char pub[CORE_NOTE_KEY_BYTES];
	struct core_error err;
	enum core_status rc;

	check_open(s);
	if (strlen(s) < TEXT_MAX)
		check_sign_open(s);
	check_checkpoint(s);
	check_base64(s);
	rc = core_note_parse_verifier_key(s, name, sizeof(name), pub, &err);
	if (rc != CORE_OK)
		check_refusal(rc, &err);
	free(s);
	return 0;
}
