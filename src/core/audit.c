#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "billcon/core_audit.h"

struct core_audit_hasher {
	EVP_MD_CTX *md;
	EVP_MD *sha256;         /* fetched once: a fetch per hash costs as much as the hash */
	unsigned char *buf;     /* the entry's fields as hashed, after the previous hash */
	size_t cap;
};

struct core_audit_hasher *
core_audit_hasher_new(void)
{
	struct core_audit_hasher *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->md = EVP_MD_CTX_new();
	h->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!h->md || !h->sha256) {
		core_audit_hasher_free(h);
		return NULL;
	}
	return h;
}

void
core_audit_hasher_free(struct core_audit_hasher *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->md);
	EVP_MD_free(h->sha256);
	free(h->buf);
	free(h);
}

/* Room for n more bytes after len. */
static bool
reserve(struct core_audit_hasher *h, size_t len, size_t n)
{
	unsigned char *grown;
	size_t cap;

	if (len + n <= h->cap)
		return true;
	cap = (len + n) * 2 + 1024;
	if (!(grown = realloc(h->buf, cap)))
		return false;
	h->buf = grown;
	h->cap = cap;
	return true;
}

/* n in decimal then ':' into out (at least 22 bytes); its length. By hand:
 * snprintf was a tenth of verify's time. */
static int
length_prefix(size_t n, char *out)
{
	char rev[24];
	int k = 0, i;

	do {
		rev[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	out[k] = ':';
	return k + 1;
}

/* Writes one field as "<length>:<bytes>", or "-" when it is NULL, at
 * h->buf + *len. The length is counted by the caller so that a NUL byte
 * hides nothing. */
static bool
put_field(struct core_audit_hasher *h, size_t *len, const char *s, size_t bytes)
{
	char digits[24];
	int n;

	if (!s) {
		if (!reserve(h, *len, 1))
			return false;
		h->buf[(*len)++] = '-';
		return true;
	}
	n = length_prefix(bytes, digits);
	if (!reserve(h, *len, (size_t)n + bytes))
		return false;
	memcpy(h->buf + *len, digits, (size_t)n);
	memcpy(h->buf + *len + n, s, bytes);
	*len += (size_t)n + bytes;
	return true;
}

/* Field f of e with its byte count. */
static bool
put_entry_field(struct core_audit_hasher *h, size_t *len, const struct core_audit_entry *e,
		enum core_audit_field f, const char *s)
{
	return put_field(h, len, s, e->counted ? e->len[f] : s ? strlen(s) : 0);
}

/* The entry's fields after the previous hash, as both hashes read them:
 * seq, at, actor, action, object, before, after. Their length into *len. */
static bool
serialize(struct core_audit_hasher *h, const struct core_audit_entry *e, size_t *len)
{
	char seq[32];
	int n = snprintf(seq, sizeof(seq), "%lld", e->seq);

	*len = 0;
	return put_field(h, len, seq, (size_t)n) &&
	       put_entry_field(h, len, e, CORE_AUDIT_AT, e->at) &&
	       put_entry_field(h, len, e, CORE_AUDIT_ACTOR, e->actor) &&
	       put_entry_field(h, len, e, CORE_AUDIT_ACTION, e->action) &&
	       put_entry_field(h, len, e, CORE_AUDIT_OBJECT, e->object) &&
	       put_entry_field(h, len, e, CORE_AUDIT_BEFORE, e->before) &&
	       put_entry_field(h, len, e, CORE_AUDIT_AFTER, e->after);
}

/* SHA-256 of the prefix then the body into out. */
static void
digest(struct core_audit_hasher *h, const void *prefix, size_t plen, const void *body, size_t blen,
       unsigned char out[CORE_AUDIT_LEAF_LEN])
{
	unsigned int n = 0;

	EVP_DigestInit_ex(h->md, h->sha256, NULL);
	EVP_DigestUpdate(h->md, prefix, plen);
	EVP_DigestUpdate(h->md, body, blen);
	EVP_DigestFinal_ex(h->md, out, &n);
}

static void
hex(const unsigned char *d, char out[CORE_AUDIT_HASH_LEN + 1])
{
	int i;

	for (i = 0; i < CORE_AUDIT_HASH_LEN / 2; i++) {
		out[i * 2] = "0123456789abcdef"[d[i] >> 4];
		out[i * 2 + 1] = "0123456789abcdef"[d[i] & 0xf];
	}
	out[CORE_AUDIT_HASH_LEN] = '\0';
}

bool
core_audit_hasher_entry(struct core_audit_hasher *h, const struct core_audit_entry *e,
			char hash[CORE_AUDIT_HASH_LEN + 1], unsigned char leaf[CORE_AUDIT_LEAF_LEN])
{
	static const unsigned char leaf_prefix = 0x00;
	unsigned char d[CORE_AUDIT_LEAF_LEN];
	char prev[CORE_AUDIT_HASH_LEN + 32];
	size_t len, plen = 0;

	if (!serialize(h, e, &len))
		return false;
	if (hash) {
		/* The previous hash is the first field of the chain's input. */
		size_t bytes = e->prev_hash ? (e->counted ? e->len[CORE_AUDIT_PREV_HASH] : strlen(e->prev_hash)) : 0;
		unsigned int n = 0;

		EVP_DigestInit_ex(h->md, h->sha256, NULL);
		if (!e->prev_hash) {
			EVP_DigestUpdate(h->md, "-", 1);
		} else {
			plen = (size_t)length_prefix(bytes, prev);
			EVP_DigestUpdate(h->md, prev, plen);
			EVP_DigestUpdate(h->md, e->prev_hash, bytes);
		}
		EVP_DigestUpdate(h->md, h->buf, len);
		EVP_DigestFinal_ex(h->md, d, &n);
		hex(d, hash);
	}
	if (leaf)
		digest(h, &leaf_prefix, 1, h->buf, len, leaf);
	return true;
}

void
core_audit_hasher_node(struct core_audit_hasher *h, const unsigned char left[CORE_AUDIT_LEAF_LEN],
		       const unsigned char right[CORE_AUDIT_LEAF_LEN],
		       unsigned char out[CORE_AUDIT_LEAF_LEN])
{
	static const unsigned char node_prefix = 0x01;
	unsigned char both[2 * CORE_AUDIT_LEAF_LEN];

	memcpy(both, left, CORE_AUDIT_LEAF_LEN);
	memcpy(both + CORE_AUDIT_LEAF_LEN, right, CORE_AUDIT_LEAF_LEN);
	digest(h, &node_prefix, 1, both, sizeof(both), out);
}

/* One entry's hashes with a hasher of its own: for callers that hash one
 * entry now and then. Out of memory leaves the hashes zero, which matches
 * nothing. */
static void
hash_once(const struct core_audit_entry *e, char *hash, unsigned char *leaf)
{
	struct core_audit_hasher *h = core_audit_hasher_new();

	if (hash) {
		memset(hash, '0', CORE_AUDIT_HASH_LEN);
		hash[CORE_AUDIT_HASH_LEN] = '\0';
	}
	if (leaf)
		memset(leaf, 0, CORE_AUDIT_LEAF_LEN);
	if (h)
		core_audit_hasher_entry(h, e, hash, leaf);
	core_audit_hasher_free(h);
}

void
core_audit_hash(const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_LEN + 1])
{
	hash_once(e, out, NULL);
}

void
core_audit_leaf(const struct core_audit_entry *e, unsigned char out[CORE_AUDIT_LEAF_LEN])
{
	hash_once(e, NULL, out);
}
