/* Unit tests of the pure functions in src/core (DOMAIN.md §1, §3, §4, §8).
 * Run by `make check`; CK_VERBOSITY=normal prints the summary line. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "billcon/core_audit.h"
#include "billcon/core_buf.h"
#include "billcon/core_auditq.h"
#include "billcon/core_clock.h"
#include "billcon/core_perm.h"
#include "billcon/core_status.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* s with every byte outside printable ASCII written as \xNN, for failure
 * messages; a few rotating buffers so one message can show two inputs. */
static const char *
show(const char *s)
{
	static char bufs[4][1200];
	static int next;
	char *out = bufs[next++ % 4];
	size_t o = 0;

	if (!s)
		return "(null)";
	for (; *s && o + 5 < sizeof(bufs[0]); s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f)
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

/* A string of n copies of unit (n * strlen(unit) + 1 bytes, malloc'd). */
static char *
repeat(const char *unit, size_t n)
{
	size_t k = strlen(unit), i;
	char *s = malloc(n * k + 1);

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * k, unit, k);
	s[n * k] = '\0';
	return s;
}

/* Output buffers are malloc'd at exactly the size the header documents, so
 * that valgrind reports any write past it. */
static char *
out_buffer(size_t size)
{
	char *b = malloc(size);

	ck_assert_ptr_nonnull(b);
	memset(b, 'X', size);
	return b;
}

static void
fresh_error(struct core_error *err)
{
	err->status = CORE_OK;
	strcpy(err->message, "untouched");
}

/* ---------------------------------------------------------------- GUIDs */

START_TEST(guid_valid_forms_normalised)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e" },
		{ "0B1E2C3D-4F5A-6B7C-8D9E-0F1A2B3C4D5E", "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e" },
		{ "0b1E2c3D-4F5a-6B7c-8d9E-0f1A2b3C4d5E", "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e" },
		{ "{0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e}", "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e" },
		{ "{ABCDEF01-2345-6789-ABCD-EF0123456789}", "abcdef01-2345-6789-abcd-ef0123456789" },
		{ "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000" },
		{ "ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_GUID_LEN + 1);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(core_guid_parse(cases[i].in, out, &err),
			      "GUID \"%s\" rejected: %s", cases[i].in, err.message);
		ck_assert_msg(strcmp(out, cases[i].want) == 0,
			      "GUID \"%s\" normalised to \"%s\", want \"%s\"", cases[i].in, out,
			      cases[i].want);
		ck_assert_msg(err.status == CORE_OK, "GUID \"%s\": err status set on success",
			      cases[i].in);
		free(out);
	}
	/* out and err are optional. */
	ck_assert(core_guid_parse("0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", NULL, NULL));
	ck_assert(!core_guid_parse("nope", NULL, NULL));
}
END_TEST

START_TEST(guid_nil_is_known)
{
	ck_assert(core_guid_nil("00000000-0000-0000-0000-000000000000"));
	ck_assert(!core_guid_nil("00000000-0000-0000-0000-000000000001"));
	ck_assert(!core_guid_nil("10000000-0000-0000-0000-000000000000"));
}
END_TEST

START_TEST(guid_wrong_length)
{
	static const struct { const char *in, *has; } cases[] = {
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5", "this has 35" },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e0", "this has 37" },
		{ "", "this has 0" },
		{ "0b1e2c3d4f5a6b7c8d9e0f1a2b3c4d5e", "this has 32" }, /* no hyphens */
		{ "{0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "this has 37" }, /* open brace only */
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e}", "this has 37" },
		{ "(0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e)", "this has 38" }, /* not braces */
		{ " 0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "this has 37" }, /* untrimmed */
		{ "{{0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e}}", "this has 40" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char out[CORE_GUID_LEN + 1];
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_guid_parse(cases[i].in, out, &err), "GUID \"%s\" accepted",
			      cases[i].in);
		ck_assert_msg(err.status == CORE_USAGE, "GUID \"%s\": status %d, want CORE_USAGE",
			      cases[i].in, err.status);
		ck_assert_msg(strstr(err.message, "36 characters") != NULL,
			      "GUID \"%s\": message does not state the length: %s", cases[i].in,
			      err.message);
		ck_assert_msg(strstr(err.message, cases[i].has) != NULL,
			      "GUID \"%s\": message lacks \"%s\": %s", cases[i].in, cases[i].has,
			      err.message);
	}
}
END_TEST

START_TEST(guid_bad_character)
{
	/* Same length as a GUID (36 bytes), one wrong character at pos (1-based). */
	static const struct { const char *in; int pos; } cases[] = {
		{ "gb1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", 1 },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5g", 36 },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5G", 36 },
		{ "0b1e c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", 5 },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5 ", 36 },
		{ "0b1e2c3d-4fxa-6b7c-8d9e-0f1a2b3c4d5e", 12 },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c\xc3\xa9" "5e", 33 }, /* é: 2 bytes for 2 digits */
		{ "\xe2\x80\x93" "e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5e", 1 },      /* en dash */
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d\x00" "e", 0 },            /* NUL: too short */
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char out[CORE_GUID_LEN + 1], want[64];
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_guid_parse(cases[i].in, out, &err), "GUID \"%s\" accepted",
			      show(cases[i].in));
		ck_assert_msg(err.status == CORE_USAGE, "GUID \"%s\": status %d, want CORE_USAGE",
			      show(cases[i].in), err.status);
		if (cases[i].pos == 0)
			continue;
		ck_assert_msg(strlen(cases[i].in) == CORE_GUID_LEN, "table: \"%s\" is not 36 bytes",
			      show(cases[i].in));
		snprintf(want, sizeof(want), "character %d should be a hexadecimal digit",
			 cases[i].pos);
		ck_assert_msg(strstr(err.message, want) != NULL,
			      "GUID \"%s\": message lacks \"%s\": %s", show(cases[i].in), want,
			      show(err.message));
	}
}
END_TEST

START_TEST(guid_misplaced_hyphens)
{
	static const struct { const char *in, *want; } cases[] = {
		/* A digit where a hyphen belongs. */
		{ "0b1e2c3d04f5a-6b7c-8d9e-0f1a2b3c4d5e", "character 9 should be a hyphen" },
		{ "0b1e2c3d-4f5a06b7c-8d9e-0f1a2b3c4d5e", "character 14 should be a hyphen" },
		{ "0b1e2c3d-4f5a-6b7c08d9e-0f1a2b3c4d5e", "character 19 should be a hyphen" },
		{ "0b1e2c3d-4f5a-6b7c-8d9e00f1a2b3c4d5e", "character 24 should be a hyphen" },
		/* A hyphen shifted by one: a hyphen where a digit belongs. */
		{ "0b1e2c3-d4f5a-6b7c-8d9e-0f1a2b3c4d5e", "character 8 should be a hexadecimal digit" },
		{ "0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5-", "character 36 should be a hexadecimal digit" },
		{ "0b1e2c3d4-f5a-6b7c-8d9e-0f1a2b3c4d5e", "character 9 should be a hyphen" },
		{ "-0b1e2c3d-4f5a-6b7c-8d9e-0f1a2b3c4d5", "character 1 should be a hexadecimal digit" },
		{ "0b1e2c3d-4f5a-6b7c-8d9e0f1a2b3c4d5e", NULL }, /* 35: a hyphen missing */
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_guid_parse(cases[i].in, NULL, &err), "GUID \"%s\" accepted",
			      cases[i].in);
		ck_assert_msg(err.status == CORE_USAGE, "GUID \"%s\": status %d", cases[i].in,
			      err.status);
		ck_assert_msg(strstr(err.message, cases[i].in) != NULL,
			      "GUID \"%s\": message does not quote the input: %s", cases[i].in,
			      err.message);
		if (cases[i].want)
			ck_assert_msg(strlen(cases[i].in) == CORE_GUID_LEN &&
					      strstr(err.message, cases[i].want) != NULL,
				      "GUID \"%s\": message lacks \"%s\": %s", cases[i].in,
				      cases[i].want, err.message);
	}
}
END_TEST

/* -------------------------------------------------------------- domains */

START_TEST(domain_valid)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "fabrikam.onmicrosoft.com", "fabrikam.onmicrosoft.com" },
		{ "xn--bcher-kva.example", "xn--bcher-kva.example" },
		{ "contoso.com.", "contoso.com" },
		{ "Fabrikam.OnMicrosoft.COM", "fabrikam.onmicrosoft.com" },
		{ "CONTOSO.COM.", "contoso.com" },
		{ "a.b", "a.b" },
		{ "my-tenant.b2c.contoso.co.uk", "my-tenant.b2c.contoso.co.uk" },
		{ "123.example", "123.example" },
		{ "a1-b2.c3", "a1-b2.c3" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_DOMAIN_MAX + 1);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(core_domain_parse(cases[i].in, out, &err), "domain \"%s\" rejected: %s",
			      cases[i].in, err.message);
		ck_assert_msg(strcmp(out, cases[i].want) == 0, "domain \"%s\" gave \"%s\", want \"%s\"",
			      cases[i].in, out, cases[i].want);
		free(out);
	}
	ck_assert(core_domain_parse("contoso.com", NULL, NULL));
}
END_TEST

START_TEST(domain_label_length)
{
	char *l63 = repeat("a", 63), *l64 = repeat("b", 64);
	char in[200], *out = out_buffer(CORE_DOMAIN_MAX + 1);
	struct core_error err;

	snprintf(in, sizeof(in), "%s.com", l63);
	ck_assert_msg(core_domain_parse(in, out, &err), "63-char label rejected: %s", err.message);
	ck_assert_str_eq(out, in);
	snprintf(in, sizeof(in), "contoso.%s", l63);
	ck_assert_msg(core_domain_parse(in, out, &err), "63-char last label rejected");

	fresh_error(&err);
	snprintf(in, sizeof(in), "%s.com", l64);
	ck_assert_msg(!core_domain_parse(in, out, &err), "64-char label accepted");
	ck_assert_int_eq(err.status, CORE_USAGE);
	ck_assert_msg(strstr(err.message, "longer than 63") != NULL, "message: %s", err.message);
	snprintf(in, sizeof(in), "contoso.%s", l64);
	ck_assert_msg(!core_domain_parse(in, out, NULL), "64-char last label accepted");
	snprintf(in, sizeof(in), "x.%s.com", l64);
	ck_assert_msg(!core_domain_parse(in, out, NULL), "64-char middle label accepted");
	free(l63);
	free(l64);
	free(out);
}
END_TEST

