/*
 * i18n: the kiosk's two languages, through gettext and po/zh_CN.po.
 *
 * How Chinese shows on a machine with only the C.UTF-8 locale (checked on
 * glibc 2.36, and by tests/kiosk): gettext ignores LANGUAGE only when the
 * messages locale is exactly "C" or "POSIX"; "C.UTF-8" is neither, so with
 * LC_ALL=C.UTF-8 the variable LANGUAGE alone picks the catalog, and no
 * zh_CN locale need be installed. So the language is switched by setting
 * LANGUAGE; textdomain() is then called again because glibc caches
 * translations and textdomain() is what tells it that the catalogs changed
 * (it bumps _nl_msg_cat_cntr). kiosk.c makes sure the locale is a UTF-8 one
 * before this runs (falling back to C.UTF-8 from a plain "C").
 *
 * The catalogs are looked for in the build tree first when the program runs
 * from it (src/jifen next to po/locale/, where `make` compiles them), else
 * in $(localedir), where `make install` puts them. No path of the build tree
 * is compiled into the program.
 */
#include "config.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static enum lang current = LANG_EN;
static enum lang from_env = LANG_EN;
static char catalog_dir[PATH_MAX];

/* po/locale of the build tree, if this program is src/jifen in one that
 * has the Chinese catalog compiled. */
static int
build_tree_dir(char *out, size_t size)
{
	char exe[PATH_MAX], mo[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	int len;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	len = snprintf(out, size, "%s/../po/locale", dirname(exe));
	if (len < 0 || (size_t)len >= size)
		return 0;
	snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/%s.mo", out, PACKAGE);
	return access(mo, R_OK) == 0;
}

static enum lang
lang_of_env(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
	}
	return LANG_EN;
}

void
i18n_init(void)
{
	if (!build_tree_dir(catalog_dir, sizeof catalog_dir))
		snprintf(catalog_dir, sizeof catalog_dir, "%s", LOCALEDIR);
	bindtextdomain(PACKAGE, catalog_dir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	from_env = lang_of_env();
	i18n_set(from_env);
}

enum lang
i18n_default(void)
{
	return from_env;
}

void
i18n_set(enum lang lang)
{
	/* A terminal without Chinese glyphs (caps.h) shows English only. */
	if (lang == LANG_ZH && !caps_get()->cjk)
		lang = LANG_EN;
	/* English is the messages as written: a catalog for "en" does not
	 * exist, so gettext returns them unchanged. */
	setenv("LANGUAGE", lang == LANG_ZH ? "zh_CN" : "en", 1);
	textdomain(PACKAGE);
	current = lang;
}

enum lang
i18n_get(void)
{
	return current;
}

const char *
i18n_dir(void)
{
	return catalog_dir;
}

void
i18n_points(int64_t n, enum point_kind kind, char *out, size_t size)
{
	if (kind == KIND_GREEN)
		snprintf(out, size, ngettext("%lld green point", "%lld green points", (unsigned long)n),
			 (long long)n);
	else
		snprintf(out, size, ngettext("%lld point", "%lld points", (unsigned long)n),
			 (long long)n);
}

const char *
i18n_name(const char *zh, const char *en)
{
	if (i18n_get() == LANG_ZH)
		return zh[0] ? zh : en;
	return en[0] ? en : zh;
}
