/* app_job: a sync run in the background for the console, as a child
 * process running `billcon sync --json --progress-fd 3`: the console stays
 * responsive (the sync has its own process, store connection and HTTP
 * session), a cancel is a SIGTERM (each pulled page is a transaction and
 * each pushed change is noted before it is sent, so the next sync resumes),
 * and what the command line does is exactly what the console does. */
#ifndef BILLCON_APP_JOB_H
#define BILLCON_APP_JOB_H

#include <stdbool.h>
#include <sys/types.h>

#include "billcon/core_status.h"

/* What the child said so far. */
struct app_job_state {
	bool running;
	char phase[8];             /* "pull", "push", "" before either */
	char collection[64];       /* the listing being pulled */
	long long page, items;     /* its pages and items written so far */
	long long pushed, failed;  /* changes settled, and not sent (failed, held
				    * or in conflict), so far */
	char device_url[512];      /* a device code sign-in waits: where ... */
	char device_code[64];      /* ... and the code to enter ("" none) */
	int exit_code;             /* when done: the command's exit code */
	bool cancelled;            /* ended by app_job_cancel */
	char summary[512];         /* when done: its last line on stdout (JSON) */
	bool summarised;           /* when done: the summary was read into ... */
	bool created;              /* ... whether the store was made, ... */
	long long total[8];        /* ... pages, added, changed, removed, pushed,
				    * failed, held, in conflict (APP_JOB_PAGES ...) */
	char error[512];           /* when done: its last line on stderr */
};

enum { APP_JOB_PAGES, APP_JOB_ADDED, APP_JOB_CHANGED, APP_JOB_REMOVED, APP_JOB_PUSHED, APP_JOB_FAILED,
       APP_JOB_HELD, APP_JOB_CONFLICTS };

struct app_job;

/* The niceness of the child: a background sync yields the CPU to the
 * console that started it. */
#define APP_JOB_NICE 10   /* added to the console's own */

/* Starts exe (the billcon binary) as `exe --db db_path sync --json
 * --progress-fd 3 ARGS...` with args NULL-terminated (an --auth choice),
 * APP_JOB_NICE nicer than the console;
 * CORE_STORE with one sentence when it cannot be started. */
enum core_status app_job_start(const char *exe, const char *db_path, const char *const *args,
			       struct app_job **out, struct core_error *err);

/* Reads what the child wrote since the last call (never blocks) into
 * *st, and reaps it when it ended; true when anything changed. */
bool app_job_poll(struct app_job *j, struct app_job_state *st);

/* Asks the child to stop (SIGTERM); app_job_poll reports when it has. */
void app_job_cancel(struct app_job *j);

/* Frees j; a child still running is stopped and reaped first. NULL is
 * allowed. */
void app_job_free(struct app_job *j);

#endif
