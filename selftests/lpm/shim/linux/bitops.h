/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel patches hweight64 to POPCNT at boot; build with -mpopcnt. */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

#define hweight64(x)	((unsigned int)__builtin_popcountll(x))
#define hweight32(x)	((unsigned int)__builtin_popcount(x))
/* undefined for 0, as in the kernel */
#define __ffs64(x)	((unsigned long)__builtin_ctzll(x))

#define BITS_PER_LONG		(8 * (int)sizeof(long))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

#endif
