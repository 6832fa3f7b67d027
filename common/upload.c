/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dist.h"
#include "meter.h"
#include "pyname.h"
#include "redact.h"
#include "repo.h"
#include "upload.h"

#define UA "pypiup/" RELKIT_VERSION " (relkit)"
#define POST_BODY_LIMIT ((size_t)64 << 10)
#define POST_BODY_CAP ((size_t)1 << 20)  /* an upload's answer: an error past */
#define PAGE_LIMIT ((size_t)64 << 20)
/* Deadlines (a trickle moves a byte now and then, so "nothing moved"
 * alone never fires): before the answer, at least LOW_RATE bytes a
 * second over every --timeout; a page whole within PAGE_TIMES times
 * --timeout; an upload's answer whole within the answer's limit of the
 * end of its body. */
#define LOW_RATE 1024
#define PAGE_TIMES 10

/* One request's answer, as the callbacks see it. */
struct answer {
	struct up_conf *c;
	long status;
	char reason[512];
	char location[1024];
	char ctype[128];
	long retry_after;    /* seconds, -1 if none */
	struct buf body;
	size_t limit;        /* bytes of the body kept */
	size_t got;          /* bytes of the body that came */
	int toobig;
	int auth;            /* send c's credentials */
	char note[160];      /* said of the final answer (Retry-After) */
	int headed;          /* a status line came */
	int sent;            /* the whole request body went out */
	size_t cap;          /* past this many bytes the answer is an error */
	int post;            /* a request with a body */
	/* deadlines: the try's start, when the body was all sent, the
	 * last checkpoint of bytes moved either way */
	double t0, sent_at, mark;
	curl_off_t marked, window;   /* bytes at the mark; in the last window */
	int stalled;         /* 1 slow, 2 page too long, 3 answer too long */
	struct body *show;   /* progress display for this upload, or NULL */
};

/* The body of a POST: prefix in memory, the file from disk, suffix. */
struct body {
	struct buf prefix, suffix;
	int fd;
	unsigned long long size, off, total;
	int shortread;
	struct meter_file m;  /* its progress */
	int gated;           /* holds one of the sending turns */
	struct answer *a;    /* its request's stall watch */
};

/*
 * Turns to send. Uploads that all start at once share the link evenly,
 * end their bodies together and then all wait out the index's check
 * while the link idles. With at most `senders` bodies on the way at a
 * time the others wait their turn before they connect (an index may
 * drop a connection left idle), and each body that ends hands the link
 * to the next while it waits for its answer. TCP_NOTSENT_LOWAT keeps the kernel from taking a whole body
 * at once, so a body's last byte handed over is near its last byte on
 * the wire.
 */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int busy;
} turns = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
#define NOTSENT_LOWAT (128 << 10)

/* One connection cache for every thread: a file reuses the connection
 * the one before it left open, as twine's session does. */
static CURLSH *share;
static pthread_mutex_t sharelock[CURL_LOCK_DATA_LAST];

static void
share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *arg)
{
	(void)h;
	(void)access;
	(void)arg;
	pthread_mutex_lock(&sharelock[data]);
}

static void
share_unlock(CURL *h, curl_lock_data data, void *arg)
{
	(void)h;
	(void)arg;
	pthread_mutex_unlock(&sharelock[data]);
}

int
up_init(void)
{
	int i;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		weprintf("cannot initialise libcurl");
		return -1;
	}
	for (i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&sharelock[i], NULL);
	if ((share = curl_share_init()) != NULL) {
		curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
		curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
		curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
		if (curl_share_setopt(share, CURLSHOPT_SHARE,
		                      CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
			curl_share_cleanup(share);
			share = NULL;   /* an old libcurl: a connection a file */
		}
	}
	return 0;
}

void
up_cleanup(void)
{
	if (share)
		curl_share_cleanup(share);
	share = NULL;
	curl_global_cleanup();
}

