/* The schema migrations, private to src/store/. */
#ifndef BILLCON_STORE_SCHEMA_H
#define BILLCON_STORE_SCHEMA_H

/* How many migrations there are: the newest schema version. */
int store_schema_count(void);

/* The SQL that takes the schema from from_version to from_version + 1. */
const char *store_schema_migration(int from_version);

/* The trigger that indexes each new associated tenant for the filter. */
const char *store_schema_fts_insert_trigger(void);

/* The trigger that indexes each new role assignment for the filter. */
const char *store_schema_role_fts_insert_trigger(void);

/* The trigger that counts each new associated tenant for its account. */
const char *store_schema_count_insert_trigger(void);

/* The trigger that indexes each new audit entry for the filter. */
const char *store_schema_audit_fts_insert_trigger(void);

/* The schema version that first holds the audit trail's Merkle tree: a
 * store reaching it builds the tree over the entries it has. */
#define STORE_SCHEMA_AUDIT_TREE 8

#endif
