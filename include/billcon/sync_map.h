/* sync_map: one page of an ARM list response (value[] and nextLink), or of
 * a Microsoft Graph v1.0 one (value[] and @odata.nextLink), into
 * plain structs (core_remote.h). Text is never refused (NUL, control
 * characters, bidi marks are kept as sent); unknown properties and enum
 * values ride along in each item's raw JSON. */
#ifndef BILLCON_SYNC_MAP_H
#define BILLCON_SYNC_MAP_H

#include <stddef.h>

#include "billcon/core_remote.h"
#include "billcon/core_status.h"

/* Deepest nesting of arrays and objects a page may have. */
#define SYNC_MAP_MAX_DEPTH 64

/* Parses body (len bytes, not necessarily terminated) as one page of a
 * listing of kind into *page (emptied first; core_remote_page_free it
 * either way). A page that is not JSON, nests deeper than
 * SYNC_MAP_MAX_DEPTH, has no value array, or whose items are not objects
 * with a string id: CORE_REMOTE with one sentence, *page empty. */
enum core_status sync_map_page(enum core_remote_kind kind, const char *body, size_t len,
			       struct core_remote_page *page, struct core_error *err);

/* One object's JSON (body, len bytes: a GET's answer) in the form a pull
 * keeps of each listed object (compact, keys sorted), malloc'd; NULL when
 * it is not a JSON object or memory ran out. */
char *sync_map_object_json(const char *body, size_t len);

/* As sync_map_page for a Graph page of kind (CORE_REMOTE_DIR_*): items in
 * value[], the next page in @odata.nextLink; the authorization policy is
 * one object, mapped as a page of one. Graph's id (a GUID, a domain name,
 * "authorizationPolicy") is kept as given in each item's name; its id is
 * scope + "/" + a key that stays unique across listings: a user's email
 * (CORE_RF_EMAIL: mail, else the userPrincipalName, a guest's
 * "alice_fabrikam.com#EXT#@..." read back as alice@fabrikam.com), else the
 * Graph id; a Global administrator's is followed by CORE_REMOTE_ADMIN_SUFFIX. */
enum core_status sync_map_graph_page(enum core_remote_kind kind, const char *scope, const char *body,
				     size_t len, struct core_remote_page *page, struct core_error *err);

#endif
