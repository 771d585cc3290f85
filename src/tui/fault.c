/*
 * fault: the terminal put back when the kiosk itself fails (fault.h).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "curses.h"
#include "fault.h"
/* terminfo's own calls (tigetstr, tparm), which curses.h leaves out. */
#include <term.h>

/* What the handler writes: every byte prepared before any fault, since
 * the handler may neither allocate nor ask terminfo. */
static char reset_bytes[256];
static size_t reset_len;
static struct termios saved_modes;
static int have_modes;
/* A stack of its own: a fault from a stack overflow has no room left on
 * the program's stack to run the handler. */
static char fault_stack[64 * 1024];

static const int fault_signals[] = {
	SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL,
#ifdef SIGTRAP
	SIGTRAP,
#endif
#ifdef SIGSYS
	SIGSYS,
#endif
};

void
fault_save_terminal(void)
{
	have_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

static void
add_bytes(const char *s)
{
	size_t len = strlen(s);

	if (len > sizeof reset_bytes - reset_len)
		return;
	memcpy(reset_bytes + reset_len, s, len);
	reset_len += len;
}

/* Append terminfo capability cap (with 0 for its one parameter, if any). */
static void
add_cap(const char *cap, int takes_param)
{
	char *s = tigetstr((char *)cap);

	if (s == NULL || s == (char *)-1)
		return;
	if (takes_param)
		s = tparm(s, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
	if (s != NULL)
		add_bytes(s);
}

/*
 * Async-signal-safe only: write(2), tcsetattr(), raise(). SA_RESETHAND has
 * put the default action back, so the signal raised again (blocked until
 * the handler returns) ends the process as it would have without us; a
 * fault met again when the failing instruction runs again does the same.
 */
static void
on_fault(int sig)
{
	size_t done = 0;
	ssize_t n;

	while (done < reset_len) {
		n = write(STDOUT_FILENO, reset_bytes + done, reset_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (have_modes)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_modes);
	raise(sig);
}

void
fault_guard_install(void)
{
	struct sigaction sa;
	stack_t ss;
	size_t before;

	/* What endwin() would undo: attributes, the hidden cursor, the keypad's
	 * mode, mouse reports, then the alternate screen. */
	reset_len = 0;
	add_cap("sgr0", 0);
	add_cap("cnorm", 0);
	add_cap("rmkx", 0);
	before = reset_len;
	add_cap("XM", 1);
	if (reset_len == before && tigetstr((char *)"kmous") != NULL &&
	    tigetstr((char *)"kmous") != (char *)-1)
		add_bytes("\033[?1000l");
	add_cap("rmcup", 0);

	memset(&ss, 0, sizeof ss);
	ss.ss_sp = fault_stack;
	ss.ss_size = sizeof fault_stack;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | (sigaltstack(&ss, NULL) == 0 ? SA_ONSTACK : 0);
	for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
		sigaction(fault_signals[i], &sa, NULL);
}