/* Wait for a turn to send b (when turns are counted). */
static void
turn_take(const struct up_conf *c, struct body *b)
{
	if (c->senders <= 0 || b->gated)
		return;
	pthread_mutex_lock(&turns.mu);
	while (turns.busy >= c->senders)
		pthread_cond_wait(&turns.cv, &turns.mu);
	turns.busy++;
	b->gated = 1;
	pthread_mutex_unlock(&turns.mu);
}

static void
turn_give(struct body *b)
{
	if (!b->gated)
		return;
	pthread_mutex_lock(&turns.mu);
	turns.busy--;
	b->gated = 0;
	pthread_cond_signal(&turns.cv);
	pthread_mutex_unlock(&turns.mu);
}

static int
sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	int lowat = NOTSENT_LOWAT;

	(void)arg;
	if (purpose == CURLSOCKTYPE_IPCXN)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &lowat,
		                 sizeof lowat);   /* a hint: not every socket is TCP */
	return CURL_SOCKOPT_OK;
}

void
up_boundary(char out[64])
{
	unsigned char r[16];
	size_t i, got = 0;

	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);

		if (n < 0 && errno != EINTR)
			eprintf(EXIT_USAGE, "getrandom:");
		if (n > 0)
			got += (size_t)n;
	}
	memcpy(out, "relkit-", 7);
	for (i = 0; i < sizeof r; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", r[i]);
}

static void
prefix(struct buf *b, const struct form *f, const char *filename,
       const char *boundary)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		/* twine sends gpg_signature as a file, FILE.asc */
		buf_addf(b, "--%s\r\nContent-Disposition: form-data; "
		         "name=\"%s\"%s%s%s\r\n\r\n%s\r\n", boundary, f->f[i].name,
		         strcmp(f->f[i].name, "gpg_signature") ? "" : "; filename=\"",
		         strcmp(f->f[i].name, "gpg_signature") ? "" : filename,
		         strcmp(f->f[i].name, "gpg_signature") ? "" : ".asc\"",
		         f->f[i].value);
	buf_addf(b, "--%s\r\nContent-Disposition: form-data; name=\"content\"; "
	         "filename=\"%s\"\r\nContent-Type: application/octet-stream"
	         "\r\n\r\n", boundary, filename);
}

static void
suffix(struct buf *b, const char *boundary)
{
	buf_addf(b, "\r\n--%s--\r\n", boundary);
}

static size_t
readbody(char *out, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t want = size * nmemb, done = 0;
	unsigned long long plen = b->prefix.len, flen = b->size;

	while (done < want && b->off < b->total) {
		size_t n = want - done;

		if (b->off < plen) {
			if (n > plen - b->off)
				n = (size_t)(plen - b->off);
			memcpy(out + done, b->prefix.p + b->off, n);
		} else if (b->off < plen + flen) {
			ssize_t r;

			if (n > plen + flen - b->off)
				n = (size_t)(plen + flen - b->off);
			r = read(b->fd, out + done, n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				b->shortread = 1;
				return CURL_READFUNC_ABORT;
			}
			n = (size_t)r;
		} else {
			unsigned long long so = b->off - plen - flen;

			if (n > b->suffix.len - so)
				n = (size_t)(b->suffix.len - so);
			memcpy(out + done, b->suffix.p + so, n);
		}
		done += n;
		b->off += n;
	}
	if (b->off >= b->total) {
		turn_give(b);   /* all handed over: the next body's turn */
		if (!b->a->sent) {
			b->a->sent = 1;
			b->a->sent_at = meter_now();
		}
	}
	return done;
}

/* Start the body over (a retry, or libcurl rewinding). */
static int
rewindbody(struct body *b)
{
	b->off = 0;
	b->shortread = 0;
	return lseek(b->fd, 0, SEEK_SET) == 0 ? 0 : -1;
}

/* libcurl may send a body again on its own (a reused connection that
 * died before the answer): never once a byte of it went out; the try
 * fails, and our retry asks the index first (perform). */
