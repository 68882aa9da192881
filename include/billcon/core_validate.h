/* core_validate: strict checks of what people type (DOMAIN.md §3, §4). What the
 * API returns is never put through these (DOMAIN.md §9). */
#ifndef BILLCON_CORE_VALIDATE_H
#define BILLCON_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "billcon/core_status.h"

#define CORE_GUID_LEN 36
#define CORE_NAME_MAX_CHARS 64
/* 64 characters of up to 4 bytes each, and the terminator. */
#define CORE_NAME_MAX_BYTES (CORE_NAME_MAX_CHARS * 4 + 1)
#define CORE_DOMAIN_MAX 253
#define CORE_EMAIL_MAX 254

/* True when s is a GUID in the 8-4-4-4-12 form, with or without braces. When
 * out is not NULL it receives the bare lowercase form (37 bytes). On failure
 * err says what is wrong with it. */
bool core_guid_parse(const char *s, char out[CORE_GUID_LEN + 1], struct core_error *err);

/* True when s is a whole number written in decimal digits only (no sign,
 * spaces, exponent or prefix) from 0 to max (max >= 0); *out receives it. */
bool core_count_parse(const char *s, long max, long *out);

/* True when guid (the bare lowercase form core_guid_parse writes) is the
 * nil GUID, all zeros: well formed, but no tenant's ID (DOMAIN.md §3). */
bool core_guid_nil(const char *guid);

/* True when s is a DNS domain name: 1..253 characters, at least two labels of
 * 1..63 letters, digits and hyphens, no label starting or ending with a hyphen
 * (punycode "xn--" labels are LDH and pass), a trailing dot allowed. out
 * (CORE_DOMAIN_MAX + 1 bytes) receives it lowercased without the trailing dot. */
bool core_domain_parse(const char *s, char *out, struct core_error *err);

/* True when s is an email address a directory could hold: one '@', a local part
 * of 1..64 printable ASCII characters without spaces, and a valid domain.
 * out (CORE_EMAIL_MAX + 1 bytes) receives it with the domain lowercased. */
bool core_email_parse(const char *s, char *out, struct core_error *err);

/* The length of the well-formed UTF-8 character at s (n bytes left), 0 when
 * the bytes there are not one (or n is 0); *cp (may be NULL) receives it. */
size_t core_utf8_char(const char *s, size_t n, uint32_t *cp);

/* True when the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF). */
bool core_utf8_valid(const char *s, size_t n);

/* True when s, trimmed of surrounding white space, is one line of text
 * people type (what names it in messages: "reason"): valid UTF-8, 1 to
 * max_chars characters, no control, bidirectional or zero-width characters.
 * out (max_chars * 4 + 1 bytes) receives the trimmed text. */
bool core_line_parse(const char *s, const char *what, size_t max_chars, char *out,
		     struct core_error *err);

/* True when s, trimmed of surrounding white space, is a friendly name: valid
 * UTF-8, 1..64 characters, no control characters, no bidirectional controls
 * and no zero-width characters (core_text_hidden: DOMAIN.md §3). out
 * (CORE_NAME_MAX_BYTES) receives the trimmed name. */
bool core_name_parse(const char *s, char *out, struct core_error *err);

#endif
