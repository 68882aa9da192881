#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "billcon/core_audit.h"

/* Feeds one field as "<length>:<bytes>", or "-" when it is NULL. The
 * length is counted by the caller so that a NUL byte hides nothing. */
static void
hash_field(EVP_MD_CTX *md, const char *s, size_t bytes)
{
	char len[32];
	int n;

	if (!s) {
		EVP_DigestUpdate(md, "-", 1);
		return;
	}
	n = snprintf(len, sizeof(len), "%zu:", bytes);
	EVP_DigestUpdate(md, len, (size_t)n);
	EVP_DigestUpdate(md, s, bytes);
}

/* Field f of e with its byte count. */
static void
hash_entry_field(EVP_MD_CTX *md, const struct core_audit_entry *e, enum core_audit_field f,
		 const char *s)
{
	hash_field(md, s, e->counted ? e->len[f] : s ? strlen(s) : 0);
}

/* Feeds the entry's fields after the previous hash: seq, at, actor,
 * action, object, before, after. */
static void
hash_entry(EVP_MD_CTX *md, const struct core_audit_entry *e)
{
	char seq[32];

	snprintf(seq, sizeof(seq), "%lld", e->seq);
	hash_field(md, seq, strlen(seq));
	hash_entry_field(md, e, CORE_AUDIT_AT, e->at);
	hash_entry_field(md, e, CORE_AUDIT_ACTOR, e->actor);
	hash_entry_field(md, e, CORE_AUDIT_ACTION, e->action);
	hash_entry_field(md, e, CORE_AUDIT_OBJECT, e->object);
	hash_entry_field(md, e, CORE_AUDIT_BEFORE, e->before);
	hash_entry_field(md, e, CORE_AUDIT_AFTER, e->after);
}

void
core_audit_hash(const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_LEN + 1])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	hash_entry_field(md, e, CORE_AUDIT_PREV_HASH, e->prev_hash);
	hash_entry(md, e);
	EVP_DigestFinal_ex(md, digest, &len);
	EVP_MD_CTX_free(md);
	for (i = 0; i < len && i * 2 < CORE_AUDIT_HASH_LEN; i++) {
		out[i * 2] = "0123456789abcdef"[digest[i] >> 4];
		out[i * 2 + 1] = "0123456789abcdef"[digest[i] & 0xf];
	}
	out[CORE_AUDIT_HASH_LEN] = '\0';
}

void
core_audit_leaf(const struct core_audit_entry *e, unsigned char out[CORE_AUDIT_LEAF_LEN])
{
	static const unsigned char leaf_prefix = 0x00;
	unsigned int len = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, &leaf_prefix, 1);
	hash_entry(md, e);
	EVP_DigestFinal_ex(md, out, &len);
	EVP_MD_CTX_free(md);
}
