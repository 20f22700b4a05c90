// SPDX-License-Identifier: GPL-2.0
/* Naive LPM oracle for the differential test; see oracle.h. */
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

struct slot {
	struct rf_key key;
	u16 len;		/* 0xffff: empty */
	u16 net;
};

struct oracle {
	struct slot *tab;
	u64 mask;
	int nlens;
	u8 lens[129];		/* present lengths, longest first */
};

struct rf_key key_mask(struct rf_key k, u32 len)
{
	if (len == 0) {
		k.hi = 0;
		k.lo = 0;
	} else if (len < 64) {
		k.hi &= ~0ULL << (64 - len);
		k.lo = 0;
	} else if (len == 64) {
		k.lo = 0;
	} else if (len < 128) {
		k.lo &= ~0ULL << (128 - len);
	}
	return k;
}

static u64 hash(const struct rf_key *k, u32 len)
{
	u64 h = k->hi * 0x9e3779b97f4a7c15ULL;

	h ^= (k->lo + len) * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

struct oracle *oracle_new(const struct rf_pfx *pfx, u32 n)
{
	struct oracle *o = calloc(1, sizeof(*o));
	bool seen[129] = { false };
	u64 cap = 16, i, h;
	int l;

	while (cap < 2ULL * n + 16)
		cap <<= 1;
	o->mask = cap - 1;
	o->tab = malloc(cap * sizeof(*o->tab));
	for (i = 0; i < cap; i++)
		o->tab[i].len = 0xffff;
	for (i = 0; i < n; i++) {
		h = hash(&pfx[i].key, pfx[i].len) & o->mask;
		while (o->tab[h].len != 0xffff)
			h = (h + 1) & o->mask;
		o->tab[h].key = pfx[i].key;
		o->tab[h].len = pfx[i].len;
		o->tab[h].net = pfx[i].net;
		seen[pfx[i].len] = true;
	}
	for (l = 128; l >= 0; l--)
		if (seen[l])
			o->lens[o->nlens++] = l;
	return o;
}

u16 oracle_lookup(const struct oracle *o, const struct rf_key *k)
{
	int i;

	for (i = 0; i < o->nlens; i++) {
		u32 len = o->lens[i];
		struct rf_key m = key_mask(*k, len);
		u64 h = hash(&m, len) & o->mask;

		for (; o->tab[h].len != 0xffff; h = (h + 1) & o->mask)
			if (o->tab[h].len == len && o->tab[h].key.hi == m.hi &&
			    o->tab[h].key.lo == m.lo)
				return o->tab[h].net;
	}
	return 0;
}

void oracle_free(struct oracle *o)
{
	if (!o)
		return;
	free(o->tab);
	free(o);
}
