#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "billcon/core_audit.h"

static void
hash_field(EVP_MD_CTX *md, const char *s)
{
	char len[32];
	int n;

	if (!s) {
		EVP_DigestUpdate(md, "-", 1);
		return;
	}
	n = snprintf(len, sizeof(len), "%zu:", strlen(s));
	EVP_DigestUpdate(md, len, (size_t)n);
	EVP_DigestUpdate(md, s, strlen(s));
}

void
core_audit_hash(const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_LEN + 1])
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	char seq[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	snprintf(seq, sizeof(seq), "%lld", e->seq);
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	hash_field(md, e->prev_hash);
	hash_field(md, seq);
	hash_field(md, e->at);
	hash_field(md, e->actor);
	hash_field(md, e->action);
	hash_field(md, e->object);
	hash_field(md, e->before);
	hash_field(md, e->after);
	EVP_DigestFinal_ex(md, digest, &len);
	EVP_MD_CTX_free(md);
	for (i = 0; i < len && i * 2 < CORE_AUDIT_HASH_LEN; i++) {
		out[i * 2] = "0123456789abcdef"[digest[i] >> 4];
		out[i * 2 + 1] = "0123456789abcdef"[digest[i] & 0xf];
	}
	out[CORE_AUDIT_HASH_LEN] = '\0';
}
