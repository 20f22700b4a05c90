// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace implementation of the kernel services kmod/lpm.c uses.
 *
 * Every block carries a 64-byte header (keeps the data cache-line aligned)
 * with its size and how it was obtained. shim_huge selects mmap +
 * MADV_HUGEPAGE for blocks of 2 MiB and more, as the kernel's kvmalloc
 * maps large vmalloc areas with PMD pages (VM_ALLOW_HUGE_VMAP).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/slab.h>

#include "shim.h"

#define SHIM_HDR	64
#define SHIM_HUGE_MIN	(2UL << 20)

struct shim_hdr {
	size_t size;
	size_t mapped;		/* 0: malloc'ed */
};

unsigned long shim_cond_resched_calls;
long shim_live_allocs;
long shim_live_bytes;
long shim_fail_countdown = -1;	/* fail when it reaches 0; <0: never */
int shim_huge;

void *shim_kvmalloc(size_t size, gfp_t flags)
{
	struct shim_hdr *h;
	size_t total = size + SHIM_HDR;
	size_t mapped = 0;

	if (shim_fail_countdown >= 0 && shim_fail_countdown-- == 0)
		return NULL;
	if (size > 0x7fffffffUL)
		return NULL;	/* the kernel's kvmalloc refuses > INT_MAX */
	if (shim_huge && total >= SHIM_HUGE_MIN) {
		mapped = (total + SHIM_HUGE_MIN - 1) & ~(SHIM_HUGE_MIN - 1);
		h = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED)
			return NULL;
		madvise(h, mapped, MADV_HUGEPAGE);
	} else {
		h = aligned_alloc(SHIM_HDR, (total + SHIM_HDR - 1) &
				  ~(size_t)(SHIM_HDR - 1));
		if (!h)
			return NULL;
	}
	h->size = size;
	h->mapped = mapped;
	if (flags & __GFP_ZERO && !mapped)
		memset((char *)h + SHIM_HDR, 0, size);
	shim_live_allocs++;
	shim_live_bytes += size;
	return (char *)h + SHIM_HDR;
}

void shim_kvfree(const void *p)
{
	struct shim_hdr *h;

	if (!p)
		return;
	h = (struct shim_hdr *)((char *)p - SHIM_HDR);
	shim_live_allocs--;
	shim_live_bytes -= h->size;
	if (h->mapped)
		munmap(h, h->mapped);
	else
		free(h);
}
