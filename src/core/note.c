#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "billcon/core_base64.h"
#include "billcon/core_note.h"
#include "billcon/core_validate.h"

#define EM_DASH "\xe2\x80\x94"
#define SIG_PREFIX EM_DASH " "
#define SIG_PREFIX_LEN 4
#define ED25519_TYPE 0x01
#define KEY_ID_BYTES 4
/* Signatures of other algorithms (post-quantum ones reach about 5 kB) are
 * decoded to read their key ID; longer ones make the note malformed. */
#define SIG_DECODED_MAX 8192

/* True when cp is a Unicode white space character (Go's unicode.IsSpace,
 * which the reference implementation forbids in names). */
static bool
unicode_space(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* True when the n bytes at s are UTF-8 with no control character but '\n'
 * (what the spec allows anywhere in a note). */
static bool
note_bytes_clean(const char *s, size_t n)
{
	size_t i;

	if (!core_utf8_valid(s, n))
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return false;
	return true;
}

/* True when the n bytes at s name a key (see core_note_name_check). */
static bool
name_valid(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	if (n == 0 || n > CORE_NOTE_NAME_MAX)
		return false;
	while (i < n) {
		len = core_utf8_char(s + i, n - i, &cp);
		if (!len || cp < 0x20 || cp == 0x7f || cp == '+' || unicode_space(cp))
			return false;
		i += len;
	}
	return true;
}

bool
core_note_name_check(const char *name, const char *what, struct core_error *err)
{
	if (name_valid(name, strlen(name)))
		return true;
	core_error_set(err, CORE_USAGE,
		       "%s must be 1 to %d bytes of UTF-8 with no spaces, no '+' and no control "
		       "characters.",
		       what, CORE_NOTE_NAME_MAX);
	if (err && err->message[0] >= 'a' && err->message[0] <= 'z')
		err->message[0] = (char)(err->message[0] - 'a' + 'A');
	return false;
}

/* The key ID of the n-byte name with pub. */
static uint32_t
key_id(const char *name, size_t n, const unsigned char pub[CORE_NOTE_KEY_BYTES])
{
	static const unsigned char sep[2] = { '\n', ED25519_TYPE };
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	memset(digest, 0, sizeof(digest));
	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(md, name, n);
		EVP_DigestUpdate(md, sep, sizeof(sep));
		EVP_DigestUpdate(md, pub, CORE_NOTE_KEY_BYTES);
		EVP_DigestFinal_ex(md, digest, &len);
	}
	EVP_MD_CTX_free(md);
	return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 |
	       digest[3];
}

uint32_t
core_note_key_id(const char *name, const unsigned char pub[CORE_NOTE_KEY_BYTES])
{
	return key_id(name, strlen(name), pub);
}

bool
core_note_public_key(const unsigned char priv[CORE_NOTE_KEY_BYTES],
		     unsigned char pub[CORE_NOTE_KEY_BYTES])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv,
						   CORE_NOTE_KEY_BYTES);
	size_t len = CORE_NOTE_KEY_BYTES;
	bool ok = k && EVP_PKEY_get_raw_public_key(k, pub, &len) == 1 &&
		  len == CORE_NOTE_KEY_BYTES;

	EVP_PKEY_free(k);
	if (!ok)
		ERR_clear_error();
	return ok;
}

bool
core_note_verifier_key(const char *name, const unsigned char pub[CORE_NOTE_KEY_BYTES],
		       char *out, size_t size)
{
	unsigned char typed[1 + CORE_NOTE_KEY_BYTES];
	char b64[64];
	int n;

	if (!name_valid(name, strlen(name)))
		return false;
	typed[0] = ED25519_TYPE;
	memcpy(typed + 1, pub, CORE_NOTE_KEY_BYTES);
	core_base64_encode(typed, sizeof(typed), b64);
	n = snprintf(out, size, "%s+%08x+%s", name, (unsigned)core_note_key_id(name, pub), b64);
	return n >= 0 && (size_t)n < size;
}

/* The value of the 8 hex digits at s into *id; false when they are not. */
static bool
parse_hex8(const char *s, size_t n, uint32_t *id)
{
	size_t i;

	*id = 0;
	if (n != 8)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0)
			return false;
		*id = *id << 4 | (uint32_t)v;
	}
	return true;
}

/* The verifier key's public key from its base64 part; a sentence when it
 * is not an Ed25519 key. */
static enum core_status
parse_verifier_pub(const char *b64, size_t n, unsigned char pub[CORE_NOTE_KEY_BYTES],
		   struct core_error *err)
{
	unsigned char typed[64];
	size_t got;

