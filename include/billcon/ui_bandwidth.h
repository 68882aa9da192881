/* ui_bandwidth: the low-bandwidth mode in the console: the probes of the
 * link (ui_screen_probe) at start and now and then when idle, the samples
 * handed to core_bandwidth, and what its decision changes on screen (lean
 * drawing, ESCDELAY). */
#ifndef BILLCON_UI_BANDWIDTH_H
#define BILLCON_UI_BANDWIDTH_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_bandwidth.h"

/* Idle this long, the console probes the link again. */
#define UI_BANDWIDTH_PROBE_IDLE_MS 10000

struct ui_bandwidth {
	struct core_bandwidth link;
	int idle_ms;  /* since the last key or probe */
};

/* Starts the mode as asked (lean at once when forced on). */
void ui_bandwidth_start(struct ui_bandwidth *b, enum core_bandwidth_mode mode);

/* Called right after the first frame: probes with that frame on its way. */
void ui_bandwidth_first_frame(void);

/* Called once a loop turn: idle_ms the wait that brought no key (0 after a
 * key). Probes when idle long enough, takes in an answer; true when the
 * screen should be drawn again (the mode or the title's words changed). */
bool ui_bandwidth_poll(struct ui_bandwidth *b, int idle_ms);

/* The toggle key: lean or not by hand from now. Returns the new lean. */
bool ui_bandwidth_toggle(struct ui_bandwidth *b);

/* The title's words for the link (core_bandwidth_words). */
const char *ui_bandwidth_words(const struct ui_bandwidth *b, char *out, size_t size);

#endif
