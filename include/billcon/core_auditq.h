/* core_auditq: the audit trail's filter as typed (doc/audit.md): words
 * matched at the start of any word of an entry, and terms that combine,
 * `actor:ada@contoso.com action:role.assign object:c0000000
 * since:2026-01-01 until:2026-02-01`. Times are UTC; a date alone is its
 * midnight; since is inclusive, until exclusive. */
#ifndef BILLCON_CORE_AUDITQ_H
#define BILLCON_CORE_AUDITQ_H

#include "billcon/core_clock.h"
#include "billcon/core_status.h"

#define CORE_AUDITQ_WORDS 16

/* A parsed filter; empty strings are absent terms. */
struct core_auditq {
	char words[CORE_AUDITQ_WORDS][128]; /* free words, in order */
	int nwords;
	char actor[256];
	char action[128];
	char object[1024];
	char since[CORE_TIME_ISO_LEN + 1];  /* "YYYY-MM-DDTHH:MM:SSZ" */
	char until[CORE_TIME_ISO_LEN + 1];
};

/* Parses text into q. A word of the form key:value is a term when key is
 * actor, action, object, since or until (any case); any other word, colons
 * and all, is a free word. CORE_USAGE with one sentence for a bad time, an
 * empty term, a word or term too long, or too many words. */
enum core_status core_auditq_parse(const char *text, struct core_auditq *q,
				   struct core_error *err);

/* A time as the filter and the command line take it ("2026-01-01",
 * "2026-01-01T09:30", "2026-01-01T09:30:00Z", or epoch seconds), as
 * "YYYY-MM-DDTHH:MM:SSZ" into out; what names the term in the message.
 * CORE_USAGE with one sentence when it is not a UTC time. */
enum core_status core_auditq_time(const char *text, const char *what,
				  char out[CORE_TIME_ISO_LEN + 1], struct core_error *err);

#endif
