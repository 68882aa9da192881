/* store_usage: Azure Stack usage imports, their rows and the running
 * totals by deployment, tenant, meter and charged subscription (migration
 * 11; DOMAIN.md §7 "Usage routing"). The report reads the totals only,
 * never the rows. */
#ifndef BILLCON_STORE_USAGE_H
#define BILLCON_STORE_USAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct store;
struct store_list_spec;

/* One import of a usage file. */
struct store_usage_import {
	long long id;
	char file_name[256];
	char file_hash[65];      /* SHA-256, lowercase hex */
	long long rows;
	char imported_by[256];
	char imported_on[32];
};

/* One usage row as routed. */
struct store_usage_record {
	long long deployment_id;
	const char *tenant_id, *meter, *start_on, *end_on, *subscription_id;
	double quantity;
	bool fallback;           /* charged to the default subscription */
};

/* The import of the file whose SHA-256 is hash into *out; CORE_NOT_FOUND
 * when that file was never imported. */
enum core_status store_usage_import_find(struct store *st, const char *hash, struct store_usage_import *out,
					 struct core_error *err);

/* Adds imp (file_name, file_hash, rows, imported_by, imported_on); sets
 * imp->id. */
enum core_status store_usage_import_add(struct store *st, struct store_usage_import *imp,
					struct core_error *err);

/* Sets the row count of import id. */
enum core_status store_usage_import_rows(struct store *st, long long id, long long rows, struct core_error *err);

/* Adds the n rows r as rows of import import_id (one prepared
 * statement, reused). */
enum core_status store_usage_records_add(struct store *st, long long import_id, const struct store_usage_record *r,
					 size_t n, struct core_error *err);

/* Adds rows rows of quantity quantity to the total of (r's deployment,
 * tenant, meter, subscription), made when absent with r's fallback. */
enum core_status store_usage_total_add(struct store *st, const struct store_usage_record *r, long long rows,
				       double quantity, struct core_error *err);

/* Sets the connection up for a bulk import (on) or back as store_open
 * left it (off): foreign keys unchecked, as the import checks each row's
 * deployment and import itself inside its transaction, and a larger page
 * cache. Outside a transaction only (SQLite ignores foreign_keys inside
 * one); nothing of it outlives the connection. */
enum core_status store_usage_bulk(struct store *st, bool on, struct core_error *err);

/* How the report groups the totals. */
enum store_usage_by {
	STORE_USAGE_BY_SUBSCRIPTION, /* charged subscription (and its deployment) */
	STORE_USAGE_BY_TENANT,       /* deployment, tenant and where it is charged */
	STORE_USAGE_BY_METER,        /* deployment, meter and charged subscription */
};

/* One line of the report; the columns its grouping does not have are "". */
struct store_usage_line {
	char deployment[256];
	char tenant_id[64];
	char meter[256];
	char subscription_id[64];
	bool fallback;           /* charged to the deployment's default subscription */
	long long tenants;       /* distinct tenants in the line */
	long long rows;
	double quantity;
};

/* The report grouped by, ordered by its columns, into *out (a new array
 * the caller frees) and *n. */
enum core_status store_usage_report(struct store *st, enum store_usage_by by, struct store_usage_line **out,
				    size_t *n, struct core_error *err);

/* Sort orders of store_usage_total_list: each groups the totals as a
 * report does, or orders them by quantity. */
enum store_usage_sort {
	STORE_USAGE_SORT_SUBSCRIPTION, /* deployment, charged subscription, tenant */
	STORE_USAGE_SORT_TENANT,       /* deployment, tenant, meter */
	STORE_USAGE_SORT_METER,        /* meter, deployment, charged subscription */
	STORE_USAGE_SORT_QUANTITY,     /* quantity (to a thousandth) */
	STORE_USAGE_SORT_COUNT
};

/* The list of every total (rows: struct store_usage_line, tenants 1):
 * the usage blade's. Totals are few (a deployment, tenant, meter and
 * subscription each): the list scans them with LIKE, no filter index. */
const struct store_list_spec *store_usage_total_list(void);

#endif
