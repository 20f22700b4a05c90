// SPDX-License-Identifier: GPL-2.0
/*
 * routefence: error messages for userspace, the count of live policy
 * objects and growable arrays, used by every layer and using none.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lpm.h"
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

/**
 * rf_grow() - make room for one more element in a growable array
 * @v: the array (kvmalloc'ed, or NULL)
 * @cap: its capacity in elements, updated
 * @n: the number of elements in use
 * @size: the size of one element
 *
 * Doubles the capacity (at least 16 elements) when @n has reached it,
 * charging the policy's memory cgroup (RF_GFP_POLICY).
 *
 * Return: 0, -E2BIG when the capacity cannot double, or -ENOMEM.
 */
int rf_grow(void **v, u32 *cap, u32 n, size_t size)
{
	u32 ncap;
	void *p;

	if (n < *cap)
		return 0;
	if (*cap > U32_MAX / 2)
		return -E2BIG;
	ncap = max_t(u32, 16, *cap * 2);
	p = kvmalloc_array(ncap, size, RF_GFP_POLICY);
	if (!p)
		return -ENOMEM;
	if (*v)
		memcpy(p, *v, (size_t)n * size);
	kvfree(*v);
	*v = p;
	*cap = ncap;
	return 0;
}
