/* The fake ARM and Graph server (tests/fake-arm/) for the unit suites that
 * talk to it over 127.0.0.1. */
#ifndef BILLCON_TESTS_FAKEARM_H
#define BILLCON_TESTS_FAKEARM_H

#include <stddef.h>
#include <sys/types.h>

/* tests/fake-arm/NAME's path into out (TESTS_SRCDIR, else FAKE_ARM_DIR). */
void fakearm_path(const char *name, char *out, size_t size);

/* Starts the python3 script tests/fake-arm/NAME with --port-file in dir,
 * and reads its base URL into url (size bytes); its pid, or -1 (url left
 * empty) when it cannot start (no python3). */
pid_t fakearm_start(const char *name, const char *dir, char *url, size_t size);

/* Stops what fakearm_start started (pid -1: nothing). */
void fakearm_stop(pid_t pid);

#endif
