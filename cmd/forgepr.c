/* relkit — MIT licence, see LICENSE. */
/* forgepr: open a pull request or make a release page on GitHub or GitLab. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dist.h"
#include "forge.h"
#include "notes.h"
#include "redact.h"
#include "upload.h"
#include "util.h"

static const char synopsis[] =
    "usage: %s [-v] [--cacert FILE] [-k KIND] [-R PATH | -u URL] -P\n"
    "       %s [-v] [--cacert FILE] [-k KIND] [-R PATH | -u URL] -p -H BRANCH -B BASE -t TITLE [-b FILE]\n"
    "       %s [-v] [--cacert FILE] [-k KIND] [-R PATH | -u URL] -r TAG [-t NAME] [-n VERSION [-c FILE...]] [-b FILE] [ASSET...]\n"
    "       %s -x VERSION [FILE...]\n"
    "       %s -w URL\n";

/* Where release notes are looked for when -c names no file. */
static const char *const changelogs[] = {
	"CHANGELOG.md", "CHANGES.md", "HISTORY.md", "NEWS.md", "CHANGELOG.rst",
	"CHANGES.rst", "HISTORY.rst", "NEWS.rst", "CHANGES.txt", "CHANGELOG.txt",
	"HISTORY.txt", "NEWS.txt", "NEWS", "CHANGELOG", "CHANGES", "HISTORY",
	NULL
};

enum { O_CACERT = 256 };

struct opts {
	int mode;               /* P p r x w */
	int verbose;
	enum forge_kind kind;
	const char *repo, *url; /* -R, -u */
	const char *cacert;     /* --cacert */
	const char *head, *base, *title, *bodyfile, *version, *arg;
	const char **logs;
	int nlogs;
};

static void
usage(void)
{
	synopsis_exit(synopsis, 0);
}

/* A URL for a message: user-info hidden, control characters escaped. */
static char *
shown(const char *url)
{
	struct buf q = { 0 };
	char *r = redact(url);

	dist_quote(&q, r);
	buf_add(&q, "", 1);
	free(r);
	return q.p;
}

/* The section of the first changelog that has one: 1 (into out, *from
 * naming the file), 0 none, -1 an unreadable file named with -c. */
static int
section(const char *version, const char **files, int nfiles, int named,
        struct buf *out, const char **from, size_t *line)
{
	int i;

	for (i = 0; named ? i < nfiles : files[i] != NULL; i++) {
		struct buf b = { 0 };
		size_t a, e;

		if (!named && access(files[i], F_OK) < 0)
			continue;
		if (readfile(files[i], &b, RELKIT_TEXT_LIMIT) < 0) {
			buf_free(&b);
			return -1;
		}
		if (notes_section(b.p ? b.p : "", b.len, version,
		                  notes_syntax_of(files[i]), &a, &e, line)) {
			buf_add(out, b.p + a, e - a);
			buf_add(out, "", 1);
			out->len--;
			*from = files[i];
			buf_free(&b);
			return 1;
		}
		buf_free(&b);
	}
	return 0;
}

static int
extract(const struct opts *o, char **files, int nfiles)
{
	struct buf out = { 0 };
	const char *from;
	size_t line;
	int r = section(o->arg, nfiles ? (const char **)files : (const char **)changelogs,
	                nfiles, nfiles > 0, &out, &from, &line);

	if (r < 0)
		return EXIT_USAGE;
	if (r == 0) {
		weprintf("%s: no section for %s", nfiles == 1 ? files[0] :
		         "the changelogs", o->arg);
		return EXIT_NOTHOLD;
	}
	if (out.len)
		fwrite(out.p, 1, out.len, stdout);
	putchar('\n');
	buf_free(&out);
	return EXIT_DONE;
}

static int
where(const struct opts *o)
{
	struct forge_remote r;
	const char *why;
	enum forge_kind k;
	char *api;

	if (forge_parse_remote(o->arg, &r, &why) < 0) {
		char *s = shown(o->arg);

		weprintf("%s: %s", s, why);
		free(s);
		return EXIT_USAGE;
	}
	k = o->kind ? o->kind : forge_kind_of_host(r.host);
	api = k ? forge_api_base(k, &r) : estrdup("?");
	printf("%s\t%s\t%s\t%s\n", forge_kind_name(k), r.host, r.path, api);
	free(api);
	forge_remote_free(&r);
	return EXIT_DONE;
}