START_TEST(domain_total_length)
{
	char *l63 = repeat("a", 63), *l61 = repeat("c", 61), *l62 = repeat("d", 62);
	char in[300], *out = out_buffer(CORE_DOMAIN_MAX + 1);
	struct core_error err;

	/* 63+1+63+1+63+1+61 = 253 */
	snprintf(in, sizeof(in), "%s.%s.%s.%s", l63, l63, l63, l61);
	ck_assert_uint_eq(strlen(in), 253);
	ck_assert_msg(core_domain_parse(in, out, &err), "253-char domain rejected: %s", err.message);
	ck_assert_str_eq(out, in);

	/* The trailing dot is not counted. */
	strcat(in, ".");
	ck_assert_msg(core_domain_parse(in, out, &err), "253-char domain + dot rejected: %s",
		      err.message);
	ck_assert_uint_eq(strlen(out), 253);

	/* 63+1+63+1+63+1+62 = 254 */
	fresh_error(&err);
	snprintf(in, sizeof(in), "%s.%s.%s.%s", l63, l63, l63, l62);
	ck_assert_uint_eq(strlen(in), 254);
	ck_assert_msg(!core_domain_parse(in, out, &err), "254-char domain accepted");
	ck_assert_int_eq(err.status, CORE_USAGE);
	ck_assert_msg(strstr(err.message, "253") != NULL, "message: %s", err.message);
	strcat(in, ".");
	ck_assert_msg(!core_domain_parse(in, out, NULL), "254-char domain + dot accepted");
	free(l63);
	free(l61);
	free(l62);
	free(out);
}
END_TEST

START_TEST(domain_invalid)
{
	static const struct { const char *in, *why; } cases[] = {
		{ "", "empty" },
		{ ".", "empty" },
		{ "contoso", "two labels" },
		{ "contoso.", "two labels" },
		{ "a..b", "empty label" },
		{ ".a.b", "empty label" },
		{ "a.b..", "empty label" },
		{ "contoso.com..", "empty label" },
		{ "-contoso.com", "hyphen" },
		{ "contoso-.com", "hyphen" },
		{ "contoso.-com", "hyphen" },
		{ "contoso.com-", "hyphen" },
		{ "contoso.com-.", "hyphen" },
		{ "-.com", "hyphen" },
		{ "con_toso.com", "letters, digits" },
		{ "_dmarc.contoso.com", "letters, digits" },
		{ "con toso.com", "letters, digits" },
		{ " contoso.com", "letters, digits" },
		{ "contoso.com ", "letters, digits" },
		{ "b\xc3\xbc" "cher.example", "letters, digits" },  /* bücher */
		{ "\xe6\x9d\xb1\xe4\xba\xac.jp", "letters, digits" }, /* 東京 */
		{ "contoso.com/x", "letters, digits" },
		{ "alice@contoso.com", "letters, digits" },
		{ "contoso.com\t", "letters, digits" },
		{ "contoso.com:443", "letters, digits" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_DOMAIN_MAX + 1);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_domain_parse(cases[i].in, out, &err), "domain \"%s\" accepted",
			      show(cases[i].in));
		ck_assert_msg(err.status == CORE_USAGE, "domain \"%s\": status %d",
			      show(cases[i].in), err.status);
		ck_assert_msg(strstr(err.message, cases[i].why) != NULL,
			      "domain \"%s\": message lacks \"%s\": %s", show(cases[i].in),
			      cases[i].why, show(err.message));
		free(out);
	}
}
END_TEST

/* --------------------------------------------------------------- emails */

START_TEST(email_valid)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "alice@contoso.com", "alice@contoso.com" },
		{ "alice@Contoso.COM", "alice@contoso.com" },
		{ "Alice.Smith+billing@Fabrikam.OnMicrosoft.Com", "Alice.Smith+billing@fabrikam.onmicrosoft.com" },
		{ "bob@fabrikam.onmicrosoft.com.", "bob@fabrikam.onmicrosoft.com" },
		{ "o'brien_x-y@xn--bcher-kva.example", "o'brien_x-y@xn--bcher-kva.example" },
		{ "a@b.c", "a@b.c" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_EMAIL_MAX + 1);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(core_email_parse(cases[i].in, out, &err), "email \"%s\" rejected: %s",
			      cases[i].in, err.message);
		ck_assert_msg(strcmp(out, cases[i].want) == 0, "email \"%s\" gave \"%s\", want \"%s\"",
			      cases[i].in, out, cases[i].want);
		free(out);
	}
	ck_assert(core_email_parse("alice@contoso.com", NULL, NULL));
}
END_TEST

START_TEST(email_invalid)
{
	static const struct { const char *in, *why; } cases[] = {
		{ "", "one '@'" },
		{ "alice.contoso.com", "one '@'" },
		{ "alice@bob@contoso.com", "one '@'" },
		{ "alice@@contoso.com", "one '@'" },
		{ "@contoso.com", "1 to 64" },
		{ "alice @contoso.com", "space" },
		{ " alice@contoso.com", "space" },
		{ "al ice@contoso.com", "space" },
		{ "al\tice@contoso.com", "space" },
		{ "al\"ice@contoso.com", "not allowed" },
		{ "<alice>@contoso.com", "not allowed" },
		{ "al,ice@contoso.com", "not allowed" },
		{ "\xc3\xa9lise@contoso.com", "not allowed" }, /* élise: not ASCII */
		{ "alice@", "not a domain name" },
		{ "alice@contoso", "not a domain name" },
		{ "alice@contoso com", "not a domain name" },
		{ "alice@contoso.com ", "not a domain name" },
		{ "alice@-contoso.com", "not a domain name" },
		{ "alice@contoso..com", "not a domain name" },
		{ "alice@con_toso.com", "not a domain name" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_EMAIL_MAX + 1);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_email_parse(cases[i].in, out, &err), "email \"%s\" accepted",
			      show(cases[i].in));
		ck_assert_msg(err.status == CORE_USAGE, "email \"%s\": status %d",
			      show(cases[i].in), err.status);
		ck_assert_msg(strstr(err.message, cases[i].why) != NULL,
			      "email \"%s\": message lacks \"%s\": %s", show(cases[i].in),
			      cases[i].why, show(err.message));
		free(out);
	}
}
END_TEST

START_TEST(email_local_part_length)
{
	char *l64 = repeat("x", 64), *l65 = repeat("y", 65);
	char in[200], *out = out_buffer(CORE_EMAIL_MAX + 1);
	struct core_error err;

	snprintf(in, sizeof(in), "%s@Contoso.com", l64);
	ck_assert_msg(core_email_parse(in, out, &err), "64-char local part rejected: %s",
		      err.message);
	ck_assert_uint_eq(strlen(out), 64 + strlen("@contoso.com"));
	ck_assert_msg(strncmp(out, l64, 64) == 0 && strcmp(out + 64, "@contoso.com") == 0,
		      "got \"%s\"", out);

	fresh_error(&err);
	snprintf(in, sizeof(in), "%s@contoso.com", l65);
	ck_assert_msg(!core_email_parse(in, out, &err), "65-char local part accepted");
	ck_assert_int_eq(err.status, CORE_USAGE);
	ck_assert_msg(strstr(err.message, "1 to 64") != NULL, "message: %s", err.message);
	free(l64);
	free(l65);
	free(out);
}
END_TEST

/* ---------------------------------------------------------------- UTF-8 */

struct bytes {
	const char *s;
	size_t n;
	const char *what;
	size_t at; /* bad ones: offset of the first byte that cannot be decoded */
};
#define B(lit, what) { lit, sizeof(lit) - 1, what, 0 }
#define BAD(lit, at, what) { lit, sizeof(lit) - 1, what, at }

static const struct bytes utf8_good[] = {
	B("", "empty"),
	B("plain ASCII", "ASCII"),
	B("\x7f", "DEL is valid UTF-8"),
	B("\xc2\x80", "U+0080, smallest 2-byte"),
	B("\xc3\xa9", "e acute"),
	B("\xdf\xbf", "U+07FF, largest 2-byte"),
	B("\xe0\xa0\x80", "U+0800, smallest 3-byte"),
	B("\xe6\x9d\xb1\xe4\xba\xac", "CJK"),
	B("\xed\x9f\xbf", "U+D7FF, below the surrogates"),
	B("\xee\x80\x80", "U+E000, above the surrogates"),
	B("\xef\xbf\xbf", "U+FFFF"),
	B("\xf0\x90\x80\x80", "U+10000, smallest 4-byte"),
	B("\xf0\x9f\x98\x80", "emoji"),
	B("\xf4\x8f\xbf\xbf", "U+10FFFF, largest"),
	B("a\xc3\xa9\xe6\x9d\xb1\xf0\x9f\x98\x80z", "mixed 1-4 bytes"),
	B("a\0b", "embedded NUL counted by length"),
};

static const struct bytes utf8_bad[] = {
	BAD("\x80", 0, "lone continuation byte"),
	BAD("a\xbf", 1, "continuation byte after ASCII"),
	BAD("\xc0\xaf", 0, "overlong '/' (2 bytes)"),
	BAD("\xc1\xbf", 0, "overlong U+007F"),
	BAD("\xe0\x80\xaf", 0, "overlong '/' (3 bytes)"),
	BAD("\xe0\x9f\xbf", 0, "overlong U+07FF"),
	BAD("\xf0\x80\x80\xaf", 0, "overlong '/' (4 bytes)"),
	BAD("\xf0\x8f\xbf\xbf", 0, "overlong U+FFFF"),
	BAD("\xed\xa0\x80", 0, "surrogate U+D800"),
	BAD("\xed\xbf\xbf", 0, "surrogate U+DFFF"),
	BAD("\xed\xa0\xbd\xed\xb8\x80", 0, "CESU-8 surrogate pair"),
	BAD("\xf4\x90\x80\x80", 0, "U+110000, past the last code point"),
	BAD("\xf7\xbf\xbf\xbf", 0, "lead F7"),
	BAD("\xf8\x88\x80\x80\x80", 0, "5-byte form"),
	BAD("\xfc\x84\x80\x80\x80\x80", 0, "6-byte form"),
	BAD("\xfe", 0, "FE"),
	BAD("\xff", 0, "FF"),
	BAD("\xc3", 0, "truncated 2-byte"),
	BAD("\xe6\x9d", 0, "truncated 3-byte"),
	BAD("\xf0\x9f\x98", 0, "truncated 4-byte"),
	BAD("abc\xe6\x9d", 3, "truncated after ASCII"),
	BAD("\xc3" "a", 0, "continuation replaced by ASCII"),
	BAD("\xe6\x9d" "a", 0, "3-byte with ASCII third"),
};

START_TEST(utf8_valid_good_sequences)
{
	size_t i;

	for (i = 0; i < N_ELEMS(utf8_good); i++)
		ck_assert_msg(core_utf8_valid(utf8_good[i].s, utf8_good[i].n),
			      "%s (\"%s\") rejected", utf8_good[i].what, show(utf8_good[i].s));
}
END_TEST

START_TEST(utf8_valid_bad_sequences)
{
	size_t i;

	for (i = 0; i < N_ELEMS(utf8_bad); i++)
		ck_assert_msg(!core_utf8_valid(utf8_bad[i].s, utf8_bad[i].n),
			      "%s (\"%s\") accepted", utf8_bad[i].what, show(utf8_bad[i].s));
	/* The length bounds the check: a valid prefix of a longer buffer. */
	ck_assert(core_utf8_valid("ab\xff", 2));
	ck_assert(!core_utf8_valid("\xe6\x9d\xb1", 2));
}
END_TEST

