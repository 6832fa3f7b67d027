/* relkit — MIT licence, see LICENSE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "addr.h"

/* warehouse's is_valid_uri (rfc3986, no host required) on each. */
static const struct {
	int ok;
	const char *s;
} urls[] = {
	{ 1, "https://example.com" }, { 1, "http://" }, { 1, "https:///x" },
	{ 1, "https://a.com/a b" }, { 0, "https://a.com:99999" },
	{ 1, "https://a.com:" }, { 1, "HTTPS://A.COM" }, { 0, "ftp://a.com" },
	{ 0, "example.com" }, { 1, "https:foo" }, { 1, "https://[::1]/" },
	{ 0, "mailto:a@b.com" }, { 0, "" }, { 1, "https://a.com:65535" },
	{ 0, "https://a.com:65536" }, { 0, " https://a.com" },
	{ 0, "http//a.com" }, { 1, "https://a.com:00099999" },
	{ 1, "https://a:99999@b.com" }, { 1, "hTTp://x" },
};

/* email-validator (no deliverability) after email.utils.parseaddr. */
static const struct {
	int ok;
	const char *s;
} mails[] = {
	{ 0, "joe@example..com" }, { 1, "joe@example.com" }, { 0, "joe" },
	{ 0, "joe@localhost" }, { 0, "joe@example" }, { 0, ".joe@a.com" },
	{ 0, "joe.@a.com" }, { 0, "jo..e@a.com" }, { 0, "joe@-a.com" },
	{ 0, "joe@a-.com" }, { 0, "joe@a.com." }, { 0, "joe@.a.com" },
	{ 0, "a b@c.com" }, { 0, "joe@a_b.com" }, { 0, "joe@a.123" },
	{ 0, "joe@x.test" }, { 1, "j\xc3\xb6" "e@a.com" },
	{ 1, "joe@\xc3\xa9.com" }, { 0, "\"a b\"@c.com" }, { 0, "joe@@a.com" },
};

static void
test_urls(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof urls / sizeof urls[0]; i++)
		if (addr_url_ok(urls[i].s) != urls[i].ok)
			fail_msg("%s: wanted %d", urls[i].s, urls[i].ok);
}

static void
test_mails(void **state)
{
	const char *why;
	char a[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof mails / sizeof mails[0]; i++)
		if (addr_email_ok(mails[i].s, &why) != mails[i].ok)
			fail_msg("%s: wanted %d", mails[i].s, mails[i].ok);
	assert_int_equal(addr_email_ok("joe@example..com", &why), 0);
	assert_string_equal(why, "An email address cannot have two periods in a "
	                    "row.");
	assert_int_equal(addr_email_of("Joe Doe <joe@example.org>", a, sizeof a), 1);
	assert_string_equal(a, "joe@example.org");
	assert_int_equal(addr_email_of("  joe@example.org ", a, sizeof a), 1);
	assert_string_equal(a, "joe@example.org");
	/* several addresses: PyPI checks none */
	assert_int_equal(addr_email_of("a@b.com, c@d.com", a, sizeof a), 0);
	assert_int_equal(addr_email_of("Joe <joe@example.org", a, sizeof a), 0);
	assert_int_equal(addr_email_of("", a, sizeof a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_mails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
