/* app_job: `billcon sync` as a child of the console, its progress read
 * from a pipe a line at a time. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "billcon/app_job.h"

/* One pipe from the child, and the line being put together. */
struct stream {
	int fd;
	char line[1024];
	size_t n;
};

struct app_job {
	pid_t pid;
	struct stream progress, out, err;
	bool cancelled;
};

enum { MAX_ARGS = 32 };

static void
child(const char *exe, const char *db_path, const char *const *args, int fds[3][2])
{
	const char *argv[MAX_ARGS + 8] = { exe, "--db", db_path, "sync", "--json", "--progress-fd", "3" };
	int n = 7, i;

	for (i = 0; args && args[i] && i < MAX_ARGS; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (dup2(fds[0][1], 3) < 0 || dup2(fds[1][1], STDOUT_FILENO) < 0 || dup2(fds[2][1], STDERR_FILENO) < 0)
		_exit(127);
	for (i = 0; i < 3; i++) {
		if (fds[i][0] > 3)
			close(fds[i][0]);
		if (fds[i][1] > 3)
			close(fds[i][1]);
	}
	/* Nothing to read from the console's terminal. */
	i = open("/dev/null", O_RDONLY);
	if (i >= 0)
		dup2(i, STDIN_FILENO);
	setsid();
	/* Behind the console: on a machine with few cores a pull's batches
	 * would otherwise take the CPU a keypress needs to be answered
	 * (doc/performance.md, "The console while syncing"). A failure only
	 * leaves the sync at the console's priority. */
	(void)setpriority(PRIO_PROCESS, 0, getpriority(PRIO_PROCESS, 0) + APP_JOB_NICE);
	execv(exe, (char *const *)argv);
	_exit(127);
}

enum core_status
app_job_start(const char *exe, const char *db_path, const char *const *args, struct app_job **out,
	      struct core_error *err)
{
	struct app_job *j = calloc(1, sizeof(*j));
	int fds[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } }, i;

	*out = NULL;
	for (i = 0; j && i < 3; i++)
		if (pipe(fds[i]) != 0)
			break;
	if (!j || i < 3 || (j->pid = fork()) < 0) {
		for (i = 0; i < 3; i++) {
			if (fds[i][0] >= 0)
				close(fds[i][0]);
			if (fds[i][1] >= 0)
				close(fds[i][1]);
		}
		free(j);
		return core_error_set(err, CORE_STORE, "The sync could not be started: %s.", strerror(errno));
	}
	if (j->pid == 0)
		child(exe, db_path, args, fds);
	j->progress.fd = fds[0][0];
	j->out.fd = fds[1][0];
	j->err.fd = fds[2][0];
	for (i = 0; i < 3; i++) {
		close(fds[i][1]);
		fcntl(fds[i][0], F_SETFL, O_NONBLOCK);
		fcntl(fds[i][0], F_SETFD, FD_CLOEXEC);
	}
	*out = j;
	return CORE_OK;
}

/* One progress line: "pull COLLECTION PAGES ITEMS" (written so far), "push ID STATE"
 * ("push 0 start" as the push begins), "device URL CODE". */
static void
progress_line(const char *line, struct app_job_state *st)
{
	char word[64], state[16];
	long long a, b;

	if (sscanf(line, "pull %63s %lld %lld", word, &a, &b) == 3) {
		snprintf(st->phase, sizeof(st->phase), "pull");
		snprintf(st->collection, sizeof(st->collection), "%s", word);
		st->page = a;
		st->items = b;
		st->device_code[0] = '\0';
	} else if (sscanf(line, "push %lld %15s", &a, state) == 2) {
		snprintf(st->phase, sizeof(st->phase), "push");
		if (strcmp(state, "failed") == 0 || strcmp(state, "held") == 0 || strcmp(state, "conflict") == 0)
			st->failed++;
		else if (strcmp(state, "start") != 0)
			st->pushed++;
		st->device_code[0] = '\0';
	} else if (strncmp(line, "device ", 7) == 0) {
		const char *sp = strrchr(line + 7, ' ');
		if (sp) {
			snprintf(st->device_url, sizeof(st->device_url), "%.*s", (int)(sp - line - 7), line + 7);
			snprintf(st->device_code, sizeof(st->device_code), "%s", sp + 1);
		}
	}
}

/* Reads what s has; each whole line goes to on_line, or (on_line NULL)
 * the last whole line is kept in last. True when anything was read. */
static bool
drain(struct stream *s, struct app_job_state *st, char *last, size_t last_size)
{
	char buf[4096];
	bool any = false;
	ssize_t got;

	while (s->fd >= 0 && (got = read(s->fd, buf, sizeof(buf))) > 0) {
		any = true;
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] != '\n') {
				if (s->n < sizeof(s->line) - 1)
					s->line[s->n++] = buf[i];
				continue;
			}
			s->line[s->n] = '\0';
			if (last)
				snprintf(last, last_size, "%s", s->line);
			else
				progress_line(s->line, st);
			s->n = 0;
		}
	}
	return any;
}

/* The child's --json summary line into st's counts. */
static void
summarise(struct app_job_state *st)
{
	static const char *const keys[] = { "pages", "added", "changed", "removed", "pushed", "failed", "held",
					    "conflicts" };
	json_t *o = json_loads(st->summary, 0, NULL);

	st->summarised = json_is_object(o);
	st->created = json_is_true(json_object_get(o, "created"));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		st->total[i] = json_integer_value(json_object_get(o, keys[i]));
	json_decref(o);
}

bool
app_job_poll(struct app_job *j, struct app_job_state *st)
{
	bool any = drain(&j->progress, st, NULL, 0);
	int status;

	any |= drain(&j->out, st, st->summary, sizeof(st->summary));
	any |= drain(&j->err, st, st->error, sizeof(st->error));
	st->running = j->pid > 0;
	if (j->pid > 0 && waitpid(j->pid, &status, WNOHANG) == j->pid) {
		/* What it wrote last, then the pipes are done. */
		drain(&j->progress, st, NULL, 0);
		drain(&j->out, st, st->summary, sizeof(st->summary));
		drain(&j->err, st, st->error, sizeof(st->error));
		j->pid = 0;
		st->running = false;
		st->cancelled = j->cancelled;
		st->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		st->device_code[0] = '\0';
		summarise(st);
		any = true;
	}
	return any;
}

void
app_job_cancel(struct app_job *j)
{
	if (j && j->pid > 0) {
		j->cancelled = true;
		kill(j->pid, SIGTERM);
	}
}

void
app_job_free(struct app_job *j)
{
	int status;

	if (!j)
		return;
	if (j->pid > 0) {
		kill(j->pid, SIGTERM);
		waitpid(j->pid, &status, 0);
	}
	if (j->progress.fd >= 0)
		close(j->progress.fd);
	if (j->out.fd >= 0)
		close(j->out.fd);
	if (j->err.fd >= 0)
		close(j->err.fd);
	free(j);
}
