/* SPDX-License-Identifier: GPL-2.0 */
/* Single-threaded userspace: a plain counter. */
#ifndef _SHIM_LINUX_REFCOUNT_H
#define _SHIM_LINUX_REFCOUNT_H

#include <stdbool.h>
#include <stdlib.h>

typedef struct { int refs; } refcount_t;

static inline void refcount_set(refcount_t *r, int n) { r->refs = n; }
static inline unsigned int refcount_read(const refcount_t *r) { return r->refs; }
static inline void refcount_inc(refcount_t *r)
{
	if (r->refs <= 0)
		abort();
	r->refs++;
}
static inline bool refcount_dec_and_test(refcount_t *r)
{
	if (r->refs <= 0)
		abort();
	return --r->refs == 0;
}

#endif
