/* relkit — MIT licence, see LICENSE. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "util.h"

static char *
dirof(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return estrdup(".");
	if (s == path)
		return estrdup("/");
	return estrndup(path, (size_t)(s - path));
}

/* A named temporary next to path: ".NAME.relkit-" and six random
 * characters (the mkostemp template below). */
static char *
tmptemplate(const char *path)
{
	const char *base = strrchr(path, '/');
	char *dir = dirof(path), *t;
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(dir) + strlen(base) + 32;
	t = emalloc(n);
	snprintf(t, n, "%s/.%s.relkit-XXXXXX", dir, base);
	free(dir);
	return t;
}

static int
opentemp(struct atomic_file *f, const char *name)
{
	char *dir = dirof(f->path), *udir = dirof(name);
	int fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		/* Held until the end: a temp whose lock can be taken has
		 * lost its process (see atomic_sweep). */
		flock(fd, LOCK_EX | LOCK_NB);
		free(dir);
		free(udir);
		f->fd = fd;
		f->tmpname = NULL;
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL &&
	    errno != ENOENT) {
		weprintf("%s: cannot create a file in %s:", name, udir);
		free(dir);
		free(udir);
		return -1;
	}
#endif
	f->tmpname = tmptemplate(f->path);
	fd = mkostemp(f->tmpname, O_CLOEXEC);
	if (fd < 0) {
		weprintf("%s: cannot create a file in %s:", name, udir);
		free(f->tmpname);
		f->tmpname = NULL;
		free(dir);
		free(udir);
		return -1;
	}
	flock(fd, LOCK_EX | LOCK_NB);
	free(dir);
	free(udir);
	f->fd = fd;
	return 0;
}

/*
 * SIGKILL between giving a temp its name and renaming it over the target
 * leaves the ".NAME.relkit-" temporary behind; no order of system calls closes
 * that window. Such a temp is unlocked once its process is gone, so the
 * next in-place edit of the same file removes it. A live process's temp stays
 * locked and is left alone.
 */
void
atomic_sweep(const char *path)
{
	char *real = realpath(path, NULL), *dir, *pfx;
	const char *base;
	struct dirent *e;
	size_t n;
	DIR *d;
	int dfd;

	if (!real)
		return;
	dir = dirof(real);
	base = strrchr(real, '/');
	base = base ? base + 1 : real;
	n = strlen(base) + 10;
	pfx = emalloc(n);
	snprintf(pfx, n, ".%s.relkit-", base);
	n = strlen(pfx);
	if (!(d = opendir(dir)))
		goto out;
	dfd = dirfd(d);
	while ((e = readdir(d))) {
		int fd;

		if (strncmp(e->d_name, pfx, n) != 0 || strlen(e->d_name + n) != 6)
			continue;
		fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		            O_NONBLOCK);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dfd, e->d_name, 0);
		close(fd);
	}
	closedir(d);
out:
	free(real);
	free(dir);
	free(pfx);
}

static void
addfile(struct atomic_set *s, const struct atomic_file *f)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->f = erealloc(s->f, s->cap * sizeof *s->f);
	}
	s->f[s->n++] = *f;
}

static void
dropfile(struct atomic_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmpname)
		unlink(f->tmpname);
	free(f->tmpname);
	free(f->path);
	f->fd = -1;
	f->tmpname = f->path = NULL;
}

int
atomic_stage(struct atomic_set *s, const char *path, const void *data,
             size_t len)
{
	struct atomic_file f = { NULL, NULL, -1, 0 };
	struct stat st;
	char *real;

	/* Edit the file a symlink points to, never replace the link. */
	real = realpath(path, NULL);
	if (!real) {
		weprintf("%s:", path);
		return -1;
	}
	if (stat(real, &st) < 0) {
		weprintf("%s:", path);
		free(real);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		weprintf("%s: not a regular file", path);
		free(real);
		return -1;
	}
	/* Root may write anything; a file without write bits is still
	 * meant to stay as it is. */
	if (access(real, W_OK) < 0 || !(st.st_mode & 0222)) {
		/* access's own reason (EROFS ...) where it refused */
		if (!(st.st_mode & 0222))
			errno = EACCES;
		weprintf("%s: file is not writable:", path);
		free(real);
		return -1;
	}
	f.path = real;
	atomic_sweep(real);
	if (opentemp(&f, path) < 0)
		goto fail0;
	if (writeall(f.fd, data, len) < 0) {
		weprintf("%s: writing the new content:", path);
		goto fail;
	}
	if (fchmod(f.fd, st.st_mode & 07777) < 0) {
		weprintf("%s: setting the mode:", path);
		goto fail;
	}
	if (fchown(f.fd, st.st_uid, st.st_gid) < 0 && errno != EPERM) {
		weprintf("%s: setting the owner:", path);
		goto fail;
	}
	if (fsync(f.fd) < 0) {
		weprintf("%s: fsync:", path);
		goto fail;
	}
	addfile(s, &f);
	return 0;
fail:
	dropfile(&f);
	return -1;
fail0:
	free(real);
	return -1;
}

