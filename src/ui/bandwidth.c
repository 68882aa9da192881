#include "config.h"

#include "billcon/ui_bandwidth.h"
#include "billcon/ui_screen.h"
#include "billcon/ui_wire.h"

static void
apply(const struct ui_bandwidth *b)
{
	ui_screen_set_lean(b->link.lean);
	ui_screen_set_escdelay(core_bandwidth_escdelay(&b->link));
}

void
ui_bandwidth_start(struct ui_bandwidth *b, enum core_bandwidth_mode mode)
{
	core_bandwidth_init(&b->link, mode);
	b->idle_ms = 0;
	apply(b);
}

void
ui_bandwidth_first_frame(void)
{
	ui_screen_probe(true);
}

bool
ui_bandwidth_poll(struct ui_bandwidth *b, int idle_ms)
{
	size_t ahead;
	int ms;

	b->idle_ms = idle_ms > 0 ? b->idle_ms + idle_ms : 0;
	/* Nothing is on its way after a quiet while: the answer times the
	 * round trip alone. */
	if (b->idle_ms >= UI_BANDWIDTH_PROBE_IDLE_MS) {
		ui_screen_probe(false);
		b->idle_ms = 0;
	}
	if (!ui_wire_sample(&ahead, &ms))
		return false;
	if (core_bandwidth_sample(&b->link, ahead, ms))
		apply(b);
	return true;
}

bool
ui_bandwidth_toggle(struct ui_bandwidth *b)
{
	core_bandwidth_toggle(&b->link);
	apply(b);
	return b->link.lean;
}

const char *
ui_bandwidth_words(const struct ui_bandwidth *b, char *out, size_t size)
{
	return core_bandwidth_words(&b->link, out, size);
}
