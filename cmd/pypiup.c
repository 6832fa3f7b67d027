/* relkit — MIT licence, see LICENSE. */
/* pypiup: upload sdists and wheels to a package index, checked first. */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "creds.h"
#include "digest.h"
#include "dist.h"
#include "fileindex.h"
#include "meta.h"
#include "meter.h"
#include "oidc.h"
#include "pep440.h"
#include "pyname.h"
#include "pypirules.h"
#include "redact.h"
#include "repo.h"
#include "sign.h"
#include "upargs.h"
#include "upload.h"
#include "uploadq.h"
#include "util.h"

enum { PENDING, UPLOADED, SKIPPED, FAILED, NOTTRIED };

static const char synopsis[] =
    "usage: %s [-hnqsVv] [-j jobs] [-r name | --repository-url url]\n"
    "       [--index-url url] [--config-file file] [-u username]\n"
    "       [-p password] [--cert file] [--client-cert file] [--skip-existing]\n"
    "       [--sign-with program] [-i identity] [-c comment] [--attestations]\n"
    "       [--non-interactive] [--allow-http] [--timeout seconds] [--verify]\n"
    "       [--trusted-publishing mode] file ...\n"
    "       %s --show-urls [-r name | --repository-url url] [--index-url url]\n"
    "       [--config-file file]\n";

/* --help: one line per option, as twine upload --help lists them */
static const char options[] =
    "  -r, --repository NAME      .pypirc section (TWINE_REPOSITORY; pypi)\n"
    "  --repository-url URL       upload URL, beats -r (TWINE_REPOSITORY_URL)\n"
    "  --index-url URL            simple index to read (relkit)\n"
    "  --attestations             send each file's FILE.*.attestation\n"
    "  -s, --sign                 sign each file with gpg (FILE.asc)\n"
    "  --sign-with PROGRAM        the gpg program to sign with (gpg)\n"
    "  -i, --identity ID          the gpg identity to sign as (needs -s)\n"
    "  -u, --username NAME        username (TWINE_USERNAME; PyPI: __token__)\n"
    "  -p, --password PASSWORD    visible to ps: use TWINE_PASSWORD instead\n"
    "  --non-interactive          never prompt (TWINE_NON_INTERACTIVE)\n"
    "  --trusted-publishing MODE  automatic (PyPI only), always, never (uv)\n"
    "  -c, --comment TEXT         the comment sent with each file\n"
    "  --config-file FILE         the .pypirc to read (~/.pypirc)\n"
    "  --skip-existing            skip files the index has (by sha256)\n"
    "  --cert FILE                CA bundle (TWINE_CERT)\n"
    "  --client-cert FILE         TLS client certificate and key, PEM\n"
    "  -v, --verbose              requests and answers on stderr\n"
    "  --disable-progress-bar     no progress line\n"
    "  -q, --quiet                no progress, no notes (relkit)\n"
    "  -j, --jobs N               upload up to N files at once, 8 (relkit)\n"
    "  -n, --dry-run              check and digest, send nothing (relkit)\n"
    "  --verify                   wait until the index lists each file (relkit)\n"
    "  --allow-http               plain http beyond loopback (relkit)\n"
    "  --timeout SECONDS          no-progress limit, 60 (relkit)\n"
    "  --show-urls                print the upload and index URLs, send nothing\n"
    "  --help                     this help (-h: the usage only)\n"
    "  -V, --version              the version\n";

enum { O_URL = 256, O_INDEX, O_CONFIG, O_CERT, O_CLIENT, O_HTTP, O_TIMEOUT,
       O_VERIFY, O_NOPROGRESS, O_NONINTERACTIVE, O_SKIP, O_SIGNWITH,
       O_ATTEST, O_HELP, O_SHOWURLS, O_TP };

static const struct option longopts[] = {
	{ "repository", required_argument, NULL, 'r' },
	{ "repository-url", required_argument, NULL, O_URL },
	{ "index-url", required_argument, NULL, O_INDEX },
	{ "skip-existing", no_argument, NULL, O_SKIP },
	{ "sign", no_argument, NULL, 's' },
	{ "sign-with", required_argument, NULL, O_SIGNWITH },
	{ "identity", required_argument, NULL, 'i' },
	{ "comment", required_argument, NULL, 'c' },
	{ "attestations", no_argument, NULL, O_ATTEST },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verify", no_argument, NULL, O_VERIFY },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "config-file", required_argument, NULL, O_CONFIG },
	{ "cert", required_argument, NULL, O_CERT },
	{ "client-cert", required_argument, NULL, O_CLIENT },
	{ "username", required_argument, NULL, 'u' },
	{ "allow-http", no_argument, NULL, O_HTTP },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "password", required_argument, NULL, 'p' },
	{ "disable-progress-bar", no_argument, NULL, O_NOPROGRESS },
	{ "non-interactive", no_argument, NULL, O_NONINTERACTIVE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "show-urls", no_argument, NULL, O_SHOWURLS },
	{ "trusted-publishing", required_argument, NULL, O_TP },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static struct repo repo;