/* The repository: -u URL (or "-": a line on stdin), -R PATH, else the
 * CI's own (GITHUB_REPOSITORY, CI_PROJECT_PATH). 0 or -1. */
static int
open_repo(const struct opts *o, struct forge *f)
{
	struct forge_remote r = { 0 };
	enum forge_kind k = o->kind;
	const char *path = o->repo, *why, *e;
	char *api;
	int ret;
	struct buf line = { 0 };

	if (o->url) {
		const char *u = o->url;
		char *s;

		if (strcmp(u, "-") == 0) {
			if (readfile(NULL, &line, 8192) < 0)
				return -1;
			while (line.len && (line.p[line.len - 1] == '\n' ||
			                    line.p[line.len - 1] == '\r'))
				line.len--;
			buf_add(&line, "", 1);
			u = line.p;
		}
		if (forge_parse_remote(u, &r, &why) < 0) {
			s = shown(u);
			weprintf("%s: %s", s, why);
			free(s);
			if (line.p)
				explicit_bzero(line.p, line.len);
			buf_free(&line);
			return -1;
		}
		if (line.p)
			explicit_bzero(line.p, line.len);
		buf_free(&line);
		if (!k && !(k = forge_kind_of_host(r.host))) {
			weprintf("%s: not known as GitHub or GitLab: say -k github or "
			         "-k gitlab", r.host);
			forge_remote_free(&r);
			return -1;
		}
		path = r.path;
	} else if (!path) {
		if ((!k || k == FORGE_GITHUB) && (e = getenv("GITHUB_REPOSITORY")) && *e)
			path = e, k = FORGE_GITHUB;
		else if ((!k || k == FORGE_GITLAB) && (e = getenv("CI_PROJECT_PATH")) && *e)
			path = e, k = FORGE_GITLAB;
		else {
			weprintf("which repository? give -R PATH or -u URL");
			return -1;
		}
	}
	if (!k) {
		if (getenv("GITHUB_ACTIONS"))
			k = FORGE_GITHUB;
		else if (getenv("GITLAB_CI"))
			k = FORGE_GITLAB;
		else {
			weprintf("%s: GitHub or GitLab? say -k github or -k gitlab", path);
			return -1;
		}
	}
	api = forge_api_base(k, o->url ? &r : NULL);
	ret = forge_open(f, k, api, path);
	f->verbose = o->verbose;
	if (ret == 0 && o->cacert) {
		free(f->cacert);
		f->cacert = estrdup(o->cacert);
	}
	free(api);
	forge_remote_free(&r);
	return ret;
}

static int
readbody(const char *file, struct buf *b)
{
	if (readfile(strcmp(file, "-") == 0 ? NULL : file, b, RELKIT_TEXT_LIMIT) < 0)
		return -1;
	buf_add(b, "", 1);
	return 0;
}

static int
pr(const struct opts *o, struct forge *f)
{
	struct buf body = { 0 };
	char *url;
	int reused, st = EXIT_NOTHOLD;

	if (o->bodyfile && readbody(o->bodyfile, &body) < 0)
		return EXIT_USAGE;
	if (forge_pr(f, o->head, o->base, o->title, body.p, &url, &reused) == 0) {
		if (reused)
			weprintf("%s: the %s request from %s is open already: reused",
			         f->path, f->kind == FORGE_GITHUB ? "pull" : "merge",
			         o->head);
		printf("%s\n", url);
		free(url);
		st = EXIT_DONE;
	}
	buf_free(&body);
	return st;
}

