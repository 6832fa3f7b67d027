/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "uploadq.h"

/* Jobs that sleep a little, record when they ran and fail on demand. */
struct rec {
	pthread_mutex_t mu;
	int running, most;
	int seq;                 /* start counter */
	int start[16], end[16];  /* order numbers of start and end events */
	int fail[16];            /* 1: this job fails */
	long sleep_ns[16];
	size_t emitted[16];
	size_t nemit;
	int ended[16];           /* seen ended when emitted */
};

static int
run(void *arg, size_t i)
{
	struct rec *r = arg;
	struct timespec ts = { 0, r->sleep_ns[i] ? r->sleep_ns[i] : 2000000 };

	pthread_mutex_lock(&r->mu);
	r->start[i] = ++r->seq;
	if (++r->running > r->most)
		r->most = r->running;
	pthread_mutex_unlock(&r->mu);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&r->mu);
	r->running--;
	r->end[i] = ++r->seq;
	pthread_mutex_unlock(&r->mu);
	return !r->fail[i];
}

static void
emit(void *arg, size_t i)
{
	struct rec *r = arg;

	pthread_mutex_lock(&r->mu);
	r->ended[r->nemit] = r->end[i] != 0;
	r->emitted[r->nemit++] = i;
	pthread_mutex_unlock(&r->mu);
}

static void
init(struct rec *r)
{
	memset(r, 0, sizeof *r);
	pthread_mutex_init(&r->mu, NULL);
}

static void
in_order_at_most_n(void **state)
{
	struct rec r;
	struct uq q = { .n = 12, .jobs = 3, .run = run, .emit = emit, .arg = &r };
	size_t i;

	(void)state;
	init(&r);
	/* early jobs slow, later fast: they end out of order */
	for (i = 0; i < 12; i++)
		r.sleep_ns[i] = (long)(12 - i) * 3000000;
	assert_true(uq_run(&q) <= 3);
	assert_int_equal(r.most, 3);
	assert_int_equal(r.nemit, 12);
	for (i = 0; i < 12; i++) {
		assert_int_equal(r.emitted[i], i);
		assert_true(r.ended[i]);
	}
}

static void
failure_stops_nothing(void **state)
{
	struct rec r;
	struct uq q = { .n = 6, .jobs = 4, .run = run, .emit = emit, .arg = &r };
	size_t i;

	(void)state;
	init(&r);
	r.fail[1] = r.fail[4] = 1;
	uq_run(&q);
	for (i = 0; i < 6; i++)
		assert_true(r.end[i] > 0);
	assert_int_equal(r.nemit, 6);
}

static void
closed_group_one_first(void **state)
{
	struct rec r;
	int group[6] = { 0, 0, 0, 0, 0, 0 };
	struct uq q = { .n = 6, .jobs = 8, .group = group, .run = run,
	                .emit = emit, .arg = &r };
	size_t i;

	(void)state;
	init(&r);
	uq_run(&q);
	/* job 0 ran alone: every other started after it ended */
	for (i = 1; i < 6; i++)
		assert_true(r.start[i] > r.end[0]);
	assert_true(r.most > 1);
}

static void
closed_group_failure_next_alone(void **state)
{
	struct rec r;
	int group[5] = { 0, 0, -1, 0, 0 };
	struct uq q = { .n = 5, .jobs = 8, .group = group, .run = run,
	                .emit = emit, .arg = &r };
	size_t i;

	(void)state;
	init(&r);
	r.fail[0] = 1;
	/* job 0 lasts long enough for job 2 to start beside it, even on a
	 * busy machine under valgrind */
	r.sleep_ns[0] = 300000000;
	r.sleep_ns[2] = 30000000;
	uq_run(&q);
	/* job 2 (another, known project) ran beside job 0 */
	assert_true(r.start[2] < r.end[0]);
	/* job 0 failed: job 1 alone, then 3 and 4 */
	assert_true(r.start[1] > r.end[0]);
	assert_true(r.start[3] > r.end[1]);
	assert_true(r.start[4] > r.end[1]);
	for (i = 0; i < 5; i++)
		assert_int_equal(r.emitted[i], i);
}

static int
probe_yes(void *arg, int g)
{
	(void)arg;
	return g == 0;
}

static void
probe_opens_early(void **state)
{
	struct rec r;
	int group[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	struct uq q = { .n = 8, .jobs = 8, .group = group, .run = run,
	                .emit = emit, .arg = &r, .probe = probe_yes,
	                .ngroups = 2 };
	size_t i;

	(void)state;
	init(&r);
	r.sleep_ns[0] = r.sleep_ns[4] = 200000000;
	uq_run(&q);
	/* group 0 known: its others started before its first ended */
	for (i = 1; i < 4; i++)
		assert_true(r.start[i] < r.end[0]);
	/* group 1 not: its others waited for its first */
	for (i = 5; i < 8; i++)
		assert_true(r.start[i] > r.end[4]);
	for (i = 0; i < 8; i++)
		assert_int_equal(r.emitted[i], i);
}

static void
one_job_inline(void **state)
{
	struct rec r;
	struct uq q = { .n = 4, .jobs = 1, .run = run, .emit = emit, .arg = &r };
	size_t i;

	(void)state;
	init(&r);
	uq_run(&q);
	assert_int_equal(r.most, 1);
	for (i = 0; i < 4; i++) {
		assert_int_equal(r.start[i], 2 * (int)i + 1);
		assert_int_equal(r.emitted[i], i);
	}
}

/* Started in order's order (wheels first, say); results by job number,
 * each once those before it have ended. */
static void
started_in_given_order(void **state)
{
	static const size_t order[6] = { 3, 5, 0, 1, 2, 4 };
	struct rec r;
	int group[6] = { 0, 0, 0, 0, 0, 0 };
	struct uq q = { .n = 6, .jobs = 1, .run = run, .emit = emit, .arg = &r,
	                .order = order };
	size_t i;

	(void)state;
	init(&r);
	uq_run(&q);
	for (i = 0; i < 6; i++)
		assert_int_equal(r.start[order[i]], 2 * (int)i + 1);
	for (i = 0; i < 6; i++) {
		assert_int_equal(r.emitted[i], i);
		assert_true(r.ended[i]);
	}
	/* at once, with a closed group: order's first runs alone */
	init(&r);
	q.jobs = 4;
	q.group = group;
	uq_run(&q);
	for (i = 0; i < 6; i++)
		if (i != 3)
			assert_true(r.start[i] > r.end[3]);
	for (i = 0; i < 6; i++)
		assert_int_equal(r.emitted[i], i);
}

int
main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(in_order_at_most_n),
		cmocka_unit_test(failure_stops_nothing),
		cmocka_unit_test(closed_group_one_first),
		cmocka_unit_test(closed_group_failure_next_alone),
		cmocka_unit_test(probe_opens_early),
		cmocka_unit_test(one_job_inline),
		cmocka_unit_test(started_in_given_order),
	};

	return cmocka_run_group_tests(t, NULL, NULL);
}