static struct up_conf conf;
static struct oidc oidc;
static int skip_existing, dryrun, verify, quiet, verbose, noprogress, showurls;
static const char *comment;
static char **attest; /* per file: the attestations field, or NULL */
static char **gpgsig; /* per file: its FILE.asc, or NULL */
/* Set when the index refuses a file (4xx) or redirects it: no further
 * file is started, as twine stops at its first error (a half-made
 * release is the worst outcome). */
static atomic_int stop;
static struct pyfile *files;
static char **lines;   /* each file's result line, printed in order */
#define MOVED 1024     /* a redirect's URL, as up_get_page gives it */

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* s, a whole number from 1 to most, or a usage error naming what. */
static long
count(const char *s, const char *what, long most)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > most)
		eprintf(EXIT_USAGE, "%s: %s: not a whole number from 1 to %ld",
		        what, s, most);
	return v;
}

static long
seconds(const char *s, const char *what)
{
	return count(s, what, 86400);
}

/* u's result line, kept until flush prints it (uploads end in any
 * order; their lines come out in the order given). */
static void
result(struct pyfile *u, int state, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	char *s;

	u->state = state;
	if (state == UPLOADED)
		buf_addf(&b, "uploaded %s\n", u->path);
	else if (state == SKIPPED)
		buf_addf(&b, "skipped %s (already on the index)\n", u->path);
	else if (state == NOTTRIED)
		buf_addf(&b, "not attempted %s (a file before it failed)\n", u->path);
	else {
		buf_addf(&b, "failed %s: ", u->path);
		va_start(ap, fmt);
		if (vasprintf(&s, fmt, ap) < 0)
			s = NULL;
		va_end(ap);
		buf_addf(&b, "%s\n", s ? s : "(no memory)");
		free(s);
	}
	free(lines[u - files]);
	lines[u - files] = b.p;
}

static void
flush(const struct pyfile *u)
{
	char **l = &lines[u - files];

	if (!*l)
		return;
	meter_lock();
	fputs(*l, stdout);
	meter_unlock();
	free(*l);
	*l = NULL;
}

/* The project's page, from the file index or over HTTP; moved (or
 * NULL) as up_get_page's; once: one try. 0 or -1. */
static int
getpage(const struct pyfile *u, struct simple_page *p, int once,
        char moved[MOVED])
{
	struct up_conf c = conf;

	if (moved)
		moved[0] = '\0';
	if (repo.file_root)
		return fileindex_read(repo.file_root, u->name, p);
	if (once)
		c.attempts = 1;
	return up_get_page(&c, repo.index_url, u->name,
	                   repo_same_origin(repo.upload_url, repo.index_url), p,
	                   NULL, moved, moved ? MOVED : 0);
}

/* What the index holds under u's file name: 1 the same bytes, 2 other
 * bytes (other, if not NULL: their sha256; "" when none is given, so no
 * telling), 0 nothing (moved, if not NULL, names where the page
 * redirected to another origin), -1 the index could not be read.
 * once: one try. */
static int
lookup(const struct pyfile *u, char other[65], int once, char moved[MOVED])
{
	struct simple_page p;
	const struct simple_file *f;
	int ret;

	if (getpage(u, &p, once, moved) < 0)
		return -1;
	f = simple_find(&p, u->base);
	ret = !f ? 0 : strcmp(f->sha256, u->dg.sha256) == 0 ? 1 : 2;
	if (other)
		snprintf(other, 65, "%s", f ? f->sha256 : "");
	simple_free(&p);
	return ret;
}

static void
clash(struct pyfile *u, const char *other)
{
	if (!other[0])
		result(u, FAILED, "the index lists %s without a sha256: cannot "
		       "tell whether it is this file", u->base);
	else
		result(u, FAILED, "the index has another %s (sha256 %s, not %s)",
		       u->base, other, u->dg.sha256);
}

static void
publish_file(struct pyfile *u)
{
	const char *rp = meta_get(&u->meta, "Requires-Python");
	char other[65];
	int rc = lookup(u, other, 0, NULL);

	/* rc 1 (already there) publishes too: fileindex_publish skips
	 * the file and writes a root page an earlier run could not. */
	if (rc == 2)
		clash(u, other);
	else if (rc < 0)
		result(u, FAILED, "cannot read the index at %s", repo.file_root);
	else if ((rc = fileindex_publish(repo.file_root, u->name, u->path,
	                                 u->dg.sha256, rp)) < 0)
		result(u, FAILED, "cannot publish into %s", repo.file_root);
	else
		result(u, rc == 1 ? SKIPPED : UPLOADED, NULL);
}

