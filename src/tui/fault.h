/*
 * fault: the terminal put back when the kiosk itself fails (SIGSEGV,
 * SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGSYS).
 *
 * Signals from outside stop the loop, and endwin() restores the terminal
 * (kiosk.c). A fault cannot wait for the loop, and endwin() is not
 * async-signal-safe: the handler writes reset sequences prepared
 * beforehand with write(2), sets the terminal's modes back with
 * tcsetattr(), and then lets the signal end the process by its default
 * action, so the exit status (and a core dump, where enabled) still says
 * what happened.
 */
#ifndef JIFEN_TUI_FAULT_H
#define JIFEN_TUI_FAULT_H

/* Remember the terminal's modes as they are now: before curses changes them. */
void fault_save_terminal(void);
/* Prepare the reset sequences of the current curses terminal and install
 * the handlers. After the terminal is set up. */
void fault_guard_install(void);

#endif
