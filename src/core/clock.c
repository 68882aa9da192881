#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_clock.h"

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian); avoids timegm, which
 * is not in C17 or POSIX. */
static long long
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

bool
core_time_parse(const char *s, time_t *t)
{
	int y, mo, d, h, mi, sec, used = 0;
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	v = strtoll(s, &end, 10);
	if (*end == '\0') {
		*t = (time_t)v;
		return true;
	}
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6)
		return false;
	s += used;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (strcmp(s, "Z") != 0 && strcmp(s, "+00:00") != 0)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	*t = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
	return true;
}

time_t
core_now(void)
{
	const char *fixed = getenv("BILLCON_NOW");
	time_t t;

	if (fixed && core_time_parse(fixed, &t))
		return t;
	return time(NULL);
}

char *
core_time_iso(time_t t, char out[CORE_TIME_ISO_LEN + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, CORE_TIME_ISO_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}
