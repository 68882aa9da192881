#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/core_validate.h"

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The number of characters (not bytes) in the n bytes at s. */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, chars = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	return chars;
}

bool
core_guid_parse(const char *s, char out[CORE_GUID_LEN + 1], struct core_error *err)
{
	static const int dash_at[] = { 8, 13, 18, 23 };
	char shown[CORE_ECHO_BYTES];
	size_t n = strlen(s);
	size_t i, d = 0, braces = 0;
	const char *p = s;

	if (n == CORE_GUID_LEN + 2 && s[0] == '{' && s[n - 1] == '}') {
		p = s + 1;
		n -= 2;
		braces = 1;
	}
	if (n != CORE_GUID_LEN) {
		core_error_set(err, CORE_USAGE,
			"\"%s\" is not a tenant ID: a GUID has 36 characters (8-4-4-4-12), this has %zu.",
			core_text_echo(s, shown),
			utf8_chars(p, n));
		return false;
	}
	for (i = 0; i < CORE_GUID_LEN; i++) {
		bool want_dash = d < 4 && (int)i == dash_at[d];
		if (want_dash) {
			d++;
			if (p[i] != '-')
				break;
		} else if (!is_hex(p[i])) {
			break;
		}
		if (out)
			out[i] = (char)tolower((unsigned char)p[i]);
	}
	if (i < CORE_GUID_LEN) {
		core_error_set(err, CORE_USAGE,
			"\"%s\" is not a tenant ID: character %zu should be %s.", core_text_echo(s, shown),
			i + 1 + braces,
			d > 0 && (int)i == dash_at[d - 1] ? "a hyphen" : "a hexadecimal digit");
		return false;
	}
	if (out)
		out[CORE_GUID_LEN] = '\0';
	return true;
}

bool
core_count_parse(const char *s, long max, long *out)
{
	long v = 0;
	size_t i;

	/* Digits only: no sign, spaces, exponent or base prefix, and the
	 * bound checked as each digit comes, so nothing overflows. */
	if (!s[0])
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || s[i] - '0' > max || v > (max - (s[i] - '0')) / 10)
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
core_guid_nil(const char *guid)
{
	return strcmp(guid, "00000000-0000-0000-0000-000000000000") == 0;
}

/* ASCII only, whatever the locale: a domain label is letters, digits and
 * hyphens (punycode carries anything else). */
static bool
is_ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* Checks one label of len bytes at l; returns NULL or what is wrong. */
static const char *
label_problem(const char *l, size_t len)
{
	size_t i;

	if (len == 0)
		return "has an empty label";
	if (len > 63)
		return "has a label longer than 63 characters";
	if (l[0] == '-' || l[len - 1] == '-')
		return "has a label that starts or ends with a hyphen";
	for (i = 0; i < len; i++)
		if (!is_ldh(l[i]))
			return "may hold only letters, digits, hyphens and dots";
	return NULL;
}

bool
core_domain_parse(const char *s, char *out, struct core_error *err)
{
	size_t n = strlen(s);
	size_t start = 0, labels = 0, i;
	const char *problem = NULL;
	char shown[CORE_ECHO_BYTES];

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n == 0)
		problem = "is empty";
	else if (n > CORE_DOMAIN_MAX)
		problem = "is longer than 253 characters";
	for (i = 0; !problem && i <= n; i++) {
		if (i == n || s[i] == '.') {
			problem = label_problem(s + start, i - start);
			labels++;
			start = i + 1;
		}
	}
	if (!problem && labels < 2)
		problem = "needs at least two labels, such as fabrikam.onmicrosoft.com";
	if (problem) {
		core_error_set(err, CORE_USAGE, "\"%s\" is not a domain name: it %s.",
			       core_text_echo(s, shown), problem);
		return false;
	}
	if (out) {
		for (i = 0; i < n; i++)
			out[i] = (char)tolower((unsigned char)s[i]);
		out[n] = '\0';
	}
	return true;
}

/* What is wrong with the email address s, or NULL when nothing is. */
static const char *
email_problem(const char *s)
{
	const char *at = strchr(s, '@');
	size_t local_len, i;

	if (!at || strchr(at + 1, '@'))
		return "it needs exactly one '@'";
	local_len = (size_t)(at - s);
	if (local_len == 0 || local_len > 64)
		return "the part before '@' must have 1 to 64 characters";
	for (i = 0; i < local_len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return "it has a space or a character not allowed before '@'";
	}
	if (!core_domain_parse(at + 1, NULL, NULL))
		return "the part after '@' is not a domain name";
	return NULL;
}

bool
core_email_parse(const char *s, char *out, struct core_error *err)
{
	const char *at = strchr(s, '@'), *problem;
	char domain[CORE_DOMAIN_MAX + 1], shown[CORE_ECHO_BYTES];
	size_t local_len;

	if (strlen(s) > CORE_EMAIL_MAX) {
		core_error_set(err, CORE_USAGE,
			"That email address has %zu characters; at most %d are allowed.", strlen(s), CORE_EMAIL_MAX);
		return false;
	}
	if ((problem = email_problem(s)) != NULL) {
		core_error_set(err, CORE_USAGE, "\"%s\" is not an email address: %s.",
			       core_text_echo(s, shown), problem);
		return false;
	}
	local_len = (size_t)(at - s);
	core_domain_parse(at + 1, domain, NULL);
	if (out) {
		memcpy(out, s, local_len + 1);
		strcpy(out + local_len + 1, domain);
	}
	return true;
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length, 0 when
 * malformed. *cp receives the code point. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
core_utf8_char(const char *s, size_t n, uint32_t *cp)
{
	uint32_t ignored;

	return n ? utf8_decode((const unsigned char *)s, n, cp ? cp : &ignored) : 0;
}

bool
core_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (n > 0) {
		size_t len = utf8_decode(p, n, &cp);
		if (!len)
			return false;
		p += len;
		n -= len;
	}
	return true;
}

static bool
is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	       cp == 0x2028 || cp == 0x2029;
}

bool
core_line_parse(const char *s, const char *what, size_t max_chars, char *out,
		struct core_error *err)
{
	const unsigned char *b = (const unsigned char *)s;
	size_t n = strlen(s), chars = 0, i;
	uint32_t cp;

	while (n > 0 && isspace(b[0]))
		b++, n--;
	while (n > 0 && isspace(b[n - 1]))
		n--;
	if (n == 0)
		return core_error_set(err, CORE_USAGE, "A %s is required.", what), false;
	for (i = 0; i < n; chars++) {
		size_t len = utf8_decode(b + i, n - i, &cp);
		if (!len)
			return core_error_set(err, CORE_USAGE,
				"The %s is not valid UTF-8 (byte %zu).", what, i + 1), false;
		if (is_control(cp))
			return core_error_set(err, CORE_USAGE,
				"The %s may not hold control characters (character %zu).", what, chars + 1), false;
		if (core_text_hidden(cp))
			return core_error_set(err, CORE_USAGE,
				"The %s may not hold invisible or direction-changing characters (U+%04X at character %zu).",
				what, (unsigned)cp, chars + 1), false;
		i += len;
	}
	if (chars > max_chars)
		return core_error_set(err, CORE_USAGE,
			"The %s has %zu characters; at most %zu are allowed.", what, chars,
			max_chars), false;
	if (out) {
		memcpy(out, b, n);
		out[n] = '\0';
	}
	return true;
}

bool
core_name_parse(const char *s, char *out, struct core_error *err)
{
	return core_line_parse(s, "friendly name", CORE_NAME_MAX_CHARS, out, err);
}
