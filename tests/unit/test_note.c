/* Unit tests of core_base64, core_note (C2SP signed notes and checkpoints)
 * and app_signkey (the audit signing key file): DOMAIN.md §8.
 *
 * Besides the suite, two modes for tests/cli/note.sh, which checks the
 * signatures with the openssl command line:
 *   unit_note --sign NAME FILE   the signed note of FILE's text, signed with
 *                                the key file (made when missing)
 *   unit_note --key NAME         the verifier key of the key file */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <openssl/evp.h>

#include "billcon/app_signkey.h"
#include "billcon/core_base64.h"
#include "billcon/core_note.h"
#include "billcon/core_status.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Known answers from Go's golang.org/x/mod/sumdb/note tests, an independent
 * implementation: its private key (0x01 || seed in base64), verifier keys,
 * a text and the notes it signed. */
static const char go_seed_b64[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
static const char peter_key[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char enoch_key[] = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
			      "then you don't know what your problem is.\n";
static const char peter_sig[] = "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAc"
				"ElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
static const char enoch_sig[] = "\xe2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOX"
				"m2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

/* The checkpoint of the tlog-checkpoint spec's example. */
static const char spec_checkpoint[] = "example.com/behind-the-sofa\n20852163\n"
				      "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

static void
fresh_error(struct core_error *err)
{
	err->status = CORE_OK;
	strcpy(err->message, "untouched");
}

/* The Go test key's seed. */
static void
go_seed(unsigned char seed[CORE_NOTE_KEY_BYTES])
{
	unsigned char typed[40];
	size_t n;

	ck_assert(core_base64_decode(go_seed_b64, strlen(go_seed_b64), typed, sizeof(typed), &n));
	ck_assert_uint_eq(n, 33);
	ck_assert_uint_eq(typed[0], 1);
	memcpy(seed, typed + 1, CORE_NOTE_KEY_BYTES);
}

/* A malloc'd concatenation of the strings up to NULL. */
static char *
cat(const char *first, ...)
{
	va_list ap;
	const char *p;
	size_t n = 0;
	char *s;

	va_start(ap, first);
	for (p = first; p; p = va_arg(ap, const char *))
		n += strlen(p);
	va_end(ap);
	s = malloc(n + 1);
	ck_assert_ptr_nonnull(s);
	s[0] = '\0';
	va_start(ap, first);
	for (p = first; p; p = va_arg(ap, const char *))
		strcat(s, p);
	va_end(ap);
	return s;
}

/* core_note_open of note with key: its status, the sentence checked to be
 * one line that is not the untouched marker. */
static enum core_status
open_status(const char *note, const char *key, struct core_error *err)
{
	enum core_status rc;

	fresh_error(err);
	rc = core_note_open(note, key, NULL, 0, err);
	if (rc != CORE_OK) {
		ck_assert_int_eq(err->status, rc);
		ck_assert_str_ne(err->message, "untouched");
		ck_assert_ptr_null(strchr(err->message, '\n'));
	}
	return rc;
}

/* ---------------------------------------------------------------- base64 */

START_TEST(base64_rfc4648_vectors)
{
	static const char *const v[][2] = {
		{ "", "" },          { "f", "Zg==" },         { "fo", "Zm8=" },
		{ "foo", "Zm9v" },   { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	char out[16];
	unsigned char back[16];
	size_t i, n;

	for (i = 0; i < N_ELEMS(v); i++) {
		ck_assert_uint_eq(core_base64_len(strlen(v[i][0])), strlen(v[i][1]));
		ck_assert_uint_eq(core_base64_encode(v[i][0], strlen(v[i][0]), out), strlen(v[i][1]));
		ck_assert_str_eq(out, v[i][1]);
		ck_assert(core_base64_decode(v[i][1], strlen(v[i][1]), back, sizeof(back), &n));
		ck_assert_uint_eq(n, strlen(v[i][0]));
		ck_assert(memcmp(back, v[i][0], n) == 0);
	}
}
END_TEST

START_TEST(base64_decode_is_strict)
{
	/* Each has a wrong length, a character outside the alphabet, padding
	 * inside, or unused bits set (a second spelling of "f" or "fo"). */
	static const char *const bad[] = {
		"Zg=", "Zg", "Zh==", "Zm9=", "Zg==Zg==", "Z===", "====", "Zm9v\n", " Zm9",
		"Zm-v", "Zm_v", "Zm9v====", "Zg=A",
	};
	unsigned char out[16];
	size_t i, n;

	for (i = 0; i < N_ELEMS(bad); i++)
		ck_assert_msg(!core_base64_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n),
			      "accepted \"%s\"", bad[i]);
	ck_assert(!core_base64_decode("Zm9vYmFy", 8, out, 5, &n));
	ck_assert(core_base64_decode("Zm9vYmFy", 8, out, 6, &n));
}
END_TEST

/* ---------------------------------------------------------------- keys */

START_TEST(public_key_rfc8032_vector)
{
	/* RFC 8032, section 7.1, TEST 1. */
	static const unsigned char priv[32] = {
		0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
		0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
		0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
	};
	static const unsigned char want[32] = {
		0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
		0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
		0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
	};
	unsigned char pub[32];

	ck_assert(core_note_public_key(priv, pub));
	ck_assert(memcmp(pub, want, 32) == 0);
}
END_TEST

START_TEST(key_id_is_the_spec_hash)
{
	static const char name[] = "billcon.example/audit";
	unsigned char priv[32], pub[32], digest[32], typed[33], msg[sizeof(name) + 33];
	char key[CORE_NOTE_VERIFIER_MAX], want[CORE_NOTE_VERIFIER_MAX], hex[9], b64[64];
	unsigned int len = 0;
	uint32_t id;

	memset(priv, 7, sizeof(priv));
	ck_assert(core_note_public_key(priv, pub));
	/* By hand: SHA-256(name || 0x0A || 0x01 || public key), first 4 bytes. */
	memcpy(msg, name, strlen(name));
	msg[strlen(name)] = '\n';
	msg[strlen(name) + 1] = 0x01;
	memcpy(msg + strlen(name) + 2, pub, 32);
	ck_assert(EVP_Digest(msg, strlen(name) + 34, digest, &len, EVP_sha256(), NULL) == 1);
	id = core_note_key_id(name, pub);
	ck_assert_uint_eq(id, (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
				      (uint32_t)digest[2] << 8 | digest[3]);
	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
	typed[0] = 0x01;
	memcpy(typed + 1, pub, 32);
	core_base64_encode(typed, 33, b64);
	ck_assert(core_note_verifier_key(name, pub, key, sizeof(key)));
	snprintf(want, sizeof(want), "%s+%s+%s", name, hex, b64);
	ck_assert_str_eq(key, want);
}
END_TEST

START_TEST(go_known_answers)
{
	unsigned char seed[32], pub[32];
	char key[CORE_NOTE_VERIFIER_MAX], note[512];
	char *want = cat(go_text, "\n", peter_sig, NULL);
	struct core_error err;

	go_seed(seed);
	ck_assert(core_note_public_key(seed, pub));
	ck_assert(core_note_verifier_key("PeterNeumann", pub, key, sizeof(key)));
	ck_assert_str_eq(key, peter_key);
	ck_assert_int_eq(core_note_sign(go_text, "PeterNeumann", seed, note, sizeof(note), &err),
			 CORE_OK);
	ck_assert_str_eq(note, want);
	free(want);
}
END_TEST

START_TEST(verifier_key_parse_and_manglings)
{
	char name[CORE_NOTE_NAME_MAX + 1], mangled[128];
	unsigned char pub[32], seed[32], want[32];
	struct core_error err;
	size_t len = strlen(peter_key), i, j;

	go_seed(seed);
	core_note_public_key(seed, want);
	ck_assert_int_eq(core_note_parse_verifier_key(peter_key, name, sizeof(name), pub, &err),
			 CORE_OK);
	ck_assert_str_eq(name, "PeterNeumann");
	ck_assert(memcmp(pub, want, 32) == 0);
	snprintf(mangled, sizeof(mangled), "%s\n", peter_key);
	ck_assert_int_eq(core_note_parse_verifier_key(mangled, name, sizeof(name), pub, &err),
			 CORE_OK);
	/* Any proper part of the key and any byte changed are refused. */
	for (i = 0; i < len; i++)
		for (j = i + 1; j <= len; j++) {
			if (i == 0 && j == len)
				continue;
			snprintf(mangled, sizeof(mangled), "%.*s", (int)(j - i), peter_key + i);
			fresh_error(&err);
			ck_assert_msg(core_note_parse_verifier_key(mangled, name, sizeof(name), pub,
								   &err) == CORE_USAGE,
				      "accepted %s", mangled);
			ck_assert_str_ne(err.message, "untouched");
		}
	for (i = 0; i < len; i++) {
		snprintf(mangled, sizeof(mangled), "%s", peter_key);
		mangled[i]++;
		ck_assert_msg(core_note_parse_verifier_key(mangled, name, sizeof(name), pub, &err) ==
				      CORE_USAGE,
			      "accepted %s", mangled);
	}
	/* A key of the wrong length, and of another algorithm, each with the
	 * key ID that matches them. */
	ck_assert_int_eq(core_note_parse_verifier_key(
				 "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
				 name, sizeof(name), pub, &err),
			 CORE_USAGE);
	ck_assert_int_eq(core_note_parse_verifier_key(
				 "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
				 name, sizeof(name), pub, &err),
			 CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "not an Ed25519 key"));
	/* A name that does not fit the caller's buffer. */
	ck_assert_int_eq(core_note_parse_verifier_key(peter_key, name, 5, pub, &err), CORE_USAGE);
}
END_TEST

START_TEST(names)
{
	static const char *const good[] = { "billcon.example/log-1", "a", "\xc3\xa9t\xc3\xa9" };
	static const char *const bad[] = {
		"", "a b", "a+b", "a\tb", "a\nb", "a\xc2\xa0" "b", "a\xe3\x80\x80" "b", "a\xff",
		"a\x7f",
	};
	char longname[CORE_NOTE_NAME_MAX + 2];
	struct core_error err;
	size_t i;

	for (i = 0; i < N_ELEMS(good); i++)
		ck_assert_msg(core_note_name_check(good[i], "the origin", &err), "refused %s", good[i]);
	for (i = 0; i < N_ELEMS(bad); i++) {
		fresh_error(&err);
		ck_assert_msg(!core_note_name_check(bad[i], "the origin", &err), "accepted #%zu", i);
		ck_assert_int_eq(err.status, CORE_USAGE);
		ck_assert_ptr_nonnull(strstr(err.message, "The origin must be"));
	}
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert(!core_note_name_check(longname, "the origin", NULL));
	longname[CORE_NOTE_NAME_MAX] = '\0';
	ck_assert(core_note_name_check(longname, "the origin", NULL));
}
END_TEST

/* ---------------------------------------------------------------- notes */

START_TEST(sign_open_round_trip)
{
	static const char *const texts[] = {
		"billcon.example/a\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"one\n\nblank line inside\n\n",
		"\n",
		"caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve\n",
	};
	unsigned char priv[32], pub[32];
	char key[CORE_NOTE_VERIFIER_MAX], note[1024], text[512];
	struct core_error err;
	size_t i;

	memset(priv, 42, sizeof(priv));
	core_note_public_key(priv, pub);
	ck_assert(core_note_verifier_key("billcon.example/a", pub, key, sizeof(key)));
	for (i = 0; i < N_ELEMS(texts); i++) {
		ck_assert_int_eq(core_note_sign(texts[i], "billcon.example/a", priv, note,
						sizeof(note), &err),
				 CORE_OK);
		ck_assert_int_eq(core_note_open(note, key, text, sizeof(text), &err), CORE_OK);
		ck_assert_str_eq(text, texts[i]);
		ck_assert_int_eq(open_status(note, key, &err), CORE_OK);
		/* The buffer must hold the text and its terminator. */
		ck_assert_int_eq(core_note_open(note, key, text, strlen(texts[i]), &err), CORE_USAGE);
	}
}
END_TEST

START_TEST(sign_refuses)
{
	unsigned char priv[32];
	char note[512];
	struct core_error err;
	size_t need;

	memset(priv, 1, sizeof(priv));
	ck_assert_int_eq(core_note_sign("no newline", "n", priv, note, sizeof(note), &err),
			 CORE_USAGE);
	ck_assert_int_eq(core_note_sign("", "n", priv, note, sizeof(note), &err), CORE_USAGE);
	ck_assert_int_eq(core_note_sign("esc\x1b[2J\n", "n", priv, note, sizeof(note), &err),
			 CORE_USAGE);
	ck_assert_int_eq(core_note_sign("cr\r\n", "n", priv, note, sizeof(note), &err), CORE_USAGE);
	ck_assert_int_eq(core_note_sign("bad \xff\n", "n", priv, note, sizeof(note), &err),
			 CORE_USAGE);
	fresh_error(&err);
	ck_assert_int_eq(core_note_sign("t\n", "a+b", priv, note, sizeof(note), &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "The key name"));
	ck_assert_int_eq(core_note_sign("t\n", "n", priv, note, sizeof(note), &err), CORE_OK);
	need = strlen(note) + 1;
	ck_assert_uint_le(need, strlen("t\n") + CORE_NOTE_SIGNED_EXTRA);
	ck_assert_int_eq(core_note_sign("t\n", "n", priv, note, need - 1, &err), CORE_USAGE);
	ck_assert_int_eq(core_note_sign("t\n", "n", priv, note, need, &err), CORE_OK);
}
END_TEST

START_TEST(open_go_notes_other_signatures_ignored)
{
	char *both = cat(go_text, "\n", peter_sig, enoch_sig, NULL);
	char *dup = cat(go_text, "\n", peter_sig, peter_sig, enoch_sig, NULL);
	char text[256];
	struct core_error err;
	unsigned char priv[32], pub[32];
	char other[CORE_NOTE_VERIFIER_MAX];

	ck_assert_int_eq(core_note_open(both, peter_key, text, sizeof(text), &err), CORE_OK);
	ck_assert_str_eq(text, go_text);
	ck_assert_int_eq(open_status(both, enoch_key, &err), CORE_OK);
	ck_assert_int_eq(open_status(dup, peter_key, &err), CORE_OK);
	/* A third key: no signature by it, and the sentence names it. */
	memset(priv, 3, sizeof(priv));
	core_note_public_key(priv, pub);
	core_note_verifier_key("Someone", pub, other, sizeof(other));
	ck_assert_int_eq(open_status(both, other, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "no signature by the key Someone+"));
	ck_assert_int_eq(open_status(both, "not a key", &err), CORE_USAGE);
	free(both);
	free(dup);
}
END_TEST

START_TEST(open_tampered)
{
	char *note = cat(go_text, "\n", peter_sig, NULL);
	char *copy;
	struct core_error err;
	size_t sig_at = strlen(go_text) + 1 + strlen("\xe2\x80\x94 PeterNeumann ");

	/* The text changed by one letter. */
	copy = strdup(note);
	copy[3] = 'Y';
	ck_assert_int_eq(open_status(copy, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "does not verify"));
	free(copy);
	/* The signature changed past its key ID (6 characters hold 4 bytes). */
	copy = strdup(note);
	copy[sig_at + 20] = copy[sig_at + 20] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(open_status(copy, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "does not verify"));
	free(copy);
	/* The key ID changed, then the name: not a signature by the key. */
	copy = strdup(note);
	copy[sig_at] = 'y';
	ck_assert_int_eq(open_status(copy, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "no signature by the key PeterNeumann+c74f20a3"));
	free(copy);
	copy = strdup(note);
	copy[sig_at - 2] = 'N';
	ck_assert_int_eq(open_status(copy, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "no signature by"));
	free(copy);
	/* A signature line added by the key that does not verify spoils the
	 * good one. */
	copy = cat(note, "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA=\n", NULL);
	ck_assert_int_eq(open_status(copy, peter_key, &err), CORE_REFUSED);
	free(copy);
	free(note);
}
END_TEST

START_TEST(open_malformed)
{
	char *bad[9];
	struct core_error err;
	char *many, *hundred;
	size_t i, k = strlen(peter_sig);

	bad[0] = strdup(go_text);
	bad[1] = cat(go_text, "\n", NULL);
	bad[2] = cat(go_text, "\n", peter_sig, NULL);
	bad[2][strlen(bad[2]) - 1] = '\0';
	bad[3] = cat("\x01", go_text, "\n", peter_sig, NULL);
	bad[4] = cat("\xff", go_text, "\n", peter_sig, NULL);
	bad[5] = cat(go_text, "\n\xe2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL);
	bad[6] = cat(go_text, "\n", peter_sig, "Unexpected line.\n", NULL);
	bad[7] = cat(go_text, "\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", NULL);
	bad[8] = cat(go_text, "\n", peter_sig, "\n", NULL);
	for (i = 0; i < N_ELEMS(bad); i++) {
		ck_assert_msg(open_status(bad[i], peter_key, &err) == CORE_REFUSED, "accepted #%zu", i);
		free(bad[i]);
	}
	ck_assert_int_eq(open_status(go_text, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "not a signed note"));
	/* 100 signature lines are read; 101 are refused. */
	hundred = malloc(strlen(go_text) + 1 + 101 * k + 1);
	ck_assert_ptr_nonnull(hundred);
	strcpy(hundred, go_text);
	strcat(hundred, "\n");
	for (i = 0; i < 100; i++)
		strcat(hundred, peter_sig);
	ck_assert_int_eq(open_status(hundred, peter_key, &err), CORE_OK);
	many = hundred;
	strcat(many, enoch_sig);
	ck_assert_int_eq(open_status(many, peter_key, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "more than 100"));
	free(many);
}
END_TEST

/* ---------------------------------------------------------------- checkpoints */

START_TEST(checkpoint_round_trip)
{
	unsigned char root[32], back[32];
	char body[CORE_CHECKPOINT_MAX], origin[CORE_NOTE_NAME_MAX + 1];
	long long size;
	struct core_error err;
	size_t i;

	for (i = 0; i < 32; i++)
		root[i] = (unsigned char)(i * 7 + 1);
	ck_assert(core_checkpoint_format("billcon.example/s1", 1234567, root, body, sizeof(body)));
	ck_assert_int_eq(core_checkpoint_parse(body, origin, sizeof(origin), &size, back, &err),
			 CORE_OK);
	ck_assert_str_eq(origin, "billcon.example/s1");
	ck_assert_int_eq(size, 1234567);
	ck_assert(memcmp(root, back, 32) == 0);
	ck_assert(core_checkpoint_format("o", 0, root, body, sizeof(body)));
	ck_assert_str_eq(strchr(body, '\n'), "\n0\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n");
	/* The spec's example, and the same with extension lines. */
	ck_assert_int_eq(core_checkpoint_parse(spec_checkpoint, origin, sizeof(origin), &size, back,
					       &err),
			 CORE_OK);
	ck_assert_str_eq(origin, "example.com/behind-the-sofa");
	ck_assert_int_eq(size, 20852163);
	ck_assert_uint_eq(back[0], 0x0a);
	ck_assert_uint_eq(back[31], 0x62);
	snprintf(body, sizeof(body), "%sext one\n\xe2\x80\x94 and two\n", spec_checkpoint);
	ck_assert_int_eq(core_checkpoint_parse(body, origin, sizeof(origin), &size, back, &err),
			 CORE_OK);
	ck_assert_int_eq(size, 20852163);
	/* Format refuses what it cannot write. */
	ck_assert(!core_checkpoint_format("a b", 1, root, body, sizeof(body)));
	ck_assert(!core_checkpoint_format("a+b", 1, root, body, sizeof(body)));
	ck_assert(!core_checkpoint_format("o", -1, root, body, sizeof(body)));
	ck_assert(!core_checkpoint_format("o", 1, root, body, 49));
	ck_assert(core_checkpoint_format("o", 1, root, body, 50));
}
END_TEST

START_TEST(checkpoint_faults)
{
	static const struct {
		const char *body, *says;
	} cases[] = {
		{ "", "not lines" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=", "not lines" },
		{ "o\n1\x1b\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "not lines" },
		{ "\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "no origin" },
		{ "o\n", "ends before" },
		{ "o\n1\n", "ends before" },
		{ "o\nx\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n01\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n-1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n+1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n9223372036854775808\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "tree size" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM\n", "root hash" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09rh\n", "root hash" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o==\n", "root hash" },
		{ "o\n1\n!QgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n", "root hash" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n\n", "empty line" },
		{ "o\n1\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\next\n\nmore\n", "empty line" },
	};
	char origin[CORE_NOTE_NAME_MAX + 1];
	unsigned char root[32];
	long long size;
	struct core_error err;
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		fresh_error(&err);
		ck_assert_msg(core_checkpoint_parse(cases[i].body, origin, sizeof(origin), &size, root,
						    &err) == CORE_REFUSED,
			      "accepted #%zu", i);
		ck_assert_msg(strstr(err.message, cases[i].says) != NULL, "#%zu: %s", i, err.message);
	}
	ck_assert_int_eq(core_checkpoint_parse("o\n9223372036854775807\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n",
					       origin, sizeof(origin), &size, root, &err),
			 CORE_OK);
	ck_assert_int_eq(size, 9223372036854775807LL);
	ck_assert_int_eq(core_checkpoint_parse(spec_checkpoint, origin, 5, &size, root, &err),
			 CORE_USAGE);
}
END_TEST

/* ---------------------------------------------------------------- the key file */

static char state_dir[256];

/* A fresh, empty state folder in XDG_STATE_HOME; the key file's path into
 * path. */
static void
fresh_state(char *path, size_t size)
{
	snprintf(state_dir, sizeof(state_dir), "%s/billcon-note.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(state_dir));
	setenv("XDG_STATE_HOME", state_dir, 1);
	snprintf(path, size, "%s/billcon/%s", state_dir, APP_SIGNKEY_FILE);
}

static void
remove_state(const char *path)
{
	char dir[300];

	unlink(path);
	snprintf(dir, sizeof(dir), "%s/billcon", state_dir);
	rmdir(dir);
	rmdir(state_dir);
}

START_TEST(signkey_made_once_mode_0600)
{
	char path[400], got[400], dir[300];
	unsigned char a[32], b[32], zero[32] = { 0 };
	struct core_error err;
	struct stat st;
	FILE *f;
	char line[64];

	fresh_state(path, sizeof(path));
	fresh_error(&err);
	ck_assert_int_eq(app_signkey_load(false, a, got, sizeof(got), &err), CORE_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.message, path));
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert(memcmp(a, zero, 32) == 0);
	ck_assert_int_eq(app_signkey_load(true, a, got, sizeof(got), &err), CORE_OK);
	ck_assert_str_eq(got, path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	snprintf(dir, sizeof(dir), "%s/billcon", state_dir);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	ck_assert(memcmp(a, zero, 32) != 0);
	/* PEM PKCS#8, as openssl pkey reads it. */
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	ck_assert_str_eq(line, "-----BEGIN PRIVATE KEY-----\n");
	/* Read again, made or not: the same key. */
	ck_assert_int_eq(app_signkey_load(false, b, NULL, 0, &err), CORE_OK);
	ck_assert(memcmp(a, b, 32) == 0);
	ck_assert_int_eq(app_signkey_load(true, b, NULL, 0, &err), CORE_OK);
	ck_assert(memcmp(a, b, 32) == 0);
	remove_state(path);
}
END_TEST

START_TEST(signkey_umask_cannot_loosen_or_lock)
{
	char path[400];
	unsigned char a[32];
	struct core_error err;
	struct stat st;
	mode_t old = umask(0377);

	fresh_state(path, sizeof(path));
	ck_assert_int_eq(app_signkey_load(true, a, NULL, 0, &err), CORE_OK);
	umask(old);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	remove_state(path);
}
END_TEST

START_TEST(signkey_refused_when_others_may_read)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0620, 0602, 0660 };
	char path[400];
	unsigned char a[32], b[32], zero[32] = { 0 };
	struct core_error err;
	size_t i;
	char want[500];

	fresh_state(path, sizeof(path));
	ck_assert_int_eq(app_signkey_load(true, a, NULL, 0, &err), CORE_OK);
	snprintf(want, sizeof(want), "chmod 600 %s", path);
	for (i = 0; i < N_ELEMS(modes); i++) {
		ck_assert_int_eq(chmod(path, modes[i]), 0);
		fresh_error(&err);
		memset(b, 9, sizeof(b));
		ck_assert_int_eq(app_signkey_load(true, b, NULL, 0, &err), CORE_REFUSED);
		ck_assert_msg(strstr(err.message, want) != NULL, "%s", err.message);
		ck_assert_ptr_null(strchr(err.message, '\n'));
		ck_assert(memcmp(b, zero, 32) == 0);
	}
	ck_assert_int_eq(chmod(path, 0400), 0);
	ck_assert_int_eq(app_signkey_load(false, b, NULL, 0, &err), CORE_OK);
	ck_assert(memcmp(a, b, 32) == 0);
	remove_state(path);
}
END_TEST

START_TEST(signkey_corrupt_or_other_kind)
{
	static const char *const contents[] = {
		"",
		"garbage\n",
		"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
	};
	char path[400], dir[300];
	unsigned char a[32];
	struct core_error err;
	size_t i;
	FILE *f;

	for (i = 0; i < N_ELEMS(contents); i++) {
		fresh_state(path, sizeof(path));
		snprintf(dir, sizeof(dir), "%s/billcon", state_dir);
		ck_assert_int_eq(mkdir(dir, 0700), 0);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(contents[i], f);
		fclose(f);
		chmod(path, 0600);
		fresh_error(&err);
		ck_assert_int_eq(app_signkey_load(true, a, NULL, 0, &err), CORE_REFUSED);
		ck_assert_ptr_nonnull(strstr(err.message, "is not an unencrypted Ed25519 private key"));
		/* Never replaced: it may be the only copy of a key. */
		f = fopen(path, "r");
		ck_assert_ptr_nonnull(f);
		fclose(f);
		remove_state(path);
	}
}
END_TEST

START_TEST(signkey_needs_a_home)
{
	unsigned char a[32];
	struct core_error err;

	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	fresh_error(&err);
	ck_assert_int_eq(app_signkey_load(true, a, NULL, 0, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "HOME"));
}
END_TEST

static Suite *
note_suite(void)
{
	Suite *s = suite_create("note");
	TCase *tc = tcase_create("note");

	tcase_add_test(tc, base64_rfc4648_vectors);
	tcase_add_test(tc, base64_decode_is_strict);
	tcase_add_test(tc, public_key_rfc8032_vector);
	tcase_add_test(tc, key_id_is_the_spec_hash);
	tcase_add_test(tc, go_known_answers);
	tcase_add_test(tc, verifier_key_parse_and_manglings);
	tcase_add_test(tc, names);
	tcase_add_test(tc, sign_open_round_trip);
	tcase_add_test(tc, sign_refuses);
	tcase_add_test(tc, open_go_notes_other_signatures_ignored);
	tcase_add_test(tc, open_tampered);
	tcase_add_test(tc, open_malformed);
	tcase_add_test(tc, checkpoint_round_trip);
	tcase_add_test(tc, checkpoint_faults);
	tcase_add_test(tc, signkey_made_once_mode_0600);
	tcase_add_test(tc, signkey_umask_cannot_loosen_or_lock);
	tcase_add_test(tc, signkey_refused_when_others_may_read);
	tcase_add_test(tc, signkey_corrupt_or_other_kind);
	tcase_add_test(tc, signkey_needs_a_home);
	suite_add_tcase(s, tc);
	return s;
}

/* --sign NAME FILE and --key NAME (see the top of this file). */
static int
cli_mode(int argc, char **argv)
{
	unsigned char priv[32], pub[32];
	char text[8192], note[8192 + CORE_NOTE_SIGNED_EXTRA], key[CORE_NOTE_VERIFIER_MAX];
	struct core_error err;
	size_t n = 0;
	FILE *f;

	if (app_signkey_load(true, priv, NULL, 0, &err) != CORE_OK) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	if (strcmp(argv[1], "--key") == 0) {
		core_note_public_key(priv, pub);
		if (!core_note_verifier_key(argv[2], pub, key, sizeof(key)))
			return 1;
		puts(key);
		return 0;
	}
	if (argc < 4 || !(f = fopen(argv[3], "r")))
		return 2;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	if (core_note_sign(text, argv[2], priv, note, sizeof(note), &err) != CORE_OK) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	fputs(note, stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	if (argc >= 3 && (strcmp(argv[1], "--sign") == 0 || strcmp(argv[1], "--key") == 0))
		return cli_mode(argc, argv);
	sr = srunner_create(note_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
