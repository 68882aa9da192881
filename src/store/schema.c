#include "config.h"

#include <stddef.h>

#include "billcon/store_internal.h"
#include "billcon/store_schema.h"

/* Keeps the trigram index of associated tenants up to date on insert; bulk
 * loads drop it and rebuild the index once (store_bulk_end). */
#define FTS_INSERT_TRIGGER \
	"CREATE TRIGGER associated_tenant_fts_insert AFTER INSERT ON associated_tenant BEGIN" \
	" INSERT INTO associated_tenant_fts(rowid, display_name, tenant_id, domain)" \
	" VALUES(new.id, new.display_name, new.tenant_id, new.domain); END;"

/* Keeps each account's count of associated tenants on insert; bulk loads
 * drop it too and count once at the end. */
#define COUNT_INSERT_TRIGGER \
	"CREATE TRIGGER associated_tenant_count_insert AFTER INSERT ON associated_tenant BEGIN" \
	" INSERT INTO associated_tenant_count(account_id, n) VALUES(new.account_id, 1)" \
	" ON CONFLICT(account_id) DO UPDATE SET n = n + 1; END;"

/* Keeps the trigram index of role assignments up to date on insert; bulk
 * loads drop it and rebuild the index once. */
#define ROLE_FTS_INSERT_TRIGGER \
	"CREATE TRIGGER role_assignment_fts_insert AFTER INSERT ON role_assignment BEGIN" \
	" INSERT INTO role_assignment_fts(rowid, principal_email, principal_tenant_id, role_name)" \
	" VALUES(new.id, new.principal_email, new.principal_tenant_id," \
	" coalesce((SELECT role_name FROM role_definition WHERE id = new.role_definition_id), '')); END;"

/* Indexes each new audit entry's words for the filter: its fields, and the
 * values of its before and after. */
#define AUDIT_FTS_INSERT_TRIGGER \
	"CREATE TRIGGER audit_fts_insert AFTER INSERT ON audit BEGIN" \
	" INSERT INTO audit_fts(rowid, actor, action, object, text)" \
	" VALUES(new.seq, new.actor, new.action, new.object," \
	" coalesce(new.before, '') || ' ' || coalesce(new.after, '')); END;"

/* From migration 15 the three insert triggers above index a row only
 * while no pull defers indexing: a pull writes a row into fts_defer inside
 * its batch's transaction, indexes the batch's rows in one statement each
 * at its end and deletes the row again (store_pull_index_defer,
 * store_pull_index_end). A flag row instead of dropping and making the
 * triggers again: no schema change per batch, so no other connection (the
 * console reading beside a pull) reloads the schema and prepares its
 * statements again after each one. */
#define DEFERRABLE " WHEN NOT EXISTS(SELECT 1 FROM fts_defer)"
#define FTS_INSERT_TRIGGER_15 \
	"CREATE TRIGGER associated_tenant_fts_insert AFTER INSERT ON associated_tenant" DEFERRABLE " BEGIN" \
	" INSERT INTO associated_tenant_fts(rowid, display_name, tenant_id, domain)" \
	" VALUES(new.id, new.display_name, new.tenant_id, new.domain); END;"
#define ROLE_FTS_INSERT_TRIGGER_15 \
	"CREATE TRIGGER role_assignment_fts_insert AFTER INSERT ON role_assignment" DEFERRABLE " BEGIN" \
	" INSERT INTO role_assignment_fts(rowid, principal_email, principal_tenant_id, role_name)" \
	" VALUES(new.id, new.principal_email, new.principal_tenant_id," \
	" coalesce((SELECT role_name FROM role_definition WHERE id = new.role_definition_id), '')); END;"
#define AUDIT_FTS_INSERT_TRIGGER_15 \
	"CREATE TRIGGER audit_fts_insert AFTER INSERT ON audit" DEFERRABLE " BEGIN" \
	" INSERT INTO audit_fts(rowid, actor, action, object, text)" \
	" VALUES(new.seq, new.actor, new.action, new.object," \
	" coalesce(new.before, '') || ' ' || coalesce(new.after, '')); END;"

/* Each entry takes the schema from version i to i + 1. Never edit a shipped
 * entry: add one. */
