/*
 * printer: send bytes to the receipt printer without ever holding up a
 * sale (DESIGN.md "Receipts").
 *
 * The device is the config's [printer] device: a character device
 * (/dev/usb/lp0), a file (appended to: a spool another program prints, or
 * a test's), or a FIFO. It is opened O_WRONLY|O_NONBLOCK|O_APPEND and
 * written within PRINTER_TIMEOUT_MS (poll between writes); whatever goes
 * wrong (no device, nobody reading the FIFO, a busy or paperless printer
 * that does not take the bytes in time, a full disk, a short write) is
 * "not printed" with why, never a failure of the action that printed.
 * SIGPIPE (a reader that went away) is held back during the write.
 */
#ifndef JIFEN_PRINTER_H
#define JIFEN_PRINTER_H

#include <stddef.h>

#define PRINTER_TIMEOUT_MS 1500
#define PRINTER_WHY_SIZE 160

struct printer_outcome {
	int printed;                 /* 1: every byte was taken by the device */
	int errnum;                  /* else the errno that stopped it (ETIMEDOUT: too
				      * slow; 0: no printer configured) */
	char why[PRINTER_WHY_SIZE];  /* "no printer configured", "/dev/usb/lp0: No such
				      * device", ... in English, for logs and the CLI */
};

/* Send len bytes to device ("" means none is configured) within timeout_ms.
 * Never fails: *out says whether it printed. */
void printer_send(const char *device, const void *bytes, size_t len, int timeout_ms,
		  struct printer_outcome *out);

#endif
