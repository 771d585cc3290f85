/*
 * log: one line per event to syslog, or to the stderr or file JIFEN_LOG
 * names. A line is written with one write(2), so processes sharing a file
 * never cut into each other's lines.
 */
#include "config.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX 512

static const char *const class_names[] = {
	[LOG_CLASS_AUTH] = "auth",
	[LOG_CLASS_MONEY] = "money",
	[LOG_CLASS_SYSTEM] = "system",
	[LOG_CLASS_FAULT] = "fault",
};

static int
class_priority(enum log_class cls)
{
	switch (cls) {
	case LOG_CLASS_AUTH: return LOG_AUTH | LOG_NOTICE;
	case LOG_CLASS_MONEY: return LOG_USER | LOG_NOTICE;
	case LOG_CLASS_SYSTEM: return LOG_USER | LOG_INFO;
	case LOG_CLASS_FAULT: return LOG_USER | LOG_ERR;
	}
	return LOG_USER | LOG_NOTICE;
}

/* The line to where JIFEN_LOG says: syslog by default. */
static void
emit(enum log_class cls, const char *line)
{
	static int opened;
	const char *to = getenv("JIFEN_LOG");
	char buf[LOG_LINE_MAX + 64];
	int fd, n;

	if (to == NULL || *to == '\0' || strcmp(to, "syslog") == 0) {
		if (!opened)
			openlog("jifen", LOG_PID, LOG_USER);
		opened = 1;
		syslog(class_priority(cls), "%s", line);
		return;
	}
	n = snprintf(buf, sizeof buf, "jifen[%ld]: %s %s\n", (long)getpid(), class_names[cls], line);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	if (strcmp(to, "stderr") == 0) {
		(void)!write(STDERR_FILENO, buf, (size_t)n);
	} else if (to[0] == '/' &&
		   (fd = open(to, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640)) >= 0) {
		(void)!write(fd, buf, (size_t)n);
		close(fd);
	}
}

/* Text from outside (a card typed, a reason) can never forge a line. */
static void
clean(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void
log_v(enum log_class cls, const char *event, const char *terminal, const char *actor,
      const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n;

	n = snprintf(line, sizeof line, "%s terminal=%s actor=%s", event,
		     terminal && *terminal ? terminal : "-", actor && *actor ? actor : "-");
	/* The details follow, cut short if the line is full. */
	if (n > 0 && (size_t)n + 2 < sizeof line && fmt[0] != '\0') {
		line[n++] = ' ';
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	}
	clean(line);
	emit(cls, line);
}

void
log_event(enum log_class cls, const char *event, const char *terminal, const char *actor,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(cls, event, terminal, actor, fmt, ap);
	va_end(ap);
}

void
log_ledger(const struct ledger *lg, enum log_class cls, const char *event, const char *fmt, ...)
{
	char actor[ACTOR_TEXT_SIZE] = "-";
	va_list ap;

	if (lg->actor.kind != ACTOR_NONE)
		actor_format(&lg->actor, actor);
	va_start(ap, fmt);
	log_v(cls, event, lg->cfg ? lg->cfg->terminal : NULL, actor, fmt, ap);
	va_end(ap);
}
