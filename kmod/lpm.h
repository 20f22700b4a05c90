/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Longest-prefix-match tables for routefence: address -> network id.
 *
 * A table is built once from a sorted, validated prefix list and is then
 * immutable, so lookups need no locking (the caller holds RCU over the
 * generation that owns the table). No netlink or skb types here: this file
 * and lpm.c also compile in userspace (selftests/lpm/).
 */
#ifndef _RF_LPM_H
#define _RF_LPM_H

#include <linux/types.h>

/*
 * An address as a 128-bit big-endian number: the first address bit is the
 * most significant bit of @hi. IPv4 addresses live in the upper 32 bits of
 * @hi; the rest is zero.
 */
struct rf_key {
	u64 hi;
	u64 lo;
};

/*
 * One prefix: host bits of @key are zero, @net is 1..RF_NET_ID_MAX. @seq
 * records the order prefixes were configured in (the policy layer uses it
 * to name the newer of two conflicting prefixes); lookups ignore it.
 */
struct rf_pfx {
	struct rf_key key;
	u8 len;
	u16 net;
	u32 seq;
};

struct rf_lpm;

/*
 * Allocations whose size the user chooses (the policy's arrays and tables):
 * charged to the caller's memory cgroup, where reaching the limit fails
 * them with ENOMEM, quietly (the caller reports it), instead of invoking
 * the OOM killer.
 */
#define RF_GFP_POLICY \
	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

struct rf_lpm *rf_lpm_build(const struct rf_pfx *pfx, u32 n, u8 maxlen);
void rf_lpm_free(struct rf_lpm *t);
size_t rf_lpm_size(const struct rf_lpm *t);
u16 rf_lpm_lookup(const struct rf_lpm *t, const struct rf_key *k);
void rf_lpm_lookup2(const struct rf_lpm *t, const struct rf_key *a,
		    const struct rf_key *b, u16 *na, u16 *nb);

/* Sort order of rf_pfx arrays: by key, then by length (shorter first). */
int rf_pfx_cmp(const struct rf_pfx *a, const struct rf_pfx *b);

#endif /* _RF_LPM_H */