static int
seekbody(void *arg, curl_off_t offset, int origin)
{
	struct body *b = arg;

	if (origin != SEEK_SET || offset != 0 || b->off != 0)
		return CURL_SEEKFUNC_CANTSEEK;
	return rewindbody(b) == 0 ? CURL_SEEKFUNC_OK : CURL_SEEKFUNC_FAIL;
}

static long
limit_of(const struct up_conf *c, int sent)
{
	if (sent && c->answer_timeout > 0)
		return c->answer_timeout;
	return c->timeout > 0 ? c->timeout : 60;
}

/*
 * Every request has a deadline, a trickle too. Until an upload's body is
 * sent (and for a page, all along), fewer than LOW_RATE bytes a second
 * moved over a whole --timeout is a stall, and a page has PAGE_TIMES
 * --timeouts in all. Once the body is sent, the whole answer must come
 * within the answer's own limit (an index checks a big file before it
 * answers, and the answer is short).
 */
static int
progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
         curl_off_t ulnow)
{
	struct answer *a = arg;
	double t = meter_now(), lim = (double)limit_of(a->c, 0);

	(void)dltotal;
	if (a->t0 == 0)
		a->t0 = a->mark = t;
	if (ultotal > 0 && ulnow >= ultotal && !a->sent) {
		a->sent = 1;
		a->sent_at = t;
	}
	if (a->sent) {
		if (t - a->sent_at >= (double)limit_of(a->c, 1)) {
			a->stalled = 3;
			return 1;
		}
	} else if (t - a->mark >= lim) {
		a->window = ulnow + dlnow - a->marked;
		if (a->window < (curl_off_t)(LOW_RATE * lim)) {
			a->stalled = 1;
			return 1;
		}
		a->mark = t;
		a->marked = ulnow + dlnow;
	}
	if (!a->post && t - a->t0 >= PAGE_TIMES * lim) {
		a->stalled = 2;
		return 1;
	}
	if (a->show)
		meter_show(&a->show->m, ultotal, ulnow);
	return 0;
}

/* Keep at most the answer's limit; past its cap, stop. */
static size_t
writebody(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;

	a->got += n;
	if (a->got > a->cap) {
		a->toobig = 1;
		return 0;
	}
	if (a->body.len + n > a->limit)
		return n;       /* an upload's answer: the start is enough */
	buf_add(&a->body, p, n);
	return n;
}

/* s[0..n) trimmed, printable as dist_quote makes text (control
 * characters C0, DEL and C1, ESC, CR and bytes that are not UTF-8
 * escaped), cut to size at a character's or an escape's end. */
static void
quoted(char *out, size_t size, const char *s, size_t n)
{
	struct buf q = { 0 };
	char *raw;
	size_t k = 0, t;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	raw = estrndup(s, n);
	buf_adds(&q, "");
	dist_quote(&q, raw);
	for (; k < q.len; k += t) {
		unsigned char c = (unsigned char)q.p[k];

		t = c == '\\' ? (q.p[k + 1] == 'x' ? 4 : 2) :
		    c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (k + t >= size)
			break;
	}
	memcpy(out, q.p, k);
	out[k] = '\0';
	buf_free(&q);
	free(raw);
}

