/* app_json: text as JSON strings, for the payloads app/ writes (audit
 * entries, drafts, the command line's JSON). It needs no store, so that a
 * parser's fuzz target can link it alone. */
#ifndef BILLCON_APP_JSON_H
#define BILLCON_APP_JSON_H

#include <jansson.h>

/* Text from the store, a path or the API as a JSON string: bytes that are
 * not UTF-8 written as \xNN (core_text_utf8), so that output is always
 * valid JSON and nothing is dropped; JSON null only when out of memory. */
json_t *app_json_text(const char *s);

#endif