/* ---------------------------------------------------------------- names */

START_TEST(name_trimmed)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Fabrikam", "Fabrikam" },
		{ "  Fabrikam  ", "Fabrikam" },
		{ "\tFabrikam Europe\n", "Fabrikam Europe" },
		{ "\r\n\v\f Fabrikam \t\r\n", "Fabrikam" },
		{ "Fabrikam   Europe", "Fabrikam   Europe" }, /* inner spaces kept */
		{ " Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac ", "Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac" },
		{ "x", "x" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_NAME_MAX_BYTES);
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(core_name_parse(cases[i].in, out, &err), "name \"%s\" rejected: %s",
			      show(cases[i].in), err.message);
		ck_assert_msg(strcmp(out, cases[i].want) == 0, "name \"%s\" gave \"%s\", want \"%s\"",
			      show(cases[i].in), show(out), show(cases[i].want));
		free(out);
	}
}
END_TEST

START_TEST(name_empty_rejected)
{
	static const char *const cases[] = { "", " ", "   ", "\t", "\n", " \t\r\n\v\f " };
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_name_parse(cases[i], NULL, &err), "name \"%s\" accepted",
			      show(cases[i]));
		ck_assert_msg(err.status == CORE_USAGE, "name \"%s\": status %d", show(cases[i]),
			      err.status);
		ck_assert_msg(strstr(err.message, "required") != NULL, "name \"%s\": message %s",
			      show(cases[i]), err.message);
	}
}
END_TEST

START_TEST(name_length_in_characters)
{
	/* One character of 1, 2, 3 and 4 bytes: the limit counts characters. */
	static const char *const units[] = { "a", "\xc3\xa9", "\xe6\x9d\xb1", "\xf0\x9f\x98\x80" };
	size_t i;

	for (i = 0; i < N_ELEMS(units); i++) {
		char *s64 = repeat(units[i], 64), *s65 = repeat(units[i], 65);
		char *padded = malloc(strlen(s64) + 5);
		char *out = out_buffer(CORE_NAME_MAX_BYTES);
		struct core_error err;

		ck_assert_ptr_nonnull(padded);
		fresh_error(&err);
		ck_assert_msg(core_name_parse(s64, out, &err),
			      "64 x \"%s\" rejected: %s", show(units[i]), err.message);
		ck_assert_msg(strcmp(out, s64) == 0, "64 x \"%s\" copied wrongly", show(units[i]));

		/* Surrounding white space does not count. */
		sprintf(padded, "  %s \n", s64);
		ck_assert_msg(core_name_parse(padded, out, &err),
			      "padded 64 x \"%s\" rejected: %s", show(units[i]), err.message);
		ck_assert_msg(strcmp(out, s64) == 0, "padded 64 x \"%s\" not trimmed",
			      show(units[i]));

		fresh_error(&err);
		ck_assert_msg(!core_name_parse(s65, out, &err), "65 x \"%s\" accepted",
			      show(units[i]));
		ck_assert_int_eq(err.status, CORE_USAGE);
		ck_assert_msg(strstr(err.message, "65 characters") != NULL &&
				      strstr(err.message, "64") != NULL,
			      "65 x \"%s\": message %s", show(units[i]), err.message);
		free(s64);
		free(s65);
		free(padded);
		free(out);
	}
}
END_TEST

START_TEST(name_control_characters_rejected)
{
	static const char *const cases[] = {
		"Fab\x1b[31mrikam", /* ESC: terminal escape injection */
		"\x1b",
		"Fab\x01rikam",
		"Fab\trikam", /* tab inside, not trimmed */
		"Fab\nrikam",
		"Fab\rrikam",
		"Fabrikam\x1f",
		"Fab\x7frikam",           /* DEL */
		"Fab\xc2\x80rikam",       /* U+0080 */
		"Fab\xc2\x85rikam",       /* U+0085 NEL */
		"Fab\xc2\x9brikam",       /* U+009B CSI */
		"Fab\xc2\x9frikam",       /* U+009F */
		"Fab\xe2\x80\xa8rikam",   /* U+2028 LINE SEPARATOR */
		"Fab\xe2\x80\xa9rikam",   /* U+2029 PARAGRAPH SEPARATOR */
		"\xc2\x85 Fabrikam",      /* NEL is not trimmed as white space */
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		struct core_error err;

		fresh_error(&err);
		ck_assert_msg(!core_name_parse(cases[i], NULL, &err), "name \"%s\" accepted",
			      show(cases[i]));
		ck_assert_msg(err.status == CORE_USAGE, "name \"%s\": status %d", show(cases[i]),
			      err.status);
		ck_assert_msg(strstr(err.message, "control") != NULL, "name \"%s\": message %s",
			      show(cases[i]), err.message);
	}
	/* The first non-control characters just around the C1 block pass. */
	ck_assert(core_name_parse("a\xc2\xa0" "b", NULL, NULL)); /* U+00A0 NBSP */
	ck_assert(core_name_parse("~ \xc2\xa9", NULL, NULL));   /* U+007E, U+00A9 */
}
END_TEST

START_TEST(name_invalid_utf8_rejected)
{
	size_t i;

	for (i = 0; i < N_ELEMS(utf8_bad); i++) {
		char in[64], want[32];
		struct core_error err;

		/* Inside a name, so trimming cannot hide it. */
		snprintf(in, sizeof(in), "Fab%srikam", utf8_bad[i].s);
		fresh_error(&err);
		ck_assert_msg(!core_name_parse(in, NULL, &err), "name with %s (\"%s\") accepted",
			      utf8_bad[i].what, show(in));
		ck_assert_msg(err.status == CORE_USAGE, "name with %s: status %d", utf8_bad[i].what,
			      err.status);
		ck_assert_msg(strstr(err.message, "UTF-8") != NULL, "name with %s: message %s",
			      utf8_bad[i].what, err.message);
		snprintf(want, sizeof(want), "(byte %zu)", 4 + utf8_bad[i].at);
		ck_assert_msg(strstr(err.message, want) != NULL,
			      "name with %s: message does not say %s: %s", utf8_bad[i].what, want,
			      err.message);
	}
	/* At the end, where a truncated sequence is cut short by the terminator. */
	ck_assert(!core_name_parse("Fabrikam\xe6\x9d", NULL, NULL));
	ck_assert(!core_name_parse("Fabrikam\xc3", NULL, NULL));
}
END_TEST

/* ---------------------------------------------------------- permissions */

#define ACCOUNT "/providers/Microsoft.Billing/billingAccounts/A"
#define PROFILE ACCOUNT "/billingProfiles/P"
#define SECTION PROFILE "/invoiceSections/S"

START_TEST(scope_within_table)
{
	static const struct { const char *scope, *parent; bool want; } cases[] = {
		{ ACCOUNT, ACCOUNT, true },
		{ PROFILE, PROFILE, true },
		{ PROFILE, ACCOUNT, true },
		{ SECTION, ACCOUNT, true },
		{ SECTION, PROFILE, true },
		{ ACCOUNT, PROFILE, false }, /* above, not within */
		{ PROFILE, SECTION, false },
		/* Siblings sharing a prefix: segment boundaries count. */
		{ "/providers/Microsoft.Billing/billingAccounts/AB", ACCOUNT, false },
		{ "/providers/Microsoft.Billing/billingAccounts/AB/billingProfiles/P", ACCOUNT, false },
		{ ACCOUNT, "/providers/Microsoft.Billing/billingAccounts/AB", false },
		{ ACCOUNT "/billingProfiles/P2", PROFILE, false },
		{ ACCOUNT "/billingProfiles/PX/invoiceSections/S", PROFILE, false },
		{ PROFILE "/invoiceSections/S2", SECTION, false },
		{ "/providers/Microsoft.Billing/billingAccounts/B", ACCOUNT, false },
		/* Case-insensitive, as ARM paths are. */
		{ "/PROVIDERS/microsoft.billing/BILLINGACCOUNTS/a", ACCOUNT, true },
		{ "/providers/Microsoft.Billing/billingAccounts/a/BillingProfiles/p", ACCOUNT, true },
		{ SECTION, "/providers/microsoft.billing/billingaccounts/a/billingprofiles/p", true },
		/* A trailing slash on the parent is ignored. */
		{ ACCOUNT, ACCOUNT "/", true },
		{ PROFILE, ACCOUNT "/", true },
		{ "/providers/Microsoft.Billing/billingAccounts/AB", ACCOUNT "/", false },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++)
		ck_assert_msg(core_scope_within(cases[i].scope, cases[i].parent) == cases[i].want,
			      "core_scope_within(\"%s\", \"%s\") should be %s", cases[i].scope,
			      cases[i].parent, cases[i].want ? "true" : "false");
}
END_TEST

struct perm_case {
	enum core_need need;
	const char *scope;
	bool want;
};

static const char *
need_name(enum core_need need)
{
	return need == CORE_NEED_READ ? "read" : need == CORE_NEED_MANAGE ? "manage" : "own";
}

static void
check_perm(const char *who, const struct core_grant *grants, size_t n,
	   const struct perm_case *cases, size_t ncases)
{
	size_t i;

	for (i = 0; i < ncases; i++)
		ck_assert_msg(core_perm_allows(grants, n, cases[i].need, cases[i].scope) ==
				      cases[i].want,
			      "%s: %s at %s should be %s", who, need_name(cases[i].need),
			      cases[i].scope, cases[i].want ? "allowed" : "refused");
}

START_TEST(perm_account_owner_owns_everything_under_it)
{
	static const struct core_grant g[] = { { CORE_ROLE_OWNER, ACCOUNT } };
	static const struct perm_case cases[] = {
		{ CORE_NEED_OWN, ACCOUNT, true },
		{ CORE_NEED_OWN, PROFILE, true },
		{ CORE_NEED_OWN, SECTION, true },
		{ CORE_NEED_MANAGE, SECTION, true },
		{ CORE_NEED_READ, SECTION, true },
		{ CORE_NEED_OWN, "/providers/Microsoft.Billing/billingAccounts/AB", false },
		{ CORE_NEED_READ, "/providers/Microsoft.Billing/billingAccounts/B", false },
		{ CORE_NEED_READ, "/providers/Microsoft.Billing/billingAccounts/B/billingProfiles/P", false },
	};

	check_perm("account owner", g, N_ELEMS(g), cases, N_ELEMS(cases));
}
END_TEST

START_TEST(perm_profile_owner_does_not_own_account)
{
	static const struct core_grant g[] = { { CORE_ROLE_OWNER, PROFILE } };
	static const struct perm_case cases[] = {
		{ CORE_NEED_OWN, ACCOUNT, false },
		{ CORE_NEED_MANAGE, ACCOUNT, false },
		{ CORE_NEED_READ, ACCOUNT, false },
		{ CORE_NEED_OWN, PROFILE, true },
		{ CORE_NEED_OWN, SECTION, true },
		{ CORE_NEED_OWN, ACCOUNT "/billingProfiles/P2", false },
		{ CORE_NEED_READ, ACCOUNT "/billingProfiles/P2/invoiceSections/S", false },
	};

	check_perm("profile owner", g, N_ELEMS(g), cases, N_ELEMS(cases));
}
END_TEST

