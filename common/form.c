/* relkit — MIT licence, see LICENSE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "pypirules.h"
#include "util.h"

void
form_add(struct form *f, const char *name, const char *value)
{
	meta_append(&f->f, &f->n, &f->cap, name, strlen(name), 0);
	f->f[f->n - 1].value = estrdup(value);
}

void
form_free(struct form *f)
{
	meta_fields_free(f->f, f->n);
	memset(f, 0, sizeof *f);
}

/* Is there a field of that name in the form already? */
static int
has(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, name))
			return 1;
	return 0;
}

void
pyrule_form(const struct meta *m, enum dist_type type, const char *pyversion,
            const struct digests *dg, struct form *out)
{
	const char *v, *body = m->body, *field;
	char *safe;
	size_t i;
	int multi;

	form_add(out, ":action", "file_upload");
	form_add(out, "protocol_version", "1");
	safe = pyrule_safe_name((v = meta_get(m, "Name")) ? v : "");
	form_add(out, "name", safe);
	free(safe);
	form_add(out, "version", (v = meta_get(m, "Version")) ? v : "");
	form_add(out, "filetype", type == DIST_WHEEL ? "bdist_wheel" : "sdist");
	form_add(out, "pyversion", pyversion);
	form_add(out, "metadata_version",
	         (v = meta_get(m, "Metadata-Version")) ? v : "");
	for (i = 0; i < m->n; i++) {
		if (!(field = pyrule_form_field(m->f[i].name, &multi)) ||
		    (!multi && has(out, field)))
			continue;
		/* the body, when there is one, is the description */
		if (strcmp(field, "description") == 0 && body && *body)
			continue;
		if (pyrule_dropped(m->f[i].name, meta_get(m, "Metadata-Version")))
			continue;
		if (strcmp(field, "description") == 0) {
			char *d = meta_dedent(m->f[i].value);

			form_add(out, field, d);
			free(d);
		} else if (strcmp(field, "keywords") == 0) {
			/* twine: packaging's list (split at ',', each stripped),
			 * joined with ", " */
			struct buf b = { 0 };
			const char *p = m->f[i].value, *e;
			int nk = 0;

			buf_adds(&b, "");
			for (;; p = e + 1) {
				const char *s0 = p;

				e = p + strcspn(p, ",");
				while (s0 < e && isspace((unsigned char)*s0))
					s0++;
				while (e > s0 && isspace((unsigned char)e[-1]))
					e--;
				buf_addf(&b, "%s%.*s", nk++ ? ", " : "", (int)(e - s0), s0);
				e = s0 + strcspn(s0, ",");
				if (!*e)
					break;
			}
			form_add(out, field, b.p);
			buf_free(&b);
		} else
			form_add(out, field, m->f[i].value);
	}
	if (body && *body)
		form_add(out, "description", body);
	form_add(out, "sha256_digest", dg->sha256);
	form_add(out, "blake2_256_digest", dg->blake2_256);
}