static size_t
header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;

	if (a->c->verbose && n > 0) {
		/* a Location may carry user-info: shown as redact() shows it */
		char l[1024], *safe;

		quoted(l, sizeof l, p, n);
		safe = redact(l);
		fprintf(stderr, "< %s\n", safe);
		free(safe);
	}
	if (n > 5 && strncmp(p, "HTTP/", 5) == 0) {
		const char *sp = memchr(p, ' ', n), *sp2;

		/* a new status line: forget the previous answer's headers */
		a->reason[0] = a->location[0] = a->ctype[0] = '\0';
		a->retry_after = -1;
		a->headed = 1;
		if (sp && (sp2 = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - p))))
			quoted(a->reason, sizeof a->reason, sp2 + 1,
			       n - (size_t)(sp2 + 1 - p));
	} else if (n > 9 && strncasecmp(p, "Location:", 9) == 0) {
		char l[sizeof a->location], *safe;

		quoted(l, sizeof l, p + 9, n - 9);
		safe = redact(l);
		snprintf(a->location, sizeof a->location, "%s", safe);
		free(safe);
	}
	else if (n > 13 && strncasecmp(p, "Content-Type:", 13) == 0)
		copytrim(a->ctype, sizeof a->ctype, p + 13, n - 13);
	else if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		char v[64];
		time_t when;

		copytrim(v, sizeof v, p + 12, n - 12);
		if (v[0] && strspn(v, "0123456789") == strlen(v))
			a->retry_after = strtol(v, NULL, 10);
		else if ((when = curl_getdate(v, NULL)) > 0)
			a->retry_after = when > time(NULL) ? (long)(when - time(NULL)) : 0;
	}
	return n;
}

static CURL *
newhandle(struct up_conf *c, const char *url, struct answer *a,
          char *errbuf, int auth)
{
	CURL *h = curl_easy_init();
	long t = c->timeout > 0 ? c->timeout : 60;

	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	/* HTTP/1.1, as twine: PyPI's reason phrase carries its message */
	curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, UA);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t);
	/* an answer that says it is longer than its cap is not read */
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)a->cap);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, a);
	curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, sockopt);
	if (share)
		curl_easy_setopt(h, CURLOPT_SHARE, share);
	/* the shared cache keeps a connection for each of -j's threads
	 * (libcurl's default of 5 closed the oldest: with -j 8 every
	 * upload after the first five opened a connection of its own) */
	curl_easy_setopt(h, CURLOPT_MAXCONNECTS, (long)UP_MAX_JOBS);
	if (c->cert)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cert);
	if (c->client_cert)
		curl_easy_setopt(h, CURLOPT_SSLCERT, c->client_cert);
	a->auth = auth;
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, writebody);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, a);
	return h;
}

/* Is this curl failure worth another try? */
static int
transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SEND_FAIL_REWIND:   /* the connection died: ours to retry */
		return 1;
	default:
		return 0;
	}
}

/* Credentials for this try (refresh may have changed them). */
static void
setauth(CURL *h, const struct answer *a)
{
	const struct up_conf *c = a->c;

	if (a->auth && c->username && c->password &&
	    (c->username[0] || c->password[0])) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	} else {
		curl_easy_setopt(h, CURLOPT_USERNAME, NULL);
		curl_easy_setopt(h, CURLOPT_PASSWORD, NULL);
	}
}

/* An RFC 9457 answer (application/problem+json): its title and
 * detail are the reason, over the status line's. 1 when taken. */
static int
problem(struct answer *a)
{
	json_t *j, *t, *d;
	char out[sizeof a->reason];

	if (strncasecmp(a->ctype, "application/problem+json", 24) != 0 ||
	    a->body.len == 0 ||
	    !(j = json_loadb(a->body.p, a->body.len, 0, NULL)))
		return 0;
	t = json_object_get(j, "title");
	d = json_object_get(j, "detail");
	snprintf(out, sizeof out, "%s%s%s", json_is_string(t) ?
	         json_string_value(t) : "", json_is_string(t) &&
	         json_is_string(d) ? ": " : "", json_is_string(d) ?
	         json_string_value(d) : "");
	json_decref(j);
	if (!out[0])
		return 0;
	copytrim(a->reason, sizeof a->reason, out, strlen(out));
	return 1;
}

/*
 * The server's words when the status line has none: the body's first
 * line of text (an HTML page's title), tags dropped, and without the
 * status number in front, which the caller prints already.
 */