START_TEST(perm_reader_cannot_manage)
{
	static const struct core_grant g[] = { { CORE_ROLE_READER, ACCOUNT } };
	static const struct perm_case cases[] = {
		{ CORE_NEED_READ, ACCOUNT, true },
		{ CORE_NEED_READ, PROFILE, true },
		{ CORE_NEED_READ, SECTION, true },
		{ CORE_NEED_MANAGE, ACCOUNT, false },
		{ CORE_NEED_MANAGE, PROFILE, false },
		{ CORE_NEED_MANAGE, SECTION, false },
		{ CORE_NEED_OWN, ACCOUNT, false },
		{ CORE_NEED_OWN, SECTION, false },
	};

	check_perm("account reader", g, N_ELEMS(g), cases, N_ELEMS(cases));
}
END_TEST

START_TEST(perm_contributor_manages_but_does_not_own)
{
	static const struct core_grant g[] = { { CORE_ROLE_CONTRIBUTOR, ACCOUNT } };
	static const struct perm_case cases[] = {
		{ CORE_NEED_READ, SECTION, true },
		{ CORE_NEED_MANAGE, ACCOUNT, true },
		{ CORE_NEED_MANAGE, PROFILE, true },
		{ CORE_NEED_MANAGE, SECTION, true },
		{ CORE_NEED_OWN, ACCOUNT, false },
		{ CORE_NEED_OWN, PROFILE, false },
		{ CORE_NEED_OWN, SECTION, false },
		{ CORE_NEED_MANAGE, "/providers/Microsoft.Billing/billingAccounts/AB", false },
	};

	check_perm("account contributor", g, N_ELEMS(g), cases, N_ELEMS(cases));
}
END_TEST