	if (!core_base64_decode(b64, n, typed, sizeof(typed), &got) || got < 1)
		return core_error_set(err, CORE_USAGE,
				      "The verifier key's last part is not base64.");
	if (typed[0] != ED25519_TYPE || got != 1 + CORE_NOTE_KEY_BYTES)
		return core_error_set(err, CORE_USAGE,
				      "The verifier key is not an Ed25519 key (type %d, %zu bytes); "
				      "billcon signs with Ed25519 (type 1, 32 bytes).",
				      typed[0], got - 1);
	memcpy(pub, typed + 1, CORE_NOTE_KEY_BYTES);
	return CORE_OK;
}

enum core_status
core_note_parse_verifier_key(const char *text, char *name, size_t name_size,
			     unsigned char pub[CORE_NOTE_KEY_BYTES], struct core_error *err)
{
	size_t len = strlen(text);
	const char *plus1, *plus2;
	enum core_status rc;
	uint32_t id;

	if (len && text[len - 1] == '\n')
		len--;
	plus1 = memchr(text, '+', len);
	plus2 = plus1 ? memchr(plus1 + 1, '+', len - (size_t)(plus1 + 1 - text)) : NULL;
	if (!plus2)
		return core_error_set(err, CORE_USAGE,
				      "The verifier key is not of the form NAME+KEYID+PUBLICKEY.");
	if (!name_valid(text, (size_t)(plus1 - text)))
		return core_error_set(err, CORE_USAGE,
				      "The verifier key's name is empty, too long, or has spaces or "
				      "control characters.");
	if (!parse_hex8(plus1 + 1, (size_t)(plus2 - plus1 - 1), &id))
		return core_error_set(err, CORE_USAGE,
				      "The verifier key's ID is not 8 hexadecimal digits.");
	if ((rc = parse_verifier_pub(plus2 + 1, len - (size_t)(plus2 + 1 - text), pub, err)))
		return rc;
	if (key_id(text, (size_t)(plus1 - text), pub) != id)
		return core_error_set(err, CORE_USAGE,
				      "The verifier key's ID %08x is not the one of its name and "
				      "public key (%08x): the key was altered.",
				      (unsigned)id, (unsigned)key_id(text, (size_t)(plus1 - text), pub));
	if ((size_t)(plus1 - text) >= name_size)
		return core_error_set(err, CORE_USAGE, "The verifier key's name is too long.");
	memcpy(name, text, (size_t)(plus1 - text));
	name[plus1 - text] = '\0';
	return CORE_OK;
}

/* Ed25519 signature of the n bytes at msg with priv into sig. */
static bool
ed25519_sign(const unsigned char priv[CORE_NOTE_KEY_BYTES], const char *msg, size_t n,
	     unsigned char sig[CORE_NOTE_SIG_BYTES])
{
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, priv,
						   CORE_NOTE_KEY_BYTES);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t len = CORE_NOTE_SIG_BYTES;
	bool ok = k && md && EVP_DigestSignInit(md, NULL, NULL, NULL, k) == 1 &&
		  EVP_DigestSign(md, sig, &len, (const unsigned char *)msg, n) == 1 &&
		  len == CORE_NOTE_SIG_BYTES;

	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	if (!ok)
		ERR_clear_error();
	return ok;
}

/* True when sig is pub's Ed25519 signature of the n bytes at msg. */
static bool
ed25519_verify(const unsigned char pub[CORE_NOTE_KEY_BYTES], const char *msg, size_t n,
	       const unsigned char *sig, size_t sig_len)
{
	EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub,
						  CORE_NOTE_KEY_BYTES);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = k && md && sig_len == CORE_NOTE_SIG_BYTES &&
		  EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
		  EVP_DigestVerify(md, sig, sig_len, (const unsigned char *)msg, n) == 1;

	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	ERR_clear_error();
	return ok;
}

