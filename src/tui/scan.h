/*
 * scan: telling a scanner's line from typing. A card or voucher scanner
 * types like a keyboard, only faster than any person: its characters come
 * at most SCAN_GAP_MS apart and end with Enter. Such a line, of
 * SCAN_MIN_CHARS to SCAN_MAX_CHARS characters, reaches the screen as one
 * REQ_SCAN carrying its text, wherever the focus is; anything else is
 * keys, one request each, as typed.
 *
 * The thresholds: a person types a key every 100 ms or more (a fast typist
 * 60 ms); a scanner sends one every 1 to 10 ms, so 30 ms tells them apart
 * with room for a busy machine. A line shorter than 8 characters is typed,
 * never scanned: a PIN (at most 6 digits) or an amount typed on the keypad
 * is never taken for a scan, while a card (10 digits) and a short voucher
 * code (9 or more characters) are longer. A line longer than 64
 * characters is no code at all: it is keys, refused by the field it falls
 * in. The cost: a lone character typed waits up to SCAN_GAP_MS for the
 * next before it is handled; keys that are no characters (Enter, arrows,
 * Esc) never wait.
 *
 * No curses here: input.c reads the terminal, the script layer sends scans
 * of its own, and both make the text the same way.
 */
#ifndef JIFEN_TUI_SCAN_H
#define JIFEN_TUI_SCAN_H

#include <stddef.h>

#include "request.h"

#define SCAN_GAP_MS 30
#define SCAN_MIN_CHARS 8
#define SCAN_MAX_CHARS 64

/*
 * The scan that the n requests of a burst make, followed by its Enter: 1
 * and the text in out (size at least REQ_SCAN_SIZE) if they are
 * SCAN_MIN_CHARS to SCAN_MAX_CHARS characters (REQ_CHAR), else 0. A
 * character that no field takes (a control character, a byte that is no
 * UTF-8, an escape sequence) is U+FFFD in the text and sets *spoiled.
 */
int scan_of_burst(const struct req *burst, size_t n, char *out, size_t size, int *spoiled);
/* The UTF-8 of code point c (at most 0x10ffff) into out, which has room
 * for 4 bytes; returns its length. Also the catalog search's. */
size_t scan_utf8_of(unsigned c, char *out);

#endif
