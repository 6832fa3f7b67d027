/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_SPDX_H
#define RELKIT_SPDX_H

/*
 * SPDX licence expressions as PEP 639 (and packaging) read them:
 * identifiers joined by AND, OR and WITH (any case), in parentheses;
 * LicenseRef-[A-Za-z0-9.-]* for licences that have no identifier. Only
 * the syntax is checked: which identifiers exist is SPDX's list, and it
 * grows.
 */

/* Is s a licence expression? *why set on failure. */
int spdx_ok(const char *s, const char **why);

/*
 * The identifiers that exist, read at run time: the file $RELKIT_SPDX,
 * else packaging's licenses/_spdx.py (the list PyPI's own packaging
 * checks against, from 24.2 on; "pypi" set), else Debian's
 * node-spdx-license-ids and node-spdx-exceptions JSON lists (older
 * than PyPI's). A file named by $RELKIT_SPDX is read as _spdx.py when
 * its name ends in .py, else as a JSON list of licence identifiers.
 */
struct spdx_list {
	char **id;         /* lowercased licence identifiers */
	size_t n, cap;
	char **ex;         /* lowercased exception identifiers */
	size_t nex, excap;
	int pypi;          /* packaging's own list */
	char version[32];  /* its SPDX list version, or "" */
	char path[256];    /* the file read (the licence list) */
};

/* Load the list; 0, or -1 when there is none. */
int spdx_load(struct spdx_list *l);

/* The first identifier of the valid expression s that the list does
 * not hold (a licence, or an exception after WITH; LicenseRef- and a
 * trailing '+' aside), copied to out; 0 when all are known. */
int spdx_unknown(const struct spdx_list *l, const char *s, char *out,
                 size_t outsz);

void spdx_free(struct spdx_list *l);

#endif
