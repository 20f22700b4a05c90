// SPDX-License-Identifier: GPL-2.0
/* Random prefix sets; see gen.h. */
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "oracle.h"

u64 rng_next(struct rng *r)
{
	/* splitmix64 */
	u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

u64 rng_below(struct rng *r, u64 n)
{
	return (u64)(((unsigned __int128)rng_next(r) * n) >> 64);
}

void pfxset_init(struct pfxset *s, u8 maxlen)
{
	memset(s, 0, sizeof(*s));
	s->maxlen = maxlen;
}

void pfxset_free(struct pfxset *s)
{
	free(s->p);
	s->p = NULL;
	s->n = 0;
	s->cap = 0;
}

void pfxset_add(struct pfxset *s, struct rf_key key, u32 len, u16 net,
		struct rng *r)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->p = realloc(s->p, s->cap * sizeof(*s->p));
	}
	if (s->maxlen == 32)
		key.lo = 0;
	s->p[s->n].key = key_mask(key, len);
	s->p[s->n].len = len;
	s->p[s->n].net = net ? net : 1 + rng_below(r, 4095);
	s->n++;
}

static int cmp(const void *a, const void *b)
{
	return rf_pfx_cmp(a, b);
}

void pfxset_finish(struct pfxset *s)
{
	u32 i, j;

	qsort(s->p, s->n, sizeof(*s->p), cmp);
	for (i = 0, j = 0; i < s->n; i++) {
		if (j && s->p[j - 1].len == s->p[i].len &&
		    s->p[j - 1].key.hi == s->p[i].key.hi &&
		    s->p[j - 1].key.lo == s->p[i].key.lo)
			continue;
		s->p[j++] = s->p[i];
	}
	s->n = j;
}

struct rf_key rand_key(struct rng *r, u8 maxlen)
{
	struct rf_key k = { rng_next(r), rng_next(r) };

	if (maxlen == 32) {
		k.hi &= ~0ULL << 32;
		k.lo = 0;
	}
	return k;
}

struct rf_key pfx_first(const struct rf_pfx *p)
{
	return p->key;
}

struct rf_key pfx_last(const struct rf_pfx *p, u8 maxlen)
{
	struct rf_key k = p->key;
	u32 len = p->len;

	if (len < 64) {
		k.hi |= len ? ~0ULL >> len : ~0ULL;
		k.lo = ~0ULL;
	} else if (len < 128) {
		k.lo |= ~0ULL >> (len - 64);
	}
	if (maxlen == 32) {
		k.hi &= ~0ULL << 32;
		k.lo = 0;
	}
	return k;
}

struct rf_key key_add(struct rf_key k, int d, u8 maxlen)
{
	if (maxlen == 32) {
		k.hi += (u64)(s64)d << 32;
		return k;
	}
	if (d > 0) {
		k.lo++;
		if (!k.lo)
			k.hi++;
	} else {
		if (!k.lo)
			k.hi--;
		k.lo--;
	}
	return k;
}

struct lendist {
	u8 len;
	u16 permille;
};

/* Roughly the public IPv4 DFZ (2024): 58% /24, 9% /23, 11% /22, ... */
static const struct lendist dfz4[] = {
	{ 24, 580 }, { 23, 90 }, { 22, 110 }, { 21, 50 }, { 20, 50 },
	{ 19, 35 }, { 18, 20 }, { 17, 12 }, { 16, 25 }, { 15, 4 },
	{ 14, 4 }, { 13, 3 }, { 12, 2 }, { 11, 1 }, { 10, 1 }, { 9, 1 },
	{ 8, 1 }, { 25, 3 }, { 26, 2 }, { 27, 2 }, { 28, 2 }, { 29, 1 },
	{ 30, 1 }, { 32, 0 },
};

/* IPv6 DFZ shape: mostly /48 and /32, with /29../47 between. */
static const struct lendist dfz6[] = {
	{ 48, 470 }, { 32, 120 }, { 44, 80 }, { 40, 60 }, { 36, 50 },
	{ 29, 40 }, { 46, 30 }, { 47, 25 }, { 42, 20 }, { 45, 20 },
	{ 33, 15 }, { 34, 15 }, { 28, 10 }, { 30, 10 }, { 31, 5 },
	{ 35, 5 }, { 38, 5 }, { 39, 5 }, { 41, 5 }, { 43, 5 },
	{ 64, 5 },
};

static u32 pick_len(const struct lendist *d, u32 nd, struct rng *r)
{
	u32 x = rng_below(r, 1000), i;

	for (i = 0; i < nd; i++) {
		if (x < d[i].permille)
			return d[i].len;
		x -= d[i].permille;
	}
	return d[0].len;
}

static void gen_dfz(struct pfxset *s, u32 n, struct rng *r,
		    const struct lendist *d, u32 nd)
{
	while (s->n < n) {
		u32 want = n - s->n;

		while (want--) {
			struct rf_key k = rand_key(r, s->maxlen);
			u32 len = pick_len(d, nd, r);

			if (s->maxlen == 32) {
				/* unicast 1/8..223/8, not 127/8 */
				u32 a = 1 + rng_below(r, 222);

				if (a == 127)
					a = 128;
				k.hi = (k.hi & ~(0xffULL << 56)) |
				       (u64)a << 56;
			} else {
				/* 2000::/3 */
				k.hi = (k.hi >> 3) | (1ULL << 61);
			}
			pfxset_add(s, k, len, 0, r);
		}
		pfxset_finish(s);
	}
	s->n = n;
}

void gen_dfz_v4(struct pfxset *s, u32 n, struct rng *r)
{
	gen_dfz(s, n, r, dfz4, sizeof(dfz4) / sizeof(dfz4[0]));
}

void gen_dfz_v6(struct pfxset *s, u32 n, struct rng *r)
{
	gen_dfz(s, n, r, dfz6, sizeof(dfz6) / sizeof(dfz6[0]));
}

void gen_keys(struct rf_key *k, u32 nk, const struct pfxset *s,
	      bool uniform, struct rng *r)
{
	u32 i;

	for (i = 0; i < nk; i++) {
		struct rf_key x = rand_key(r, s->maxlen);

		if (!uniform && s->n) {
			const struct rf_pfx *p = &s->p[rng_below(r, s->n)];
			struct rf_key nm = { ~0ULL, ~0ULL };

			/* random host part under the prefix */
			nm = key_mask(nm, p->len);
			x.hi = (x.hi & ~nm.hi) | p->key.hi;
			x.lo = (x.lo & ~nm.lo) | p->key.lo;
		}
		k[i] = x;
	}
}
