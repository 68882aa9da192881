/* app_linkdraft: the link wizard's choices and fields (struct core_link)
 * as the JSON of its draft, and back. A draft is read from the store,
 * where anything may have been written: the parser takes any bytes. It
 * needs no store (its fuzz target links it alone). */
#ifndef BILLCON_APP_LINKDRAFT_H
#define BILLCON_APP_LINKDRAFT_H

#include <stdbool.h>

#include <jansson.h>

#include "billcon/core_link.h"

/* l's choices and fields (not the facts, which the store answers again)
 * as a new JSON object; NULL when out of memory. */
json_t *app_linkdraft_json(const struct core_link *l);

/* Reads choices and fields written by app_linkdraft_json from the JSON
 * text fields into l (cleared first; what is missing or of another type
 * is left empty, an unknown mode is a first link); false when fields is
 * not a JSON object. The facts are not filled in. */
bool app_linkdraft_parse(const char *fields, struct core_link *l);

#endif
