/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmalloc family on top of shim_kvmalloc() (shim.c): malloc, or, when
 * shim_huge is set, mmap + MADV_HUGEPAGE for large blocks (the kernel's
 * kvmalloc maps large vmalloc areas with huge pages since 5.19). Counts
 * live allocations and bytes so tests can check for leaks and fault
 * injection can fail the Nth allocation.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL		0x1u
#define GFP_KERNEL_ACCOUNT	0x3u
#define __GFP_NOWARN		0x4u
#define __GFP_ZERO		0x8u
#define __GFP_RETRY_MAYFAIL	0x10u

void *shim_kvmalloc(size_t size, gfp_t flags);
void shim_kvfree(const void *p);

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return shim_kvmalloc(bytes, flags);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *kvmalloc(size_t size, gfp_t flags)
{
	return shim_kvmalloc(size, flags);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return shim_kvmalloc(size, flags | __GFP_ZERO);
}

#define kvfree(p)	shim_kvfree(p)

/* kmalloc family: the same counted allocator */
static inline void *kmalloc(size_t size, gfp_t flags)
{
	return shim_kvmalloc(size, flags);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return shim_kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags);
}

static inline void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = shim_kvmalloc(len, flags);

	if (p)
		__builtin_memcpy(p, src, len);
	return p;
}

#define kfree(p)	shim_kvfree(p)

#endif
