/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF twin of routefence (twin.bpf.c) and its loader (rfbpf.c) share
 * these: the keys of the two LPM tries, the counters and the settings.
 */
#ifndef RF_TWIN_H
#define RF_TWIN_H

#include <linux/types.h>

/* BPF_MAP_TYPE_LPM_TRIE keys: prefix length, then the address (network order). */
struct twin_key4 {
	__u32 plen;
	__u8 addr[4];
};

struct twin_key6 {
	__u32 plen;
	__u8 addr[16];
};

/* Per-CPU counters (the "counters" map), one per verdict reason. */
enum twin_counter {
	TWIN_FWD,		/* passed, also violations in audit mode */
	TWIN_NOT_LINKED,	/* source and destination networks not linked */
	TWIN_UNMANAGED,		/* source in no network, "unmanaged drop" */
	TWIN_NR_COUNTERS,
};

/* Settings: the program's read-only twin_conf, set by the loader. */
#define TWIN_F_AUDIT		(1U << 0)	/* count violations, drop nothing */
#define TWIN_F_UNMANAGED_DROP	(1U << 1)	/* drop sources in no network */

struct twin_conf {
	__u32 stride;		/* highest network id + 1 */
	__u32 flags;		/* TWIN_F_* */
};

#endif /* RF_TWIN_H */