static int
release(const struct opts *o, struct forge *f, char **assets, int nassets)
{
	struct buf notes = { 0 };
	const char *from = NULL, *name = o->title ? o->title : o->arg;
	size_t line = 0;
	json_t *rel = NULL;
	char *url;
	int reused, i, skipped, st = EXIT_DONE, r = 0;

	for (i = 0; i < nassets; i++)
		if (access(assets[i], R_OK) < 0) {
			weprintf("%s:", assets[i]);
			return EXIT_USAGE;
		}
	if (o->version) {
		r = section(o->version, o->nlogs ? o->logs : (const char **)changelogs,
		            o->nlogs, o->nlogs > 0, &notes, &from, &line);
		if (r < 0)
			return EXIT_USAGE;
	}
	if (r == 0 && o->bodyfile) {
		if (readbody(o->bodyfile, &notes) < 0)
			return EXIT_USAGE;
		notes.len--;
	}
	if (r == 0 && o->version)
		weprintf("%s: no changelog section for %s: %s", o->arg, o->version,
		         o->bodyfile ? "notes from -b" : "the release has no notes");
	buf_add(&notes, "", 1);
	if (forge_release(f, o->arg, name, notes.p, &url, &reused, &rel) < 0) {
		buf_free(&notes);
		return EXIT_NOTHOLD;
	}
	if (reused)
		weprintf("%s: the release of %s exists already: kept", f->path, o->arg);
	else if (from)
		weprintf("%s: notes from %s:%zu", o->arg, from, line);
	printf("%s\n", url);
	free(url);
	for (i = 0; i < nassets; i++) {
		const char *b = strrchr(assets[i], '/');

		b = b ? b + 1 : assets[i];
		if (forge_asset(f, rel, o->arg, assets[i], &skipped) < 0)
			st = EXIT_NOTHOLD;
		else
			printf("%s %s\n", skipped ? "present" : "attached", b);
	}
	json_decref(rel);
	buf_free(&notes);
	return st;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "cacert", required_argument, NULL, O_CACERT },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct forge f;
	int c, st;

	setprogname(argv[0]);
	memset(&o, 0, sizeof o);
	o.logs = ecalloc((size_t)argc + 1, sizeof *o.logs);
	while ((c = getopt_std(argc, argv, "B:b:c:H:hk:n:Ppr:R:t:u:Vvw:x:",
	                       longopts)) != -1) {
		switch (c) {
		case O_CACERT: o.cacert = optarg; break;
		case 'B': o.base = optarg; break;
		case 'b': o.bodyfile = optarg; break;
		case 'c': o.logs[o.nlogs++] = optarg; break;
		case 'H': o.head = optarg; break;
		case 'k':
			if (!(o.kind = forge_kind_named(optarg))) {
				weprintf("-k %s: not github or gitlab", optarg);
				usage();
			}
			break;
		case 'n': o.version = optarg; break;
		case 'P':
		case 'p':
			if (o.mode && o.mode != c)
				usage();
			o.mode = c;
			break;
		case 'r':
		case 'x':
		case 'w':
			if (o.mode)
				usage();
			o.mode = c;
			o.arg = optarg;
			break;
		case 'R': o.repo = optarg; break;
		case 't': o.title = optarg; break;
		case 'u': o.url = optarg; break;
		case 'v': o.verbose = 1; break;
		case 'V': printversion();
		case 'h': synopsis_exit(synopsis, 1);
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (!o.mode) {
		weprintf("say what to do: -P, -p, -r, -x or -w");
		usage();
	}
	if (o.repo && o.url) {
		weprintf("-R and -u both name the repository: give one");
		usage();
	}
	if (o.url && strcmp(o.url, "-") == 0 && o.bodyfile &&
	    strcmp(o.bodyfile, "-") == 0) {
		weprintf("-u - and -b - cannot both read stdin");
		usage();
	}
	if (o.cacert && o.mode != 'x' && o.mode != 'w' && access(o.cacert, R_OK) < 0) {
		weprintf("--cacert %s:", o.cacert);
		free(o.logs);
		return EXIT_USAGE;
	}
	if (o.mode == 'x')
		st = extract(&o, argv, argc);
	else if (o.mode == 'w')
		st = argc ? (usage(), 2) : where(&o);
	else {
		if ((o.mode == 'p' && (!o.head || !o.base || !o.title)) ||
		    (o.mode != 'r' && argc) || (o.nlogs && !o.version)) {
			if (o.mode == 'p' && (!o.head || !o.base || !o.title))
				weprintf("-p needs -H BRANCH, -B BASE and -t TITLE");
			usage();
		}
		if (up_init() < 0) {
			free(o.logs);
			return EXIT_USAGE;
		}
		if (open_repo(&o, &f) < 0) {
			up_cleanup();
			free(o.logs);
			return EXIT_USAGE;
		}
		if (o.mode == 'P') {
			char *url;

			st = EXIT_NOTHOLD;
			if (forge_preflight(&f, &url) == 0) {
				printf("%s\n", url);
				free(url);
				st = EXIT_DONE;
			}
		} else if (o.mode == 'p')
			st = pr(&o, &f);
		else
			st = release(&o, &f, argv, argc);
		forge_free(&f);
		up_cleanup();
	}
	free(o.logs);
	if (fshut(stdout, "<stdout>"))
		return EXIT_USAGE;
	return st;
}