/* Before each request, in whichever upload thread: a token minted
 * afresh when the old one nears its end (oidc keeps every token it
 * handed out until oidc_free, so a request's copy never dangles). */
static pthread_mutex_t oidc_lock = PTHREAD_MUTEX_INITIALIZER;

static int
refresh(void *arg, struct up_conf *c)
{
	int rc;

	pthread_mutex_lock(&oidc_lock);
	rc = oidc_refresh(arg, c);
	pthread_mutex_unlock(&oidc_lock);
	return rc;
}

/* twine's fields beyond the metadata: -c, --attestations. */
static void
extra_fields(const struct pyfile *u, struct form *f)
{
	if (comment)
		form_add(f, "comment", comment);
	if (attest && attest[u - files])
		form_add(f, "attestations", attest[u - files]);
	if (gpgsig && gpgsig[u - files] && gpgsig[u - files][0])
		form_add(f, "gpg_signature", gpgsig[u - files]);
}

/* Asked before a retry of u whose body was sent in full: one request,
 * for the retry is there if it cannot tell. */
static int
landed(void *arg)
{
	return lookup(arg, NULL, 1, NULL) == 1;
}

static long upload_one(struct pyfile *u);

static void
upload_file(struct pyfile *u)
{
	long st;

	if (stop) {
		result(u, NOTTRIED, NULL);
		return;
	}
	/* a refusal (4xx) or a redirect stops the run, as twine stops; a
	 * file that got no answer or a 5xx after its tries does not: the
	 * index may be fine for the others */
	st = upload_one(u);
	if ((st / 100 == 4 || st / 100 == 3) && u->state == FAILED)
		stop = 1;
}

/* The 405 and 410 answers, explained as twine explains them: the
 * URL is no upload URL; PyPI's named for a URL on PyPI. */
static const char *
wrongurl(long status, char *why, size_t n)
{
	if (status != 405 && status != 410)
		return "";
	if (strstr(repo.upload_url, "pypi.org"))
		snprintf(why, n, "; %s is not PyPI's upload URL: use %s (TestPyPI: "
		         "%s)", repo.upload_url, REPO_PYPI_UPLOAD, REPO_TESTPYPI_UPLOAD);
	else
		snprintf(why, n, "; %s is not the index's upload URL%s",
		         repo.upload_url, status == 410 ? " (any more)" : "");
	return why;
}

/* Upload u; the status of the index's last answer (0: none). */
static long
upload_one(struct pyfile *u)
{
	struct form f = { 0 };
	struct up_result r;
	char other[65], why[1200];
	int rc, posted;

	if (skip_existing) {
		if ((rc = lookup(u, other, 0, NULL)) == 1) {
			result(u, SKIPPED, NULL);
			return 0;
		}
		if (rc == 2) {
			clash(u, other);
			return 409;
		}
		if (rc < 0) {
			result(u, FAILED, "cannot read the index to skip existing files");
			return 0;
		}
	}
	pyrule_form(&u->meta, u->type, u->pyversion, &u->dg, &f);
	extra_fields(u, &f);
	posted = up_post_file(&conf, repo.upload_url, &f, u->path, u->base,
	                      landed, u, &r);
	form_free(&f);
	if (posted < 0)
		result(u, FAILED, "no answer: %s", r.reason);
	else if (r.landed)
		result(u, UPLOADED, NULL);
	else if (r.status >= 200 && r.status < 300)
		result(u, UPLOADED, NULL);
	else if (r.status >= 300 && r.status < 400) {
		/* the Location may carry user-info: never shown */
		char *safe = redact(r.location);

		result(u, FAILED, "%ld %s (redirected to %s: give that URL with "
		       "--repository-url; redirects are not followed)", r.status,
		       r.reason, safe[0] ? safe : "no Location");
		free(safe);
	} else if ((r.status == 400 || r.status == 409) &&
	         (rc = lookup(u, other, 0, NULL)) > 0) {
		/* decided by the index's sha256, not by the error text */
		if (rc == 1)
			result(u, SKIPPED, NULL);
		else
			clash(u, other);
	} else
		result(u, FAILED, "%ld %s%s", r.status, r.reason,
		       wrongurl(r.status, why, sizeof why));
	return posted < 0 ? 0 : r.status;
}

/* The version in a dist's file name, PEP 440-normalized into out (a
 * wheel's second field, an sdist's last); 0, or -1. */
