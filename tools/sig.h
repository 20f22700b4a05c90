/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGINT and SIGTERM as a file descriptor, for the monitors (monitor.c,
 * route.c) to poll next to their sockets: no handler, no global flag.
 */
#ifndef _RF_SIG_H
#define _RF_SIG_H

/* A signalfd for SIGINT and SIGTERM (blocked from now on), or -1. */
int rf_signal_fd(void);

#endif /* _RF_SIG_H */