START_TEST(perm_scope_specific_roles_only_read)
{
	static const struct { enum core_role role; const char *scope, *who; } roles[] = {
		{ CORE_ROLE_PURCHASER, ACCOUNT, "basic purchaser" },
		{ CORE_ROLE_INVOICE_MANAGER, PROFILE, "invoice manager" },
		{ CORE_ROLE_SUBSCRIPTION_CREATOR, SECTION, "subscription creator" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(roles); i++) {
		const struct core_grant g[] = { { roles[i].role, roles[i].scope } };
		const struct perm_case cases[] = {
			{ CORE_NEED_READ, roles[i].scope, true },
			{ CORE_NEED_MANAGE, roles[i].scope, false },
			{ CORE_NEED_OWN, roles[i].scope, false },
		};

		check_perm(roles[i].who, g, N_ELEMS(g), cases, N_ELEMS(cases));
	}
}
END_TEST

START_TEST(perm_unknown_role_and_no_grants)
{
	static const struct core_grant g[] = { { CORE_ROLE_UNKNOWN, ACCOUNT } };

	ck_assert(!core_perm_allows(g, 1, CORE_NEED_READ, ACCOUNT));
	ck_assert(!core_perm_allows(g, 1, CORE_NEED_MANAGE, ACCOUNT));
	ck_assert(!core_perm_allows(g, 1, CORE_NEED_OWN, ACCOUNT));
	ck_assert(!core_perm_allows(NULL, 0, CORE_NEED_READ, ACCOUNT));
	/* n bounds the array: an owner grant past n does not count. */
	{
		static const struct core_grant two[] = {
			{ CORE_ROLE_READER, ACCOUNT }, { CORE_ROLE_OWNER, ACCOUNT },
		};
		ck_assert(!core_perm_allows(two, 1, CORE_NEED_OWN, ACCOUNT));
		ck_assert(core_perm_allows(two, 2, CORE_NEED_OWN, ACCOUNT));
	}
}
END_TEST

START_TEST(perm_several_grants_combine)
{
	static const struct core_grant g[] = {
		{ CORE_ROLE_READER, ACCOUNT },
		{ CORE_ROLE_CONTRIBUTOR, ACCOUNT "/billingProfiles/Q" },
		{ CORE_ROLE_OWNER, SECTION },
	};
	static const struct perm_case cases[] = {
		{ CORE_NEED_READ, ACCOUNT, true },
		{ CORE_NEED_MANAGE, ACCOUNT, false },
		{ CORE_NEED_MANAGE, PROFILE, false },
		{ CORE_NEED_OWN, SECTION, true },
		{ CORE_NEED_MANAGE, SECTION, true },
		{ CORE_NEED_OWN, PROFILE "/invoiceSections/S2", false },
		{ CORE_NEED_READ, PROFILE "/invoiceSections/S2", true },
		{ CORE_NEED_MANAGE, ACCOUNT "/billingProfiles/Q/invoiceSections/T", true },
		{ CORE_NEED_OWN, ACCOUNT "/billingProfiles/Q", false },
	};

	check_perm("reader + contributor + section owner", g, N_ELEMS(g), cases, N_ELEMS(cases));
}
END_TEST

START_TEST(role_from_definition_ids)
{
#define RD_ACCOUNT "/providers/Microsoft.Billing/billingAccounts/X/billingRoleDefinitions/"
#define RD_PROFILE "/providers/Microsoft.Billing/billingAccounts/X/billingProfiles/P/billingRoleDefinitions/"
#define RD_SECTION "/providers/Microsoft.Billing/billingAccounts/X/billingProfiles/P/invoiceSections/S/billingRoleDefinitions/"
	static const struct { const char *id; enum core_role want; } cases[] = {
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000003", CORE_ROLE_PURCHASER },
		{ RD_PROFILE "40000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ RD_PROFILE "40000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ RD_PROFILE "40000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ RD_PROFILE "40000000-aaaa-bbbb-cccc-100000000004", CORE_ROLE_INVOICE_MANAGER },
		{ RD_SECTION "30000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ RD_SECTION "30000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ RD_SECTION "30000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ RD_SECTION "30000000-aaaa-bbbb-cccc-100000000006", CORE_ROLE_SUBSCRIPTION_CREATOR },
		/* The bare GUID (the "name" field) and upper case. */
		{ "50000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ RD_ACCOUNT "50000000-AAAA-BBBB-CCCC-100000000002", CORE_ROLE_READER },
		/* The account ID of arm-examples, colon and all. */
		{ "/providers/Microsoft.Billing/billingAccounts/10000000-0000-0000-0000-000000000000:"
		  "00000000-0000-0000-0000-000000000000_2019-05-31/billingRoleDefinitions/"
		  "50000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		/* Unknown. */
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000005", CORE_ROLE_UNKNOWN },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000007", CORE_ROLE_UNKNOWN },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-200000000000", CORE_ROLE_UNKNOWN },
		{ RD_ACCOUNT "50000000-aaaa-bbbb-cccc-100000000000/extra", CORE_ROLE_UNKNOWN },
		{ "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", CORE_ROLE_UNKNOWN },
		{ "Owner", CORE_ROLE_UNKNOWN },
		{ "", CORE_ROLE_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		enum core_role got = core_role_from_definition_id(cases[i].id);
		ck_assert_msg(got == cases[i].want, "role of \"%s\" is %d, want %d", cases[i].id,
			      (int)got, (int)cases[i].want);
	}
#undef RD_ACCOUNT
#undef RD_PROFILE
#undef RD_SECTION
}
END_TEST

START_TEST(scope_depths)
{
	static const struct { const char *scope; int want; } cases[] = {
		{ ACCOUNT, 0 },
		{ PROFILE, 1 },
		{ SECTION, 2 },
		{ "/PROVIDERS/microsoft.billing/billingaccounts/a/BILLINGPROFILES/p/invoicesections/s", 2 },
		{ "/providers/Microsoft.Billing/billingAccounts/10000000-0000-0000-0000-000000000000:"
		  "00000000-0000-0000-0000-000000000000_2019-05-31", 0 },
		{ "/providers/Microsoft.Billing/billingAccounts/10000000-0000-0000-0000-000000000000:"
		  "00000000-0000-0000-0000-000000000000_2019-05-31/billingProfiles/xxxx-xxxx-xxx-xxx", 1 },
		{ "", -1 },
		{ "/", -1 },
		{ "/providers/Microsoft.Billing/billingAccounts", -1 },
		{ "/providers/Microsoft.Billing/billingAccounts/", -1 },
		{ "/providers/Microsoft.Billing/billingAccounts//billingProfiles/P", -1 },
		{ "providers/Microsoft.Billing/billingAccounts/A", -1 },
		{ "/providers/Microsoft.Billing/billingAccountsX/A", -1 },
		{ ACCOUNT "/", -1 },
		{ ACCOUNT "/billingProfiles", -1 },
		{ ACCOUNT "/billingProfiles/", -1 },
		{ ACCOUNT "/billingProfiles//invoiceSections/S", -1 },
		{ ACCOUNT "/invoiceSections/S", -1 },
		{ PROFILE "/billingProfiles/Q", -1 },
		{ PROFILE "/invoiceSections", -1 },
		{ PROFILE "/invoiceSections/", -1 },
		{ SECTION "/", -1 },
		{ SECTION "/invoiceSections/T", -1 },
		{ SECTION "/billingSubscriptions/X", -1 },
		{ "/subscriptions/00000000-0000-0000-0000-000000000000", -1 },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		int got = core_scope_depth(cases[i].scope);
		ck_assert_msg(got == cases[i].want, "depth of \"%s\" is %d, want %d",
			      cases[i].scope, got, cases[i].want);
	}
}
END_TEST

START_TEST(role_display_names)
{
	/* The roleName values of arm-examples/billing-roleDefinitions. */
	static const struct { enum core_role role; int depth; const char *want; } cases[] = {
		{ CORE_ROLE_OWNER, 0, "Billing account owner" },
		{ CORE_ROLE_CONTRIBUTOR, 0, "Billing account contributor" },
		{ CORE_ROLE_READER, 0, "Billing account reader" },
		{ CORE_ROLE_PURCHASER, 0, "Basic Purchaser" },
		{ CORE_ROLE_OWNER, 1, "Billing profile owner" },
		{ CORE_ROLE_CONTRIBUTOR, 1, "Billing profile contributor" },
		{ CORE_ROLE_READER, 1, "Billing profile reader" },
		{ CORE_ROLE_INVOICE_MANAGER, 1, "Invoice manager" },
		{ CORE_ROLE_OWNER, 2, "Invoice section owner" },
		{ CORE_ROLE_CONTRIBUTOR, 2, "Invoice section contributor" },
		{ CORE_ROLE_READER, 2, "Invoice section reader" },
		{ CORE_ROLE_SUBSCRIPTION_CREATOR, 2, "Azure subscription creator" },
		{ CORE_ROLE_UNKNOWN, 0, "Unknown role" },
		{ CORE_ROLE_UNKNOWN, 2, "Unknown role" },
		{ CORE_ROLE_OWNER, -1, "Unknown role" },
		{ CORE_ROLE_OWNER, 3, "Unknown role" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		const char *got = core_role_display_name(cases[i].role, cases[i].depth);
		ck_assert_msg(got && strcmp(got, cases[i].want) == 0,
			      "display name of role %d at depth %d is \"%s\", want \"%s\"",
			      (int)cases[i].role, cases[i].depth, got ? got : "(null)", cases[i].want);
	}
}
END_TEST

/* ---------------------------------------------------------------- clock */

START_TEST(time_parse_valid)
{
	static const struct { const char *in; long long want; } cases[] = {
		{ "2026-01-31T12:00:00Z", 1769860800LL },
		{ "2026-01-31T12:00:00+00:00", 1769860800LL },
		{ "2026-01-31T12:00:00.5+00:00", 1769860800LL },
		{ "2026-01-31T12:00:00.000Z", 1769860800LL },
		{ "1769860800", 1769860800LL },
		{ "2023-10-19T20:10:50.1028398Z", 1697746250LL }, /* ARM's 7-digit fraction */
		{ "1970-01-01T00:00:00Z", 0 },
		{ "0", 0 },
		{ "1969-12-31T23:59:59Z", -1 },
		{ "2000-03-01T00:00:00Z", 951868800LL },
		{ "2024-02-29T23:59:59Z", 1709251199LL },
		{ "2038-01-19T03:14:08Z", 2147483648LL },
		{ "2100-03-01T00:00:00Z", 4107542400LL },
		{ "2147483648", 2147483648LL },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		time_t t = 12345;
		ck_assert_msg(core_time_parse(cases[i].in, &t), "time \"%s\" rejected", cases[i].in);
		ck_assert_msg((long long)t == cases[i].want, "time \"%s\" is %lld, want %lld",
			      cases[i].in, (long long)t, cases[i].want);
	}
}
END_TEST

START_TEST(time_parse_invalid)
{
	static const char *const cases[] = {
		"",
		"abc",
		"12abc",
		"2026-01-31",
		"2026-01-31T12:00Z",
		"2026-01-31T12:00:00",          /* no zone */
		"2026-01-31T12:00:00+01:00",    /* not UTC */
		"2026-01-31T12:00:00-00:00x",
		"2026-01-31T12:00:00z",
		"2026-01-31T12:00:00Zjunk",
		"2026-01-31T12:00:00Z ",
		"2026-01-31 12:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-10T00:00:00Z",
		"2026-01-32T00:00:00Z",
		"2026-01-00T00:00:00Z",
		"2026-01-31T24:00:00Z",
		"2026-01-31T12:60:00Z",
		"2026-01-31T12:00:61Z",
		"2026-01-31T12:00:00.12a3Z",
		"31/01/2026 12:00",
	};
	size_t i;

	ck_assert(!core_time_parse(NULL, &(time_t){ 0 }));
	for (i = 0; i < N_ELEMS(cases); i++) {
		time_t t = 0;
		ck_assert_msg(!core_time_parse(cases[i], &t), "time \"%s\" accepted (as %lld)",
			      cases[i], (long long)t);
	}
}
END_TEST

START_TEST(time_iso_known_values)
{
	static const struct { long long t; const char *want; } cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1769860800LL, "2026-01-31T12:00:00Z" },
		{ 951868800LL, "2000-03-01T00:00:00Z" },
		{ 1709251199LL, "2024-02-29T23:59:59Z" },
		{ 2147483648LL, "2038-01-19T03:14:08Z" },
		{ -1, "1969-12-31T23:59:59Z" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		char *out = out_buffer(CORE_TIME_ISO_LEN + 1);
		char *ret = core_time_iso((time_t)cases[i].t, out);

		ck_assert_ptr_eq(ret, out);
		ck_assert_msg(strcmp(out, cases[i].want) == 0, "time %lld shown as \"%s\", want \"%s\"",
			      cases[i].t, out, cases[i].want);
		ck_assert_uint_eq(strlen(out), CORE_TIME_ISO_LEN);
		free(out);
	}
}
END_TEST

START_TEST(time_iso_round_trip)
{
	long long v;
	int n = 0;

	/* Every leap-year rule and every month boundary gets hit on the way. */
	for (v = -86400LL * 366; v < 4200000000LL; v += 86399LL * 7 + 3601, n++) {
		char iso[CORE_TIME_ISO_LEN + 1];
		time_t back = 0;

		core_time_iso((time_t)v, iso);
		ck_assert_msg(core_time_parse(iso, &back), "\"%s\" (from %lld) does not parse", iso, v);
		ck_assert_msg((long long)back == v, "%lld -> \"%s\" -> %lld", v, iso, (long long)back);
	}
	ck_assert_int_gt(n, 1000);
}
END_TEST

/* Restores BILLCON_NOW as it was (the tests may run without fork). */
struct saved_env {
	bool had;
	char value[256];
};

static void
save_now(struct saved_env *s)
{
	const char *v = getenv("BILLCON_NOW");

	s->had = v != NULL;
	snprintf(s->value, sizeof(s->value), "%s", v ? v : "");
}

static void
restore_now(const struct saved_env *s)
{
	if (s->had)
		setenv("BILLCON_NOW", s->value, 1);
	else
		unsetenv("BILLCON_NOW");
}

START_TEST(now_honours_billcon_now)
{
	struct saved_env saved;
	time_t before, after, got;

	save_now(&saved);
	setenv("BILLCON_NOW", "2026-01-31T12:00:00Z", 1);
	ck_assert_int_eq((long long)core_now(), 1769860800LL);
	setenv("BILLCON_NOW", "2023-10-19T20:10:50.1028398Z", 1);
	ck_assert_int_eq((long long)core_now(), 1697746250LL);
	setenv("BILLCON_NOW", "1700000000", 1);
	ck_assert_int_eq((long long)core_now(), 1700000000LL);

	/* Invalid: the system clock. */
	setenv("BILLCON_NOW", "not a time", 1);
	before = time(NULL);
	got = core_now();
	after = time(NULL);
	ck_assert_msg(got >= before && got <= after, "invalid BILLCON_NOW gave %lld",
		      (long long)got);

	/* Unset: the system clock. */
	unsetenv("BILLCON_NOW");
	before = time(NULL);
	got = core_now();
	after = time(NULL);
	ck_assert_msg(got >= before && got <= after, "unset BILLCON_NOW gave %lld",
		      (long long)got);
	restore_now(&saved);
}
END_TEST

/* ---------------------------------------------------------------- audit */

static const struct core_audit_entry audit_base = {
	.seq = 7,
	.at = "2026-01-31T12:00:00Z",
	.actor = "alice@contoso.com",
	.action = "tenant.add",
	.object = "tenant/t1",
	.before = NULL,
	.after = "{\"name\":\"Fabrikam\"}",
	.prev_hash = CORE_AUDIT_GENESIS,
};

static bool
is_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[n] == '\0';
}

START_TEST(audit_hash_deterministic_hex)
{
	char *a = out_buffer(CORE_AUDIT_HASH_LEN + 1), *b = out_buffer(CORE_AUDIT_HASH_LEN + 1);
	struct core_audit_entry copy = audit_base;

	ck_assert_uint_eq(strlen(CORE_AUDIT_GENESIS), CORE_AUDIT_HASH_LEN);
	core_audit_hash(&audit_base, a);
	ck_assert_msg(is_lower_hex(a, CORE_AUDIT_HASH_LEN), "hash \"%s\" is not 64 lowercase hex",
		      show(a));
	/* Same values in other storage: same hash. */
	copy.actor = strdup(audit_base.actor);
	core_audit_hash(&copy, b);
	ck_assert_str_eq(a, b);
	core_audit_hash(&audit_base, b);
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, CORE_AUDIT_GENESIS);
	free((char *)copy.actor);
	free(a);
	free(b);
}
END_TEST

START_TEST(audit_hash_known_vectors)
{
	/* SHA-256 over prev_hash, seq, at, actor, action, object, before, after,
	 * each "<length>:<bytes>", NULL as "-", computed independently with
	 * sha256sum. Stored chains depend on this: it must never change. */
	struct core_audit_entry removal = {
		.seq = 8,
		.at = "2026-02-01T08:30:00Z",
		.actor = "alice@contoso.com",
		.action = "tenant.remove",
		.object = "tenant/t1",
		.before = "{\"name\":\"Fabrikam\"}",
		.after = NULL,
	};
	char h1[CORE_AUDIT_HASH_LEN + 1], h2[CORE_AUDIT_HASH_LEN + 1];

	core_audit_hash(&audit_base, h1);
	ck_assert_str_eq(h1, "6cf0469790efa04959ee97438838da7bb340e3672d1c35a4799e482fe3864d61");
	removal.prev_hash = h1;
	core_audit_hash(&removal, h2);
	ck_assert_str_eq(h2, "6374a2696a9a8583b7c3570e630dbda83865f7cf5cfe2844da9f0736baeacdaf");
}
END_TEST

START_TEST(audit_hash_every_field_counts)
{
	char base[CORE_AUDIT_HASH_LEN + 1];
	struct core_audit_entry v[9];
	static const char *const what[] = {
		"seq", "seq sign", "at", "actor", "action", "object", "before", "after", "prev_hash",
	};
	char hashes[9][CORE_AUDIT_HASH_LEN + 1];
	size_t i, j;

	core_audit_hash(&audit_base, base);
	for (i = 0; i < N_ELEMS(v); i++)
		v[i] = audit_base;
	v[0].seq = 8;
	v[1].seq = -7;
	v[2].at = "2026-01-31T12:00:01Z";
	v[3].actor = "Alice@contoso.com";
	v[4].action = "tenant.edit";
	v[5].object = "tenant/t2";
	v[6].before = "{\"name\":\"Fabrikam\"}";
	v[7].after = "{\"name\":\"Fabrikan\"}";
	v[8].prev_hash = "0000000000000000000000000000000000000000000000000000000000000001";
	for (i = 0; i < N_ELEMS(v); i++) {
		core_audit_hash(&v[i], hashes[i]);
		ck_assert_msg(strcmp(hashes[i], base) != 0, "changing %s does not change the hash",
			      what[i]);
	}
	/* And no two of the changes collide with each other. */
	for (i = 0; i < N_ELEMS(v); i++)
		for (j = i + 1; j < N_ELEMS(v); j++)
			ck_assert_msg(strcmp(hashes[i], hashes[j]) != 0,
				      "changing %s and changing %s give the same hash", what[i],
				      what[j]);
}
END_TEST

START_TEST(audit_hash_null_differs_from_empty)
{
	struct core_audit_entry e = audit_base;
	char h_null[CORE_AUDIT_HASH_LEN + 1], h_empty[CORE_AUDIT_HASH_LEN + 1],
		h_dash[CORE_AUDIT_HASH_LEN + 1];

	e.before = NULL;
	core_audit_hash(&e, h_null);
	e.before = "";
	core_audit_hash(&e, h_empty);
	e.before = "-";
	core_audit_hash(&e, h_dash);
	ck_assert_msg(strcmp(h_null, h_empty) != 0, "before NULL and \"\" hash the same");
	ck_assert_msg(strcmp(h_null, h_dash) != 0, "before NULL and \"-\" hash the same");
	ck_assert_msg(strcmp(h_empty, h_dash) != 0, "before \"\" and \"-\" hash the same");

	e = audit_base;
	e.after = NULL;
	core_audit_hash(&e, h_null);
	e.after = "";
	core_audit_hash(&e, h_empty);
	ck_assert_msg(strcmp(h_null, h_empty) != 0, "after NULL and \"\" hash the same");
}
END_TEST

START_TEST(audit_hash_field_boundaries)
{
	/* Pairs of entries whose fields concatenate to the same bytes. */
	struct core_audit_entry a = audit_base, b = audit_base;
	char ha[CORE_AUDIT_HASH_LEN + 1], hb[CORE_AUDIT_HASH_LEN + 1];

	a.actor = "ab", a.action = "c";
	b.actor = "a", b.action = "bc";
	core_audit_hash(&a, ha);
	core_audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "actor/action boundary ignored");

	a = b = audit_base;
	a.action = "tenant.add", a.object = "x";
	b.action = "tenant.ad", b.object = "dx";
	core_audit_hash(&a, ha);
	core_audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "action/object boundary ignored");

	a = b = audit_base;
	a.before = "{}", a.after = "";
	b.before = "", b.after = "{}";
	core_audit_hash(&a, ha);
	core_audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "before/after boundary ignored");

	/* A NULL and a moved empty string. */
	a = b = audit_base;
	a.before = NULL, a.after = "x";
	b.before = "x", b.after = NULL;
	core_audit_hash(&a, ha);
	core_audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "before/after swap with NULL ignored");

	/* seq 1 with at "2..." against seq 12 with at "...": digits move. */
	a = b = audit_base;
	a.seq = 1, a.at = "2x";
	b.seq = 12, b.at = "x";
	core_audit_hash(&a, ha);
	core_audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "seq/at boundary ignored");
}
END_TEST

