/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_UPLOADQ_H
#define RELKIT_UPLOADQ_H

#include <stddef.h>

/*
 * A queue of n jobs (one a file) run up to jobs at once, each in a
 * thread of its own, started in their order (or order's). A job in a closed group
 * (a project the index does not know yet) runs alone among its group's
 * jobs, one after another, until one of them succeeds; then the group
 * opens and the rest of it run at once; probe, when given, is asked
 * meanwhile (in a thread of its own, once per group, in order) whether
 * a group may open at once (the project is known after all). Results
 * come out in order:
 * emit(i) runs in the caller's thread once jobs 0..i have ended,
 * whatever order they ended in. One job's failure stops no other.
 */
struct uq {
	size_t n;
	int jobs;              /* at most this many at once; < 2: in order,
	                          in the caller's thread */
	const int *group;      /* n entries: -1, or a closed group's number */
	int (*run)(void *arg, size_t i);   /* 1 done, 0 failed; in a thread */
	void (*emit)(void *arg, size_t i); /* in the caller's thread */
	int (*probe)(void *arg, int group); /* 1: open it; or NULL */
	int ngroups;           /* for probe: groups 0 .. ngroups - 1 */
	const size_t *order;   /* n entries: the jobs in the order to start
	                          them (NULL: 0 .. n-1); results still come
	                          out by job number */
	void *arg;
};

/* Run every job, emit every result. The most jobs that ran at once. */
int uq_run(const struct uq *q);

#endif