static int
filever(const char *fn, char *out, size_t size)
{
	char tmp[256];
	const char *a, *b, *why;
	size_t n = strlen(fn);

	if (n > 4 && strcmp(fn + n - 4, ".whl") == 0) {
		if (!(a = strchr(fn, '-')) || !(b = strchr(a + 1, '-')))
			return -1;
		a++;
	} else {
		if (n > 7 && strcmp(fn + n - 7, ".tar.gz") == 0)
			n -= 7;
		else if (n > 4 && strcmp(fn + n - 4, ".zip") == 0)
			n -= 4;
		else
			return -1;
		for (a = fn + n; a > fn && a[-1] != '-'; a--)
			;
		if (a == fn)
			return -1;
		b = fn + n;
	}
	if ((size_t)(b - a) >= sizeof tmp)
		return -1;
	memcpy(tmp, a, (size_t)(b - a));
	tmp[b - a] = '\0';
	return pep440_normalize(tmp, out, size, &why);
}

/* PyPI's rule since July 2026 (warehouse#19727): no new file on a
 * release first uploaded more than 14 days ago. Checked from the
 * simple page's PEP 700 upload-time before anything is sent; a file
 * the index has already (the same sha256) is no new file. The number
 * of files refused. */
enum { MAX_RELEASE_AGE = 14 * 86400 };

static int
old_releases(struct pyfile *u, int n)
{
	time_t now = time(NULL);
	int i, j, k, bad = 0;

	for (i = 0; i < n; i++) {
		struct simple_page p;

		for (j = 0; j < i; j++)
			if (pep503_eq(u[j].name, strlen(u[j].name), u[i].name,
			              strlen(u[i].name)))
				break;
		if (j < i || getpage(&u[i], &p, 0, NULL) < 0)
			continue;
		for (k = i; k < n; k++) {
			const struct simple_file *had = simple_find(&p, u[k].base);
			char mine[128], theirs[128], day[32];
			const char *why;
			long long first = 0;
			size_t f;
			struct tm tm;
			time_t t;

			if (!pep503_eq(u[k].name, strlen(u[k].name), u[i].name,
			               strlen(u[i].name)) ||
			    (had && strcmp(had->sha256, u[k].dg.sha256) == 0) ||
			    pep440_normalize(u[k].version, mine, sizeof mine, &why) < 0)
				continue;
			for (f = 0; f < p.n; f++)
				if (p.f[f].upload_time &&
				    filever(p.f[f].filename, theirs, sizeof theirs) == 0 &&
				    strcmp(mine, theirs) == 0 &&
				    (!first || p.f[f].upload_time < first))
					first = p.f[f].upload_time;
			if (!first || now - first <= MAX_RELEASE_AGE)
				continue;
			t = (time_t)first;
			gmtime_r(&t, &tm);
			strftime(day, sizeof day, "%Y-%m-%d", &tm);
			weprintf("%s: Uploading new files to releases older than 14 "
			         "days is not allowed (PyPI's words): %s %s was first "
			         "uploaded on %s; release a new version", u[k].path,
			         u[k].name, u[k].version, day);
			bad++;
		}
		simple_free(&p);
	}
	return bad;
}

/* Read the index until every uploaded file is listed with its sha256,
 * for at most wait seconds. The number of files not listed. */
static int
verify_all(struct pyfile *u, int n, long wait)
{
	double pause = 0.5, waited = 0;
	char (*moved)[MOVED] = ecalloc((size_t)n, sizeof *moved);
	int i, left;

	for (;;) {
		for (left = 0, i = 0; i < n; i++)
			if (u[i].state == UPLOADED || u[i].state == SKIPPED) {
				if (lookup(&u[i], NULL, 0, moved[i]) == 1)
					u[i].state = -u[i].state;
				else
					left++;
			}
		if (left == 0 || waited >= wait)
			break;
		if (pause > wait - waited)
			pause = wait - waited;
		usleep((useconds_t)(pause * 1e6));
		waited += pause;
		pause *= 2;
	}
	for (i = 0; i < n; i++) {
		if (u[i].state < 0) {
			u[i].state = -u[i].state;
			printf("verified %s\n", u[i].path);
		} else if (u[i].state == UPLOADED || u[i].state == SKIPPED) {
			/* a page elsewhere proves nothing of this index */
			if (moved[i][0])
				result(&u[i], FAILED, "not proven: the index does not "
				       "list %s, its page redirects to another origin "
				       "(%s) after %ld s", u[i].name, moved[i], wait);
			else
				result(&u[i], FAILED, "not listed on the index with "
				       "sha256 %s after %ld s", u[i].dg.sha256, wait);
			flush(&u[i]);
		}
	}
	free(moved);
	return left;
}

