/* core_clock: the one clock of billcon, settable for tests with BILLCON_NOW
 * (ISO 8601 UTC "2026-01-31T12:00:00Z", or seconds since the epoch). */
#ifndef BILLCON_CORE_CLOCK_H
#define BILLCON_CORE_CLOCK_H

#include <stdbool.h>
#include <time.h>

#define CORE_TIME_ISO_LEN 20 /* "YYYY-MM-DDTHH:MM:SSZ" */

/* Now: BILLCON_NOW when set and valid, else the system clock. A value that
 * ends in '+' ("2026-01-15T00:00:00Z+") starts at that time at the first
 * call and then moves with the system clock. */
time_t core_now(void);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes); returns out. */
char *core_time_iso(time_t t, char out[CORE_TIME_ISO_LEN + 1]);

/* Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (or a decimal epoch) into *t. */
bool core_time_parse(const char *s, time_t *t);

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1..12), as timegm
 * would count them (timegm is not in C17 or POSIX). */
long long core_days_from_civil(int y, int m, int d);

#endif
