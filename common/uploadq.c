/* relkit — MIT licence, see LICENSE. */
#include <pthread.h>
#include <stdlib.h>

#include "uploadq.h"
#include "util.h"

enum { WAITING, RUNNING, ENDED };

struct queue {
	const struct uq *q;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *st;          /* WAITING, RUNNING, ENDED per job */
	char *open;        /* per group: a job of it succeeded */
	char *busy;        /* per closed group: its one job is running */
	size_t left;       /* jobs not started */
	int running, most;
};

/* The first job that may start now, or -1. Called locked. */
static long
pick(const struct queue *s)
{
	size_t k, i;

	for (k = 0; k < s->q->n; k++) {
		int g;

		i = s->q->order ? s->q->order[k] : k;
		g = s->q->group ? s->q->group[i] : -1;

		if (s->st[i] != WAITING)
			continue;
		if (g < 0 || s->open[g] || !s->busy[g])
			return (long)i;
	}
	return -1;
}

static void *
worker(void *arg)
{
	struct queue *s = arg;
	const struct uq *q = s->q;

	pthread_mutex_lock(&s->mu);
	while (s->left > 0) {
		long i = pick(s);
		int g, ok, alone;

		if (i < 0) {
			pthread_cond_wait(&s->cv, &s->mu);
			continue;
		}
		g = q->group ? q->group[i] : -1;
		alone = g >= 0 && !s->open[g];
		if (alone)
			s->busy[g] = 1;
		s->st[i] = RUNNING;
		s->left--;
		if (++s->running > s->most)
			s->most = s->running;
		pthread_mutex_unlock(&s->mu);
		ok = q->run(q->arg, (size_t)i);
		pthread_mutex_lock(&s->mu);
		s->running--;
		s->st[i] = ENDED;
		if (alone)
			s->busy[g] = 0;
		if (g >= 0 && ok)
			s->open[g] = 1;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Ask probe about every group; open those it says may open. */
static void *
prober(void *arg)
{
	struct queue *s = arg;
	int g;

	for (g = 0; g < s->q->ngroups; g++) {
		int yes = s->q->probe(s->q->arg, g);

		pthread_mutex_lock(&s->mu);
		if (yes)
			s->open[g] = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

int
uq_run(const struct uq *q)
{
	struct queue s = { .q = q, .left = q->n };
	pthread_t *t, pt;
	pthread_attr_t attr;
	size_t i, emitted = 0, ngroups = 0;
	int k, started = 0, jobs = q->jobs, probing = 0;

	if (jobs < 2 || q->n < 2) {
		/* one at a time, here; each result out once those before it are */
		char *done = ecalloc(q->n + 1, 1);

		for (k = 0; (size_t)k < q->n; k++) {
			i = q->order ? q->order[k] : (size_t)k;
			q->run(q->arg, i);
			done[i] = 1;
			while (emitted < q->n && done[emitted])
				q->emit(q->arg, emitted++);
		}
		free(done);
		return q->n > 0;
	}
	if ((size_t)jobs > q->n)
		jobs = (int)q->n;
	for (i = 0; q->group && i < q->n; i++)
		if (q->group[i] >= 0 && (size_t)q->group[i] + 1 > ngroups)
			ngroups = (size_t)q->group[i] + 1;
	if (q->probe && (size_t)q->ngroups > ngroups)
		ngroups = (size_t)q->ngroups;
	s.st = ecalloc(q->n, 1);
	s.open = ecalloc(ngroups + 1, 1);
	s.busy = ecalloc(ngroups + 1, 1);
	t = ecalloc((size_t)jobs, sizeof *t);
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	pthread_attr_init(&attr);
	/* what a request needs (libcurl, OpenSSL, a page's parse), with room */
	pthread_attr_setstacksize(&attr, (size_t)1 << 20);
	if (q->probe && q->ngroups > 0)
		probing = pthread_create(&pt, &attr, prober, &s) == 0;
	for (k = 0; k < jobs; k++)
		if (pthread_create(&t[started], &attr, worker, &s) == 0)
			started++;
	pthread_attr_destroy(&attr);
	if (started == 0)
		worker(&s);   /* no thread to be had: one at a time, here */
	pthread_mutex_lock(&s.mu);
	while (emitted < q->n) {
		if (s.st[emitted] != ENDED) {
			pthread_cond_wait(&s.cv, &s.mu);
			continue;
		}
		pthread_mutex_unlock(&s.mu);
		q->emit(q->arg, emitted++);
		pthread_mutex_lock(&s.mu);
	}
	pthread_mutex_unlock(&s.mu);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	if (probing)
		pthread_join(pt, NULL);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
	free(t);
	free(s.st);
	free(s.open);
	free(s.busy);
	return s.most;
}