static void
reasonfrombody(struct answer *a)
{
	const char *s, *e, *t;
	char out[sizeof a->reason];
	size_t o = 0, skip;
	int intag = 0;

	if (problem(a) || a->reason[0] || a->body.len == 0)
		return;
	s = a->body.p;
	e = s + a->body.len;
	if ((t = strcasestr(s, "<title>"))) {
		s = t + 7;
		if ((t = strcasestr(s, "</title>")))
			e = t;
	}
	for (; s < e && o + 1 < sizeof out; s++) {
		if (*s == '<')
			intag = 1;
		else if (*s == '>')
			intag = 0;
		else if (intag)
			;
		else if (*s == '\n' || *s == '\r') {
			while (o > 0 && out[o - 1] == ' ')
				o--;
			if (o > 0)
				break;
		} else if (isspace((unsigned char)*s)) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else if (*s)
			out[o++] = *s;   /* quoted below */
	}
	out[o] = '\0';
	{
		char st[24];
		size_t n = (size_t)snprintf(st, sizeof st, "%ld", a->status);

		skip = strncmp(out, st, n) == 0 && (out[n] == ' ' ||
		       out[n] == '\0') ? n : 0;
	}
	quoted(a->reason, sizeof a->reason, out + skip, strlen(out + skip));
}

static void
pause_s(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* What runs around each try of a request. */
struct hooks {
	int (*before)(void *arg);  /* ahead of every try */
	void (*after)(void *arg);  /* when a try ends */
	void *arg;
	int (*landed)(void *arg);  /* after a failed try whose body was sent */
	void *larg;
	int wasthere;              /* landed said yes */
};

/* Clear what the last try left in a. */
static void
try_reset(struct answer *a, char *errbuf)
{
	a->status = 0;
	a->reason[0] = a->location[0] = a->ctype[0] = a->note[0] = '\0';
	a->retry_after = -1;
	a->body.len = 0;
	a->toobig = 0;
	a->got = 0;
	a->headed = 0;
	a->t0 = a->sent_at = a->mark = 0;
	a->marked = a->window = 0;
	a->stalled = 0;
	a->sent = 0;
	errbuf[0] = '\0';
}

/* A try that brought no final answer: why (a 5xx, a stall, libcurl's
 * error), and whether it is final (1) or worth another try (0); last:
 * it was the last try. *answered: an answer came (a 5xx). */
static int
try_failed(struct answer *a, CURLcode rc, const char *errbuf, int last,
           int *answered, char *why, size_t whysize)
{
	const struct up_conf *c = a->c;
	const char *say;

	*answered = 0;
	if (rc == CURLE_OK) {
		*answered = 1;
		reasonfrombody(a);
		snprintf(why, whysize, "%ld %.400s", a->status, a->reason);
		return last;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK && a->stalled) {
		if (a->stalled == 3)
			snprintf(why, whysize, "timed out: %s %ld s after the body "
			         "was sent", a->headed ? "the answer not whole" :
			         "no answer", limit_of(c, 1));
		else if (a->stalled == 2)
			snprintf(why, whysize, "timed out: the answer not whole "
			         "after %ld s", PAGE_TIMES * limit_of(c, 0));
		else if (a->window == 0)
			snprintf(why, whysize, "timed out: nothing moved for %ld s",
			         limit_of(c, 0));
		else
			snprintf(why, whysize, "timed out: slower than %d bytes a "
			         "second for %ld s", LOW_RATE, limit_of(c, 0));
		return last;
	}
	if ((rc == CURLE_WRITE_ERROR && a->toobig) ||
	    rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, whysize, "the answer is larger than %zu bytes",
		         a->cap);
		return 1;
	}
	if (rc == CURLE_SEND_FAIL_REWIND) {
		snprintf(why, whysize, "the connection closed before the answer");
		return last;
	}
	/* libcurl's words may quote the server's */
	say = errbuf[0] ? errbuf : curl_easy_strerror(rc);
	quoted(why, whysize, say, strlen(say));
	return !transient(rc) || last;
}

