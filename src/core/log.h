/*
 * log: the store's record of security and money events, one line each, for
 * whoever keeps watch over the store (journalctl -t jifen).
 *
 * Each line names the event, the terminal and the actor, then what the
 * event needs ("wrong_pin terminal=K01 actor=- card=8800000001 left=3"):
 * sign-ins at the kiosk and the counter, wrong PINs and lock-outs (class
 * AUTH, syslog's LOG_AUTH), vouchers handed over and taken back, points
 * granted and compensation (MONEY), the config a service loaded, backups
 * and restores (SYSTEM), and every fault a member is told to ask the staff
 * about (FAULT, LOG_ERR). Core and the screens call it; it never fails
 * what they do.
 *
 * Where the lines go: syslog (ident "jifen") unless the environment's
 * JIFEN_LOG says "stderr" or names a file (an absolute path, appended to),
 * which tests read back.
 */
#ifndef JIFEN_LOG_H
#define JIFEN_LOG_H

#include "ledger.h"

enum log_class {
	LOG_CLASS_AUTH,   /* sign-ins, wrong PINs, lock-outs: LOG_AUTH, notice/warning */
	LOG_CLASS_MONEY,  /* points and goods moved by hand or at the counter: LOG_USER, notice */
	LOG_CLASS_SYSTEM, /* config loaded, backups, restores: LOG_USER, info */
	LOG_CLASS_FAULT,  /* something went wrong in front of a member: LOG_USER, err */
};

/* One line: event, terminal, actor ("-" for nobody), then the details
 * (printf format; "" for none). Control characters become '?'. */
void log_event(enum log_class cls, const char *event, const char *terminal, const char *actor,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* log_event() with the ledger's terminal (its config's) and its actor now. */
void log_ledger(const struct ledger *lg, enum log_class cls, const char *event, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

#endif
