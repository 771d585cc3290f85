/*
 * xalloc: allocation that never returns NULL.
 *
 * Running out of memory is not an error a kiosk can recover from screen by
 * screen, so these wrappers print one line and abort; callers need not check.
 * Whatever they return is the caller's to free().
 */
#ifndef JIFEN_XALLOC_H
#define JIFEN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
