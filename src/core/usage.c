/* core_usage: a usage row's rules (core_usage.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/core_usage.h"
#include "billcon/core_validate.h"

static const char *const col_names[CORE_USAGE_NCOLS] = { "deployment", "tenant", "meter",
							 "quantity", "start", "end" };

const char *
core_usage_col_name(int col)
{
	return col >= 0 && col < CORE_USAGE_NCOLS ? col_names[col] : NULL;
}

int
core_usage_col_of(const char *name)
{
	size_t n;
	int c;

	while (*name == ' ' || *name == '\t')
		name++;
	n = strlen(name);
	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		if (strlen(col_names[c]) == n && strncasecmp(name, col_names[c], n) == 0)
			return c;
	return -1;
}

enum core_status
core_usage_header(const char *const *names, int n, int cols[CORE_USAGE_NCOLS], struct core_error *err)
{
	int i, c;

	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		cols[c] = -1;
	for (i = 0; i < n; i++) {
		if ((c = core_usage_col_of(names[i])) < 0)
			continue;
		if (cols[c] >= 0)
			return core_error_set(err, CORE_USAGE, "The header names the column %s twice.", col_names[c]);
		cols[c] = i;
	}
	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		if (cols[c] < 0)
			return core_error_set(err, CORE_USAGE,
					      "The header has no column %s (it needs deployment, tenant, meter, "
					      "quantity, start and end).", col_names[c]);
	return CORE_OK;
}

/* n decimal digits at *s into *v, advancing *s; false when fewer. */
static bool
digits(const char **s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++, (*s)++) {
		if (!isdigit((unsigned char)**s))
			return false;
		*v = *v * 10 + (**s - '0');
	}
	return true;
}

static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* The time of day after 'T' at *s: hh:mm[:ss[.fff...]], into
 * milliseconds; false when malformed. */
static bool
time_of_day(const char **s, int64_t *ms)
{
	int h, mi, sec = 0, frac = 0, scale = 100;

	if (!digits(s, 2, &h) || *(*s)++ != ':' || !digits(s, 2, &mi) || h > 23 || mi > 59)
		return false;
	if (**s == ':') {
		(*s)++;
		if (!digits(s, 2, &sec) || sec > 59)
			return false;
		if (**s == '.' || **s == ',') {
			(*s)++;
			if (!isdigit((unsigned char)**s))
				return false;
			for (; isdigit((unsigned char)**s); (*s)++, scale /= 10)
				frac += (**s - '0') * scale;
		}
	}
	*ms = ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + frac;
	return true;
}

/* The zone at *s: Z, +hh:mm, -hh:mm, +hhmm or nothing, as milliseconds
 * east of UTC; false when malformed. */
static bool
zone(const char **s, int64_t *off)
{
	int h, m, sign;

	*off = 0;
	if (**s == 'Z' || **s == 'z') {
		(*s)++;
		return true;
	}
	if (**s != '+' && **s != '-')
		return true;
	sign = *(*s)++ == '-' ? -1 : 1;
	if (!digits(s, 2, &h))
		return false;
	if (**s == ':')
		(*s)++;
	if (!digits(s, 2, &m) || h > 23 || m > 59)
		return false;
	*off = sign * ((int64_t)h * 60 + m) * 60000;
	return true;
}

bool
core_usage_time(const char *s, int64_t *at)
{
	int y, m, d;
	int64_t ms = 0, off = 0;

	if (!digits(&s, 4, &y) || *s++ != '-' || !digits(&s, 2, &m) || *s++ != '-' || !digits(&s, 2, &d))
		return false;
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (!time_of_day(&s, &ms) || !zone(&s, &off))
			return false;
	}
	if (*s)
		return false;
	*at = core_days_from_civil(y, m, d) * 86400000 + ms - off;
	return true;
}

bool
core_usage_quantity(const char *s, double *q)
{
	const char *p = s;
	char *end;
	bool any = false;

	/* strtod takes hex, inf, nan and leading blanks: allow the decimal
	 * form only, then let strtod read it. */
	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		any = true;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			any = true;
	if (!any)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return false;
	errno = 0;
	*q = strtod(s, &end);
	return end == p && isfinite(*q);
}

/* s trimmed of blanks into out (size bytes); false when it does not fit. */
static bool
trimmed(const char *s, char *out, size_t size)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* The start or end column (what) into out, its instant into *at. */
static enum core_status
check_time(const char *s, const char *what, char *out, int64_t *at, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	if (!trimmed(s, out, CORE_USAGE_TIME_BYTES) || !core_usage_time(out, at))
		return core_error_set(err, CORE_USAGE,
				      "The %s \"%s\" is not an ISO 8601 date or date-time "
				      "(2026-11-30 or 2026-11-30T10:00:00Z).", what, core_text_echo(s, shown));
	return CORE_OK;
}

static enum core_status
check_quantity(const char *s, double *q, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES], text[64];

	if (!trimmed(s, text, sizeof(text)) || !core_usage_quantity(text, q))
		return core_error_set(err, CORE_USAGE, "The quantity \"%s\" is not a finite decimal number.",
				      core_text_echo(s, shown));
	if (*q < 0)
		return core_error_set(err, CORE_USAGE, "The quantity is negative (%s).", text);
	*q = *q + 0.0; /* -0 reads as 0 */
	return CORE_OK;
}

enum core_status
core_usage_check(const struct core_usage_fields *f, struct core_usage_row *out, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	int64_t from, to;
	enum core_status rc;
	int c;

	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		if (!f->v[c])
			return core_error_set(err, CORE_USAGE, "The row has no %s.", col_names[c]);
	if (!core_line_parse(f->v[CORE_USAGE_DEPLOYMENT], "deployment", CORE_USAGE_NAME_MAX, out->deployment,
			     err))
		return CORE_USAGE;
	if (!core_guid_parse(f->v[CORE_USAGE_TENANT], out->tenant, NULL))
		return core_error_set(err, CORE_USAGE, "The tenant \"%s\" is not a GUID.",
				      core_text_echo(f->v[CORE_USAGE_TENANT], shown));
	if (!core_line_parse(f->v[CORE_USAGE_METER], "meter", CORE_USAGE_NAME_MAX, out->meter, err))
		return CORE_USAGE;
	if ((rc = check_quantity(f->v[CORE_USAGE_QUANTITY], &out->quantity, err)) ||
	    (rc = check_time(f->v[CORE_USAGE_START], "start", out->start, &from, err)) ||
	    (rc = check_time(f->v[CORE_USAGE_END], "end", out->end, &to, err)))
		return rc;
	if (to < from)
		return core_error_set(err, CORE_USAGE, "The end %s is before the start %s.", out->end, out->start);
	return CORE_OK;
}
