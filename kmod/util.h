/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence: what every layer of the module uses, below all of them:
 * error messages for userspace, the count of live policy objects and
 * growable arrays.
 */
#ifndef _RF_UTIL_H
#define _RF_UTIL_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define RF_ERRMSG_LEN	256

/* An error message for the netlink layer to hand to userspace (extack). */
struct rf_err {
	char msg[RF_ERRMSG_LEN];
};

__printf(3, 4)
int rf_fail(struct rf_err *e, int err, const char *fmt, ...);

int rf_grow(void **v, u32 *cap, u32 n, size_t size);

/* Live confs, generations, counters and prefix chunks, checked at exit. */
extern atomic_t rf_objects;

#endif /* _RF_UTIL_H */
