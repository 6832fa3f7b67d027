/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "child.h"
#include "creds.h"
#include "util.h"

int
creds_env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcasecmp(v, "0") != 0 && strcasecmp(v, "false") != 0 &&
	       strcasecmp(v, "no") != 0;
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

/*
 * The keyring is asked as twine asks it, through the keyring module of
 * the Python that runs the keyring command (its #! line): the question
 * comes on stdin, so that no username (which may be a token, as in
 * https://TOKEN@host/) is in an argv, where /proc shows it to every
 * user. The current directory is dropped from sys.path first.
 */
static const char keyring_py[] =
    "import sys\n"
    "if sys.path and sys.path[0] in ('', '.'):\n"
    "    del sys.path[0]\n"
    "m, s, u = (sys.stdin.read().split('\\n') + ['', '', ''])[:3]\n"
    "import keyring\n"
    "if m == 'u':\n"
    "    c = keyring.get_credential(s, None)\n"
    "    v = c.username if c else None\n"
    "else:\n"
    "    v = keyring.get_password(s, u)\n"
    "if not v:\n"
    "    sys.exit(1)\n"
    "sys.stdout.write(v + '\\n')\n";

/* The interpreter of the keyring command on PATH, from its #! line, as
 * an argv prefix (argv[0], maybe one argument) in v; 0, or -1 when
 * there is no keyring command or it is not a Python script. */
static int
keyring_python(char *line, size_t size, char *v[3])
{
	char *path = onpath("keyring"), *p, *arg, *base;
	FILE *f;
	int ret = -1;

	if (!path)
		return -1;
	if ((f = fopen(path, "re")) && fgets(line, (int)size, f) &&
	    strncmp(line, "#!", 2) == 0) {
		line[strcspn(line, "\r\n")] = '\0';
		p = line + 2 + strspn(line + 2, " \t");
		arg = p + strcspn(p, " \t");
		if (*arg) {
			*arg++ = '\0';
			arg += strspn(arg, " \t");
			arg[strcspn(arg, " \t")] = '\0';
		}
		base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		v[0] = p;
		v[1] = *arg ? arg : NULL;
		v[2] = NULL;
		if (strncmp(base, "python", 6) == 0 ||
		    (strcmp(base, "env") == 0 && *arg &&
		     strncmp(arg, "python", 6) == 0))
			ret = 0;
	}
	if (f)
		fclose(f);
	free(path);
	return ret;
}

/* The keyring's answer: mode 'u' the username for service, 'p' the
 * password of user; its first line, or NULL. */
static char *
keyring_get(int mode, const char *service, const char *user, int verbose)
{
	char line[512], *argv[6], *pre[3], *nl;
	struct buf b = { 0 }, in = { 0 };
	int st, i = 0;

	if (keyring_python(line, sizeof line, pre) < 0) {
		if (verbose && (nl = onpath("keyring"))) {
			weprintf("keyring: %s is not a Python script: not asked (the "
			         "question would be in its argv)", nl);
			free(nl);
		}
		return NULL;
	}
	argv[i++] = pre[0];
	if (pre[1])
		argv[i++] = pre[1];
	argv[i++] = "-c";
	argv[i++] = (char *)keyring_py;
	argv[i] = NULL;
	buf_addf(&in, "%c\n%s\n%s\n", mode, service, user ? user : "");
	st = child_run(argv, in.p, in.len, &b, 65536, CHILD_QUIET);
	explicit_bzero(in.p, in.len);
	buf_free(&in);
	if (st == -1 || !b.p || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
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
creds_tp_mode(const char *s)
{
	return strcmp(s, "automatic") == 0 ? CREDS_TP_AUTOMATIC :
	       strcmp(s, "always") == 0 ? CREDS_TP_ALWAYS :
	       strcmp(s, "never") == 0 ? CREDS_TP_NEVER : -1;
}

int
creds_tp_wanted(const struct repo *r, enum creds_tp mode)
{
	if (r->file_root || r->password || mode == CREDS_TP_NEVER)
		return 0;
	if (mode == CREDS_TP_ALWAYS)
		return !r->username || strcmp(r->username, "__token__") == 0;
	return r->pypi && r->username && strcmp(r->username, "__token__") == 0 &&
	       oidc_available();
}

static void
from(int verbose, const char *what, const char *where)
{
	if (verbose)
		weprintf("%s from %s", what, where);
}

int
creds_complete(struct repo *r, int interactive, enum creds_tp tp,
               int verbose, struct oidc *o, const struct up_conf *c)
{
	int tty = interactive && isatty(STDIN_FILENO);

	if (r->file_root)
		return 0;
	if (tp == CREDS_TP_ALWAYS && r->password) {
		weprintf("--trusted-publishing always, but a password is given "
		         "(%s): drop one of them", r->pass_from ? r->pass_from :
		         "configured");
		return -1;
	}
	if (verbose && r->username)
		from(verbose, "username", r->user_from);
	if (verbose && r->password)
		from(verbose, "password", r->pass_from);
	if (!r->username && tp == CREDS_TP_ALWAYS && !r->password) {
		r->username = estrdup("__token__");
		r->user_from = "--trusted-publishing always";
	}
	if (!r->username &&
	    (r->username = keyring_get('u', r->upload_url, NULL, verbose)))
		from(verbose, "username", r->user_from = "the keyring");
	if (!r->username && tty && (r->username = ask("Enter your username: ", 0))) {
		warn_empty("username", r->username);
		r->user_from = "the prompt";
	}
	if (!r->username)
		return repo_need_credentials(r);
	if (!r->password && tp != CREDS_TP_ALWAYS &&
	    (r->password = keyring_get('p', r->upload_url, r->username, verbose)))
		from(verbose, "password", r->pass_from = "the keyring");
	if (creds_tp_wanted(r, tp) && o && c) {
		if (!oidc_available()) {
			weprintf("--trusted-publishing always: not a GitHub Actions, "
			         "GitLab CI or Google Cloud job with an OIDC token");
			return -1;
		}
		if (oidc_mint(o, c, r->upload_url) < 0)
			return -1;
		r->password = estrdup(o->token);
		from(verbose, "password", r->pass_from = "trusted publishing");
	}
	if (!r->password && tty &&
	    (r->password = ask(r->pypi ? "Enter your API token: " :
	                       "Enter your password: ", 1))) {
		warn_empty("password", r->password);
		r->pass_from = "the prompt";
	}
	if (!r->password && r->client_cert)
		return 0;
	return repo_need_credentials(r);
}
