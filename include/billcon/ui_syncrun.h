/* ui_syncrun: a sync started from the console (the sync key, `f`), run in
 * the background as a child `billcon sync` (app_job): the console stays
 * responsive, the status line shows the listing and page being pulled and
 * the changes pushed, a device code sign-in is shown in a dialog (`y`
 * copies the URL), Esc cancels, and the end says what was done or why not. */
#ifndef BILLCON_UI_SYNCRUN_H
#define BILLCON_UI_SYNCRUN_H

#include <stdbool.h>
#include <stddef.h>

struct ui_console;
struct ui_syncrun;

/* Starts a sync of the console's store in the background; *run holds it
 * (made on first use, freed by ui_syncrun_free). A sync already running,
 * a read-only console or the demo store are refused on the status line. */
void ui_syncrun_start(struct ui_console *c, struct ui_syncrun **run);

/* Reads the sync's progress (never blocks); true when the console should
 * redraw. At its end the status line says what was done, and the lists
 * read the store afresh. */
bool ui_syncrun_tick(struct ui_console *c, struct ui_syncrun *run);

/* Whether a sync is running. */
bool ui_syncrun_running(const struct ui_syncrun *run);

/* Cancels a running sync (Esc): what was pulled stays, the next sync
 * resumes. */
void ui_syncrun_cancel(struct ui_console *c, struct ui_syncrun *run);

/* The status line while a sync runs, into out (size bytes); false when
 * none runs. */
bool ui_syncrun_line(const struct ui_syncrun *run, char *out, size_t size);

/* Stops a running sync and frees run; NULL is allowed. */
void ui_syncrun_free(struct ui_syncrun *run);

#endif
