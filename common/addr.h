/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_ADDR_H
#define RELKIT_ADDR_H

#include <stddef.h>

/*
 * The address checks PyPI makes on core metadata: URLs as warehouse's
 * is_valid_uri (rfc3986) without requiring a host, e-mail addresses as
 * email-validator without a deliverability check.
 */

/* Is s an http or https URL PyPI takes? */
int addr_url_ok(const char *s);

/* The address in an Author-email/Maintainer-email value ("Name <a@b>" or
 * "a@b") into out; 0 when there is none to check (empty, or several
 * addresses, which PyPI does not check either). */
int addr_email_of(const char *v, char *out, size_t size);

/* Is addr a valid address? The reason into *why when not. */
int addr_email_ok(const char *addr, const char **why);

#endif
