/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random prefix sets for the LPM selftest and bench/: a seeded PRNG, a
 * growable prefix list (sorted and deduplicated with rf_pfx_cmp), and
 * generators for DFZ-shaped IPv4 and IPv6 tables.
 */
#ifndef _LPM_GEN_H
#define _LPM_GEN_H

#include <linux/types.h>
#include "../../kmod/lpm.h"

struct rng {
	u64 s;
};

u64 rng_next(struct rng *r);
u64 rng_below(struct rng *r, u64 n);	/* 0..n-1; n > 0 */

struct pfxset {
	struct rf_pfx *p;
	u32 n;
	u32 cap;
	u8 maxlen;
};

void pfxset_init(struct pfxset *s, u8 maxlen);
void pfxset_free(struct pfxset *s);
/* Adds key/len (host bits cleared); net 0 picks a random net id. */
void pfxset_add(struct pfxset *s, struct rf_key key, u32 len, u16 net,
		struct rng *r);
/* Sorts by rf_pfx_cmp and drops duplicates (same key and length). */
void pfxset_finish(struct pfxset *s);

/* A random key; for IPv4 only the top 32 bits of hi are set. */
struct rf_key rand_key(struct rng *r, u8 maxlen);
/* First and last address of a prefix. */
struct rf_key pfx_first(const struct rf_pfx *p);
struct rf_key pfx_last(const struct rf_pfx *p, u8 maxlen);
/* k + d for d in {-1, +1}, wrapping inside the family's address space. */
struct rf_key key_add(struct rf_key k, int d, u8 maxlen);

/* DFZ-shaped random tables of exactly @n unique prefixes. */
void gen_dfz_v4(struct pfxset *s, u32 n, struct rng *r);
void gen_dfz_v6(struct pfxset *s, u32 n, struct rng *r);

/*
 * Lookup keys: inside prefixes (random address of a random prefix), or
 * uniform over the address space when @s is empty or @uniform is set.
 */
void gen_keys(struct rf_key *k, u32 nk, const struct pfxset *s,
	      bool uniform, struct rng *r);

#endif
