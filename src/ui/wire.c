#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "billcon/ui_screen.h"
#include "billcon/ui_wire.h"

/* Saves the cursor, goes to the last line (so that the answer, ESC [ LINES
 * ; 1 R, is never ESC [ 1 ; n R, which some terminals send for F1-F4 with a
 * modifier), asks, and puts the cursor back: ncurses' idea of it holds. */
static const char probe[] = "\0337\033[999;1H\033[6n\0338";

static struct {
	int io;                 /* /proc/self/io, -1 when unknown */
	bool waiting;
	struct timespec sent;
	size_t ahead;
	bool ready;
	size_t sample_ahead;
	int sample_ms;
} w = { .io = -1 };

void
ui_wire_open(void)
{
	memset(&w, 0, sizeof(w));
	w.io = open("/proc/self/io", O_RDONLY | O_CLOEXEC);
}

void
ui_wire_close(void)
{
	if (w.io >= 0)
		close(w.io);
	memset(&w, 0, sizeof(w));
	w.io = -1;
}

size_t
ui_wire_written(void)
{
	char buf[512], *p;
	ssize_t n;

	if (w.io < 0 || (n = pread(w.io, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, "wchar:");
	return p ? (size_t)strtoull(p + 6, NULL, 10) : 0;
}

static long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000L + (now.tv_nsec - t->tv_nsec) / 1000000L;
}

bool
ui_wire_probe(int fd, size_t ahead)
{
	if (w.waiting)
		return false;
	if (!ui_write_all(fd, probe, sizeof(probe) - 1))
		return false;
	clock_gettime(CLOCK_MONOTONIC, &w.sent);
	w.ahead = ahead;
	w.waiting = true;
	return true;
}

bool
ui_wire_waiting(void)
{
	return w.waiting;
}

int
ui_wire_match(const int *keys, int n)
{
	int i, digits = 0, semis = 0;

	if (n < 1)
		return 0;
	if (keys[0] != '[')
		return -1;
	for (i = 1; i < n; i++) {
		if (keys[i] >= '0' && keys[i] <= '9' && digits < 5) {
			digits++;
		} else if (keys[i] == ';' && digits > 0 && semis == 0) {
			semis++;
			digits = 0;
		} else if (keys[i] == 'R' && digits > 0 && semis == 1) {
			return i == n - 1 ? 1 : -1;
		} else {
			return -1;
		}
	}
	return 0;
}

void
ui_wire_answered(void)
{
	if (!w.waiting)
		return;
	w.waiting = false;
	w.sample_ahead = w.ahead;
	w.sample_ms = (int)ms_since(&w.sent);
	w.ready = true;
}

bool
ui_wire_sample(size_t *ahead, int *ms)
{
	if (!w.ready)
		return false;
	w.ready = false;
	*ahead = w.sample_ahead;
	*ms = w.sample_ms;
	return true;
}