/* The files to upload, and the first of each project. */
struct batch {
	struct pyfile *u;
	size_t *first;
};

static int
job(void *arg, size_t i)
{
	struct pyfile *u = ((struct batch *)arg)->u + i;

	upload_file(u);
	if (conf.progress == 2)
		meter_done();
	return u->state == UPLOADED || u->state == SKIPPED;
}

static void
emit(void *arg, size_t i)
{
	flush(((struct batch *)arg)->u + i);
}

/* Is project g on the index (its simple page not a 404)? Asked while
 * its first file is on its way. */
static int
known(void *arg, int g)
{
	struct batch *b = arg;
	struct up_conf c = conf;
	struct simple_page p;
	int found = 1;

	c.attempts = 1;
	c.quiet = 1;
	if (up_get_page(&c, repo.index_url, b->u[b->first[g]].name,
	                repo_same_origin(repo.upload_url, repo.index_url), &p,
	                &found, NULL, 0) < 0)
		found = 0;   /* cannot tell: as if new */
	simple_free(&p);
	return found;
}

/* Upload up to jobs files at once. The files of each project wait until
 * its first file is accepted, or the index says it knows the project:
 * a new project is created once, by one upload. */
static void
upload_all(struct pyfile *u, int n, int jobs)
{
	int *group = ecalloc((size_t)n, sizeof *group);
	struct batch b = { u, ecalloc((size_t)n, sizeof *b.first) };
	struct uq q = { .n = (size_t)n, .jobs = jobs, .run = job,
	                .emit = emit, .arg = &b };
	unsigned long long bytes = 0;
	size_t *order;
	int i, j;

	for (i = 0; i < n; i++) {
		bytes += u[i].dg.size;
		for (j = 0; j < i; j++)
			if (pep503_eq(u[j].name, strlen(u[j].name), u[i].name,
			              strlen(u[i].name)))
				break;
		if (j < i)
			group[i] = group[j];
		else {
			group[i] = q.ngroups;
			b.first[q.ngroups++] = (size_t)i;
		}
	}
	/* twine's order to start them: wheels first, so that a new
	 * project's release is made from a wheel's metadata */
	order = ecalloc((size_t)n, sizeof *order);
	for (i = 0, j = 0; i < n; i++)
		if (u[i].type == DIST_WHEEL)
			order[j++] = (size_t)i;
	for (i = 0; i < n; i++)
		if (u[i].type != DIST_WHEEL)
			order[j++] = (size_t)i;
	q.order = order;
	q.group = group;
	q.probe = known;
	if (conf.progress == 2)
		meter_start((size_t)n, bytes);
	uq_run(&q);
	if (conf.progress == 2)
		meter_stop();
	free(group);
	free(order);
	free(b.first);
}

static void
dry(const struct pyfile *u)
{
	struct form f = { 0 };

	printf("would upload %s (%llu bytes, sha256 %s)\n", u->path,
	       u->dg.size, u->dg.sha256);
	if (!verbose)
		return;
	pyrule_form(&u->meta, u->type, u->pyversion, &u->dg, &f);
	up_show_form(&f, u->base, u->dg.size);
	form_free(&f);
}

/* "View at:" URLs for PyPI and TestPyPI, as twine prints them. */
static void
view_at(const struct pyfile *u, int n)
{
	const char *web = strncmp(repo.upload_url, REPO_TESTPYPI_UPLOAD,
	                          strlen(REPO_TESTPYPI_UPLOAD)) == 0 ?
	                  "https://test.pypi.org" : "https://pypi.org";
	int i, j, any = 0;

	for (i = 0; i < n; i++) {
		const char *name = meta_get(&u[i].meta, "Name");
		const char *ver = meta_get(&u[i].meta, "Version");

		if (u[i].state != UPLOADED || !name || !ver)
			continue;
		for (j = 0; j < i; j++)
			if (u[j].state == UPLOADED &&
			    strcmp(u[j].name, u[i].name) == 0 &&
			    strcmp(meta_get(&u[j].meta, "Version"), ver) == 0)
				break;
		if (j < i)
			continue;
		if (!any++)
			printf("View at:\n");
		/* twine's safe_name: runs of other characters as one '-' */
		char *safe = pyrule_safe_name(name);

		printf("%s/project/%s/%s/\n", web, safe, ver);
		free(safe);
	}
}

/* The options beyond the flags above, as given. */
static struct {
	struct repo_opts ro;
	const char *sign_with, *identity;
	long timeout, backoff, answer;
	int sign, attestations, jobs, interactive, tp;
} opt = { .sign_with = "gpg", .timeout = 60, .backoff = 1000, .jobs = 8,
          .interactive = 1, .tp = CREDS_TP_AUTOMATIC };

