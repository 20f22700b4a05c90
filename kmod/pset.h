/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence prefix sets: the validated prefixes of one family, sorted
 * (rf_pfx_cmp()), in chunks shared copy-on-write between configurations:
 * a copy of a set costs its chunk directory, a change copies the chunk it
 * touches. No netlink or skb types: this file also builds in userspace.
 */
#ifndef _RF_PSET_H
#define _RF_PSET_H

#include <linux/refcount.h>
#include <linux/types.h>

#include "lpm.h"

#define RF_PCHUNK	512	/* prefixes per chunk */

struct rf_pchunk {
	refcount_t users;
	u32 n;
	struct rf_pfx v[RF_PCHUNK];
};

/* A position in a set: chunk @c, entry @i. */
struct rf_ppos {
	u32 c;
	u32 i;
};

struct rf_pset {
	struct rf_pchunk **c;	/* non-empty chunks, in order */
	u32 nc;
	u32 ccap;
	u32 n;			/* prefixes */
};

void rf_pset_init(struct rf_pset *s);
void rf_pset_release(struct rf_pset *s);
int rf_pset_copy(struct rf_pset *dst, const struct rf_pset *src);
int rf_pset_from_array(struct rf_pset *s, const struct rf_pfx *v, u32 n);
int rf_pset_to_array(const struct rf_pset *s, struct rf_pfx **v);

struct rf_pfx *rf_pset_find(const struct rf_pset *s, const struct rf_pfx *p,
			    bool same_net);
struct rf_pfx *rf_pset_writable(struct rf_pset *s, const struct rf_pfx *p,
				bool same_net);
int rf_pset_own(struct rf_pset *s, u32 ci);
int rf_pset_insert(struct rf_pset *s, const struct rf_pfx *p);
int rf_pset_remove(struct rf_pset *s, const struct rf_pfx *p,
		   struct rf_pfx *removed);

void rf_pset_lower(const struct rf_pset *s, const struct rf_pfx *p,
		   struct rf_ppos *pos);
const struct rf_pfx *rf_pset_at(const struct rf_pset *s,
				const struct rf_ppos *pos);
void rf_pset_next(const struct rf_pset *s, struct rf_ppos *pos);
void rf_pset_seek(const struct rf_pset *s, u32 index, struct rf_ppos *pos);

#endif /* _RF_PSET_H */
