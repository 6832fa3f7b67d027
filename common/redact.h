/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_REDACT_H
#define RELKIT_REDACT_H

/*
 * Secrets kept out of what is shown. Every message (weprintf) and every
 * -v line goes through redact(); the .pypirc reader names a bad line by
 * file and number only.
 */

/* s with the user-info of every URL in it ("scheme://user:pass@host")
 * replaced by "********", as twine's sanitize_url does. malloc'd. */
char *redact(const char *s);

/*
 * url without its user-info; *user and *pass (malloc'd, or NULL when
 * url has none) get the user name and password as written (not
 * percent-decoded, as urllib.parse gives them to twine). malloc'd.
 */
char *url_split_userinfo(const char *url, char **user, char **pass);

#endif
