/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "digest.h"
#include "fileindex.h"
#include "pyname.h"
#include "simple.h"
#include "util.h"

#define COPY_CHUNK ((size_t)1 << 20)
#define NAME_MAX_LEN 255

static char *
pathjoin(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = emalloc(n);

	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* Validate and normalise a project name into out. 0 or -1 (message). */
static int
projectdir(const char *root, const char *project, char **dir, char norm[256])
{
	char *simple;

	if (!pep508_valid_name(project, strlen(project)) ||
	    pep503_normalize(project, strlen(project), norm, 256) >= 256) {
		weprintf("%s: invalid project name", project);
		return -1;
	}
	simple = pathjoin(root, "simple");
	*dir = pathjoin(simple, norm);
	free(simple);
	return 0;
}

static int
validfile(const char *name)
{
	const unsigned char *s;

	if (!*name || *name == '.' || strlen(name) > NAME_MAX_LEN ||
	    strcmp(name, "index.html") == 0)
		return 0;
	for (s = (const unsigned char *)name; *s; s++)
		if (*s < 0x20 || *s == 0x7f || *s == '/' || *s == '\\')
			return 0;
	return 1;
}

static int
mkdirone(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST) {
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		if (errno == EEXIST)
			errno = ENOTDIR;
	}
	weprintf("%s: cannot create the directory:", path);
	return -1;
}

static mode_t
filemode(void)
{
	mode_t m = umask(022);

	umask(m);
	return 0666 & ~m;
}

/*
 * Read path in one streaming pass, hashing it; with outfd >= 0 also write
 * every byte to outfd. 0 or -1 with a message.
 */
static int
streamfile(const char *path, int outfd, const char *outname, char sha[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[32];
	unsigned mdlen = 0;
	char *b = emalloc(COPY_CHUNK);
	int fd = -1, ret = -1;
	ssize_t n;

	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		weprintf("%s: sha256 is not available", path);
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		weprintf("%s:", path);
		goto out;
	}
	for (;;) {
		n = read(fd, b, COPY_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			weprintf("%s:", path);
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, b, (size_t)n);
		if (outfd >= 0 && writeall(outfd, b, (size_t)n) < 0) {
			weprintf("%s:", outname);
			goto out;
		}
	}
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	digest_hex(md, sizeof md, sha);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(b);
	EVP_MD_CTX_free(ctx);
	return ret;
}

/* Create or replace a page, atomically. */
static int
writepage(const char *path, const struct buf *b)
{
	struct atomic_set set = { NULL, 0, 0 };
	int fd = atomic_create(&set, path, filemode());

	if (fd < 0)
		return -1;
	if (writeall(fd, b->p, b->len) < 0) {
		weprintf("%s:", path);
		atomic_abort(&set);
		return -1;
	}
	return atomic_commit(&set);
}

/* Close the page in b and write it as dir/index.html. */
static int
endpage(const char *dir, struct buf *b)
{
	char *page = pathjoin(dir, "index.html");
	int ret;

	buf_adds(b, "</body>\n</html>\n");
	ret = writepage(page, b);
	free(page);
	return ret;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of dir's entries that are regular files (want_dirs 0) or
 * directories holding an index.html (want_dirs 1); dot names and
 * index.html skipped. NULL-terminated, or NULL with a message. */
static char **
listdir(const char *dir, int want_dirs)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	if (!d) {
		weprintf("%s:", dir);
		return NULL;
	}
	while ((errno = 0, e = readdir(d)) != NULL) {
		struct stat st;
		char *p;
		int keep;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "index.html") == 0)
			continue;
		p = pathjoin(dir, e->d_name);
		keep = lstat(p, &st) == 0 &&
		    (want_dirs ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
		if (keep && want_dirs) {
			char *ix = pathjoin(p, "index.html");
			keep = access(ix, F_OK) == 0;
			free(ix);
		}
		free(p);
		if (!keep)
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			v = erealloc(v, cap * sizeof *v);
		}
		v[n++] = estrdup(e->d_name);
	}
	if (errno) {
		weprintf("%s:", dir);
		closedir(d);
		while (n > 0)
			free(v[--n]);
		free(v);
		return NULL;
	}
	closedir(d);
	if (!v)
		v = emalloc(sizeof *v);
	v[n] = NULL;
	qsort(v, n, sizeof *v, cmpstr);
	return v;
}