static const char *const migrations[] = {
	/* 1: accounts, directory, associated tenants, roles, requests, audit, outbox */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"

	"CREATE TABLE billing_account("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL,"
	" agreement_type TEXT NOT NULL,"
	" account_type TEXT NOT NULL,"
	" account_sub_type TEXT,"
	" account_status TEXT NOT NULL DEFAULT 'Active',"
	" primary_tenant_id TEXT NOT NULL,"
	" sold_to_company TEXT, sold_to_address TEXT, sold_to_country TEXT,"
	" primary_contact TEXT,"
	" mca_accepted_by TEXT, mca_accepted_on TEXT);"

	"CREATE TABLE billing_profile("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" name TEXT NOT NULL, display_name TEXT NOT NULL,"
	" payment_instrument TEXT NOT NULL DEFAULT 'None',"
	" UNIQUE(account_id, name));"

	"CREATE TABLE invoice_section("
	" id INTEGER PRIMARY KEY,"
	" profile_id INTEGER NOT NULL REFERENCES billing_profile(id),"
	" name TEXT NOT NULL, display_name TEXT NOT NULL,"
	" UNIQUE(profile_id, name));"

	"CREATE TABLE subscription("
	" id INTEGER PRIMARY KEY,"
	" section_id INTEGER NOT NULL REFERENCES invoice_section(id),"
	" subscription_id TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,"
	" service_tenant_id TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'Active');"

	"CREATE TABLE directory_tenant("
	" tenant_id TEXT PRIMARY KEY, display_name TEXT NOT NULL,"
	" guest_invitations_allowed INTEGER NOT NULL DEFAULT 1);"

	"CREATE TABLE directory_domain("
	" domain TEXT PRIMARY KEY COLLATE NOCASE,"
	" tenant_id TEXT NOT NULL REFERENCES directory_tenant(tenant_id));"
	"CREATE INDEX directory_domain_tenant ON directory_domain(tenant_id);"

	"CREATE TABLE directory_user("
	" email TEXT PRIMARY KEY COLLATE NOCASE, display_name TEXT NOT NULL,"
	" home_tenant_id TEXT NOT NULL,"
	" global_admin INTEGER NOT NULL DEFAULT 0,"
	" guest_state TEXT);" /* NULL member; PendingAcceptance; Accepted */

	"CREATE TABLE role_definition("
	" id TEXT PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" scope TEXT NOT NULL, role_name TEXT NOT NULL);"

	"CREATE TABLE billing_request("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" type TEXT NOT NULL, status TEXT NOT NULL,"
	" scope TEXT NOT NULL, object TEXT,"
	" tenant_id TEXT," /* the tenant the request is addressed into */
	" addressee TEXT NOT NULL,"
	" created_by TEXT NOT NULL, created_on TEXT NOT NULL, expires_on TEXT NOT NULL,"
	" reviewed_by TEXT, reviewed_on TEXT, decision_reason TEXT);"
	"CREATE INDEX billing_request_tenant ON billing_request(account_id, tenant_id, status);"
	"CREATE INDEX billing_request_pending ON billing_request(status, expires_on);"
	"CREATE TRIGGER billing_request_decided BEFORE UPDATE ON billing_request"
	" WHEN OLD.status <> 'Pending'"
	" BEGIN SELECT RAISE(ABORT, 'a decided request never changes'); END;"

	/* The status of an assignment made through a request is the request's
	 * (DOMAIN.md §4): it is derived, not stored. */
	"CREATE TABLE role_assignment("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" scope TEXT NOT NULL,"
	" role_definition_id TEXT NOT NULL REFERENCES role_definition(id),"
	" principal_email TEXT NOT NULL COLLATE NOCASE,"
	" principal_tenant_id TEXT NOT NULL,"
	" request_id INTEGER REFERENCES billing_request(id),"
	" created_by TEXT NOT NULL, created_on TEXT NOT NULL);"
	"CREATE INDEX role_assignment_tenant ON role_assignment(account_id, principal_tenant_id);"
	"CREATE INDEX role_assignment_principal ON role_assignment(principal_email);"

	"CREATE TABLE associated_tenant("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" tenant_id TEXT," /* NULL while a domain waits to be resolved at sync */
	" domain TEXT COLLATE NOCASE,"
	" display_name TEXT NOT NULL,"
	" billing_management_state TEXT NOT NULL,"
	" provisioning_management_state TEXT NOT NULL,"
	" provisioning_request_id INTEGER REFERENCES billing_request(id),"
	" created_on TEXT NOT NULL,"
	" UNIQUE(account_id, tenant_id), UNIQUE(account_id, domain));"
	"CREATE INDEX associated_tenant_name ON associated_tenant(account_id, display_name COLLATE NOCASE, id);"

	"CREATE TABLE audit("
	" seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
	" before TEXT, after TEXT,"
	" prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"

	"CREATE TABLE sync_outbox("
	" id INTEGER PRIMARY KEY,"
	" created_on TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, body TEXT,"
	" attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, done_on TEXT);",

	/* 2: the console's sorted, filtered lists of associated tenants. One
	 * index per sort column keeps every order a keyset walk; a trigram
	 * index finds substrings of names, IDs and domains. */
	"CREATE INDEX associated_tenant_key ON associated_tenant(account_id, coalesce(tenant_id, domain), id);"
	"CREATE INDEX associated_tenant_billing ON associated_tenant(account_id, billing_management_state, id);"
	"CREATE INDEX associated_tenant_provisioning ON associated_tenant(account_id, provisioning_management_state, id);"
	"CREATE INDEX associated_tenant_added ON associated_tenant(account_id, created_on, id);"
	"CREATE VIRTUAL TABLE associated_tenant_fts USING fts5(display_name, tenant_id, domain,"
	" content='associated_tenant', content_rowid='id', tokenize='trigram');"
	FTS_INSERT_TRIGGER
	"CREATE TRIGGER associated_tenant_fts_delete AFTER DELETE ON associated_tenant BEGIN"
	" INSERT INTO associated_tenant_fts(associated_tenant_fts, rowid, display_name, tenant_id, domain)"
	" VALUES('delete', old.id, old.display_name, old.tenant_id, old.domain); END;"
	"CREATE TRIGGER associated_tenant_fts_update AFTER UPDATE OF display_name, tenant_id, domain"
	" ON associated_tenant BEGIN"
	" INSERT INTO associated_tenant_fts(associated_tenant_fts, rowid, display_name, tenant_id, domain)"
	" VALUES('delete', old.id, old.display_name, old.tenant_id, old.domain);"
	" INSERT INTO associated_tenant_fts(rowid, display_name, tenant_id, domain)"
	" VALUES(new.id, new.display_name, new.tenant_id, new.domain); END;"
	"INSERT INTO associated_tenant_fts(associated_tenant_fts) VALUES('rebuild');",

	/* 3: how many associated tenants each account has, kept by triggers in
	 * the same transaction as each insert and delete: count(*) over a
	 * million rows was most of the console's first frame. */
	"CREATE TABLE associated_tenant_count("
	" account_id INTEGER PRIMARY KEY REFERENCES billing_account(id), n INTEGER NOT NULL);"
	"INSERT INTO associated_tenant_count(account_id, n)"
	" SELECT account_id, count(*) FROM associated_tenant GROUP BY account_id;"
	COUNT_INSERT_TRIGGER
	"CREATE TRIGGER associated_tenant_count_delete AFTER DELETE ON associated_tenant BEGIN"
	" UPDATE associated_tenant_count SET n = n - 1 WHERE account_id = old.account_id; END;",

	/* 4: a row version for edits from two consoles at once; the outbox as
	 * intended changes (not HTTP calls: sync maps them later), each tied to
	 * its audit entry and saying whether it is ever pushed; drafts of forms
	 * (typed input, not billing changes: not audited, never pushed). The
	 * old outbox never held a row. */
	"ALTER TABLE associated_tenant ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	"DROP TABLE sync_outbox;"
	"CREATE TABLE sync_outbox("
	" id INTEGER PRIMARY KEY,"
	" audit_seq INTEGER NOT NULL,"
	" created_on TEXT NOT NULL,"
	" action TEXT NOT NULL, object TEXT NOT NULL, before TEXT, after TEXT,"
	" push INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, done_on TEXT);"
	"CREATE INDEX sync_outbox_waiting ON sync_outbox(push, done_on, id);"
	"CREATE TABLE draft("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL, actor TEXT NOT NULL COLLATE NOCASE,"
	" step TEXT NOT NULL DEFAULT '', fields TEXT NOT NULL, saved_on TEXT NOT NULL,"
	" UNIQUE(kind, actor));"
	/* An object's history, newest first, without reading the whole trail. */
	"CREATE INDEX audit_object ON audit(object, seq);",

	/* 5: the orders of the Access control list, each a keyset walk. */
	"CREATE INDEX role_assignment_user ON role_assignment(account_id, principal_email COLLATE NOCASE, id);"
	"CREATE INDEX role_assignment_tenant_id ON role_assignment(account_id, principal_tenant_id, id);"
	"CREATE INDEX role_assignment_role ON role_assignment(account_id, role_definition_id, id);"
	"CREATE INDEX role_assignment_added ON role_assignment(account_id, created_on, id);",

	/* 6: a trigram index for the Access control filter over users,
	 * tenants and role names; the names come from the definitions, so the
	 * index reads its content from a view. Assignments are never updated,
	 * only added and removed. */
	"CREATE VIEW role_assignment_search(id, principal_email, principal_tenant_id, role_name) AS"
	" SELECT ra.id, ra.principal_email, ra.principal_tenant_id, coalesce(rd.role_name, '')"
	" FROM role_assignment ra LEFT JOIN role_definition rd ON rd.id = ra.role_definition_id;"
	"CREATE VIRTUAL TABLE role_assignment_fts USING fts5(principal_email, principal_tenant_id, role_name,"
	" content='role_assignment_search', content_rowid='id', tokenize='trigram');"
	"INSERT INTO role_assignment_fts(role_assignment_fts) VALUES('rebuild');"
	ROLE_FTS_INSERT_TRIGGER
	"CREATE TRIGGER role_assignment_fts_delete AFTER DELETE ON role_assignment BEGIN"
	" INSERT INTO role_assignment_fts(role_assignment_fts, rowid, principal_email, principal_tenant_id, role_name)"
	" VALUES('delete', old.id, old.principal_email, old.principal_tenant_id,"
	" coalesce((SELECT role_name FROM role_definition WHERE id = old.role_definition_id), '')); END;",

	/* 7: the orders of Manage requests, each a keyset walk (pending first,
	 * then by status); a trigram index finds substrings of request names,
	 * types, states, addressees and requesters. A decision changes the
	 * status, so the index follows updates of it. */
	"CREATE INDEX billing_request_status ON billing_request(account_id, status <> 'Pending', status, id);"
	"CREATE INDEX billing_request_created ON billing_request(account_id, created_on, id);"
	"CREATE INDEX billing_request_expires ON billing_request(account_id, expires_on, id);"
	"CREATE INDEX billing_request_type ON billing_request(account_id, type, id);"
	"CREATE INDEX billing_request_addressee ON billing_request(account_id, addressee COLLATE NOCASE, id);"
	/* The assignment a decision flows to. */
	"CREATE INDEX role_assignment_request ON role_assignment(request_id);"
	"CREATE VIRTUAL TABLE billing_request_fts USING fts5(name, type, status, addressee, created_by,"
	" content='billing_request', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER billing_request_fts_insert AFTER INSERT ON billing_request BEGIN"
	" INSERT INTO billing_request_fts(rowid, name, type, status, addressee, created_by)"
	" VALUES(new.id, new.name, new.type, new.status, new.addressee, new.created_by); END;"
	"CREATE TRIGGER billing_request_fts_delete AFTER DELETE ON billing_request BEGIN"
	" INSERT INTO billing_request_fts(billing_request_fts, rowid, name, type, status, addressee, created_by)"
	" VALUES('delete', old.id, old.name, old.type, old.status, old.addressee, old.created_by); END;"
	"CREATE TRIGGER billing_request_fts_update AFTER UPDATE OF name, type, status, addressee, created_by"
	" ON billing_request BEGIN"
	" INSERT INTO billing_request_fts(billing_request_fts, rowid, name, type, status, addressee, created_by)"
	" VALUES('delete', old.id, old.name, old.type, old.status, old.addressee, old.created_by);"
	" INSERT INTO billing_request_fts(rowid, name, type, status, addressee, created_by)"
	" VALUES(new.id, new.name, new.type, new.status, new.addressee, new.created_by); END;"
	"INSERT INTO billing_request_fts(billing_request_fts) VALUES('rebuild');"
	/* How many requests each account has, for the list's footer, kept by
	 * triggers as associated tenants' are (migration 3). */
	"CREATE TABLE billing_request_count("
	" account_id INTEGER PRIMARY KEY REFERENCES billing_account(id), n INTEGER NOT NULL);"
	"INSERT INTO billing_request_count(account_id, n)"
	" SELECT account_id, count(*) FROM billing_request GROUP BY account_id;"
	"CREATE TRIGGER billing_request_count_insert AFTER INSERT ON billing_request BEGIN"
	" INSERT INTO billing_request_count(account_id, n) VALUES(new.account_id, 1)"
	" ON CONFLICT(account_id) DO UPDATE SET n = n + 1; END;"
	"CREATE TRIGGER billing_request_count_delete AFTER DELETE ON billing_request BEGIN"
	" UPDATE billing_request_count SET n = n - 1 WHERE account_id = old.account_id; END;",

	/* 8: the audit trail for auditors (doc/audit.md). The table is rebuilt
	 * without prev_hash, which repeated the entry before's hash (the hash
	 * still covers it), and with the billing account each entry belongs
	 * to, read from its object: an aid to list an account's entries that
	 * no hash covers. A word index (detail=column: words and the fields
	 * they are in, no positions) serves the filter, in entry order, and an
	 * object's history; the index of times serves since/until. The Merkle
	 * tree's stored hashes start empty and are built by the store once
	 * this has run (store_audit_tree_build). The origin names this store
	 * in its checkpoints. */
	"CREATE TABLE audit8("
	" seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
	" before TEXT, after TEXT, hash TEXT NOT NULL,"
	" account_id INTEGER);"
	"INSERT INTO audit8(seq, at, actor, action, object, before, after, hash, account_id)"
	" SELECT seq, at, actor, action, object, before, after, hash, " STORE_AUDIT_ACCOUNT_OF("audit.object")
	" FROM audit ORDER BY seq;"
	"DROP TABLE audit;"
	"ALTER TABLE audit8 RENAME TO audit;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
	"CREATE INDEX audit_at ON audit(at);"
	"CREATE INDEX audit_account ON audit(account_id, seq);"
	"CREATE VIRTUAL TABLE audit_fts USING fts5(actor, action, object, text,"
	" content='', detail=column, columnsize=0, tokenize=\"unicode61 tokenchars '._@-'\");"
	"INSERT INTO audit_fts(rowid, actor, action, object, text)"
	" SELECT seq, actor, action, object, coalesce(before, '') || ' ' || coalesce(after, '') FROM audit;"
	AUDIT_FTS_INSERT_TRIGGER
	"CREATE TABLE audit_tree(id INTEGER PRIMARY KEY, hash BLOB NOT NULL);"
	"CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree"
	" BEGIN SELECT RAISE(ABORT, 'the audit tree is append-only'); END;"
	"CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree"
	" BEGIN SELECT RAISE(ABORT, 'the audit tree is append-only'); END;"
	"INSERT INTO meta(key, value) VALUES('audit_origin', 'billcon/' || lower(hex(randomblob(8))));",

	/* 9: the Partner Center account, its tenants and the history of the
	 * billing account and profile linked to it (DOMAIN.md §6). The legal
	 * profile is what a new billing account is prefilled from; a link
	 * ends (unlinked_on) when another replaces it, so the history is
	 * every row, and at most one is current. */
	"CREATE TABLE partner_account("
	" id INTEGER PRIMARY KEY,"
	" partner_id TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'Active',"
	" purchase_tenant_id TEXT,"
	" legal_company TEXT NOT NULL DEFAULT '',"
	" legal_address TEXT NOT NULL DEFAULT '',"
	" legal_country TEXT NOT NULL DEFAULT '',"
	" legal_contact TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE partner_tenant("
	" partner INTEGER NOT NULL REFERENCES partner_account(id),"
	" tenant_id TEXT NOT NULL,"
	" PRIMARY KEY(partner, tenant_id));"
	"CREATE TABLE partner_link("
	" id INTEGER PRIMARY KEY,"
	" partner INTEGER NOT NULL REFERENCES partner_account(id),"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" profile_id INTEGER NOT NULL REFERENCES billing_profile(id),"
	" linked_by TEXT NOT NULL, linked_on TEXT NOT NULL,"
	" unlinked_on TEXT);"
	"CREATE UNIQUE INDEX partner_link_current ON partner_link(partner) WHERE unlinked_on IS NULL;"
	"CREATE INDEX partner_link_history ON partner_link(partner, id);",

	/* 10: Azure Stack as a Cloud Solution Provider (DOMAIN.md §7). The CSP
	 * subscriptions the partner knows (from Partner Center, or entered by
	 * hand): their type, partner and tenant are what the rules check. A
	 * deployment has one registration, whose subscription is its default
	 * subscription; a registration's customer subscriptions say where each
	 * tenant's usage goes. Subscription IDs compare whatever their case,
	 * as ARM's do. */
	"CREATE TABLE csp_subscription("
	" id INTEGER PRIMARY KEY,"
	" subscription_id TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" display_name TEXT NOT NULL DEFAULT '',"
	" type TEXT NOT NULL CHECK(type IN ('CSP', 'CSPSS', 'Other')),"
	" partner_id TEXT NOT NULL DEFAULT '',"
	" tenant_id TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE stack_deployment("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" admin_tenant_id TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE stack_registration("
	" id INTEGER PRIMARY KEY,"
	" deployment INTEGER NOT NULL UNIQUE REFERENCES stack_deployment(id),"
	" subscription_id TEXT NOT NULL COLLATE NOCASE,"
	" resource_group TEXT NOT NULL,"
	" name TEXT NOT NULL,"
	" type TEXT NOT NULL CHECK(type IN ('CSP', 'CSPSS')),"
	" registering_tenant_id TEXT NOT NULL DEFAULT '',"
	" UNIQUE(subscription_id, resource_group, name));"
	"CREATE TABLE stack_customer("
	" registration INTEGER NOT NULL REFERENCES stack_registration(id),"
	" subscription_id TEXT NOT NULL COLLATE NOCASE,"
	" tenant_id TEXT NOT NULL,"
	" added_by TEXT NOT NULL, added_on TEXT NOT NULL,"
	" PRIMARY KEY(registration, subscription_id));"
	"CREATE INDEX stack_customer_tenant ON stack_customer(registration, tenant_id);",

	/* 11: the hierarchy's details, invoices, usage and onboarding (DOMAIN.md
	 * §2, §7). A profile's invoice day and currency (ARM's invoiceDay and
	 * currency). A subscription's SKU (ARM's skuDescription) and, when it
	 * was linked from another tenant's billing (ownership transfer), the
	 * account it came from and when: its service tenant never changes.
	 * The tree pages by parent then display name, each level with its own
	 * index. */
	"ALTER TABLE billing_profile ADD COLUMN invoice_day INTEGER NOT NULL DEFAULT 5;"
	"ALTER TABLE billing_profile ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';"
	"ALTER TABLE subscription ADD COLUMN sku TEXT NOT NULL DEFAULT 'Microsoft Azure Plan';"
	"ALTER TABLE subscription ADD COLUMN transferred_from TEXT;"
	"ALTER TABLE subscription ADD COLUMN transferred_on TEXT;"
	"CREATE INDEX billing_profile_tree ON billing_profile(account_id, display_name COLLATE NOCASE, id);"
	"CREATE INDEX invoice_section_tree ON invoice_section(profile_id, display_name COLLATE NOCASE, id);"
	"CREATE INDEX subscription_tree ON subscription(section_id, display_name COLLATE NOCASE, id);"
	/* Invoices belong to a profile; the account is kept beside it so an
	 * account's list pages by an index of its own. Amounts are in the
	 * currency's minor unit (cents), never floating point. */
	"CREATE TABLE invoice("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES billing_account(id),"
	" profile_id INTEGER NOT NULL REFERENCES billing_profile(id),"
	" name TEXT NOT NULL UNIQUE,"
	" invoice_date TEXT NOT NULL,"
	" period_start TEXT NOT NULL, period_end TEXT NOT NULL,"
	" due_date TEXT NOT NULL,"
	" amount_minor INTEGER NOT NULL,"
	" currency TEXT NOT NULL,"
	" status TEXT NOT NULL,"
	" document_url TEXT);"
	"CREATE INDEX invoice_account_date ON invoice(account_id, invoice_date, id);"
	"CREATE INDEX invoice_profile_date ON invoice(profile_id, invoice_date, id);"
	"CREATE INDEX invoice_account_status ON invoice(account_id, status, invoice_date, id);"
	/* Azure Stack usage: each import (one audit entry), its rows with the
	 * subscription each was charged to and whether that was the default
	 * subscription (the tenant was not registered), and running totals
	 * the report and blade read without scanning the rows. */
	"CREATE TABLE usage_import("
	" id INTEGER PRIMARY KEY,"
	" file_name TEXT NOT NULL, file_hash TEXT NOT NULL,"
	" rows INTEGER NOT NULL,"
	" imported_by TEXT NOT NULL, imported_on TEXT NOT NULL);"
	"CREATE TABLE usage_record("
	" id INTEGER PRIMARY KEY,"
	" import_id INTEGER NOT NULL REFERENCES usage_import(id),"
	" deployment INTEGER NOT NULL REFERENCES stack_deployment(id),"
	" tenant_id TEXT NOT NULL COLLATE NOCASE,"
	" meter TEXT NOT NULL,"
	" quantity REAL NOT NULL,"
	" start_on TEXT NOT NULL, end_on TEXT NOT NULL,"
	" subscription_id TEXT NOT NULL COLLATE NOCASE,"
	" fallback INTEGER NOT NULL);"
	"CREATE TABLE usage_total("
	" deployment INTEGER NOT NULL REFERENCES stack_deployment(id),"
	" tenant_id TEXT NOT NULL COLLATE NOCASE,"
	" meter TEXT NOT NULL,"
	" subscription_id TEXT NOT NULL COLLATE NOCASE,"
	" fallback INTEGER NOT NULL,"
	" rows INTEGER NOT NULL,"
	" quantity REAL NOT NULL,"
	" PRIMARY KEY(deployment, tenant_id, meter, subscription_id)) WITHOUT ROWID;"
	/* An end customer's Azure Stack onboarding (DOMAIN.md §7): one per
	 * customer tenant, the management choice, and the steps ticked by
	 * hand with who and when (steps the data shows are derived, never
	 * stored). A step is named by a word, with the deployment after a
	 * colon for the per-deployment ones ("onboarded:stack-dublin"). */
	"CREATE TABLE stack_onboarding("
	" id INTEGER PRIMARY KEY,"
	" tenant_id TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" customer TEXT NOT NULL,"
	" management TEXT CHECK(management IN ('csp', 'guest')),"
	" guest_email TEXT,"
	" started_by TEXT NOT NULL, started_on TEXT NOT NULL);"
	"CREATE TABLE stack_onboarding_step("
	" onboarding INTEGER NOT NULL REFERENCES stack_onboarding(id),"
	" step TEXT NOT NULL,"
	" done_by TEXT NOT NULL, done_on TEXT NOT NULL,"
	" PRIMARY KEY(onboarding, step));",

	/* 12: filters and orders of the invoice list and the hierarchy at
	 * 100,000 rows (doc/performance.md). A trigram index of each invoice's
	 * number, status, currency and profile's display name (the profile's
	 * name copied when the invoice is written: profiles are not renamed
	 * here), and of each subscription's display name and ID, as the other
	 * lists have; an index for the amount order; each account's invoice
	 * count kept by triggers, as its tenants' and requests' are. */
	"CREATE INDEX invoice_account_amount ON invoice(account_id, amount_minor, id);"
	"CREATE VIRTUAL TABLE invoice_fts USING fts5(name, status, currency, profile, tokenize='trigram');"
	"INSERT INTO invoice_fts(rowid, name, status, currency, profile)"
	" SELECT i.id, i.name, i.status, i.currency, p.display_name FROM invoice i"
	" JOIN billing_profile p ON p.id = i.profile_id;"
	"CREATE TRIGGER invoice_fts_insert AFTER INSERT ON invoice BEGIN"
	" INSERT INTO invoice_fts(rowid, name, status, currency, profile)"
	" VALUES(new.id, new.name, new.status, new.currency,"
	" (SELECT display_name FROM billing_profile WHERE id = new.profile_id)); END;"
	"CREATE TRIGGER invoice_fts_delete AFTER DELETE ON invoice BEGIN"
	" DELETE FROM invoice_fts WHERE rowid = old.id; END;"
	"CREATE TRIGGER invoice_fts_update AFTER UPDATE OF name, status, currency, profile_id ON invoice BEGIN"
	" UPDATE invoice_fts SET name = new.name, status = new.status, currency = new.currency,"
	" profile = (SELECT display_name FROM billing_profile WHERE id = new.profile_id)"
	" WHERE rowid = new.id; END;"
	"CREATE TABLE invoice_count("
	" account_id INTEGER PRIMARY KEY REFERENCES billing_account(id), n INTEGER NOT NULL);"
	"INSERT INTO invoice_count(account_id, n) SELECT account_id, count(*) FROM invoice GROUP BY account_id;"
	"CREATE TRIGGER invoice_count_insert AFTER INSERT ON invoice BEGIN"
	" INSERT INTO invoice_count(account_id, n) VALUES(new.account_id, 1)"
	" ON CONFLICT(account_id) DO UPDATE SET n = n + 1; END;"
	"CREATE TRIGGER invoice_count_delete AFTER DELETE ON invoice BEGIN"
	" UPDATE invoice_count SET n = n - 1 WHERE account_id = old.account_id; END;"
	"CREATE VIRTUAL TABLE subscription_fts USING fts5(display_name, subscription_id,"
	" content='subscription', content_rowid='id', tokenize='trigram');"
	"CREATE TRIGGER subscription_fts_insert AFTER INSERT ON subscription BEGIN"
	" INSERT INTO subscription_fts(rowid, display_name, subscription_id)"
	" VALUES(new.id, new.display_name, new.subscription_id); END;"
	"CREATE TRIGGER subscription_fts_delete AFTER DELETE ON subscription BEGIN"
	" INSERT INTO subscription_fts(subscription_fts, rowid, display_name, subscription_id)"
	" VALUES('delete', old.id, old.display_name, old.subscription_id); END;"
	"CREATE TRIGGER subscription_fts_update AFTER UPDATE OF display_name, subscription_id ON subscription BEGIN"
	" INSERT INTO subscription_fts(subscription_fts, rowid, display_name, subscription_id)"
	" VALUES('delete', old.id, old.display_name, old.subscription_id);"
	" INSERT INTO subscription_fts(rowid, display_name, subscription_id)"
	" VALUES(new.id, new.display_name, new.subscription_id); END;"
	"INSERT INTO subscription_fts(subscription_fts) VALUES('rebuild');",

	/* 13: pulling from ARM (issue 11). The store's binding to its remote is
	 * in meta (remote_endpoint, remote_tenant; a demo store has demo = 1).
	 * Each pulled object is kept whole, by its ARM resource ID as given
	 * (DOMAIN.md §9), so that unknown properties and enum values are never
	 * lost and a change is told from the JSON itself; the listing it came
	 * from and the run that last saw it say what a complete listing left
	 * out (marked removed, never deleted); row is the table row it maps to,
	 * if any. A listing's cursor is written in the same transaction as the
	 * page it follows, so a pull killed mid-way resumes there (next_url
	 * NULL: the last run finished). Pending pushes are found by object. */
	"CREATE TABLE remote_object("
	" id TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" listing TEXT NOT NULL,"
	" json TEXT NOT NULL,"
	" pulled_on TEXT NOT NULL,"
	" run INTEGER NOT NULL,"
	" row INTEGER,"
	" removed_on TEXT);"
	"CREATE INDEX remote_object_listing ON remote_object(listing, run);"
	"CREATE TABLE sync_cursor("
	" listing TEXT PRIMARY KEY,"
	" next_url TEXT,"
	" run INTEGER NOT NULL,"
	" pages INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX sync_outbox_pending ON sync_outbox(object) WHERE push = 1 AND done_on IS NULL;",

	/* 14: conflicts (issue 11; there are no ETags). base is the object's
	 * JSON as last pulled when the change was made (NULL: none pulled, or
	 * not known since a push of ours), what the read-back before a push
	 * compares with; a pull in between does not move it. conflict is
	 * their JSON when the read-back differed ('' when they removed it, or
	 * for a creation the JSON of what exists); resolution 'mine' sends the
	 * change without a read-back. Changes waiting already take the last
	 * pull's JSON as their base, the first to each object only. The
	 * index finds an object's changes, settled or not, as a change is
	 * queued. */
	"CREATE INDEX sync_outbox_object ON sync_outbox(object, done_on) WHERE push = 1;"
	"ALTER TABLE sync_outbox ADD COLUMN base TEXT;"
	"ALTER TABLE sync_outbox ADD COLUMN conflict TEXT;"
	"ALTER TABLE sync_outbox ADD COLUMN resolution TEXT CHECK(resolution IN ('mine'));"
	"UPDATE sync_outbox SET base = (SELECT r.json FROM remote_object r WHERE r.id = sync_outbox.object"
	" AND r.removed_on IS NULL) WHERE done_on IS NULL AND push = 1 AND NOT EXISTS(SELECT 1 FROM sync_outbox o"
	" WHERE o.object = sync_outbox.object AND o.push = 1 AND o.done_on IS NULL AND o.id < sync_outbox.id);",

	/* 15: a pull defers the full-text indexing of its batch by a row in
	 * fts_defer, never committed (see DEFERRABLE above), not by dropping
	 * the insert triggers. role_assignment_tenant holds what
	 * role_assignment_tenant_id (migration 5) holds, in the same order (an
	 * index ends with the row ID anyway): one B-tree less per assignment
	 * written, and the planner takes the other for the same lookups. */
	"CREATE TABLE fts_defer(one INTEGER PRIMARY KEY CHECK(one = 1));"
	"DROP INDEX IF EXISTS role_assignment_tenant;"
	"DROP TRIGGER IF EXISTS associated_tenant_fts_insert;"
	"DROP TRIGGER IF EXISTS role_assignment_fts_insert;"
	"DROP TRIGGER IF EXISTS audit_fts_insert;"
	FTS_INSERT_TRIGGER_15
	ROLE_FTS_INSERT_TRIGGER_15
	AUDIT_FTS_INSERT_TRIGGER_15,

	/* 16: an object's waiting changes, pushed or local-only: a role
	 * assignment a POST made takes the service's name
	 * (store_outbox_retarget) after each POST, which scanned the whole
	 * outbox, settled rows too (a push of 10,000 assignments: 19 s of
	 * CPU in the scans). The same rename moves the pending request that
	 * approves the assignment (store_role_rename). */
	"CREATE INDEX sync_outbox_waiting_object ON sync_outbox(object) WHERE done_on IS NULL;"
	"CREATE INDEX billing_request_object ON billing_request(object) WHERE status = 'Pending';",
};

int
store_schema_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *
store_schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= store_schema_count())
		return NULL;
	return migrations[from_version];
}

const char *
store_schema_fts_insert_trigger(void)
{
	return FTS_INSERT_TRIGGER_15;
}

const char *
store_schema_role_fts_insert_trigger(void)
{
	return ROLE_FTS_INSERT_TRIGGER_15;
}

const char *
store_schema_count_insert_trigger(void)
{
	return COUNT_INSERT_TRIGGER;
}

const char *
store_schema_audit_fts_insert_trigger(void)
{
	return AUDIT_FTS_INSERT_TRIGGER_15;
}
