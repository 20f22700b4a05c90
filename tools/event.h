/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every monitor shares (monitor.c, route.c): the head and end of an
 * event line ("[TIMESTAMP] EVENT ..." or one JSON object with "timestamp"
 * and "event"), and SIGINT/SIGTERM as a file descriptor to poll.
 */
#ifndef _RF_EVENT_H
#define _RF_EVENT_H

struct rf_out;

void event_begin(struct rf_out *o, const char *event);
void event_end(struct rf_out *o);
/* A signalfd for SIGINT and SIGTERM (blocked from now on), or -1. */
int signal_fd(void);

#endif /* _RF_EVENT_H */
