// SPDX-License-Identifier: GPL-2.0
/*
 * routefence: error messages for userspace and the count of live policy
 * objects, used by every layer and using none.
 */
#include <linux/kernel.h>

#include "util.h"

atomic_t rf_objects = ATOMIC_INIT(0);

/**
 * rf_fail() - record an error message and return an error code
 * @e: where the message goes (may be NULL)
 * @err: the error code to return
 * @fmt: printf-style message, without a trailing full stop
 *
 * Return: @err.
 */
int rf_fail(struct rf_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}