/* Every field of audit_base with its C string length, counted. */
static struct core_audit_entry
audit_counted(void)
{
	struct core_audit_entry e = audit_base;
	const char *f[CORE_AUDIT_FIELDS] = {
		e.prev_hash, e.at, e.actor, e.action, e.object, e.before, e.after,
	};
	int i;

	e.counted = true;
	for (i = 0; i < CORE_AUDIT_FIELDS; i++)
		e.len[i] = f[i] ? strlen(f[i]) : 0;
	return e;
}

START_TEST(audit_hash_counts_bytes_after_nul)
{
	static const char actor_a[] = "alice@contoso.com\0mallory";
	static const char actor_b[] = "alice@contoso.com\0trudy!!";
	struct core_audit_entry c = audit_counted();
	char base[CORE_AUDIT_HASH_LEN + 1], counted[CORE_AUDIT_HASH_LEN + 1];
	char ha[CORE_AUDIT_HASH_LEN + 1], hb[CORE_AUDIT_HASH_LEN + 1];

	/* Without NULs, counting changes nothing: stored chains stay valid. */
	core_audit_hash(&audit_base, base);
	core_audit_hash(&c, counted);
	ck_assert_str_eq(base, counted);
	/* Bytes after a NUL count, and differ between two edits. */
	c.actor = actor_a;
	c.len[CORE_AUDIT_ACTOR] = sizeof(actor_a) - 1;
	core_audit_hash(&c, ha);
	ck_assert_msg(strcmp(ha, base) != 0, "bytes after a NUL do not change the hash");
	c.actor = actor_b;
	c.len[CORE_AUDIT_ACTOR] = sizeof(actor_b) - 1;
	core_audit_hash(&c, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "an edit after a NUL does not change the hash");
}
END_TEST

/* --------------------------------------------------------------- tenant */

