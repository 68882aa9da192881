#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_clock.h"

long long
core_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

/* Reads exactly width digits at *p into *v, advancing *p. */
static bool
digits(const char **p, int width, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < width; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += width;
	return true;
}

static bool
expect_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Seconds since the epoch: digits only, no later than the year 9999. */
static bool
parse_epoch(const char *s, time_t *t)
{
	long long v = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 253402300799LL / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v > 253402300799LL)
		return false;
	*t = (time_t)v;
	return true;
}

bool
core_time_parse(const char *s, time_t *t)
{
	int y, mo, d, h, mi, sec;
	const char *p = s;

	if (!s || !*s)
		return false;
	if (strspn(s, "0123456789") == strlen(s))
		return parse_epoch(s, t);
	if (!digits(&p, 4, &y) || !expect_char(&p, '-') || !digits(&p, 2, &mo) ||
	    !expect_char(&p, '-') || !digits(&p, 2, &d) || !expect_char(&p, 'T') ||
	    !digits(&p, 2, &h) || !expect_char(&p, ':') || !digits(&p, 2, &mi) ||
	    !expect_char(&p, ':') || !digits(&p, 2, &sec))
		return false;
	if (*p == '.') {
		const char *frac = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == frac)
			return false;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return false;
	*t = (time_t)(core_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
	return true;
}

/* BILLCON_NOW ending in '+' starts at its time and then moves as the
 * system clock does from the first reading: tests can tell the time a
 * console was opened from the time of an action. */
static bool
moving_clock(const char *value, time_t *t)
{
	static time_t first;
	size_t n = strlen(value);
	char pinned[64];

	if (n < 2 || n >= sizeof(pinned) || value[n - 1] != '+')
		return false;
	memcpy(pinned, value, n - 1);
	pinned[n - 1] = '\0';
	if (!core_time_parse(pinned, t))
		return false;
	if (!first)
		first = time(NULL);
	*t += time(NULL) - first;
	return true;
}

time_t
core_now(void)
{
	const char *fixed = getenv("BILLCON_NOW");
	time_t t;

	if (fixed && (moving_clock(fixed, &t) || core_time_parse(fixed, &t)))
		return t;
	return time(NULL);
}

char *
core_time_iso(time_t t, char out[CORE_TIME_ISO_LEN + 1])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    strftime(out, CORE_TIME_ISO_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, CORE_TIME_ISO_LEN + 1, "0000-00-00T00:00:00Z");
	return out;
}
