/* relkit — MIT licence, see LICENSE. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hashring.h"
#include "util.h"

struct hashring {
	unsigned char buf[HASHRING_NBUF][HASHRING_BUFSZ];
	size_t len[HASHRING_NBUF];
	size_t fill;                    /* bytes written to the current one */
	unsigned long long made, used;  /* buffers handed over, hashed */
	int stop;
	void (*fn)(void *, const void *, size_t);
	void *arg;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
hasher(void *arg)
{
	struct hashring *h = arg;
	unsigned long long k;
	size_t n;

	for (k = 0;; k++) {
		pthread_mutex_lock(&h->mu);
		while (k >= h->made && !h->stop)
			pthread_cond_wait(&h->cv, &h->mu);
		if (k >= h->made) {
			pthread_mutex_unlock(&h->mu);
			return NULL;
		}
		n = h->len[k % HASHRING_NBUF];
		pthread_mutex_unlock(&h->mu);
		h->fn(h->arg, h->buf[k % HASHRING_NBUF], n);
		pthread_mutex_lock(&h->mu);
		h->used = k + 1;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
	}
}

struct hashring *
hashring_start(void (*fn)(void *, const void *, size_t), void *arg)
{
	struct hashring *h = emalloc(sizeof *h);

	h->fill = 0;
	h->made = h->used = 0;
	h->stop = 0;
	h->fn = fn;
	h->arg = arg;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if (pthread_create(&h->th, NULL, hasher, h) != 0) {
		pthread_mutex_destroy(&h->mu);
		pthread_cond_destroy(&h->cv);
		free(h);
		return NULL;
	}
	return h;
}

unsigned char *
hashring_buf(struct hashring *h)
{
	pthread_mutex_lock(&h->mu);
	while (h->made - h->used >= HASHRING_NBUF)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	return h->buf[h->made % HASHRING_NBUF];
}

void
hashring_push(struct hashring *h, size_t n)
{
	pthread_mutex_lock(&h->mu);
	h->len[h->made % HASHRING_NBUF] = n;
	h->made++;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

int
hashring_write(void *arg, const void *p, size_t n)
{
	struct hashring *h = arg;
	const unsigned char *s = p;
	unsigned char *b;
	size_t k;

	while (n > 0) {
		b = hashring_buf(h);
		k = HASHRING_BUFSZ - h->fill < n ? HASHRING_BUFSZ - h->fill : n;
		memcpy(b + h->fill, s, k);
		h->fill += k;
		s += k;
		n -= k;
		if (h->fill == HASHRING_BUFSZ) {
			hashring_push(h, h->fill);
			h->fill = 0;
		}
	}
	return 0;
}

void
hashring_end(struct hashring *h)
{
	if (h->fill)
		hashring_push(h, h->fill);
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->th, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	free(h);
}
