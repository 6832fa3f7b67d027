/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "creds.h"
#include "util.h"

extern char **environ;

int
creds_env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcasecmp(v, "0") != 0 && strcasecmp(v, "false") != 0 &&
	       strcasecmp(v, "no") != 0 && strcasecmp(v, "off") != 0;
}

const char *
creds_ca_bundle(const struct repo *r)
{
	static const char *vars[] = { "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
	                              "SSL_CERT_FILE" };
	size_t i;

	if (r->cert && *r->cert)
		return r->cert;
	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* Is prog an executable file in a directory of PATH? */
static int
onpath(const char *prog)
{
	const char *path = getenv("PATH"), *p, *q;

	for (p = path; p && *p; p = *q ? q + 1 : q) {
		struct buf b = { 0 };
		int yes;

		q = strchr(p, ':');
		if (!q)
			q = p + strlen(p);
		buf_add(&b, p, (size_t)(q - p));
		buf_addf(&b, "/%s", prog);
		yes = access(b.p, X_OK) == 0;
		buf_free(&b);
		if (yes)
			return 1;
	}
	return 0;
}

/* `keyring get SERVICE USER`: its first line, or NULL. The service and
 * user are no secrets; the password comes back through a pipe. */
static char *
keyring_get(const char *service, const char *user)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "keyring", "get", (char *)service, (char *)user, NULL };
	struct buf b = { 0 };
	char chunk[512];
	int pfd[2], st;
	pid_t pid;
	ssize_t n;
	char *nl;

	if (!onpath("keyring") || pipe2(pfd, O_CLOEXEC) < 0)
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	                                 O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	                                 O_RDONLY, 0);
	st = posix_spawnp(&pid, "keyring", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (st != 0) {
		close(pfd[0]);
		return NULL;
	}
	while ((n = read(pfd[0], chunk, sizeof chunk)) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0 && b.len < 65536)
			buf_add(&b, chunk, (size_t)n);
	explicit_bzero(chunk, sizeof chunk);
	close(pfd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!b.p || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (b.p)
			explicit_bzero(b.p, b.len);
		buf_free(&b);
		return NULL;
	}
	buf_add(&b, "", 1);
	if ((nl = strchr(b.p, '\n')))
		*nl = '\0';
	if (!*b.p) {
		buf_free(&b);
		return NULL;
	}
	return b.p;
}

/* A line from /dev/tty after prompt; echo off for a secret. NULL when
 * there is no terminal. */
static char *
ask(const char *prompt, int secret)
{
	struct termios old, quiet;
	struct buf b = { 0 };
	int fd, c, restored = 1;
	char ch;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
		return NULL;
	if (secret && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		restored = tcsetattr(fd, TCSAFLUSH, &quiet) != 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0)
		c = -1;
	buf_add(&b, "", 0);
	for (;;) {
		ssize_t n = read(fd, &ch, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || ch == '\n')
			break;
		if (ch != '\r')
			buf_add(&b, &ch, 1);
	}
	if (secret && !restored) {
		tcsetattr(fd, TCSAFLUSH, &old);
		c = write(fd, "\n", 1);
	}
	(void)c;
	close(fd);
	buf_add(&b, "", 1);
	return b.p;
}

static void
warn_empty(const char *what, const char *v)
{
	const unsigned char *p;

	if (!*v) {
		weprintf("warning: your %s is empty; did you enter it correctly?",
		         what);
		return;
	}
	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			weprintf("warning: your %s contains control characters; did "
			         "you enter it correctly?", what);
			return;
		}
}

int
creds_complete(struct repo *r, int interactive, struct oidc *o,
                const struct up_conf *c)
{
	int tty = interactive && isatty(STDIN_FILENO);

	if (r->file_root)
		return 0;
	if (!r->username && tty && (r->username = ask("Enter your username: ", 0)))
		warn_empty("username", r->username);
	if (!r->username)
		return repo_need_credentials(r);
	if (!r->password)
		r->password = keyring_get(r->upload_url, r->username);
	if (!r->password && o && c && strcmp(r->username, "__token__") == 0 &&
	    oidc_available()) {
		if (oidc_mint(o, c, r->upload_url) < 0)
			return -1;
		r->password = estrdup(o->token);
	}
	if (!r->password && tty &&
	    (r->password = ask(r->pypi ? "Enter your API token: " :
	                       "Enter your password: ", 1)))
		warn_empty("password", r->password);
	if (!r->password && r->client_cert)
		return 0;
	return repo_need_credentials(r);
}