/* The settings tests and release.mk give in the environment. */
static void
env_options(void)
{
	const char *e;

	if ((e = getenv("RELKIT_TIMEOUT")) && *e)
		opt.timeout = seconds(e, "RELKIT_TIMEOUT");
	if ((e = getenv("RELKIT_BACKOFF_MS")) && *e)
		opt.backoff = seconds(e, "RELKIT_BACKOFF_MS");
	if ((e = getenv("RELKIT_ANSWER_TIMEOUT")) && *e)
		opt.answer = seconds(e, "RELKIT_ANSWER_TIMEOUT");
}

static void
option(int c)
{
	switch (c) {
	case 'c': comment = optarg; break;
	case 'i': opt.identity = optarg; break;
	case 'j': opt.jobs = (int)count(optarg, "-j", UP_MAX_JOBS); break;
	case 'n': dryrun = 1; break;
	case 'q': quiet = 1; verbose = 0; break;
	case 'r': opt.ro.name = optarg; break;
	case 's': opt.sign = 1; break;
	case 'u': opt.ro.username = optarg; break;
	case 'v': verbose = 1; quiet = 0; break;
	case O_SKIP: skip_existing = 1; break;
	case O_SIGNWITH: opt.sign_with = optarg; break;
	case O_ATTEST: opt.attestations = 1; break;
	case O_URL: opt.ro.url = optarg; break;
	case O_INDEX: opt.ro.index_url = optarg; break;
	case O_CONFIG: opt.ro.config_file = optarg; break;
	case O_CERT: opt.ro.cert = optarg; break;
	case O_CLIENT: opt.ro.client_cert = optarg; break;
	case O_HTTP: opt.ro.allow_http = 1; break;
	case O_TIMEOUT: opt.timeout = seconds(optarg, "--timeout"); break;
	case O_VERIFY: verify = 1; break;
	case O_NOPROGRESS: noprogress = 1; break;
	case O_NONINTERACTIVE: opt.interactive = 0; break;
	case O_SHOWURLS: showurls = 1; break;
	case O_TP:
		if ((opt.tp = creds_tp_mode(optarg)) < 0)
			eprintf(EXIT_USAGE, "--trusted-publishing: %s: not automatic, "
			        "always or never", optarg);
		break;
	case 'p':
		/* twine accepts it; say what it costs */
		weprintf("warning: a password on the command line is visible "
		         "to other users of this machine (ps); set "
		         "TWINE_PASSWORD instead");
		opt.ro.password = optarg;
		break;
	case 'V': printversion();
	case 'h': synopsis_exit(synopsis, 1);
	case O_HELP: {
		struct buf b = { 0 };

		buf_adds(&b, synopsis);
		buf_adds(&b, options);
		synopsis_exit(b.p, 1);
	}
	default: usage();
	}
}

/* --show-urls: the URLs pypiup would use, no credentials needed
 * (release.mk). */
static int
show_urls(void)
{
	if (repo_resolve(&opt.ro, &repo) < 0)
		return EXIT_USAGE;
	printf("upload %s\nindex %s%s%s\n", repo.upload_url,
	       repo.file_root ? "file://" : "", repo.file_root ?
	       repo.file_root : repo.index_url, repo.file_root ? "/simple/" : "");
	/* whether an upload would find its credentials without asking
	 * (the keyring and the prompt are asked only when it runs) */
	printf("credentials %s\n", repo.file_root || repo.client_cert ||
	       (repo.username && *repo.username && repo.password &&
	        *repo.password) || (creds_tp_wanted(&repo, opt.tp) &&
	       oidc_available()) ? "yes" : "no");
	repo_free(&repo);
	return fshut(stdout, "<stdout>") ? EXIT_USAGE : EXIT_DONE;
}

/* twine's _find_dists: a name that is no file is a pattern. */
static void
expand(int argc, char *argv[], glob_t *g)
{
	int i, grc;

	for (i = 0; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 || errno != ENOENT)
			grc = glob(argv[i], GLOB_NOCHECK | GLOB_NOESCAPE |
			           (i ? GLOB_APPEND : 0), NULL, g);
		else if ((grc = glob(argv[i], i ? GLOB_APPEND : 0, NULL, g)) ==
		         GLOB_NOMATCH) {
			globfree(g);
			eprintf(EXIT_USAGE, "%s: no such file, and no file matches it "
			        "as a pattern", argv[i]);
		}
		if (grc != 0 && grc != GLOB_NOMATCH)
			eprintf(EXIT_USAGE, "%s: cannot expand the pattern", argv[i]);
	}
}

