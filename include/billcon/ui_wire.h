/* ui_wire: the link between the console and its terminal: the bytes the
 * console has written, and the round trip probe (a cursor position report,
 * ESC [ 6 n, whose answer ESC [ row ; col R the terminal sends back once it
 * has drawn everything before it). core_bandwidth decides what the samples
 * mean; this module only sends, recognises and times. */
#ifndef BILLCON_UI_WIRE_H
#define BILLCON_UI_WIRE_H

#include <stdbool.h>
#include <stddef.h>

/* Starts counting (the process's bytes written, from /proc/self/io: ncurses
 * writes to the terminal's descriptor itself, so no FILE in between could
 * count them); without /proc the counts are 0. */
void ui_wire_open(void);

/* Stops counting and forgets a probe still waiting. */
void ui_wire_close(void);

/* The bytes the process has written so far (0 when unknown). */
size_t ui_wire_written(void);

/* Sends the probe to fd now, unless one is still waiting for its answer:
 * ahead is how many bytes were written just before it (the frame the
 * terminal must take in before it can answer). True when sent. */
bool ui_wire_probe(int fd, size_t ahead);

/* True while a probe waits for its answer. */
bool ui_wire_waiting(void);

/* Whether the keys read after an ESC (keys, n of them) are a report's
 * answer "[ digits ; digits R": 1 whole, 0 not yet told (a start of one),
 * -1 not one. */
int ui_wire_match(const int *keys, int n);

/* The waiting probe was answered now: its sample becomes ready. */
void ui_wire_answered(void);

/* Takes the sample of the last answer, once: the bytes ahead of its probe
 * and the ms to its answer. False when none is ready. */
bool ui_wire_sample(size_t *ahead, int *ms);

#endif
