/*
 * textwidth: the columns text takes on a terminal, the one rule for the
 * command line's tables (src/cli/output.c) and the kiosk's screens
 * (src/tui/draw.c), so that a name lines up the same in both. No curses
 * and no locale: the same answer whatever LANG says. (A receipt printer
 * counts otherwise, by its own GB18030 glyphs: slip.c.)
 */
#ifndef JIFEN_TEXTWIDTH_H
#define JIFEN_TEXTWIDTH_H

/* Columns of one code point: 0 for combining marks and other characters
 * drawn on the one before, 2 for East Asian wide and full-width ones
 * (Chinese, full-width punctuation, most emoji), else 1. A control
 * character counts 1: it is only ever shown as '?'. */
int text_char_width(unsigned cp);

/* Columns of UTF-8 text: the sum of its characters', each byte that
 * begins no valid character counting 1 (it is shown as '?'). */
int text_width(const char *text);

#endif