/* The wait before the next try: Retry-After when the index gave one,
 * else the backoff, at most maxwait; -1 when Retry-After asks longer
 * than maxwait (a->note says so): no further try. */
static double
next_wait(struct answer *a, double backoff, long maxwait)
{
	double w = backoff;

	if (a->retry_after >= 0) {
		if (a->retry_after > maxwait) {
			snprintf(a->note, sizeof a->note, " (Retry-After %ld s is "
			         "longer than %ld s: not retried)", a->retry_after,
			         maxwait);
			return -1;
		}
		w = (double)a->retry_after;
	}
	return w > maxwait ? (double)maxwait : w;
}

/*
 * Perform h up to c->attempts times. Returns 0 with a->status set when
 * a final answer came (2xx, 3xx, 4xx, or a 5xx on the last try), or
 * with k->wasthere set when the index listed the file after a try that
 * sent the body in full; -1 when none did (why in why).
 */
static int
perform(struct up_conf *c, CURL *h, struct answer *a, char *errbuf,
        const char *what, struct hooks *k, char *why, size_t whysize)
{
	int attempt, tries = c->attempts > 0 ? c->attempts : 1;
	double wait = (c->backoff_ms > 0 ? c->backoff_ms : 1000) / 1000.0, w;
	long maxwait = c->max_wait > 0 ? c->max_wait : 60;

	for (attempt = 1;; attempt++) {
		CURLcode rc;
		int final, answered;

		try_reset(a, errbuf);
		/* first the turn to send, which may take a while: then the
		 * credentials, fresh for the request */
		if (k && k->before && k->before(k->arg) < 0) {
			snprintf(why, whysize, "cannot rewind the file");
			return -1;
		}
		if (c->refresh && c->refresh(c->refresh_arg, c) < 0) {
			snprintf(why, whysize, "cannot refresh the credentials");
			return -1;
		}
		setauth(h, a);
		rc = curl_easy_perform(h);
		if (k && k->after)
			k->after(k->arg);
		if (rc == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->status);
		if (rc == CURLE_OK && a->status < 500)
			return 0;
		final = try_failed(a, rc, errbuf, attempt >= tries, &answered, why,
		                   whysize);
		/* Sent in full and then lost: it may be stored all the same. */
		if (k && k->landed && a->sent && k->landed(k->larg) == 1) {
			if (!c->quiet)
				meter_note("%s: %s; the index lists it with its sha256: "
				           "not sent again", what, why);
			k->wasthere = 1;
			a->status = 0;
			return 0;
		}
		if (final || (w = next_wait(a, wait, maxwait)) < 0) {
			size_t l = strlen(why);

			snprintf(why + l, whysize - l, "%s", a->note);
			return answered ? 0 : -1;
		}
		if (k && k->arg && ((struct body *)k->arg)->m.name &&
		    c->progress == 1)
			meter_endline();   /* end the progress line */
		if (!c->quiet)
			meter_note("%s: %s; try %d of %d in %.1f s", what, why,
			           attempt + 1, tries, w);
		pause_s(w);
		wait *= 2;
	}
}

static int
before_post(void *arg)
{
	struct body *b = arg;

	turn_take(b->a->c, b);
	/* in flight from its turn on */
	meter_begin(&b->m, b->a->c->progress == 2);
	return rewindbody(b);
}

static void
after_post(void *arg)
{
	turn_give(arg);
}

void
up_show_form(const struct form *f, const char *filename,
             unsigned long long size)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const char *v = f->f[i].value;
		size_t n = strcspn(v, "\n");
		int cut = n < strlen(v) || n > 72;
		char q[300];    /* the archive's words: escaped */

		quoted(q, sizeof q, v, n > 72 ? 72 : n);
		fprintf(stderr, "> %s: %s%s\n", f->f[i].name, q, cut ? " ..." : "");
	}
	fprintf(stderr, "> content: %s (%llu bytes)\n", filename, size);
}

