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
 * Allocations whose size the policy decides (its arrays, prefix chunks and
 * lookup tables): charged to the writer's memory cgroup, where reaching the
 * limit fails them with ENOMEM, quietly (the caller reports it), instead of
 * invoking the OOM killer on the loader.
 */
#define RF_GFP_POLICY \
	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/*
 * Where an update reads the table's new prefixes from: @range gives those
 * whose keys lie in [@lo, @hi], sorted, in an array the caller kvfree()s;
 * @cover the network of the longest prefix of length at most @len that
 * contains @k (0: none).
 */
struct rf_lpm_src {
	int (*range)(const void *priv, const struct rf_key *lo,
		     const struct rf_key *hi, struct rf_pfx **v, u32 *n);
	u16 (*cover)(const void *priv, const struct rf_key *k, u8 len);
	const void *priv;
};

/* Clear the bits of @k after its first @len. */
static inline void rf_key_mask(struct rf_key *k, unsigned int len)
{
	if (len == 0) {
		k->hi = 0;
		k->lo = 0;
	} else if (len < 64) {
		k->hi &= ~0ULL << (64 - len);
		k->lo = 0;
	} else if (len == 64) {
		k->lo = 0;
	} else if (len < 128) {
		k->lo &= ~0ULL << (128 - len);
	}
}

struct rf_lpm *rf_lpm_build(const struct rf_pfx *pfx, u32 n, u8 maxlen);
struct rf_lpm *rf_lpm_update(const struct rf_lpm *prev,
			     const struct rf_lpm_src *src,
			     const struct rf_pfx *chg, u32 nchg);
void rf_lpm_free(struct rf_lpm *t);
size_t rf_lpm_size(const struct rf_lpm *t);
u16 rf_lpm_lookup(const struct rf_lpm *t, const struct rf_key *k);
void rf_lpm_lookup2(const struct rf_lpm *t, const struct rf_key *a,
		    const struct rf_key *b, u16 *na, u16 *nb);

/* Sort order of rf_pfx arrays: by key, then by length (shorter first). */
int rf_pfx_cmp(const struct rf_pfx *a, const struct rf_pfx *b);

#endif /* _RF_LPM_H */
