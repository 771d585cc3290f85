/*
 * i18n: Chinese and English through gettext (po/zh_CN.po), switched while
 * the program runs, on a machine that may have no locale but C.UTF-8.
 */
#ifndef JIFEN_TUI_I18N_H
#define JIFEN_TUI_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger.h"

#define _(msgid) gettext(msgid)
#define N_(msgid) (msgid) /* marked for xgettext, translated where shown */

enum lang { LANG_EN, LANG_ZH };

/* Find the catalogs, and the language the environment asks for. Call after
 * setlocale(). */
void i18n_init(void);
/* The language of the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
 * Chinese if it starts with "zh", else English. */
enum lang i18n_default(void);
/* Chinese only where the terminal can show it (caps.h): else English. */
void i18n_set(enum lang lang);
enum lang i18n_get(void);
/* Where the catalogs were found (for the record). */
const char *i18n_dir(void);

/* "450 points", "1 green point": an amount in the current language. */
void i18n_points(int64_t n, enum point_kind kind, char *out, size_t size);
/* Of a name kept in both languages, the current one's (the other if it is
 * empty). */
const char *i18n_name(const char *zh, const char *en);

#endif