int
up_post(const struct up_conf *c, const char *url, const struct form *f,
        const char *path, const char *filename, struct up_result *r)
{
	return up_post_file(c, url, f, path, filename, NULL, NULL, r);
}

int
up_post_file(const struct up_conf *c0, const char *url, const struct form *f,
             const char *path, const char *filename, int (*landed)(void *),
             void *larg, struct up_result *r)
{
	struct up_conf cc = *c0, *c = &cc;
	struct answer a = { .c = c, .limit = POST_BODY_LIMIT,
	                    .cap = POST_BODY_CAP, .post = 1 };
	struct body b = { .fd = -1, .m = { .name = filename }, .a = &a };
	struct hooks k = { before_post, after_post, &b, landed, larg, 0 };
	struct curl_slist *hdr = NULL;
	char boundary[64], errbuf[CURL_ERROR_SIZE];
	struct stat st;
	CURL *h = NULL;
	int ret = -1;

	memset(r, 0, sizeof *r);
	if ((b.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(b.fd, &st) < 0) {
		snprintf(r->reason, sizeof r->reason, "%s: %s", path,
		         strerror(errno));
		goto out;
	}
	b.size = (unsigned long long)st.st_size;
	up_boundary(boundary);
	prefix(&b.prefix, f, filename, boundary);
	suffix(&b.suffix, boundary);
	b.total = b.prefix.len + b.size + b.suffix.len;
	{
		struct buf ct = { 0 };

		buf_addf(&ct, "Content-Type: multipart/form-data; boundary=%s",
		         boundary);
		hdr = curl_slist_append(hdr, ct.p);
		buf_free(&ct);
	}
	hdr = curl_slist_append(hdr, "Expect:");
	hdr = curl_slist_append(hdr, "Transfer-Encoding:");
	if (!(h = newhandle(c, url, &a, errbuf, 1)) || !hdr) {
		snprintf(r->reason, sizeof r->reason, "cannot set up libcurl");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)b.total);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, readbody);
	curl_easy_setopt(h, CURLOPT_READDATA, &b);
	curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seekbody);
	curl_easy_setopt(h, CURLOPT_SEEKDATA, &b);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	if (c->progress)
		a.show = &b;
	if (c->verbose) {
		meter_lock();
		fprintf(stderr, "> POST %s\n> Content-Type: multipart/form-data; "
		        "boundary=%s\n> Content-Length: %llu\n", url, boundary,
		        b.total);
		if (c->username && c->password)
			fprintf(stderr, "> Authorization: Basic (hidden)\n");
		up_show_form(f, filename, b.size);
		meter_unlock();
	}
	if (perform(c, h, &a, errbuf, filename, &k, r->reason,
	            sizeof r->reason) < 0) {
		if (b.shortread)
			snprintf(r->reason, sizeof r->reason, "%s changed while "
			         "being sent", path);
		goto out;
	}
	ret = 0;
	if (k.wasthere) {
		r->landed = 1;
		snprintf(r->reason, sizeof r->reason, "listed by the index");
		goto out;
	}
	reasonfrombody(&a);
	r->status = a.status;
	snprintf(r->reason, sizeof r->reason, "%.350s%s", a.reason, a.note);
	memcpy(r->location, a.location, sizeof r->location);
out:
	turn_give(&b);
	if (c->progress == 1 && b.m.t0 > 0)
		meter_endline();
	meter_leave(&b.m);
	if (h)
		curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	if (b.fd >= 0)
		close(b.fd);
	buf_free(&b.prefix);
	buf_free(&b.suffix);
	buf_free(&a.body);
	return ret;
}

/* Where a redirect from url to location leads, if to another origin
 * (scheme, host or port): that URL, user-info hidden, malloc'd; else
 * (same origin, or a Location that is no URL) NULL. */