/* PyPI's rule, checked before anything is sent: attestations only
 * through Trusted Publishing. 0, or -1 said. */
static int
attest_allowed(void)
{
	if (!opt.attestations || !repo.pypi || dryrun ||
	    creds_tp_wanted(&repo, opt.tp))
		return 0;
	weprintf("%s: Attestations are only supported when using Trusted "
	         "Publishing (PyPI's words): upload from a CI job with trusted "
	         "publishing and no password, or drop --attestations",
	         repo.upload_url);
	return -1;
}

/* The checks of every file, and its attestations: 0 or -1 (said). */
static int
check_all(const struct upargs *ua, int n)
{
	int i, bad = pyrule_check_files(files, (size_t)n) > 0;

	if (!bad && opt.attestations) {
		attest = ecalloc((size_t)n, sizeof *attest);
		for (i = 0; i < n; i++)
			bad |= !(attest[i] = upargs_attestations(ua, files[i].path));
		if (!repo.pypi)
			weprintf("warning: only PyPI and TestPyPI take attestations; "
			         "if the upload fails, try without --attestations");
	}
	if (bad)
		weprintf("nothing uploaded: fix the files above first");
	return bad ? -1 : 0;
}

/* The upload engine's settings from the options. */
static void
set_conf(int n)
{
	long t = opt.timeout;

	conf = (struct up_conf){
		.cert = creds_ca_bundle(&repo), .client_cert = repo.client_cert,
		.timeout = t, .attempts = 5, .backoff_ms = opt.backoff,
		.answer_timeout = opt.answer ? opt.answer : t > 300 ? t : 300,
		.max_wait = 60, .verbose = verbose, .quiet = quiet,
		.progress = !quiet && !verbose && !noprogress &&
		            isatty(STDERR_FILENO),
	};
	if (conf.progress && opt.jobs > 1 && n > 1)
		conf.progress = 2;
	/* of the files at once, a quarter (at least two) sending their
	 * bytes; the rest have sent theirs and wait for the index */
	if (opt.jobs > 1 && n > 1)
		conf.senders = opt.jobs / 4 > 2 ? opt.jobs / 4 : 2;
}

/* twine: no Authorization when both are empty */
static void
set_login(void)
{
	if ((repo.username && *repo.username) ||
	    (repo.password && *repo.password)) {
		conf.username = repo.username ? repo.username : "";
		conf.password = repo.password ? repo.password : "";
	}
}

/* Signatures: made with -s, read (made or given) to go with each
 * file. 0, or -1 said. */
static int
signatures(const struct upargs *ua, int n)
{
	int i;

	for (i = 0; i < n && opt.sign; i++)
		if (!upargs_sig(ua, files[i].path) &&
		    sign_file(opt.sign_with, opt.identity, files[i].path) < 0) {
			weprintf("nothing uploaded: signing failed");
			return -1;
		}
	/* twine sends FILE.asc as gpg_signature: pypiserver and devpi
	 * keep it; PyPI ignores it */
	if (!opt.sign && !ua->nsigs)
		return 0;
	gpgsig = ecalloc((size_t)n, sizeof *gpgsig);
	for (i = 0; i < n; i++)
		if (!(gpgsig[i] = upargs_sigtext(ua, files[i].path, opt.sign))) {
			weprintf("nothing uploaded: a signature cannot be read");
			return -1;
		}
	if (repo.pypi)
		weprintf("warning: PyPI ignores PGP signatures (twine warns the "
		         "same)");
	return 0;
}

/* What is needed before the first byte is sent: credentials, PyPI's
 * rules that read the index, signatures. 0, or -1 said. */
static int
ready(const struct upargs *ua, int n)
{
	if (creds_complete(&repo, opt.interactive, (enum creds_tp)opt.tp,
	                   verbose, &oidc, &conf) < 0)
		return -1;
	/* PyPI's own rules that need the index: checked before sending */
	if (!repo.file_root &&
	    (repo.pypi || creds_env_flag("RELKIT_PYPI_RULES"))) {
		if (conf.username == NULL && ((repo.username && *repo.username) ||
		                              (repo.password && *repo.password)))
			set_login();
		if (old_releases(files, n) > 0) {
			weprintf("nothing uploaded: fix the files above first");
			return -1;
		}
	}
	if (signatures(ua, n) < 0)
		return -1;
	set_login();
	return 0;
}

/* After a stop: the files not attempted, named. */
static void
not_attempted(int n)
{
	struct buf b = { 0 };
	int i;

	for (i = 0; i < n; i++)
		if (files[i].state == NOTTRIED)
			buf_addf(&b, "%s%s", b.len ? ", " : "", files[i].path);
	if (b.len)
		weprintf("after a failure no further file was started; not "
		         "attempted: %s", b.p);
	buf_free(&b);
}

