/*
 * dump: the screen as text, as the member sees it (for kiosk scripts).
 * Each row is one line of UTF-8: a double-width character once, trailing
 * blanks trimmed, no attributes, the way `tmux capture-pane -p` shows a
 * pane, so that the same screen gives the same dump either way.
 */
#ifndef JIFEN_TUI_DUMP_H
#define JIFEN_TUI_DUMP_H

#include <stdio.h>

/* Write every row of the curses screen to out. Returns 0, or -1 if a
 * write failed (errno says why). */
int dump_screen(FILE *out);

#endif
