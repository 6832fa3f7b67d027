/* relkit — MIT licence, see LICENSE. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

#define ENTRY_MAX ((size_t)64 << 10)

/* The directory for kind, made (0700) as needed, or NULL: no cache. */
static char *
dir_of(const char *kind, int make)
{
	const char *d = getenv("RELKIT_CACHE_DIR"), *x;
	struct buf p = { 0 };
	char *slash;

	if (d) {
		if (!*d)
			return NULL;
		buf_adds(&p, d);
	} else if ((x = getenv("XDG_CACHE_HOME")) && *x == '/')
		buf_addf(&p, "%s/relkit", x);
	else if ((x = getenv("HOME")) && *x == '/')
		buf_addf(&p, "%s/.cache/relkit", x);
	else
		return NULL;
	buf_addf(&p, "/%s", kind);
	if (make) {
		/* each missing level in turn, the user's own */
		for (slash = strchr(p.p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			(void)mkdir(p.p, 0700);
			*slash = '/';
		}
		(void)mkdir(p.p, 0700);
	}
	return p.p;
}

static char *
path_of(const char *kind, const void *key, size_t keylen, int make)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0, i;
	char *d = dir_of(kind, make);
	struct buf p = { 0 };

	if (!d)
		return NULL;
	if (!EVP_Digest(key, keylen, md, &mdlen, EVP_sha256(), NULL)) {
		free(d);
		return NULL;
	}
	buf_addf(&p, "%s/", d);
	for (i = 0; i < mdlen; i++)
		buf_addf(&p, "%02x", md[i]);
	free(d);
	return p.p;
}

int
cache_get(const char *kind, const void *key, size_t keylen, struct buf *out)
{
	char *path = path_of(kind, key, keylen, 0), chunk[4096];
	struct stat st;
	ssize_t r;
	int fd, ok = 0;

	if (!path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	if (fd < 0)
		return 0;
	/* a regular file of the user's own, not one planted by another */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (size_t)st.st_size > ENTRY_MAX)
		goto out;
	out->len = 0;
	while ((r = read(fd, chunk, sizeof chunk)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || out->len + (size_t)r > ENTRY_MAX)
			goto out;
		buf_add(out, chunk, (size_t)r);
	}
	ok = 1;
out:
	close(fd);
	return ok;
}

void
cache_put(const char *kind, const void *key, size_t keylen, const void *data,
          size_t len)
{
	char *path = path_of(kind, key, keylen, 1);
	struct buf tmp = { 0 };
	int fd;

	if (!path || len > ENTRY_MAX)
		goto out;
	buf_addf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.p)) < 0)
		goto out;
	if (writeall(fd, data, len) < 0 || close(fd) < 0 ||
	    rename(tmp.p, path) < 0)
		(void)unlink(tmp.p);
out:
	free(path);
	buf_free(&tmp);
}

int
cache_stamp_ok(const char *line, size_t len)
{
	char *s = estrndup(line, len), *end, *p;
	unsigned long long size, ns;
	struct stat st;
	int ok = 0;

	errno = 0;
	size = strtoull(s, &end, 10);
	if (errno || end == s || *end != ' ')
		goto out;
	p = end + 1;
	ns = strtoull(p, &end, 10);
	if (errno || end == p || *end != ' ' || end[1] != '/')
		goto out;
	if (stat(end + 1, &st) < 0)
		goto out;
	ok = (unsigned long long)st.st_size == size &&
	     (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
	     (unsigned long long)st.st_mtim.tv_nsec == ns;
out:
	free(s);
	return ok;
}