START_TEST(account_kinds_for_associated_tenants)
{
	static const struct {
		struct core_account_kind k;
		bool want;
		const char *why; /* in the message when refused */
	} cases[] = {
		{ { "MicrosoftCustomerAgreement", "Enterprise", NULL }, true, NULL },
		{ { "MicrosoftCustomerAgreement", "Enterprise", "None" }, true, NULL },
		{ { "MicrosoftCustomerAgreement", "Business", "Enterprise" }, true, NULL },
		{ { "MicrosoftCustomerAgreement", "Business", NULL }, false, "sales representative" },
		{ { "MicrosoftCustomerAgreement", "Business", "Professional" }, false, "sales representative" },
		{ { "MicrosoftCustomerAgreement", "Individual", NULL }, false, "sales representative" },
		{ { "MicrosoftCustomerAgreement", "Individual", "Enterprise" }, false, "sales representative" },
		{ { "MicrosoftCustomerAgreement", NULL, NULL }, false, "sales representative" },
		{ { "EnterpriseAgreement", "Enterprise", NULL }, false, "EnterpriseAgreement" },
		{ { "MicrosoftOnlineServicesProgram", "Individual", NULL }, false, "MicrosoftOnlineServicesProgram" },
		{ { "MicrosoftPartnerAgreement", "Partner", NULL }, false, "MicrosoftPartnerAgreement" },
		{ { NULL, "Enterprise", NULL }, false, "Microsoft Customer Agreement" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		const struct core_account_kind *k = &cases[i].k;
		struct core_error err;
		bool got;

		core_error_clear(&err);
		got = core_account_allows_associated_tenants(k, &err);
		ck_assert_msg(got == cases[i].want, "%s/%s/%s: %s, want %s", show(k->agreement_type),
			      show(k->account_type), show(k->account_sub_type),
			      got ? "allowed" : "refused", cases[i].want ? "allowed" : "refused");
		if (cases[i].want) {
			ck_assert_msg(err.status == CORE_OK, "%s/%s: err set on success",
				      show(k->agreement_type), show(k->account_type));
			continue;
		}
		ck_assert_msg(err.status == CORE_REFUSED, "%s/%s: status %d, want CORE_REFUSED",
			      show(k->agreement_type), show(k->account_type), err.status);
		ck_assert_msg(strstr(err.message, cases[i].why) != NULL,
			      "%s/%s: message lacks \"%s\": %s", show(k->agreement_type),
			      show(k->account_type), cases[i].why, err.message);
		ck_assert_msg(!core_account_allows_associated_tenants(k, NULL),
			      "%s/%s: allowed without err", show(k->agreement_type),
			      show(k->account_type));
	}
}
END_TEST

START_TEST(billing_management_next_state)
{
	static const struct { const char *current; bool on; const char *want; } cases[] = {
		{ CORE_BM_NOT_ALLOWED, true, "Active" },
		{ CORE_BM_REVOKED, true, "Active" },
		{ CORE_BM_ACTIVE, true, "Active" },
		{ NULL, true, "Active" },
		{ "Other", true, "Active" },
		{ CORE_BM_ACTIVE, false, "Revoked" },
		{ CORE_BM_REVOKED, false, "Revoked" },
		{ CORE_BM_NOT_ALLOWED, false, "NotAllowed" },
		{ NULL, false, "NotAllowed" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		const char *got = core_bm_next(cases[i].current, cases[i].on);
		ck_assert_msg(got && strcmp(got, cases[i].want) == 0,
			      "billing management %s turned %s gives %s, want %s",
			      show(cases[i].current), cases[i].on ? "on" : "off", show(got),
			      cases[i].want);
	}
}
END_TEST

START_TEST(provisioning_after_off)
{
	static const struct { const char *current, *want; } cases[] = {
		{ "Pending", "Revoked" },
		{ "Active", "Revoked" },
		{ "BillingRequestDeclined", "BillingRequestDeclined" },
		{ "BillingRequestExpired", "BillingRequestExpired" },
		{ "NotRequested", "NotRequested" },
		{ "Revoked", "Revoked" },
		{ "Other", "Other" }, /* unknown ARM values are kept */
		{ NULL, "NotRequested" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		const char *got = core_pm_after_off(cases[i].current);
		ck_assert_msg(got && strcmp(got, cases[i].want) == 0,
			      "provisioning %s turned off gives %s, want %s", show(cases[i].current),
			      show(got), cases[i].want);
	}
	/* The ARM spellings of the header. */
	ck_assert_str_eq(CORE_PM_DECLINED, "BillingRequestDeclined");
	ck_assert_str_eq(CORE_PM_EXPIRED, "BillingRequestExpired");
}
END_TEST

START_TEST(settings_are_on)
{
	static const struct { const char *state; bool bm, pm; } cases[] = {
		{ "Active", true, true },
		{ "Pending", false, true },
		{ "NotAllowed", false, false },
		{ "Revoked", false, false },
		{ "NotRequested", false, false },
		{ "BillingRequestDeclined", false, false },
		{ "BillingRequestExpired", false, false },
		{ "Other", false, false },
		{ "", false, false },
		{ NULL, false, false },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++) {
		ck_assert_msg(core_bm_is_on(cases[i].state) == cases[i].bm,
			      "core_bm_is_on(%s) should be %d", show(cases[i].state), cases[i].bm);
		ck_assert_msg(core_pm_is_on(cases[i].state) == cases[i].pm,
			      "core_pm_is_on(%s) should be %d", show(cases[i].state), cases[i].pm);
	}
}
END_TEST

START_TEST(parse_switch_words)
{
	static const struct { const char *in; bool want; } yes[] = {
		{ "on", true }, { "ON", true }, { "On", true }, { "true", true }, { "TRUE", true },
		{ "yes", true }, { "Yes", true }, { "1", true },
		{ "off", false }, { "OFF", false }, { "Off", false }, { "false", false },
		{ "False", false }, { "no", false }, { "NO", false }, { "0", false },
	};
	static const char *const no[] = {
		"maybe", "", " on", "on ", "onn", "o", "of", "2", "-1", "y", "n", "t", "f", "enabled",
		"active", /* undocumented, and with no "inactive" */
	};
	size_t i;

	for (i = 0; i < N_ELEMS(yes); i++) {
		bool on = !yes[i].want;
		ck_assert_msg(core_parse_switch(yes[i].in, &on), "switch \"%s\" rejected", yes[i].in);
		ck_assert_msg(on == yes[i].want, "switch \"%s\" read as %s", yes[i].in,
			      on ? "on" : "off");
	}
	for (i = 0; i < N_ELEMS(no); i++) {
		bool on = false;
		ck_assert_msg(!core_parse_switch(no[i], &on), "switch \"%s\" accepted", no[i]);
	}
}
END_TEST

/* --------------------------------------------------------------- status */

START_TEST(status_exit_codes)
{
	/* The command line's contract (doc/billcon.1): written out here, not
	 * derived from the X-macro, so that a renumbering fails. */
	static const struct { enum core_status s; int code; const char *name; } cases[] = {
		{ CORE_OK, 0, "OK" },
		{ CORE_USAGE, 2, "USAGE" },
		{ CORE_REFUSED, 3, "REFUSED" },
		{ CORE_FORBIDDEN, 4, "FORBIDDEN" },
		{ CORE_NOT_FOUND, 5, "NOT_FOUND" },
		{ CORE_STORE, 6, "STORE" },
		{ CORE_REMOTE, 7, "REMOTE" },
		{ CORE_CONFIRM, 3, "CONFIRM" },
	};
	size_t i;

	for (i = 0; i < N_ELEMS(cases); i++)
		ck_assert_msg(core_status_exit_code(cases[i].s) == cases[i].code,
			      "exit code of CORE_%s is %d, want %d", cases[i].name,
			      core_status_exit_code(cases[i].s), cases[i].code);
	ck_assert_int_eq(core_status_exit_code((enum core_status)99), 1);
}
END_TEST

START_TEST(status_names)
{
	static const enum core_status all[] = {
		CORE_OK, CORE_USAGE, CORE_REFUSED, CORE_FORBIDDEN,
		CORE_NOT_FOUND, CORE_STORE, CORE_REMOTE, CORE_CONFIRM,
	};
	size_t i, j;

	ck_assert_str_eq(core_status_name(CORE_OK), "ok");
	ck_assert_str_eq(core_status_name(CORE_USAGE), "usage");
	ck_assert_str_eq(core_status_name((enum core_status)99), "unknown");
	for (i = 0; i < N_ELEMS(all); i++) {
		const char *n = core_status_name(all[i]);
		ck_assert_msg(n && *n, "status %d has no name", (int)all[i]);
		for (j = 0; n[j]; j++)
			ck_assert_msg(!(n[j] >= 'A' && n[j] <= 'Z'), "name \"%s\" is not lowercase", n);
		for (j = i + 1; j < N_ELEMS(all); j++)
			ck_assert_msg(strcmp(n, core_status_name(all[j])) != 0,
				      "statuses %d and %d share the name \"%s\"", (int)all[i],
				      (int)all[j], n);
	}
}
END_TEST

START_TEST(error_set_and_clear)
{
	struct core_error err;
	char *long_arg = repeat("z", 2000);

	fresh_error(&err);
	ck_assert_int_eq(core_error_set(&err, CORE_FORBIDDEN, "%s may not %s.", "bob", "add"),
			 CORE_FORBIDDEN);
	ck_assert_int_eq(err.status, CORE_FORBIDDEN);
	ck_assert_str_eq(err.message, "bob may not add.");
	ck_assert_int_eq(core_error_set(NULL, CORE_STORE, "ignored %d", 1), CORE_STORE);

	/* A long message is cut to the buffer, still terminated. */
	core_error_set(&err, CORE_USAGE, "x%s", long_arg);
	ck_assert_uint_eq(strlen(err.message), sizeof(err.message) - 1);
	ck_assert_int_eq(err.message[0], 'x');

	core_error_clear(&err);
	ck_assert_int_eq(err.status, CORE_OK);
	ck_assert_str_eq(err.message, "");
	free(long_arg);
}
END_TEST

/* ----------------------------------------------------------------- main */


/* Regressions: each of these was a bug. */

START_TEST(email_over_254_characters_rejected)
{
	char email[400], out[CORE_EMAIL_MAX + 1];
	struct core_error err;

	memset(email, 'x', 64);
	email[64] = '@';
	memset(email + 65, 'a', 63);
	email[128] = '.';
	memset(email + 129, 'b', 63);
	email[192] = '.';
	memset(email + 193, 'c', 63);
	strcpy(email + 256, ".com");
	ck_assert_msg(!core_email_parse(email, out, &err), "a %zu-byte email was accepted", strlen(email));
	ck_assert_int_eq(err.status, CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "254"));
}
END_TEST

START_TEST(time_parse_is_strict)
{
	static const char *const bad[] = {
		"2026-01-31T12:-5:00Z", "2026-01-31T-1:00:00Z", "2026-02-31T00:00:00Z",
		"2026-01-31T12:00:60Z", "2026-1-31T12:0:0Z", " 1769860800", "+1769860800",
		"2026-01-31T12:00:00.Z", "99999999999999999999999", "2025-02-29T00:00:00Z",
	};
	time_t t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!core_time_parse(bad[i], &t), "\"%s\" was accepted", bad[i]);
	ck_assert(core_time_parse("2024-02-29T00:00:00Z", &t));
}
END_TEST

START_TEST(empty_scope_grants_nothing)
{
	static const char scope[] = "/providers/Microsoft.Billing/billingAccounts/A";
	struct core_grant empty = { CORE_ROLE_OWNER, "" }, slash = { CORE_ROLE_OWNER, "/" };

	ck_assert(!core_scope_within(scope, ""));
	ck_assert(!core_scope_within(scope, "/"));
	ck_assert(!core_perm_allows(&empty, 1, CORE_NEED_READ, scope));
	ck_assert(!core_perm_allows(&slash, 1, CORE_NEED_OWN, scope));
}
END_TEST

START_TEST(guid_messages_count_what_was_typed)
{
	struct core_error err;

	ck_assert(!core_guid_parse("{0123g567-0000-0000-0000-000000000000}", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "character 6 "));
	ck_assert(!core_guid_parse("01234567-0000-0000-0000-00000000000\xc3\xa9", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "this has 36"));
}
END_TEST

START_TEST(role_ids_must_match_whole)
{
	ck_assert_int_eq(core_role_from_definition_id("50000000-aaaa-bbbb-cccc-100000000004"), CORE_ROLE_UNKNOWN);
	ck_assert_int_eq(core_role_from_definition_id("x-aaaa-bbbb-cccc-100000000000"), CORE_ROLE_UNKNOWN);
	ck_assert_int_eq(core_role_from_definition_id("/a/billingRoleDefinitions/-aaaa-bbbb-cccc-100000000000"), CORE_ROLE_UNKNOWN);
	ck_assert_int_eq(core_role_from_definition_id("/a/billingRoleDefinitions/40000000-AAAA-bbbb-cccc-100000000004"),
			 CORE_ROLE_INVOICE_MANAGER);
}
END_TEST


START_TEST(text_made_safe)
{
	static const struct { const char *in, *shown; int width; } cases[] = {
		{ "abc", "abc", 3 },
		{ "a\x1b[2Jb", "a^[[2Jb", 7 },
		{ "\x7f", "^?", 2 },
		{ "\xc2\x85", "\\xC2\\x85", 8 },      /* C1 NEL: not sent */
		{ "\xff", "\\xFF", 4 },                 /* not UTF-8 */
		{ "\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac", 4 }, /* two wide characters */
		{ "\xc3\xa9", "\xc3\xa9", 1 },
		{ "a\xe2\x80\xae" "b", "a<U+202E>b", 10 },        /* RIGHT-TO-LEFT OVERRIDE */
		{ "\xe2\x80\x8b", "<U+200B>", 8 },             /* ZERO WIDTH SPACE */
		{ "\xef\xbb\xbfx", "<U+FEFF>x", 9 },           /* BYTE ORDER MARK */
		{ "\xe2\x81\xa6", "<U+2066>", 8 },             /* LEFT-TO-RIGHT ISOLATE */
	};
	char shown[64];
	size_t i;

	setlocale(LC_ALL, "C.UTF-8");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s = cases[i].in;
		size_t n = strlen(s);
		struct core_text_char c;
		shown[0] = '\0';
		while (n > 0) {
			core_text_next(s, n, &c);
			strcat(shown, c.shown);
			s += c.len;
			n -= c.len;
		}
		ck_assert_msg(strcmp(shown, cases[i].shown) == 0, "case %zu shown as %s", i, shown);
		ck_assert_int_eq(core_text_width(cases[i].in), cases[i].width);
	}
}
END_TEST

START_TEST(text_wraps_at_spaces)
{
	char lines[8][256];
	int n;

	setlocale(LC_ALL, "C.UTF-8");
	n = core_text_wrap("one two three four", 9, lines, 8);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(lines[0], "one two");
	ck_assert_str_eq(lines[1], "three");
	ck_assert_str_eq(lines[2], "four");
	n = core_text_wrap("https://example.test/abcdefghij", 10, lines, 8);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(lines[0], "https://ex");
	ck_assert_int_eq(core_text_wrap("", 10, lines, 8), 0);
}
END_TEST

START_TEST(count_parse_digits_only)
{
	static const char *const bad[] = {
		"", "-1", "+5", " 5", "5 ", "1e3", "0x10", "5abc", "10000001", "99999999999999999999999",
		"-9223372036854775808", "\xd9\xa3", /* ARABIC-INDIC DIGIT THREE */
	};
	long v = -1;
	size_t i;

	ck_assert(core_count_parse("0", 10000000, &v) && v == 0);
	ck_assert(core_count_parse("007", 10000000, &v) && v == 7);
	ck_assert(core_count_parse("10000000", 10000000, &v) && v == 10000000);
	ck_assert(core_count_parse("5", 5, &v) && v == 5);
	ck_assert(!core_count_parse("6", 5, &v));
	ck_assert(!core_count_parse("7", 5, &v));
	ck_assert(!core_count_parse("50", 5, &v));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = -1;
		ck_assert_msg(!core_count_parse(bad[i], 10000000, &v), "\"%s\" taken", bad[i]);
		ck_assert_int_eq(v, -1);
	}
}
END_TEST

