/* app_pullread: a listing's pages fetched and mapped on a thread of their
 * own, a bounded number ahead of the pull that writes them, so that a pull
 * costs the longer of fetching and writing rather than their sum, and the
 * parsing of pages runs beside the store's work. The reader only fetches
 * (the caller's fetch function) and maps (sync_map_page): it never touches
 * the store, so each page's cursor is still written with the page. */
#ifndef BILLCON_APP_PULLREAD_H
#define BILLCON_APP_PULLREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/app_pull.h"
#include "billcon/core_remote.h"
#include "billcon/core_status.h"

struct app_pullread;

/* Starts reading the listing of kind from url (taken: freed by the reader)
 * with p's fetch function, each page's nextLink followed exactly as given,
 * holding at most ahead pages (at least 1) not yet taken. p's fetch
 * function and its context are the reader's until app_pullread_free.
 * *out: free with app_pullread_free. */
enum core_status app_pullread_start(const struct app_pull *p, enum core_remote_kind kind, char *url,
				    size_t ahead, struct app_pullread **out, struct core_error *err);

/* The next page, in order, into *page (the caller frees it with
 * core_remote_page_free); waits for it. *done is true, with no page, after
 * the last page was taken. A page that could not be fetched or mapped is
 * its status and sentence, after every page before it was taken. */
enum core_status app_pullread_next(struct app_pullread *r, struct core_remote_page *page, bool *done,
				   struct core_error *err);

/* Stops the reader (a fetch under way ends first), waits for it and frees
 * the pages not taken; NULL allowed. */
void app_pullread_free(struct app_pullread *r);

#endif
