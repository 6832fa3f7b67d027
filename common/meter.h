/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_METER_H
#define RELKIT_METER_H

#include <stddef.h>

/*
 * The terminal that upload threads share: one lock for stdout and
 * stderr, under which the progress on stderr is kept: a line for one
 * upload, or one line for all the uploads running at once.
 */

/* One upload's progress. */
struct meter_file {
	const char *name;
	double t0, last;         /* its start, its line's last showing */
	long long sent;          /* bytes sent so far */
	int metered;             /* counted in the line for all */
	struct meter_file *next;
};

/* Seconds on a monotonic clock (the meter's, and the uploads' deadlines'). */
double meter_now(void);

/* Hold stdout and stderr (the progress line cleared) while printing. */
void meter_lock(void);
void meter_unlock(void);
/* weprintf, under the lock. */
void meter_note(const char *fmt, ...);
/* A newline on stderr under the lock: the end of an upload's own line. */
void meter_endline(void);

/* One line for uploads running at once: nfiles files of bytes in all;
 * meter_done when one ends. */
void meter_start(size_t nfiles, unsigned long long bytes);
void meter_done(void);
void meter_stop(void);

/* f starts sending (again): its clock started; with all, counted in
 * the line for all from now on (when that line is on). */
void meter_begin(struct meter_file *f, int all);
/* f ends: its bytes are kept in the line's count. */
void meter_leave(struct meter_file *f);
/* f has sent sent of total bytes: the line for all, or its own line
 * (at most four times a second, and once at the end). */
void meter_show(struct meter_file *f, long long total, long long sent);

#endif