START_TEST(text_echo_cuts_long_values)
{
	char buf[CORE_ECHO_BYTES], want[CORE_ECHO_BYTES], long_value[400];
	size_t i;

	ck_assert_str_eq(core_text_echo("short", buf), "short");
	memset(long_value, 'x', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	long_value[CORE_ECHO_MAX] = '\0';
	ck_assert_str_eq(core_text_echo(long_value, buf), long_value); /* exactly 60: whole */
	long_value[CORE_ECHO_MAX] = 'x';
	snprintf(want, sizeof(want), "%.*s\xe2\x80\xa6", CORE_ECHO_MAX, long_value);
	ck_assert_str_eq(core_text_echo(long_value, buf), want);
	/* Counted in characters: 100 two-byte characters keep 60 whole ones. */
	for (i = 0; i < 100; i++)
		memcpy(long_value + 2 * i, "\xc3\xa9", 2);
	long_value[200] = '\0';
	core_text_echo(long_value, buf);
	ck_assert_uint_eq(strlen(buf), 2 * CORE_ECHO_MAX + 3);
	ck_assert(core_utf8_valid(buf, strlen(buf)));
	/* From the end: "…" and the last 60 characters, whole. */
	ck_assert_str_eq(core_text_echo_tail("short", buf), "short");
	core_text_echo_tail(long_value, buf);
	ck_assert_uint_eq(strlen(buf), 3 + 2 * CORE_ECHO_MAX);
	ck_assert(strncmp(buf, "\xe2\x80\xa6\xc3\xa9", 5) == 0);
	ck_assert(core_utf8_valid(buf, strlen(buf)));
	memset(long_value, 'x', 100);
	memcpy(long_value + 100, "/associatedTenants", 19);
	ck_assert_str_eq(core_text_echo_tail(long_value, buf) + strlen(buf) - 18, "/associatedTenants");
	long_value[CORE_ECHO_MAX] = '\0';
	ck_assert_str_eq(core_text_echo_tail(long_value, buf), long_value); /* exactly 60: whole */
}
END_TEST

START_TEST(text_copy_cuts_between_characters)
{
	char out[6];

	core_text_copy(out, sizeof(out), "abc");
	ck_assert_str_eq(out, "abc");
	core_text_copy(out, sizeof(out), "abcdefg");
	ck_assert_str_eq(out, "abcde");
	/* "ab" then a three-byte character that would end past the fifth byte. */
	core_text_copy(out, sizeof(out), "abc\xe4\x83\xa8");
	ck_assert_str_eq(out, "abc");
	core_text_copy(out, sizeof(out), "ab\xe4\x83\xa8z");
	ck_assert_str_eq(out, "ab\xe4\x83\xa8");
}
END_TEST

START_TEST(text_utf8_escapes_what_is_not)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" },
		{ "Fab\xffrikam", "Fab\\xFFrikam" },
		{ "\xc0\xaf", "\\xC0\\xAF" },                 /* overlong '/' */
		{ "\xed\xa0\x80", "\\xED\\xA0\\x80" },       /* a surrogate */
		{ "caf\xc3\xa9 \xe2\x80\xae", "caf\xc3\xa9 \xe2\x80\xae" },
		{ "cut\xe2\x80", "cut\\xE2\\x80" },
	};
	char out[64];
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = core_text_utf8(cases[i].in, out, sizeof(out));
		ck_assert_str_eq(out, cases[i].out);
		ck_assert_uint_eq(n, strlen(cases[i].out));
		ck_assert(core_utf8_valid(out, n));
	}
	/* Too small: cut where it still fits whole, length still counted. */
	n = core_text_utf8("ab\xff", out, 4);
	ck_assert_str_eq(out, "ab");
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(core_text_utf8("ab\xff", NULL, 0), 6);
}
END_TEST

START_TEST(name_refuses_hidden_characters)
{
	static const char *const bad[] = {
		"Fab\xe2\x80\xaarikam", "Fab\xe2\x80\xaerikam", "Fab\xe2\x81\xa6rikam", "Fab\xe2\x81\xa9rikam",
		"Fab\xe2\x80\x8brikam", "Fab\xe2\x80\x8frikam", "Fab\xe2\x81\xa0rikam", "Fab\xef\xbb\xbfrikam",
		"Fab\xd8\x9crikam",
	};
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!core_name_parse(bad[i], NULL, &err), "case %zu taken", i);
		ck_assert_ptr_nonnull(strstr(err.message, "direction-changing"));
	}
	/* Neighbours of the ranges are ordinary text. */
	ck_assert(core_name_parse("Fab\xe2\x80\x90rikam", NULL, NULL));  /* U+2010 HYPHEN */
	ck_assert(core_name_parse("Fab\xe2\x80\xafrikam", NULL, NULL));  /* U+202F NNBSP */
}
END_TEST

/* Found by fuzz_text: a character that would take a line past its 255
 * bytes goes to the next line whole; it used to be cut off and lost. */
START_TEST(text_wrap_keeps_bytes_at_the_line_limit)
{
	char text[300] = "", lines[8][256], joined[300] = "";
	int i, n;

	setlocale(LC_ALL, "C.UTF-8");
	for (i = 0; i < 84; i++)
		strcat(text, "\xe2\x82\xac"); /* the euro sign: 3 bytes, 1 column */
	strcat(text, "\xc3\xa9\xe2\x82\xac\xe2\x82\xac"); /* the second euro straddles byte 255 */
	n = core_text_wrap(text, 127, lines, 8);
	ck_assert_int_eq(n, 2);
	for (i = 0; i < n; i++)
		strcat(joined, lines[i]);
	ck_assert_str_eq(joined, text);
	ck_assert_uint_eq(strlen(lines[0]), 254);
}
END_TEST

START_TEST(auditq_terms_and_words)
{
	struct core_auditq q;
	struct core_error err;

	ck_assert_int_eq(core_auditq_parse("  Actor:ada@contoso.com  action:role.assign fabrikam"
					   " object:c0000000 since:2026-01-01 until:2026-02-01T09:30 x:y",
					   &q, &err), CORE_OK);
	ck_assert_str_eq(q.actor, "ada@contoso.com");
	ck_assert_str_eq(q.action, "role.assign");
	ck_assert_str_eq(q.object, "c0000000");
	/* A date alone is its midnight; minutes get :00; times are UTC. */
	ck_assert_str_eq(q.since, "2026-01-01T00:00:00Z");
	ck_assert_str_eq(q.until, "2026-02-01T09:30:00Z");
	/* Any other key:value is a free word, colon and all. */
	ck_assert_int_eq(q.nwords, 2);
	ck_assert_str_eq(q.words[0], "fabrikam");
	ck_assert_str_eq(q.words[1], "x:y");
	ck_assert_int_eq(core_auditq_parse("", &q, &err), CORE_OK);
	ck_assert_int_eq(q.nwords, 0);
	ck_assert_str_eq(q.since, "");
}
END_TEST

START_TEST(auditq_refusals)
{
	static const char *const bad[] = {
		"since:2026-13-01", "until:yesterday", "since:1969-12-31", "actor:",
		"since:2026-02-01 until:2026-02-01", "since:2026-03-01 until:2026-02-01",
		"a b c d e f g h i j k l m n o p q",
	};
	struct core_auditq q;
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(core_auditq_parse(bad[i], &q, &err) == CORE_USAGE, "%s", bad[i]);
		ck_assert_ptr_null(strchr(err.message, '\n'));
		ck_assert(err.message[0]);
	}
}
END_TEST

START_TEST(buf_grows_and_stays_terminated)
{
	struct core_buf b = { 0 };
	int i;

	core_buf_str(&b, "");
	ck_assert_ptr_nonnull(b.p);
	ck_assert_str_eq(b.p, "");
	core_buf_add(&b, "ab\0cd", 5);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_int_eq(memcmp(b.p, "ab\0cd", 6), 0);
	for (i = 0; i < 1000; i++)
		core_buf_printf(&b, "%d,", i);
	ck_assert(!b.failed);
	ck_assert(b.len < b.cap);
	ck_assert_int_eq(b.p[b.len], '\0');
	ck_assert(strstr(b.p + 5, "0,1,2,") == b.p + 5);
	ck_assert(strcmp(b.p + b.len - 4, "999,") == 0);
	core_buf_free(&b);
	ck_assert_ptr_null(b.p);
	ck_assert_uint_eq(b.len, 0);
	/* A failed buffer takes nothing more. */
	b.failed = true;
	core_buf_str(&b, "x");
	core_buf_printf(&b, "%s", "y");
	ck_assert_ptr_null(b.p);
	core_buf_free(&b);
}
END_TEST

static Suite *
core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("auditq");
	tcase_add_test(tc, auditq_terms_and_words);
	tcase_add_test(tc, auditq_refusals);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_test(tc, guid_valid_forms_normalised);
	tcase_add_test(tc, guid_nil_is_known);
	tcase_add_test(tc, guid_wrong_length);
	tcase_add_test(tc, guid_bad_character);
	tcase_add_test(tc, guid_misplaced_hyphens);
	tcase_add_test(tc, domain_valid);
	tcase_add_test(tc, domain_label_length);
	tcase_add_test(tc, domain_total_length);
	tcase_add_test(tc, domain_invalid);
	tcase_add_test(tc, email_valid);
	tcase_add_test(tc, email_invalid);
	tcase_add_test(tc, email_local_part_length);
	tcase_add_test(tc, utf8_valid_good_sequences);
	tcase_add_test(tc, utf8_valid_bad_sequences);
	tcase_add_test(tc, name_trimmed);
	tcase_add_test(tc, name_empty_rejected);
	tcase_add_test(tc, name_length_in_characters);
	tcase_add_test(tc, name_control_characters_rejected);
	tcase_add_test(tc, name_invalid_utf8_rejected);
	tcase_add_test(tc, email_over_254_characters_rejected);
	tcase_add_test(tc, time_parse_is_strict);
	tcase_add_test(tc, empty_scope_grants_nothing);
	tcase_add_test(tc, guid_messages_count_what_was_typed);
	tcase_add_test(tc, role_ids_must_match_whole);
	tcase_add_test(tc, text_made_safe);
	tcase_add_test(tc, text_wraps_at_spaces);
	tcase_add_test(tc, text_echo_cuts_long_values);
	tcase_add_test(tc, text_copy_cuts_between_characters);
	tcase_add_test(tc, text_utf8_escapes_what_is_not);
	tcase_add_test(tc, name_refuses_hidden_characters);
	tcase_add_test(tc, count_parse_digits_only);
	tcase_add_test(tc, text_wrap_keeps_bytes_at_the_line_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("perm");
	tcase_add_test(tc, scope_within_table);
	tcase_add_test(tc, perm_account_owner_owns_everything_under_it);
	tcase_add_test(tc, perm_profile_owner_does_not_own_account);
	tcase_add_test(tc, perm_reader_cannot_manage);
	tcase_add_test(tc, perm_contributor_manages_but_does_not_own);
	tcase_add_test(tc, perm_scope_specific_roles_only_read);
	tcase_add_test(tc, perm_unknown_role_and_no_grants);
	tcase_add_test(tc, perm_several_grants_combine);
	tcase_add_test(tc, role_from_definition_ids);
	tcase_add_test(tc, scope_depths);
	tcase_add_test(tc, role_display_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, time_parse_valid);
	tcase_add_test(tc, time_parse_invalid);
	tcase_add_test(tc, time_iso_known_values);
	tcase_add_test(tc, time_iso_round_trip);
	tcase_add_test(tc, now_honours_billcon_now);
	suite_add_tcase(s, tc);

	tc = tcase_create("audit");
	tcase_add_test(tc, audit_hash_deterministic_hex);
	tcase_add_test(tc, audit_hash_known_vectors);
	tcase_add_test(tc, audit_hash_every_field_counts);
	tcase_add_test(tc, audit_hash_null_differs_from_empty);
	tcase_add_test(tc, audit_hash_field_boundaries);
	tcase_add_test(tc, audit_hash_counts_bytes_after_nul);
	suite_add_tcase(s, tc);

	tc = tcase_create("tenant");
	tcase_add_test(tc, account_kinds_for_associated_tenants);
	tcase_add_test(tc, billing_management_next_state);
	tcase_add_test(tc, provisioning_after_off);
	tcase_add_test(tc, settings_are_on);
	tcase_add_test(tc, parse_switch_words);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_test(tc, status_exit_codes);
	tcase_add_test(tc, status_names);
	tcase_add_test(tc, error_set_and_clear);
	tcase_add_test(tc, buf_grows_and_stays_terminated);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
