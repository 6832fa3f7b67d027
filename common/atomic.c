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
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

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
	if (f->bakname)
		unlink(f->bakname);
	if (f->bakfd >= 0)
		close(f->bakfd);
	free(f->tmpname);
	free(f->bakname);
	free(f->path);
	f->fd = f->bakfd = -1;
	f->tmpname = f->path = f->bakname = NULL;
}

/* The chattr flags of an open file, or 0 where the file system has none. */
static int
fsflags(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), fl = 0;

	if (fd < 0)
		return 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &fl) < 0)
		fl = 0;
	close(fd);
	return fl;
}

/*
 * Can a rename put a new file at real (the target of name, stat st)? Each
 * reason it would fail is found before the first rename of a set: a mount
 * point (a bind-mounted file: EBUSY), a directory that is not writable, is
 * append-only or immutable, or sticky and another's, a file that is
 * append-only or immutable. 0, or -1 after a message.
 */
static int
replaceable(const char *name, const char *real, const struct stat *st)
{
	char *dir = dirof(real), *udir = dirof(name);
	struct stat ds;
	int r = -1, fl;
#ifdef STATX_ATTR_MOUNT_ROOT
	struct statx sx;
#endif

	if (stat(dir, &ds) < 0) {
		weprintf("%s: %s:", name, udir);
		goto out;
	}
#ifdef STATX_ATTR_MOUNT_ROOT
	if (statx(AT_FDCWD, real, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
	          &sx) == 0 && (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
	    (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT)) {
		weprintf("%s: a mount point (bind-mounted?): a rename cannot "
		         "replace it", name);
		goto out;
	}
#endif
	if (st->st_dev != ds.st_dev) {
		weprintf("%s: on another file system than its directory %s (a "
		         "mount point?): a rename cannot replace it", name, udir);
		goto out;
	}
	if (access(dir, W_OK) < 0) {
		weprintf("%s: cannot create a file in %s:", name, udir);
		goto out;
	}
	fl = fsflags(dir);
	if (fl & (FS_APPEND_FL | FS_IMMUTABLE_FL)) {
		weprintf("%s: cannot replace it: directory %s is %s (chattr)",
		         name, udir, fl & FS_IMMUTABLE_FL ? "immutable" :
		         "append-only");
		goto out;
	}
	fl = fsflags(real);
	if (fl & (FS_APPEND_FL | FS_IMMUTABLE_FL)) {
		weprintf("%s: cannot replace it: the file is %s (chattr)", name,
		         fl & FS_IMMUTABLE_FL ? "immutable" : "append-only");
		goto out;
	}
	if ((ds.st_mode & S_ISVTX) && geteuid() != 0 &&
	    geteuid() != st->st_uid && geteuid() != ds.st_uid) {
		weprintf("%s: cannot replace it: directory %s is sticky and the "
		         "file is another user's", name, udir);
		goto out;
	}
	r = 0;
out:
	free(dir);
	free(udir);
	return r;
}

int
atomic_stage(struct atomic_set *s, const char *path, const void *data,
             size_t len)
{
	struct atomic_file f = { NULL, NULL, -1, 0, NULL, -1, 0 };
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
	if (replaceable(path, real, &st) < 0)
		goto fail0;
	f.path = real;
	atomic_sweep(real);
	if (opentemp(&f, path) < 0)
		goto fail0;
	{
		struct stat ts;
		/* the temp beside it must be where a rename can move it */
		if (fstat(f.fd, &ts) == 0 && ts.st_dev != st.st_dev) {
			weprintf("%s: a temporary file beside it lands on another "
			         "file system: a rename cannot replace it", path);
			goto fail;
		}
	}
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

/* A new name ".NAME.relkit-XXXXXX" beside f's target for the file
 * src (a path, followed if a symlink such as /proc/self/fd/N). */
static char *
linktemp(struct atomic_file *f, const char *src)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		char *t = tmptemplate(f->path);
		size_t n = strlen(t);
		unsigned r = (unsigned)rand() ^ (unsigned)getpid() ^ (unsigned)tries * 2654435761u;
		size_t i;

		for (i = n - 6; i < n; i++) {
			t[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
			r = r / 36 + 7919u * (unsigned)i;
		}
		if (linkat(AT_FDCWD, src, AT_FDCWD, t, AT_SYMLINK_FOLLOW) == 0)
			return t;
		free(t);
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

/* Give an anonymous temp a name beside its target. */
static int
nametemp(struct atomic_file *f)
{
	char proc[64];

	if (f->tmpname)
		return 0;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->fd);
	f->tmpname = linktemp(f, proc);
	return f->tmpname ? 0 : -1;
}

/* Keep the file about to be replaced under a second name, locked so that
 * another run's atomic_sweep leaves it alone. 0, or -1 when it cannot be
 * linked (a file system without hard links, protected_hardlinks). */
static int
backup(struct atomic_file *f)
{
	if (f->unsynced && access(f->path, F_OK) < 0) {
		f->isnew = 1; /* atomic_create of a new file: undo removes it */
		return 0;
	}
	if (!(f->bakname = linktemp(f, f->path)))
		return -1;
	f->bakfd = open(f->bakname, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	                O_NOFOLLOW | O_CLOEXEC);
	if (f->bakfd >= 0)
		flock(f->bakfd, LOCK_EX | LOCK_NB);
	return 0;
}

/* Put back the files renamed so far, done[0..n), from their backups. */
static void
undo(struct atomic_set *s, const size_t *done, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		struct atomic_file *f = &s->f[done[k]];

		if (f->bakname && rename(f->bakname, f->path) == 0) {
			free(f->bakname);
			f->bakname = NULL;
			continue;
		}
		if (f->bakname)
			weprintf("%s: cannot put the old content back from %s:",
			         f->path, f->bakname);
		else if (f->isnew && unlink(f->path) == 0)
			continue; /* created by this set: removed again */
		else
			weprintf("%s: changed, and its old content could not be "
			         "kept to put back", f->path);
	}
}

int
atomic_commit(struct atomic_set *s)
{
	sigset_t block, old;
	size_t i, *order, nord = 0;
	int ret = 0, *canundo;

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
	/* A link to each old file, so that a rename failing after others
	 * can put them back; a file that cannot be put back goes last. */
	order = ecalloc(s->n + 1, sizeof *order);
	canundo = ecalloc(s->n + 1, sizeof *canundo);
	for (i = 0; ret == 0 && i < s->n; i++) {
		canundo[i] = backup(&s->f[i]) == 0;
		if (canundo[i])
			order[nord++] = i;
	}
	for (i = 0; ret == 0 && i < s->n; i++)
		if (!canundo[i])
			order[nord++] = i;
	free(canundo);
	for (i = 0; ret == 0 && i < nord; i++) {
		struct atomic_file *f = &s->f[order[i]];

		if (rename(f->tmpname, f->path) < 0) {
			weprintf("%s: rename:", f->path);
			if (i > 0)
				weprintf("putting back the %zu file%s already "
				         "replaced", i, i > 1 ? "s" : "");
			undo(s, order, i);
			ret = -1;
			break;
		}
		free(f->tmpname);
		f->tmpname = NULL;
	}
	free(order);
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
	struct atomic_file f = { NULL, NULL, -1, 1, NULL, -1, 0 };
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