static char *
elsewhere(const char *url, const char *location)
{
	CURLU *u = curl_url();
	char *to = NULL, *out = NULL;

	if (u && location[0] &&
	    curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, location,
	                 CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &to, 0) == CURLUE_OK &&
	    !repo_same_origin(url, to))
		out = redact(to);
	curl_free(to);
	curl_url_cleanup(u);
	return out;
}

int
up_get_page(const struct up_conf *c0, const char *index_url,
            const char *project, int auth, struct simple_page *p, int *found,
            char *moved, size_t movedsize)
{
	struct up_conf cc = *c0, *c = &cc;
	struct answer a = { .c = c, .limit = PAGE_LIMIT, .cap = PAGE_LIMIT };
	struct curl_slist *hdr = NULL;
	struct buf url = { 0 };
	char norm[256], errbuf[CURL_ERROR_SIZE], why[512], *to;
	const char *err = NULL;
	CURL *h = NULL;
	int ret = -1, held;

	if (!found)
		found = &held;
	memset(p, 0, sizeof *p);
	*found = 1;
	if (moved && movedsize)
		moved[0] = '\0';
	pep503_normalize(project, strlen(project), norm, sizeof norm);
	buf_addf(&url, "%s%s/", index_url, norm);
	hdr = curl_slist_append(hdr, "Accept: application/vnd.pypi.simple.v1+json, "
	                        "application/vnd.pypi.simple.v1+html;q=0.2, "
	                        "text/html;q=0.1");
	hdr = curl_slist_append(hdr, "Cache-Control: no-cache");
	if (!hdr || !(h = newhandle(c, url.p, &a, errbuf, auth))) {
		meter_note("%s: cannot set up libcurl", url.p);
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	if (c->verbose) {
		meter_lock();
		fprintf(stderr, "> GET %s\n%s", url.p,
		        auth && c->username ? "> Authorization: Basic (hidden)\n" : "");
		meter_unlock();
	}
	if (perform(c, h, &a, errbuf, url.p, NULL, why, sizeof why) < 0) {
		meter_note("%s: %s", url.p, why);
		goto out;
	}
	if (a.status == 404) {
		*found = 0;
		ret = 0;
		goto out;
	}
	if (a.status >= 300 && a.status < 400 &&
	    (to = elsewhere(url.p, a.location))) {
		/* pypiserver's fallback to PyPI: not followed, and no
		 * credentials go there; this index does not hold it */
		if (c->verbose)
			meter_note("%s: %ld %s to %s, another origin: not followed; "
			     "taken as a project this index does not hold", url.p,
			     a.status, a.reason, to);
		if (moved && movedsize)
			snprintf(moved, movedsize, "%s", to);
		free(to);
		*found = 0;
		ret = 0;
		goto out;
	}
	if (a.status >= 300 && a.status < 400) {
		meter_note("%s: %ld %s: moved to %s; give that as --index-url",
		     url.p, a.status, a.reason, a.location[0] ? a.location :
		     "(no Location)");
		goto out;
	}
	if (a.status != 200) {
		reasonfrombody(&a);
		meter_note("%s: %ld %s%s", url.p, a.status, a.reason, a.note);
		goto out;
	}
	if (strstr(a.ctype, "json"))
		ret = simple_parse_json(a.body.p ? a.body.p : "", a.body.len, p, &err);
	else
		ret = simple_parse_html(a.body.p ? a.body.p : "", a.body.len, p, &err);
	if (ret < 0) {
		char q[256];     /* the parser's words may quote the page */

		quoted(q, sizeof q, err ? err : "unreadable",
		       strlen(err ? err : "unreadable"));
		meter_note("%s: not a simple index page: %s", url.p, q);
		simple_free(p);
		memset(p, 0, sizeof *p);
	}
out:
	if (h)
		curl_easy_cleanup(h);
	curl_slist_free_all(hdr);
	buf_free(&a.body);
	buf_free(&url);
	return ret;
}