static void
freelist(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* A file name as a relative URL: unreserved characters kept. */
static void
addhref(struct buf *b, const char *name)
{
	const unsigned char *s;

	for (s = (const unsigned char *)name; *s; s++) {
		if (isalnum(*s) || strchr("-._~!+", *s))
			buf_add(b, s, 1);
		else
			buf_addf(b, "%%%02X", *s);
	}
}

static void
pagehead(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html>\n<head>\n"
	    "<meta name=\"pypi:repository-version\" content=\"1.0\">\n<title>");
	simple_escape(b, title);
	buf_adds(b, "</title>\n</head>\n<body>\n");
}

static int
writeroot(const char *root)
{
	char *simple = pathjoin(root, "simple"), **v;
	struct buf b = { 0 };
	size_t i;
	int ret = -1;

	v = listdir(simple, 1);
	if (!v)
		goto out;
	pagehead(&b, "Simple index");
	for (i = 0; v[i]; i++) {
		buf_adds(&b, "<a href=\"");
		addhref(&b, v[i]);
		buf_adds(&b, "/\">");
		simple_escape(&b, v[i]);
		buf_adds(&b, "</a><br>\n");
	}
	ret = endpage(simple, &b);
out:
	freelist(v);
	buf_free(&b);
	free(simple);
	return ret;
}

/* Regenerate dir/index.html from dir's files; the new file's digest and
 * requires-python are given, older ones come from the old page. */
static int
writeproject(const char *dir, const char *norm, const struct simple_page *old,
             const char *newname, const char *newsha, const char *newrp)
{
	char **v = listdir(dir, 0), sha[65], title[300];
	struct buf b = { 0 };
	size_t i;
	int ret = -1;

	if (!v)
		return -1;
	snprintf(title, sizeof title, "Links for %s", norm);
	pagehead(&b, title);
	buf_adds(&b, "<h1>");
	simple_escape(&b, title);
	buf_adds(&b, "</h1>\n");
	for (i = 0; v[i]; i++) {
		const struct simple_file *f = simple_find(old, v[i]);
		const char *rp = NULL;

		if (strcmp(v[i], newname) == 0) {
			memcpy(sha, newsha, 65);
			rp = newrp;
		} else if (f && f->sha256[0]) {
			memcpy(sha, f->sha256, 65);
			rp = f->requires_python;
		} else {
			char *p = pathjoin(dir, v[i]);
			int r = streamfile(p, -1, NULL, sha);
			free(p);
			if (r < 0)
				goto out;
			rp = f ? f->requires_python : NULL;
		}
		buf_adds(&b, "<a href=\"");
		addhref(&b, v[i]);
		buf_addf(&b, "#sha256=%s\"", sha);
		if (rp && *rp) {
			buf_adds(&b, " data-requires-python=\"");
			simple_escape(&b, rp);
			buf_adds(&b, "\"");
		}
		buf_adds(&b, ">");
		simple_escape(&b, v[i]);
		buf_adds(&b, "</a><br>\n");
	}
	ret = endpage(dir, &b);
out:
	freelist(v);
	buf_free(&b);
	return ret;
}

int
fileindex_read(const char *root, const char *project, struct simple_page *p)
{
	char norm[256], *dir, *page;
	struct buf b = { 0 };
	const char *err;
	int ret = -1;

	memset(p, 0, sizeof *p);
	if (projectdir(root, project, &dir, norm) < 0)
		return -1;
	page = pathjoin(dir, "index.html");
	if (access(page, F_OK) < 0 && errno == ENOENT) {
		ret = 0;
		goto out;
	}
	if (readfile(page, &b, SIMPLE_PAGE_LIMIT) < 0)
		goto out;
	if (simple_parse_html(b.p ? b.p : "", b.len, p, &err) < 0) {
		weprintf("%s: %s", page, err);
		goto out;
	}
	ret = 0;
out:
	buf_free(&b);
	free(page);
	free(dir);
	return ret;
}

