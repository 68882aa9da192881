#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "billcon/core_base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
core_base64_len(size_t n)
{
	if (n / 3 >= SIZE_MAX / 4 - 1)
		return 0;
	return (n + 2) / 3 * 4;
}

size_t
core_base64_encode(const void *data, size_t n, char *out)
{
	const unsigned char *in = data;
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

/* The 6-bit value of c, -1 when c is not in the alphabet. */
static int
sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decodes one group of four characters (the last may hold padding) into
 * out; returns the number of bytes (1..3), 0 when the group is malformed. */
static size_t
decode_group(const char *g, bool last, unsigned char out[3])
{
	size_t pad = last ? (g[3] == '=') + (g[3] == '=' && g[2] == '=') : 0;
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < 4 - pad; i++) {
		int s = sextet(g[i]);
		if (s < 0)
			return 0;
		v = v << 6 | (uint32_t)s;
	}
	v <<= 6 * pad;
	/* Bits the padding leaves unused must be zero, or one value has
	 * several spellings. */
	if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))
		return 0;
	out[0] = (unsigned char)(v >> 16);
	out[1] = (unsigned char)(v >> 8);
	out[2] = (unsigned char)v;
	return 3 - pad;
}

bool
core_base64_decode(const char *s, size_t len, unsigned char *out, size_t size,
		   size_t *n_out)
{
	unsigned char group[3];
	size_t i, n = 0, got;

	if (len % 4)
		return false;
	for (i = 0; i < len; i += 4) {
		got = decode_group(s + i, i + 4 == len, group);
		if (!got || n + got > size)
			return false;
		for (size_t k = 0; k < got; k++)
			out[n++] = group[k];
	}
	*n_out = n;
	return true;
}

bool
core_base64url_decode(const char *s, size_t len, unsigned char *out, size_t size,
		      size_t *n_out)
{
	char *std;
	size_t i, n;
	bool ok;

	while (len % 4 && len > 0 && s[len - 1] == '=')
		len--;
	if (len % 4 == 1 || len > SIZE_MAX - 4)
		return false;
	n = (len + 3) / 4 * 4;
	std = malloc(n + 1);
	if (!std)
		return false;
	/* Translated to the standard alphabet, where '+' and '/' themselves
	 * are not base64url and must stay refused. */
	for (i = 0; i < len; i++)
		std[i] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : (s[i] == '+' || s[i] == '/') ? '!' : s[i];
	for (; i < n; i++)
		std[i] = '=';
	ok = core_base64_decode(std, n, out, size, n_out);
	free(std);
	return ok;
}
