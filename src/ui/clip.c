#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "billcon/core_base64.h"
#include "billcon/core_status.h"
#include "billcon/ui_clip.h"
#include "billcon/ui_screen.h"

#define UI_CLIP_ESC '\033'

/* Each of these wraps the plain sequence; see ui_clip.h. */
static const struct {
	const char *head, *tail;
} ui_clip_wraps[] = {
	[UI_CLIP_PLAIN] = { "", "" },
	[UI_CLIP_TMUX] = { "\033Ptmux;", "\033\\" },
	[UI_CLIP_SCREEN] = { "\033P", "\033\\" },
};

static const char ui_osc52_head[] = "\033]52;c;";
static const char ui_osc52_tail[] = "\a";

static bool
ui_env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

enum ui_clip_wrap
ui_clip_wrap_from_env(void)
{
	const char *term = getenv("TERM");

	/* tmux sets TERM to screen* too, so TMUX must win. */
	if (ui_env_set("TMUX"))
		return UI_CLIP_TMUX;
	if (ui_env_set("STY") || (term && strncmp(term, "screen", 6) == 0))
		return UI_CLIP_SCREEN;
	return UI_CLIP_PLAIN;
}

char *
ui_base64(const void *data, size_t n, size_t *out_len)
{
	size_t len = core_base64_len(n);
	char *out = (len || n == 0) ? malloc(len + 1) : NULL;

	if (!out)
		return NULL;
	len = core_base64_encode(data, n, out);
	if (out_len)
		*out_len = len;
	return out;
}

/* Copies the n bytes at s to out, doubling every ESC when tmux is to pass
 * them through; returns where out ends. */
static char *
ui_clip_put(char *out, const char *s, size_t n, enum ui_clip_wrap wrap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (wrap == UI_CLIP_TMUX && s[i] == UI_CLIP_ESC)
			*out++ = UI_CLIP_ESC;
		*out++ = s[i];
	}
	return out;
}

/* The wrapped sequence around the base64 payload b64 (blen bytes). */
static char *
ui_clip_assemble(const char *b64, size_t blen, enum ui_clip_wrap wrap, size_t *len)
{
	const char *head = ui_clip_wraps[wrap].head, *tail = ui_clip_wraps[wrap].tail;
	/* Room for every ESC of the OSC 52 head and tail doubled. */
	size_t cap = strlen(head) + 2 * (strlen(ui_osc52_head) + strlen(ui_osc52_tail)) + blen +
		     strlen(tail) + 1;
	char *seq = malloc(cap), *p;

	if (!seq)
		return NULL;
	p = ui_clip_put(seq, head, strlen(head), UI_CLIP_PLAIN);
	p = ui_clip_put(p, ui_osc52_head, strlen(ui_osc52_head), wrap);
	p = ui_clip_put(p, b64, blen, wrap);
	p = ui_clip_put(p, ui_osc52_tail, strlen(ui_osc52_tail), wrap);
	p = ui_clip_put(p, tail, strlen(tail), UI_CLIP_PLAIN);
	*p = '\0';
	*len = (size_t)(p - seq);
	return seq;
}

char *
ui_osc52_sequence(const char *text, enum ui_clip_wrap wrap, size_t *len,
		  struct core_error *err)
{
	size_t n = strlen(text), blen = core_base64_len(n);
	char *b64, *seq;

	/* An out-of-range wrap would index past ui_clip_wraps. */
	if ((unsigned)wrap > UI_CLIP_SCREEN)
		wrap = UI_CLIP_PLAIN;
	if (blen > UI_OSC52_MAX) {
		core_error_set(err, CORE_REFUSED,
			       "The text is too large to copy: %zu bytes of base64, over the "
			       "terminal limit of %d.",
			       blen, UI_OSC52_MAX);
		return NULL;
	}
	b64 = ui_base64(text, n, &blen);
	seq = b64 ? ui_clip_assemble(b64, blen, wrap, len) : NULL;
	free(b64);
	if (!seq)
		core_error_set(err, CORE_STORE, "Out of memory.");
	return seq;
}

extern char **environ;

/* How long tmux may take to load a buffer before the copy falls back to
 * OSC 52: the console waits this long at most. */
#define UI_CLIP_TMUX_WAIT_MS 1000

/* Starts "tmux load-buffer -w -" with its standard input the read end of
 * a pipe and nothing to the screen (its output to /dev/null); *pid on
 * success. */
static bool
ui_clip_spawn_tmux(int in, pid_t *pid)
{
	/* posix_spawnp takes char *const[]: arrays, not string literals. */
	static char tmux[] = "tmux", load[] = "load-buffer", w[] = "-w", from_stdin[] = "-";
	char *const argv[] = { tmux, load, w, from_stdin, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t def;
	bool ok;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	/* SIGPIPE is ignored here while the text is written; tmux gets it
	 * back as it should be. */
	posix_spawnattr_init(&at);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	ok = posix_spawnp(pid, "tmux", &fa, &at, argv, environ) == 0;
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return ok;
}

/* Waits for pid at most UI_CLIP_TMUX_WAIT_MS, killing it after that; true
 * when it exited with 0. */
static bool
ui_clip_reap(pid_t pid)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int status = 0, waited;
	pid_t r = 0;

	for (waited = 0; waited < UI_CLIP_TMUX_WAIT_MS; waited += 10) {
		r = waitpid(pid, &status, WNOHANG);
		if (r != 0 && !(r < 0 && errno == EINTR))
			break;
		nanosleep(&tick, NULL);
	}
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return false;
	}
	return r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool
ui_clip_tmux_load(const char *text)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
	int fd[2];
	pid_t pid;
	bool sent;

	if (pipe(fd) != 0)
		return false;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old);
	if (!ui_clip_spawn_tmux(fd[0], &pid)) {
		close(fd[0]);
		close(fd[1]);
		sigaction(SIGPIPE, &old, NULL);
		return false;
	}
	close(fd[0]);
	sent = ui_write_all(fd[1], text, strlen(text));
	close(fd[1]);
	sigaction(SIGPIPE, &old, NULL);
	return ui_clip_reap(pid) && sent;
}
