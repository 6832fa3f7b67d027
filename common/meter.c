/* relkit — MIT licence, see LICENSE. */
/* meter: the terminal shared by upload threads, and their progress on it. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "meter.h"
#include "util.h"

static pthread_mutex_t term = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int on, shown;
	size_t files, done;
	unsigned long long bytes, finished;  /* in all; of ended uploads */
	double t0, last;
	struct meter_file *live;
} meter;

double
meter_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void
meter_lock(void)
{
	pthread_mutex_lock(&term);
	if (meter.shown) {
		fputs("\r\033[K", stderr);
		meter.shown = 0;
	}
}

void
meter_unlock(void)
{
	fflush(stdout);
	pthread_mutex_unlock(&term);
}

void
meter_note(const char *fmt, ...)
{
	va_list ap;

	meter_lock();
	va_start(ap, fmt);
	vweprintf(fmt, ap);
	va_end(ap);
	meter_unlock();
}

void
meter_endline(void)
{
	pthread_mutex_lock(&term);
	fputc('\n', stderr);
	pthread_mutex_unlock(&term);
}

void
meter_start(size_t nfiles, unsigned long long bytes)
{
	pthread_mutex_lock(&term);
	meter.on = 1;
	meter.files = nfiles;
	meter.bytes = bytes;
	meter.done = 0;
	meter.finished = 0;
	meter.t0 = meter_now();
	meter.last = 0;
	pthread_mutex_unlock(&term);
}

void
meter_done(void)
{
	pthread_mutex_lock(&term);
	meter.done++;
	pthread_mutex_unlock(&term);
}

void
meter_stop(void)
{
	meter_lock();
	meter.on = 0;
	meter_unlock();
}

static void
human(char *out, size_t size, double n)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
	size_t u = 0;

	while (n >= 1000 && u + 1 < sizeof unit / sizeof unit[0]) {
		n /= 1000;
		u++;
	}
	snprintf(out, size, u ? "%.1f %s" : "%.0f %s", n, unit[u]);
}

/* The line for all. Called with the lock held. */
static void
show_all(int force)
{
	double t = meter_now(), sent = (double)meter.finished, rate;
	char a[32], z[32], r[32];
	size_t flying = 0;
	struct meter_file *f;

	if (!force && t - meter.last < 0.25)
		return;
	meter.last = t;
	for (f = meter.live; f; f = f->next) {
		sent += (double)f->sent;
		flying++;
	}
	rate = t > meter.t0 ? sent / (t - meter.t0) : 0;
	human(a, sizeof a, sent);
	human(z, sizeof z, (double)meter.bytes);
	human(r, sizeof r, rate);
	fprintf(stderr, "\r%zu of %zu files done, %zu in flight: %s of %s, "
	        "%s/s\033[K", meter.done, meter.files, flying, a, z, r);
	meter.shown = 1;
}

void
meter_begin(struct meter_file *f, int all)
{
	pthread_mutex_lock(&term);
	if (all && meter.on && !f->metered) {
		f->metered = 1;
		f->next = meter.live;
		meter.live = f;
	}
	f->sent = 0;
	pthread_mutex_unlock(&term);
	f->t0 = f->last = meter_now();
}

void
meter_leave(struct meter_file *f)
{
	struct meter_file **pp;

	if (!f->metered)
		return;
	pthread_mutex_lock(&term);
	for (pp = &meter.live; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	meter.finished += (unsigned long long)f->sent;
	f->metered = 0;
	pthread_mutex_unlock(&term);
}

void
meter_show(struct meter_file *f, long long total, long long sent)
{
	double t = meter_now(), rate;
	char a[32], z[32], r[32];

	if (f->metered) {
		pthread_mutex_lock(&term);
		f->sent = sent;
		show_all(0);
		pthread_mutex_unlock(&term);
		return;
	}
	if (t - f->last < 0.25 && sent != total)
		return;
	f->last = t;
	rate = t > f->t0 ? (double)sent / (t - f->t0) : 0;
	human(a, sizeof a, (double)sent);
	human(z, sizeof z, (double)total);
	human(r, sizeof r, rate);
	if (rate > 0 && total > sent) {
		long eta = (long)((double)(total - sent) / rate);

		fprintf(stderr, "\r%s: %s of %s, %s/s, %ld:%02ld left\033[K",
		        f->name, a, z, r, eta / 60, eta % 60);
	} else
		fprintf(stderr, "\r%s: %s of %s, %s/s\033[K", f->name, a, z, r);
}
