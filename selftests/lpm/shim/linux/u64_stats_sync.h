/* SPDX-License-Identifier: GPL-2.0 */
/* Types only: the counters are not exercised in userspace. */
#ifndef _SHIM_LINUX_U64_STATS_SYNC_H
#define _SHIM_LINUX_U64_STATS_SYNC_H

#include <linux/types.h>

struct u64_stats_sync { int unused; };
typedef struct { u64 v; } u64_stats_t;

#endif