enum core_status
core_note_sign(const char *text, const char *name, const unsigned char priv[CORE_NOTE_KEY_BYTES],
	       char *out, size_t outsize, struct core_error *err)
{
	size_t n = strlen(text);
	unsigned char pub[CORE_NOTE_KEY_BYTES], sig[KEY_ID_BYTES + CORE_NOTE_SIG_BYTES];
	char b64[128];
	uint32_t id;
	int w;

	if (n == 0 || text[n - 1] != '\n' || !note_bytes_clean(text, n))
		return core_error_set(err, CORE_USAGE,
				      "A note's text must end in a newline and be UTF-8 with no "
				      "control characters but newlines.");
	if (!core_note_name_check(name, "the key name", err))
		return CORE_USAGE;
	if (!core_note_public_key(priv, pub) ||
	    !ed25519_sign(priv, text, n, sig + KEY_ID_BYTES))
		return core_error_set(err, CORE_STORE, "libcrypto could not sign with Ed25519.");
	id = core_note_key_id(name, pub);
	sig[0] = (unsigned char)(id >> 24);
	sig[1] = (unsigned char)(id >> 16);
	sig[2] = (unsigned char)(id >> 8);
	sig[3] = (unsigned char)id;
	core_base64_encode(sig, sizeof(sig), b64);
	w = snprintf(out, outsize, "%s\n" SIG_PREFIX "%s %s\n", text, name, b64);
	if (w < 0 || (size_t)w >= outsize)
		return core_error_set(err, CORE_USAGE, "The signed note is longer than %zu bytes.",
				      outsize);
	return CORE_OK;
}

/* What the signature lines of a note say about one verifier key. */
struct note_scan {
	const char *name;    /* the verifier key's name */
	uint32_t id;         /* and key ID */
	const unsigned char *pub;
	const char *text;    /* the signed text */
	size_t text_len;
	int lines;           /* signature lines read */
	bool found;          /* a signature by the key (each one verifies) */
	char other[CORE_NOTE_NAME_MAX + 10]; /* the first other key, "name+id" */
};

