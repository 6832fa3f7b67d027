/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "util.h"

extern char **environ;

static void
closepair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

/* Its stdout into out (the first max bytes kept), through a wiped
 * buffer. */
static void
drain(int fd, struct buf *out, size_t max)
{
	char chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (out->len < max)
			buf_add(out, chunk, (size_t)n < max - out->len ?
			        (size_t)n : max - out->len);
	}
	explicit_bzero(chunk, sizeof chunk);
}

int
child_run(char *const argv[], const char *in, size_t inlen, struct buf *out,
          size_t outmax, int flags)
{
	posix_spawn_file_actions_t fa;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, st, saved;
	void (*old)(int);
	char *path = NULL;
	pid_t pid;

	/* A program that is not there is found before the spawn: under
	 * valgrind posix_spawnp reports no ENOENT (the child exits 127). */
	if (strchr(argv[0], '/')) {
		if (access(argv[0], X_OK) < 0)
			return -1;
	} else if (!(path = onpath(argv[0]))) {
		errno = ENOENT;
		return -1;
	}
	free(path);
	if ((in && pipe2(pin, O_CLOEXEC) < 0) ||
	    (out && pipe2(pout, O_CLOEXEC) < 0)) {
		saved = errno;
		closepair(pin);
		errno = saved;
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, pin[0], STDIN_FILENO);
	if (out)
		posix_spawn_file_actions_adddup2(&fa, pout[1], STDOUT_FILENO);
	if (flags & CHILD_QUIET)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
		                                 O_WRONLY, 0);
	st = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (in)
		close(pin[0]);
	if (out)
		close(pout[1]);
	if (st != 0) {
		if (in)
			close(pin[1]);
		if (out)
			close(pout[0]);
		errno = st;
		return -1;
	}
	if (in) {
		/* a child that stops reading early is no reason to die */
		old = signal(SIGPIPE, SIG_IGN);
		(void)writeall(pin[1], in, inlen);
		close(pin[1]);
		signal(SIGPIPE, old);
	}
	if (out) {
		drain(pout[0], out, outmax);
		close(pout[0]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}
