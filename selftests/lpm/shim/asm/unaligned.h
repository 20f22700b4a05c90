/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_ASM_UNALIGNED_H
#define _SHIM_ASM_UNALIGNED_H

#include <string.h>
#include <linux/types.h>

static inline u32 get_unaligned_be32(const void *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return __builtin_bswap32(v);
}

static inline u64 get_unaligned_be64(const void *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return __builtin_bswap64(v);
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

#endif