/* Checks one signature line (n bytes, no newline), number scan->lines. */
static enum core_status
scan_line(struct note_scan *scan, const char *line, size_t n, struct core_error *err)
{
	unsigned char sig[SIG_DECODED_MAX];
	const char *space;
	size_t name_len, got;
	uint32_t id;

	space = n > SIG_PREFIX_LEN ? memchr(line + SIG_PREFIX_LEN, ' ', n - SIG_PREFIX_LEN) : NULL;
	if (!space || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0)
		return core_error_set(err, CORE_REFUSED,
				      "Signature line %d of the note is not \"— NAME SIGNATURE\".",
				      scan->lines);
	name_len = (size_t)(space - line) - SIG_PREFIX_LEN;
	if (!name_valid(line + SIG_PREFIX_LEN, name_len) ||
	    !core_base64_decode(space + 1, n - (size_t)(space + 1 - line), sig, sizeof(sig), &got) ||
	    got <= KEY_ID_BYTES)
		return core_error_set(err, CORE_REFUSED,
				      "Signature line %d of the note has a malformed name or signature.",
				      scan->lines);
	id = (uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 | (uint32_t)sig[2] << 8 | sig[3];
	if (id != scan->id || name_len != strlen(scan->name) ||
	    memcmp(line + SIG_PREFIX_LEN, scan->name, name_len) != 0) {
		if (!scan->other[0])
			snprintf(scan->other, sizeof(scan->other), "%.*s+%08x", (int)name_len,
				 line + SIG_PREFIX_LEN, (unsigned)id);
		return CORE_OK;
	}
	if (!ed25519_verify(scan->pub, scan->text, scan->text_len, sig + KEY_ID_BYTES,
			    got - KEY_ID_BYTES))
		return core_error_set(err, CORE_REFUSED,
				      "The signature by %s+%08x does not verify: the note's text was "
				      "changed after it was signed, or another key signed it.",
				      scan->name, (unsigned)scan->id);
	scan->found = true;
	return CORE_OK;
}

/* Reads every signature line of sigs (ending in a newline). */
static enum core_status
scan_signatures(struct note_scan *scan, const char *sigs, struct core_error *err)
{
	const char *line = sigs, *end;
	enum core_status rc;

	for (; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (++scan->lines > CORE_NOTE_MAX_SIGNATURES)
			return core_error_set(err, CORE_REFUSED,
					      "The note has more than %d signature lines.",
					      CORE_NOTE_MAX_SIGNATURES);
		if ((rc = scan_line(scan, line, (size_t)(end - line), err)) != CORE_OK)
			return rc;
	}
	return CORE_OK;
}

/* Where the blank line that ends the note's text starts (its text's final
 * newline), NULL when the note has none or no signature after it. */
static const char *
note_split(const char *note, size_t n)
{
	size_t i;

	if (n < 3 || note[n - 1] != '\n')
		return NULL;
	/* The last blank line: the text may hold blank lines of its own. */
	for (i = n - 2; i-- > 0;)
		if (note[i] == '\n' && note[i + 1] == '\n')
			return note + i;
	return NULL;
}

enum core_status
core_note_open(const char *note, const char *verifier_key, char *text_out, size_t text_size,
	       struct core_error *err)
{
	char name[CORE_NOTE_NAME_MAX + 1];
	unsigned char pub[CORE_NOTE_KEY_BYTES];
	struct note_scan scan = { 0 };
	size_t n = strlen(note);
	const char *split;
	enum core_status rc;

	if ((rc = core_note_parse_verifier_key(verifier_key, name, sizeof(name), pub, err)))
		return rc;
	if (!note_bytes_clean(note, n))
		return core_error_set(err, CORE_REFUSED,
				      "The note is not UTF-8 text without control characters, as a "
				      "signed note must be.");
	if (!(split = note_split(note, n)))
		return core_error_set(err, CORE_REFUSED,
				      "This is not a signed note: it has no blank line followed by "
				      "signature lines.");
	scan.name = name;
	scan.pub = pub;
	scan.id = core_note_key_id(name, pub);
	scan.text = note;
	scan.text_len = (size_t)(split - note) + 1;
	if ((rc = scan_signatures(&scan, split + 2, err)) != CORE_OK)
		return rc;
	if (!scan.found)
		return core_error_set(err, CORE_REFUSED,
				      "The note has no signature by the key %s+%08x (it is signed by "
				      "%s).",
				      name, (unsigned)scan.id, scan.other);
	if (text_out && scan.text_len >= text_size)
		return core_error_set(err, CORE_USAGE, "The note's text is longer than %zu bytes.",
				      text_size);
	if (text_out) {
		memcpy(text_out, note, scan.text_len);
		text_out[scan.text_len] = '\0';
	}
	return CORE_OK;
}

bool
core_checkpoint_format(const char *origin, long long size,
		       const unsigned char root[CORE_NOTE_HASH_BYTES], char *out, size_t outsize)
{
	char b64[64];
	int n;

	if (size < 0 || !name_valid(origin, strlen(origin)))
		return false;
	core_base64_encode(root, CORE_NOTE_HASH_BYTES, b64);
	n = snprintf(out, outsize, "%s\n%lld\n%s\n", origin, size, b64);
	return n >= 0 && (size_t)n < outsize;
}

/* The tree size line (n bytes) into *size; false when it is not decimal
 * digits without a leading zero, or is past LLONG_MAX. */
static bool
parse_tree_size(const char *s, size_t n, long long *size)
{
	size_t i;

	*size = 0;
	if (n == 0 || (n > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || *size > (LLONG_MAX - (s[i] - '0')) / 10)
			return false;
		*size = *size * 10 + (s[i] - '0');
	}
	return true;
}

/* Extension lines: opaque, but each non-empty (the spec's MUST). */
static bool
extensions_valid(const char *s)
{
	for (; *s; s = strchr(s, '\n') + 1)
		if (*s == '\n')
			return false;
	return true;
}

enum core_status
core_checkpoint_parse(const char *body, char *origin, size_t origin_size, long long *size,
		      unsigned char root[CORE_NOTE_HASH_BYTES], struct core_error *err)
{
	size_t n = strlen(body), got;
	const char *l2, *l3, *l4;

	if (!n || body[n - 1] != '\n' || !note_bytes_clean(body, n))
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint is not lines of UTF-8 text ending in a newline.");
	/* Every line ends in a newline, so strchr finds one. */
	l2 = strchr(body, '\n') + 1;
	if (l2 == body + 1)
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint has no origin: its first line is empty.");
	l3 = *l2 ? strchr(l2, '\n') + 1 : l2;
	if (!*l3)
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint ends before its tree size and root hash lines.");
	if (!parse_tree_size(l2, (size_t)(l3 - l2 - 1), size))
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint's second line is not a tree size (a decimal "
				      "number without leading zeros).");
	l4 = strchr(l3, '\n') + 1;
	if (!core_base64_decode(l3, (size_t)(l4 - l3 - 1), root, CORE_NOTE_HASH_BYTES, &got) ||
	    got != CORE_NOTE_HASH_BYTES)
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint's third line is not a root hash (the base64 of "
				      "32 bytes).");
	if (!extensions_valid(l4))
		return core_error_set(err, CORE_REFUSED,
				      "The checkpoint has an empty line after its root hash.");
	if ((size_t)(l2 - body) > origin_size)
		return core_error_set(err, CORE_USAGE, "The checkpoint's origin is longer than %zu bytes.",
				      origin_size - 1);
	memcpy(origin, body, (size_t)(l2 - body) - 1);
	origin[l2 - body - 1] = '\0';
	return CORE_OK;
}
