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
/* The len bytes at data (NULL when len is 0) and a NUL after them: a text
 * handed over with its length (a file read whole, a CSV field) as a C
 * string. */
char *xmemdupz(const void *data, size_t len);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
