/* ui_sync: the sync blade (:sync, issue 11): the waiting changes of the
 * outbox as the plan reads them, a page at a time: when each was made, its
 * action and object, its state in words (push, sent, failed, held,
 * local-only) and the call push makes; the counts, where the store syncs
 * to, and the last sync's summary above; Enter for a change's before and
 * after, its call and its ARM error; y copies the object's ID. Starting a
 * sync from here is the lead's (the summary line is its place). */
#ifndef BILLCON_UI_SYNC_H
#define BILLCON_UI_SYNC_H

#include "billcon/ui_console.h"

extern const struct ui_view_ops ui_sync_view;

#endif
