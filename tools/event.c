// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor events: a timestamped line (or JSON object) per event.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <time.h>

#include "event.h"
#include "out.h"

static void timestamp(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ld", (long)tv.tv_usec);
}

void event_begin(struct rf_out *o, const char *event)
{
	char ts[64];

	timestamp(ts, sizeof(ts));
	open_json_object(o, NULL);
	print_str(o, PRINT_ANY, "timestamp", "[%s] ", ts);
	print_str(o, PRINT_ANY, "event", "%s", event);
}

void event_end(struct rf_out *o)
{
	print_nl(o);
	close_json_object(o);
	out_end_doc(o);
}

/* SIGINT and SIGTERM arrive on a file descriptor: no global flag. */
int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}