static int
fsyncdir(const char *path)
{
	char *dir = dirof(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	if (fd >= 0) {
		/* Some file systems refuse fsync on a directory; the rename
		 * has happened either way. */
		if (fsync(fd) < 0 && errno != EINVAL && errno != EBADF)
			r = -1;
		close(fd);
	}
	free(dir);
	return r;
}

/* Give an anonymous temp a name beside its target. */
static int
nametemp(struct atomic_file *f)
{
	char proc[64];
	int tries;

	if (f->tmpname)
		return 0;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
	for (tries = 0; tries < 100; tries++) {
		char *t = tmptemplate(f->path);
		size_t n = strlen(t);
		unsigned r = (unsigned)rand() ^ (unsigned)getpid() ^ (unsigned)tries * 2654435761u;
		size_t i;

		for (i = n - 6; i < n; i++) {
			t[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
			r = r / 36 + 7919u * (unsigned)i;
		}
		if (linkat(AT_FDCWD, proc, AT_FDCWD, t, AT_SYMLINK_FOLLOW) == 0) {
			f->tmpname = t;
			return 0;
		}
		free(t);
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

int
atomic_commit(struct atomic_set *s)
{
	sigset_t block, old;
	size_t i;
	int ret = 0;

	/* Ctrl-C must not split the renames of a multi-file edit. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < s->n; i++) {
		if (s->f[i].unsynced && fsync(s->f[i].fd) < 0) {
			weprintf("%s: fsync:", s->f[i].path);
			ret = -1;
			break;
		}
	}
	for (i = 0; ret == 0 && i < s->n; i++) {
		if (nametemp(&s->f[i]) < 0) {
			weprintf("%s: cannot link the new content:", s->f[i].path);
			ret = -1;
			break;
		}
	}
	for (i = 0; ret == 0 && i < s->n; i++) {
		if (rename(s->f[i].tmpname, s->f[i].path) < 0) {
			weprintf("%s: rename:", s->f[i].path);
			ret = -1;
			break;
		}
		free(s->f[i].tmpname);
		s->f[i].tmpname = NULL;
	}
	for (i = 0; ret == 0 && i < s->n; i++)
		if (fsyncdir(s->f[i].path) < 0) {
			weprintf("%s: fsync of its directory:", s->f[i].path);
			ret = -1;
		}
	atomic_abort(s);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

void
atomic_abort(struct atomic_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		dropfile(&s->f[i]);
	free(s->f);
	s->f = NULL;
	s->n = s->cap = 0;
}

int
atomic_write(const char *path, const void *data, size_t len)
{
	struct atomic_set s = { NULL, 0, 0 };

	if (atomic_stage(&s, path, data, len) < 0) {
		atomic_abort(&s);
		return -1;
	}
	return atomic_commit(&s);
}

int
atomic_create(struct atomic_set *s, const char *path, unsigned mode)
{
	struct atomic_file f = { NULL, NULL, -1, 1 };
	const char *base = strrchr(path, '/');
	char *dir = dirof(path), *real = realpath(dir, NULL);
	size_t n;

	if (!real) {
		weprintf("%s:", dir);
		free(dir);
		return -1;
	}
	free(dir);
	base = base ? base + 1 : path;
	n = strlen(real) + strlen(base) + 2;
	f.path = emalloc(n);
	snprintf(f.path, n, "%s/%s", real, base);
	free(real);
	atomic_sweep(f.path);
	if (opentemp(&f, path) < 0) {
		free(f.path);
		return -1;
	}
	if (fchmod(f.fd, mode & 07777) < 0) {
		weprintf("%s: setting the mode:", path);
		dropfile(&f);
		return -1;
	}
	addfile(s, &f);
	return f.fd;
}
