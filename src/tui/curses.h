/*
 * curses: the one way into ncurses (after htop's ProvideCurses.h).
 *
 * Only files in src/tui include this header, and no other header of the
 * project includes curses: core and the command line stay testable without a
 * terminal. The wide-character API (get_wch, addnwstr) must be switched on
 * before curses.h is read, or Chinese text would be drawn byte by byte.
 */
#ifndef JIFEN_TUI_CURSES_H
#define JIFEN_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
