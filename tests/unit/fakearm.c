#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakearm.h"

void
fakearm_path(const char *name, char *out, size_t size)
{
	const char *src = getenv("TESTS_SRCDIR");

	if (src)
		snprintf(out, size, "%s/fake-arm/%s", src, name);
	else
		snprintf(out, size, "%s/%s", FAKE_ARM_DIR, name);
}

pid_t
fakearm_start(const char *name, const char *dir, char *u, size_t size)
{
	char script[512], portfile[512];
	pid_t pid;
	FILE *f;

	u[0] = '\0';
	if (system("command -v python3 >/dev/null 2>&1") != 0)
		return -1;
	fakearm_path(name, script, sizeof(script));
	snprintf(portfile, sizeof(portfile), "%s/%s.url", dir, name);
	pid = fork();
	if (pid == 0) {
		execlp("python3", "python3", script, "--port-file", portfile, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; pid > 0 && i < 400; i++) {
		if ((f = fopen(portfile, "r"))) {
			if (fgets(u, (int)size, f))
				u[strcspn(u, "\n")] = '\0';
			fclose(f);
			if (u[0])
				return pid;
		}
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		usleep(25000);
	}
	return pid;
}

void
fakearm_stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
}
