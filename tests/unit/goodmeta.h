/* relkit — MIT licence, see LICENSE. */
/* The METADATA of a good sample wheel, for the unit tests of the rules
 * and of the upload form. */
#ifndef RELKIT_TEST_GOODMETA_H
#define RELKIT_TEST_GOODMETA_H

static const char good[] =
    "Metadata-Version: 2.1\n"
    "Name: aloha_bots\n"
    "Version: 1.0.0\n"
    "Summary: Bots for Aloha\n"
    "Home-page: https://example.org/\n"
    "Author: Ann\n"
    "Keywords: chat,bots\n"
    "Classifier: Programming Language :: Python :: 3\n"
    "Classifier: License :: OSI Approved :: MIT License\n"
    "Requires-Python: >=3.8\n"
    "Requires-Dist: requests (>=2)\n"
    "Requires-Dist: rich ; extra == \"fancy\"\n"
    "Provides-Extra: fancy\n"
    "Project-URL: Source, https://example.org/src\n"
    "Description-Content-Type: text/markdown\n"
    "Description: ignored, the body wins\n"
    "\n"
    "# Aloha bots\n";

#endif
