#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_bandwidth.h"

void
core_bandwidth_init(struct core_bandwidth *b, enum core_bandwidth_mode mode)
{
	b->mode = mode;
	b->lean = mode == CORE_BANDWIDTH_ON;
	b->rtt_ms = -1;
	b->rtt_bytes = 0;
}

bool
core_bandwidth_mode_parse(const char *s, enum core_bandwidth_mode *mode)
{
	static const char *const words[] = { [CORE_BANDWIDTH_AUTO] = "auto", [CORE_BANDWIDTH_ON] = "on",
					     [CORE_BANDWIDTH_OFF] = "off" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (s && strcmp(s, words[i]) == 0) {
			*mode = (enum core_bandwidth_mode)i;
			return true;
		}
	return false;
}

/* True when bytes answered within ms fit a link no slower than limit_ms of
 * round trip and bps of throughput: the report's answer waits for both. */
static bool
within(size_t bytes, int ms, int limit_ms, int bps)
{
	return (double)ms <= (double)limit_ms + (double)bytes * 1000.0 / bps;
}

bool
core_bandwidth_sample(struct core_bandwidth *b, size_t bytes, int ms)
{
	bool was = b->lean;

	b->rtt_ms = ms < 0 ? 0 : ms;
	b->rtt_bytes = bytes;
	if (b->mode != CORE_BANDWIDTH_AUTO)
		return false;
	if (!within(bytes, b->rtt_ms, CORE_BANDWIDTH_SLOW_MS, CORE_BANDWIDTH_SLOW_BPS))
		b->lean = true;
	else if (within(bytes, b->rtt_ms, CORE_BANDWIDTH_FAST_MS, CORE_BANDWIDTH_FAST_BPS))
		b->lean = false;
	return b->lean != was;
}

bool
core_bandwidth_toggle(struct core_bandwidth *b)
{
	b->lean = !b->lean;
	b->mode = b->lean ? CORE_BANDWIDTH_ON : CORE_BANDWIDTH_OFF;
	return b->lean;
}

int
core_bandwidth_escdelay(const struct core_bandwidth *b)
{
	int half = b->rtt_ms / 2;

	if (!b->lean || half < 25)
		return 25;
	return half > 500 ? 500 : half;
}

const char *
core_bandwidth_words(const struct core_bandwidth *b, char *out, size_t size)
{
	if (b->rtt_ms < 0)
		snprintf(out, size, "%s", b->lean ? "low bandwidth" : "");
	else
		snprintf(out, size, "%s%d ms", b->lean ? "low bandwidth, link " : "link ", b->rtt_ms);
	return out;
}
