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

#endif
