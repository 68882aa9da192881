/* bench/pull: a first-store pull of N associated tenants and N role
 * assignments in pages of 50, served from memory through the fetch
 * function (no HTTP): what the pull itself costs (parse, map, store,
 * audit). Prints pages, rows, seconds, pages/s, rows/s and peak RSS.
 *
 * Usage: bench/pull STORE N     (STORE must not exist)
 *        bench/pull --map N     only make and map the same pages (no
 *                               store): the parsing's share of the floor
 *                               (bench/run-pull-floor.sh) */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "billcon/app_pull.h"
#include "billcon/core_buf.h"
#include "billcon/sync_map.h"

#define BASE "http://127.0.0.1:9"
#define ACC "/providers/Microsoft.Billing/billingAccounts/bench:bench_2019-05-31"
#define PAGE 50

static long long rows;

/* The page at of the listing what ("t" tenants, "r" assignments). */
static char *
page(const char *what, long long at, size_t *len)
{
	struct core_buf b = { 0 };
	long long end = at + PAGE < rows ? at + PAGE : rows;

	core_buf_str(&b, "{\"value\":[");
	for (long long i = at; i < end; i++) {
		if (*what == 't')
			core_buf_printf(&b, "%s{\"id\":\"" ACC "/associatedTenants/%08llx-0000-4000-8000-000000000000\","
					"\"name\":\"%08llx-0000-4000-8000-000000000000\",\"properties\":{\"displayName\":"
					"\"Tenant %lld\",\"tenantId\":\"%08llx-0000-4000-8000-000000000000\","
					"\"billingManagementState\":\"Active\",\"provisioningManagementState\":"
					"\"NotRequested\"},\"type\":\"Microsoft.Billing/billingAccounts/associatedTenants\"}",
					i > at ? "," : "", i, i, i, i);
		else
			core_buf_printf(&b, "%s{\"id\":\"" ACC "/billingRoleAssignments/ra-%lld\",\"name\":\"ra-%lld\","
					"\"properties\":{\"createdOn\":\"2026-01-01T00:00:00Z\",\"principalId\":"
					"\"%08llx-0000-4000-8000-0000000000aa\",\"principalTenantId\":"
					"\"%08llx-0000-4000-8000-000000000000\",\"userEmailAddress\":\"user%lld@example.com\","
					"\"roleDefinitionId\":\"" ACC "/billingRoleDefinitions/50000000-aaaa-bbbb-cccc-100000000000\","
					"\"scope\":\"" ACC "\",\"principalType\":\"User\"},"
					"\"type\":\"Microsoft.Billing/billingAccounts/billingRoleAssignments\"}",
					i > at ? "," : "", i, i, i, i, i);
	}
	core_buf_str(&b, "]");
	if (end < rows)
		core_buf_printf(&b, ",\"nextLink\":\"" BASE "/next/%s?skip=%lld\"", what, end);
	core_buf_str(&b, "}");
	*len = b.len;
	return b.p;
}

static enum core_status
fetch(void *ctx, const char *url, char **body, size_t *len, struct core_error *err)
{
	const char *skip = strstr(url, "skip=");
	long long at = skip ? atoll(skip + 5) : 0;
	const char *acc = "{\"value\":[{\"id\":\"" ACC "\",\"name\":\"bench:bench_2019-05-31\",\"properties\":"
			  "{\"displayName\":\"Bench\",\"agreementType\":\"MicrosoftCustomerAgreement\",\"accountType\":"
			  "\"Business\",\"primaryBillingTenantId\":\"20000000-0000-0000-0000-000000000001\"}}]}";

	(void)ctx;
	(void)err;
	if (strstr(url, "/associatedTenants") || strstr(url, "/next/t"))
		*body = page("t", at, len);
	else if (strstr(url, "/billingRoleAssignments") || strstr(url, "/next/r"))
		*body = page("r", at, len);
	else if (!strstr(url, "/billingAccounts/"))
		*len = strlen(*body = strdup(acc));
	else
		*len = strlen(*body = strdup("{\"value\":[]}"));
	return CORE_OK;
}

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Makes every page of both listings, then makes and maps them again:
 * the seconds of each, and the mapping's alone as their difference. */
static int
map_only(void)
{
	struct timespec t0;
	double make = 0, both = 0;

	for (int pass = 0; pass < 2; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int l = 0; l < 2; l++)
			for (long long at = 0; at < rows; at += PAGE) {
				struct core_remote_page pg = { 0 };
				struct core_error err;
				size_t len;
				char *body = page(l ? "r" : "t", at, &len);

				if (pass && sync_map_page(l ? CORE_REMOTE_ROLE_ASSIGNMENT : CORE_REMOTE_TENANT, body,
							  len, &pg, &err) != CORE_OK) {
					fprintf(stderr, "bench/pull: %s\n", err.message);
					return 1;
				}
				core_remote_page_free(&pg);
				free(body);
			}
		*(pass ? &both : &make) = since(&t0);
	}
	printf("rows %lld+%lld make %.3f s make+map %.3f s map %.3f s (%.1f us an object)\n", rows, rows, make,
	       both, both - make, (both - make) * 1e6 / (double)(2 * rows));
	return 0;
}

int
main(int argc, char **argv)
{
	struct app_pull p = { .arm = BASE, .tenant = "20000000-0000-0000-0000-000000000001",
			      .actor = "bench@example.com", .fetch = fetch };
	struct app_pull_summary sum;
	struct core_error err;
	struct timespec t0, t1;
	struct rusage ru;
	double s;

	if (argc != 3) {
		fprintf(stderr, "usage: bench/pull STORE|--map N\n");
		return 2;
	}
	rows = atoll(argv[2]);
	if (!strcmp(argv[1], "--map"))
		return map_only();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (app_pull_first_store(argv[1], &p, &sum, &err) != CORE_OK) {
		fprintf(stderr, "bench/pull: %s\n", err.message);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("rows %lld+%lld pages %lld items %lld seconds %.2f pages/s %.0f rows/s %.0f peak_rss_mb %.1f\n",
	       rows, rows, sum.total.pages, sum.total.items, s, (double)sum.total.pages / s,
	       (double)sum.total.items / s, (double)ru.ru_maxrss / 1024.0);
	return 0;
}