/* Send (or with -n show, or into a file index publish) every file,
 * verify, burn the token, sum up. 1 when a file failed, else 0. */
static int
send_all(int n)
{
	const char *e;
	int i, failed = 0;
	/* twine's lines for a person; stdout stays one record a file when
	 * a program reads it */
	int person = isatty(STDOUT_FILENO) && !dryrun;

	if (person) {
		char *safe = redact(repo.upload_url);

		printf("Uploading distributions to %s\n", safe);
		free(safe);
	}
	if (oidc.token) {
		conf.refresh = refresh;
		conf.refresh_arg = &oidc;
	}
	if (dryrun || repo.file_root)
		for (i = 0; i < n; i++) {
			if (dryrun)
				dry(&files[i]);
			else
				publish_file(&files[i]);
			flush(&files[i]);
		}
	else
		upload_all(files, n, opt.jobs);
	if (verify && !dryrun)
		verify_all(files, n, (e = getenv("RELKIT_VERIFY_WAIT")) && *e ?
		           seconds(e, "RELKIT_VERIFY_WAIT") : 60);
	/* PyPI's short-lived token, made shorter: burnt once done */
	if (oidc.token)
		oidc_burn(&oidc, &conf);
	for (i = 0; i < n; i++)
		failed |= files[i].state == FAILED || files[i].state == NOTTRIED;
	if (stop)
		not_attempted(n);
	/* twine's release_urls: any URL on PyPI's or TestPyPI's upload host */
	if (person && (strncmp(repo.upload_url, "https://upload.pypi.org/", 24) == 0 ||
	               strncmp(repo.upload_url, "https://test.pypi.org/", 22) == 0))
		view_at(files, n);
	return failed;
}

/* Check, get ready, send: the exit status. */
static int
run(const struct upargs *ua)
{
	int i, n = (int)ua->ndists, bad = 0, failed = 0, net;

	if (repo_resolve(&opt.ro, &repo) < 0)
		return EXIT_USAGE;
	if (verbose && repo.name)
		weprintf("repository %s from %s", repo.name, repo.config ?
		         repo.config : "pypiup's defaults (no .pypirc)");
	if (attest_allowed() < 0) {
		repo_free(&repo);
		return EXIT_USAGE;
	}
	files = ecalloc((size_t)n, sizeof *files);
	lines = ecalloc((size_t)n, sizeof *lines);
	for (i = 0; i < n; i++)
		files[i].path = ua->dists[i];
	net = !dryrun && !repo.file_root;
	if (check_all(ua, n) < 0 || (net && up_init() < 0))
		bad = 1;
	else {
		set_conf(n);
		if (!dryrun && ready(ua, n) < 0)
			bad = 1;
		else
			failed = send_all(n);
		if (net)
			up_cleanup();
	}
	oidc_free(&oidc);
	for (i = 0; attest && i < n; i++)
		free(attest[i]);
	free(attest);
	for (i = 0; gpgsig && i < n; i++)
		free(gpgsig[i]);
	free(gpgsig);
	pyfile_free(files, (size_t)n);
	free(files);
	free(lines);
	repo_free(&repo);
	if (fshut(stdout, "<stdout>"))
		return EXIT_USAGE;
	return bad ? EXIT_USAGE : failed ? EXIT_NOTHOLD : EXIT_DONE;
}

int
main(int argc, char *argv[])
{
	struct upargs ua;
	glob_t g = { 0 };
	int c, rc;

	setprogname(argv[0]);
	signal(SIGPIPE, SIG_IGN);
	env_options();
	while ((c = getopt_long(argc, argv, "c:hi:j:np:qr:su:vV", longopts,
	                        NULL)) != -1)
		option(c);
	argc -= optind;
	argv += optind;
	if (showurls && argc == 0)
		return show_urls();
	if (argc < 1 || showurls)
		usage();
	if (opt.identity && !opt.sign)
		eprintf(EXIT_USAGE, "-i/--identity needs -s/--sign");
	if (creds_env_flag("TWINE_NON_INTERACTIVE"))
		opt.interactive = 0;
	expand(argc, argv, &g);
	upargs_split(g.gl_pathv, g.gl_pathc, &ua);
	if (ua.ndists == 0) {
		upargs_free(&ua);
		globfree(&g);
		eprintf(EXIT_USAGE, "signatures and attestations go with the "
		        "distribution files they belong to: give those too");
	}
	rc = run(&ua);
	upargs_free(&ua);
	globfree(&g);
	return rc;
}