static int
lockroot(const char *root)
{
	char *simple = pathjoin(root, "simple"), *lock;
	int fd = -1;

	if (mkdirone(root) < 0 || mkdirone(simple) < 0)
		goto out;
	lock = pathjoin(simple, ".lock");
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		weprintf("%s:", lock);
	else if (flock(fd, LOCK_EX) < 0) {
		weprintf("%s: lock:", lock);
		close(fd);
		fd = -1;
	}
	free(lock);
out:
	free(simple);
	return fd;
}

static void
clash(const char *dest, const char *have, const char *sha)
{
	weprintf("%s: already in the index with sha256 %s, not %s", dest, have, sha);
}

int
fileindex_publish(const char *root, const char *project, const char *path,
                  const char *sha256, const char *requires_python)
{
	struct simple_page old = { 0 };
	const struct simple_file *f;
	const char *base = strrchr(path, '/');
	char norm[256], want[65], got[65], *dir = NULL, *dest = NULL;
	int lockfd = -1, fd, ret = -1;
	size_t i;

	base = base ? base + 1 : path;
	if (!validfile(base)) {
		weprintf("%s: not a file name for an index", path);
		return -1;
	}
	if (sha256) {
		for (i = 0; i < 64 && isxdigit((unsigned char)sha256[i]); i++)
			want[i] = (char)tolower((unsigned char)sha256[i]);
		if (i != 64 || sha256[64]) {
			weprintf("%s: invalid sha256 \"%s\"", path, sha256);
			return -1;
		}
		want[64] = '\0';
	} else if (streamfile(path, -1, NULL, want) < 0) {
		return -1;
	}
	if (projectdir(root, project, &dir, norm) < 0)
		return -1;
	lockfd = lockroot(root);
	if (lockfd < 0 || mkdirone(dir) < 0)
		goto out;
	if (fileindex_read(root, project, &old) < 0)
		goto out;
	dest = pathjoin(dir, base);
	f = simple_find(&old, base);
	if (f && f->sha256[0]) {
		if (strcmp(f->sha256, want) == 0) {
			/* Already published; a root page an earlier run could
			 * not write (a full disk) is written now. */
			char *rp = pathjoin(root, "simple/index.html");
			int gone = access(rp, F_OK) < 0 && errno == ENOENT;

			free(rp);
			ret = gone && writeroot(root) < 0 ? -1 : 1;
			goto out;
		}
		clash(dest, f->sha256, want);
		goto out;
	}
	if (access(dest, F_OK) == 0) {
		/* Left by an interrupted publish, or put there by hand. */
		if (streamfile(dest, -1, NULL, got) < 0)
			goto out;
		if (strcmp(got, want) != 0) {
			clash(dest, got, want);
			goto out;
		}
	} else {
		struct atomic_set set = { NULL, 0, 0 };

		fd = atomic_create(&set, dest, filemode());
		if (fd < 0)
			goto out;
		if (streamfile(path, fd, dest, got) < 0) {
			atomic_abort(&set);
			goto out;
		}
		if (strcmp(got, want) != 0) {
			weprintf("%s: sha256 is %s, not %s", path, got, want);
			atomic_abort(&set);
			goto out;
		}
		if (atomic_commit(&set) < 0)
			goto out;
	}
	if (writeproject(dir, norm, &old, base, want, requires_python) < 0 ||
	    writeroot(root) < 0)
		goto out;
	ret = 0;
out:
	if (lockfd >= 0)
		close(lockfd);
	simple_free(&old);
	free(dest);
	free(dir);
	return ret;
}
