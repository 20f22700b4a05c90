// SPDX-License-Identifier: GPL-2.0
/*
 * SIGINT and SIGTERM arrive on a file descriptor.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

#include "sig.h"

int rf_signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}
