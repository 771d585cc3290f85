/*
 * printer: a bounded, non-blocking write to the receipt printer (printer.h).
 * The time limit is wall time on the monotonic clock: it bounds a wait, it
 * dates nothing, so it does not go through clock.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "printer.h"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
not_printed(struct printer_outcome *out, const char *device, int errnum, const char *what)
{
	out->printed = 0;
	out->errnum = errnum;
	snprintf(out->why, sizeof out->why, "%s: %s", device,
		 what ? what : strerror(errnum));
}

/* Write everything, waiting in poll() while the device is busy, until the
 * deadline. 0, or the errno that stopped it. */
static int
write_all(int fd, const unsigned char *p, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		struct pollfd pfd = { fd, POLLOUT, 0 };
		long long left;

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return errno;
		left = deadline - now_ms();
		if (left <= 0)
			return ETIMEDOUT;
		n = poll(&pfd, 1, (int)left);
		if (n == 0)
			return ETIMEDOUT;
		if (n < 0 && errno != EINTR)
			return errno;
		if (n > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) &&
		    !(pfd.revents & POLLOUT))
			return EIO;
	}
	return 0;
}

/* A reader that left a FIFO or socket raises SIGPIPE, which would end the
 * program in the middle of a sale: hold it back, and take a pending one
 * away afterwards (the write has said EPIPE). */
static int
write_guarded(int fd, const void *bytes, size_t len, long long deadline)
{
	sigset_t pipe_set, old;
	struct timespec zero = { 0, 0 };
	int rc, pending = 0;
	sigset_t now;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	rc = write_all(fd, bytes, len, deadline);
	if (sigpending(&now) == 0 && sigismember(&now, SIGPIPE) && !sigismember(&old, SIGPIPE))
		pending = 1;
	if (pending)
		while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
			;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void
printer_send(const char *device, const void *bytes, size_t len, int timeout_ms,
	     struct printer_outcome *out)
{
	long long deadline = now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
	int fd, rc;

	memset(out, 0, sizeof *out);
	if (device == NULL || device[0] == '\0') {
		not_printed(out, "printer", 0, "no printer configured");
		return;
	}
	fd = open(device, O_WRONLY | O_NONBLOCK | O_APPEND | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		/* ENXIO: a FIFO with nobody reading it. */
		not_printed(out, device, errno, errno == ENXIO ? "nobody is reading it" : NULL);
		return;
	}
	rc = write_guarded(fd, bytes, len, deadline);
	if (close(fd) != 0 && rc == 0)
		rc = errno == EINTR ? 0 : errno; /* a file's delayed write error */
	if (rc != 0) {
		not_printed(out, device, rc,
			    rc == ETIMEDOUT ? "busy or out of paper: not taken in time" : NULL);
		return;
	}
	out->printed = 1;
	snprintf(out->why, sizeof out->why, "%s", "printed");
}
