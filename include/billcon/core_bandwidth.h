/* core_bandwidth: how fast the link to the terminal is, and whether the
 * console draws lean (the low-bandwidth mode, doc/billcon.1 LOW BANDWIDTH).
 *
 * The console times the terminal's answer to a cursor position report sent
 * right after a frame (ui_screen_probe); each answer is one sample: the
 * bytes the frame sent before the report and the milliseconds to the
 * answer. A slow sample turns the mode on in auto, a clearly fast one off
 * again (the gap between the two keeps it from flapping). The mode may also
 * be forced on or off by the option, the setting or the toggle key. */
#ifndef BILLCON_CORE_BANDWIDTH_H
#define BILLCON_CORE_BANDWIDTH_H

#include <stdbool.h>
#include <stddef.h>

enum core_bandwidth_mode {
	CORE_BANDWIDTH_AUTO = 0,  /* measured: on when the link is slow */
	CORE_BANDWIDTH_ON,
	CORE_BANDWIDTH_OFF,
};

/* Slow: a round trip over SLOW_MS, or a frame arriving under SLOW_BPS. */
#define CORE_BANDWIDTH_SLOW_MS 150
#define CORE_BANDWIDTH_SLOW_BPS 2048
/* Fast again (auto turns the mode off): under FAST_MS and over FAST_BPS. */
#define CORE_BANDWIDTH_FAST_MS 100
#define CORE_BANDWIDTH_FAST_BPS 4096

struct core_bandwidth {
	enum core_bandwidth_mode mode;  /* as asked; the toggle key makes it ON or OFF */
	bool lean;                      /* drawing lean now */
	int rtt_ms;                     /* the last sample's time to the answer, -1 none */
	size_t rtt_bytes;               /* the bytes sent before that sample's report */
};

/* Starts b in mode (lean at once when ON; auto starts off until a sample
 * says the link is slow). */
void core_bandwidth_init(struct core_bandwidth *b, enum core_bandwidth_mode mode);

/* Parses "on", "off" or "auto" into *mode; false for anything else. */
bool core_bandwidth_mode_parse(const char *s, enum core_bandwidth_mode *mode);

/* Takes one sample: bytes written just before the report, ms to its
 * answer. In auto it may turn lean on or off; true when lean changed. */
bool core_bandwidth_sample(struct core_bandwidth *b, size_t bytes, int ms);

/* The toggle key: the other of lean and not, kept (auto stops deciding
 * until the next start). Returns the new lean. */
bool core_bandwidth_toggle(struct core_bandwidth *b);

/* How long an Esc waits for the rest of a key's sequence, in ms: 25 on a
 * fast link; on a slow one half the round trip (at most 500), so that an
 * arrow key split by the link is not read as Esc and a letter. */
int core_bandwidth_escdelay(const struct core_bandwidth *b);

/* The title's words for the link into out (size bytes), returned: "" when
 * nothing is known; "low bandwidth, link 312 ms", "link 3 ms", or "low
 * bandwidth" when on without a sample. */
const char *core_bandwidth_words(const struct core_bandwidth *b, char *out, size_t size);

#endif
