#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billcon/store_file.h"
#include "billcon/store_internal.h"

#define BUILDING ".building-"
#define BACKUP_TRIES 200

/* The journal files SQLite may leave beside a store, and the store itself. */
static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
#define NSUFFIXES (sizeof(suffixes) / sizeof(suffixes[0]))

/* The names a signal handler removes: made before it is installed, so the
 * handler itself only calls unlink, which is safe there. */
static char guarded[NSUFFIXES][4096 + 16];
static volatile sig_atomic_t guarding;
static struct sigaction saved[3];
static const int guarded_signals[3] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal(int sig)
{
	size_t i;

	if (guarding)
		for (i = 0; i < NSUFFIXES; i++)
			unlink(guarded[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
guard(const char *tmp)
{
	struct sigaction sa;
	size_t i;

	for (i = 0; i < NSUFFIXES; i++)
		snprintf(guarded[i], sizeof(guarded[i]), "%s%s", tmp, suffixes[i]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	guarding = 1;
	for (i = 0; i < 3; i++)
		sigaction(guarded_signals[i], &sa, &saved[i]);
}

static void
unguard(void)
{
	size_t i;

	if (!guarding)
		return;
	for (i = 0; i < 3; i++)
		sigaction(guarded_signals[i], &saved[i], NULL);
	guarding = 0;
}

/* True when name (in the folder of path) is a file an earlier run for
 * path was building and its process is gone. */
static bool
stale(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *rest;
	char *end;
	long pid;
	size_t i;

	if (strncmp(name, base, n) != 0 || strncmp(name + n, BUILDING, strlen(BUILDING)) != 0)
		return false;
	rest = name + n + strlen(BUILDING);
	errno = 0;
	pid = strtol(rest, &end, 10);
	if (end == rest || errno || pid <= 0 || pid == (long)getpid())
		return false;
	for (i = 0; i < NSUFFIXES && strcmp(end, suffixes[i]) != 0; i++)
		;
	return i < NSUFFIXES && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes what killed runs left beside path. */
static void
remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char folder[4096], full[4096 + 256];
	struct dirent *e;
	DIR *dir;

	if (!slash)
		snprintf(folder, sizeof(folder), ".");
	else if (slash == path)
		snprintf(folder, sizeof(folder), "/");
	else
		snprintf(folder, sizeof(folder), "%.*s", (int)(slash - path), path);
	dir = opendir(folder);
	while (dir && (e = readdir(dir)) != NULL) {
		if (!stale(e->d_name, base))
			continue;
		snprintf(full, sizeof(full), "%s/%s", folder, e->d_name);
		unlink(full);
	}
	if (dir)
		closedir(dir);
}

enum core_status
store_file_start(const char *path, const char *what, char *tmp, size_t size, struct core_error *err)
{
	if (access(path, F_OK) == 0)
		return core_error_set(err, CORE_REFUSED,
			"%s already exists; %s makes a new file and never writes over one.", path, what);
	remove_stale(path);
	snprintf(tmp, size, "%s" BUILDING "%ld", path, (long)getpid());
	store_file_discard(tmp);
	guard(tmp);
	return CORE_OK;
}

void
store_file_discard(const char *tmp)
{
	char name[4096 + 16];
	size_t i;

	for (i = 0; i < NSUFFIXES; i++) {
		snprintf(name, sizeof(name), "%s%s", tmp, suffixes[i]);
		unlink(name);
	}
	unguard();
}

enum core_status
store_file_place(const char *tmp, const char *path, const char *what, struct core_error *err)
{
	enum core_status rc = CORE_OK;

	/* link, unlike rename, fails when path exists: a file that appeared
	 * meanwhile is never written over. */
	if (link(tmp, path) != 0)
		rc = errno == EEXIST
			? core_error_set(err, CORE_REFUSED,
				"%s already exists; %s makes a new file and never writes over one.", path, what)
			: core_error_set(err, CORE_STORE, "The new store could not be put at %s: %s.", path,
					 strerror(errno));
	store_file_discard(tmp);
	return rc;
}

enum core_status
store_backup(struct store *st, const char *tmp, struct core_error *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc, tries = 0;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sqlite3_close(dst);
		return core_error_set(err, CORE_STORE, "The copy %s could not be made.", tmp);
	}
	b = sqlite3_backup_init(dst, "main", store_db(st), "main");
	if (!b) {
		core_error_set(err, CORE_STORE, "The copy could not be started: %s.", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return CORE_STORE;
	}
	/* All pages in one step, in one read transaction: a snapshot. A writer
	 * holding a lock for a moment is waited out. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(25);
	} while ((rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < BACKUP_TRIES);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		core_error_set(err, CORE_STORE, "The store could not be copied: %s.",
			       rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? "another program kept it locked"
								       : sqlite3_errstr(rc));
	sqlite3_close(dst);
	return rc == SQLITE_DONE ? CORE_OK : CORE_STORE;
}
