/* bench/http-get.c: N sequential GETs of one URL on one sync_http session
 * (one kept-alive connection), as sync makes its calls. Built by
 * `make bench-http`; run by bench/run-http.sh.
 *
 * Usage: http-get URL N [TRACE]
 * Prints "calls N", "total_ms T", "per_call_us U", "bytes B", "cpu_ms C"
 * (user and system time of the whole process) and "maxrss_kb K"; with TRACE, writes the session's trace there (the script
 * counts its connections). Exits 1 at the first failed call. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "billcon/sync_http.h"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct sync_http_opts o = { 0 };
	struct sync_http *h;
	struct sync_response r;
	struct core_error err;
	struct rusage ru;
	long n = argc > 2 ? atol(argv[2]) : 0;
	size_t bytes = 0;
	double t0;

	if (argc < 3 || n <= 0) {
		fprintf(stderr, "usage: http-get URL N [TRACE]\n");
		return 2;
	}
	o.trace_path = argc > 3 ? argv[3] : NULL;
	if (sync_http_new(&o, &h, &err) != CORE_OK) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	t0 = now_ms();
	for (long i = 0; i < n; i++) {
		if (sync_http_request(h, "GET", argv[1], NULL, NULL, NULL, NULL, 0, &r, &err) != CORE_OK ||
		    r.status != 200) {
			fprintf(stderr, "call %ld: %s (status %ld)\n", i + 1, err.message, r.status);
			sync_response_clear(&r);
			sync_http_free(h);
			return 1;
		}
		bytes += r.len;
		sync_response_clear(&r);
	}
	printf("calls %ld\ntotal_ms %.1f\nper_call_us %.0f\nbytes %zu\n", n, now_ms() - t0,
	       (now_ms() - t0) * 1000 / (double)n, bytes);
	sync_http_free(h);
	getrusage(RUSAGE_SELF, &ru);
	printf("cpu_ms %.0f\nmaxrss_kb %ld\n",
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3, ru.ru_maxrss);
	return 0;
}
