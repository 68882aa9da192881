/* core_base64: standard base64 (RFC 4648 section 4, with padding), the
 * encoding of the signed notes, checkpoints and proofs of the audit trail
 * and of OSC 52. Decoding is strict: what it accepts has one spelling, so
 * two texts of one value never both verify. */
#ifndef BILLCON_CORE_BASE64_H
#define BILLCON_CORE_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* The padded base64 length of n bytes (the terminator not counted); 0 when
 * it would not fit a size_t (and n is not 0). */
size_t core_base64_len(size_t n);

/* Writes the base64 of the n bytes at data into out, which has room for
 * core_base64_len(n) + 1 bytes, and terminates it; returns its length. */
size_t core_base64_encode(const void *data, size_t n, char *out);

/* Decodes the len characters at s into out (size bytes); *n_out receives the
 * number of bytes. False when s is not canonical padded base64 (a length not
 * a multiple of 4, a character outside the alphabet, padding anywhere but at
 * the end, unused bits not zero) or when out is too small. */
bool core_base64_decode(const char *s, size_t len, unsigned char *out, size_t size,
			size_t *n_out);

/* Like core_base64_decode for base64url without padding (RFC 4648 section
 * 5, the encoding of a JWT's parts): '-' and '_' for '+' and '/'; padding
 * is accepted but not needed. False as above, or when memory runs out. */
bool core_base64url_decode(const char *s, size_t len, unsigned char *out, size_t size,
			   size_t *n_out);

#endif
