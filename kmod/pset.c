// SPDX-License-Identifier: GPL-2.0
/*
 * routefence prefix sets: sorted prefixes in chunks of RF_PCHUNK, shared
 * copy-on-write. A configuration copied for a change shares every chunk
 * with the committed one and copies a chunk only when it changes it, so a
 * change costs O(log N) plus one chunk, not the whole set.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "conf.h"
#include "pset.h"

/* Chunks built from a sorted array are filled this far: room for inserts. */
#define RF_PCHUNK_FILL	(RF_PCHUNK * 3 / 4)

static struct rf_pchunk *rf_pchunk_new(void)
{
	struct rf_pchunk *k = kvmalloc(sizeof(*k), RF_GFP_POLICY);

	if (!k)
		return NULL;
	refcount_set(&k->users, 1);
	k->n = 0;
	atomic_inc(&rf_objects);
	return k;
}

static void rf_pchunk_put(struct rf_pchunk *k)
{
	if (!refcount_dec_and_test(&k->users))
		return;
	kvfree(k);
	atomic_dec(&rf_objects);
}

/**
 * rf_pset_init() - an empty set
 * @s: the set
 */
void rf_pset_init(struct rf_pset *s)
{
	memset(s, 0, sizeof(*s));
}

/**
 * rf_pset_release() - drop a set's chunks (shared ones stay with the others)
 * @s: the set, empty afterwards
 */
void rf_pset_release(struct rf_pset *s)
{
	u32 i;

	for (i = 0; i < s->nc; i++) {
		rf_pchunk_put(s->c[i]);
		if (!(i & 1023))
			cond_resched();
	}
	kvfree(s->c);
	rf_pset_init(s);
}

/**
 * rf_pset_copy() - share a set's chunks
 * @dst: an empty set
 * @src: the set to copy
 *
 * Return: 0 or -ENOMEM (@dst stays empty).
 */
int rf_pset_copy(struct rf_pset *dst, const struct rf_pset *src)
{
	u32 i;

	rf_pset_init(dst);
	if (!src->nc)
		return 0;
	dst->c = kvmalloc_array(src->nc, sizeof(*dst->c), RF_GFP_POLICY);
	if (!dst->c)
		return -ENOMEM;
	for (i = 0; i < src->nc; i++) {
		refcount_inc(&src->c[i]->users);
		dst->c[i] = src->c[i];
	}
	dst->nc = src->nc;
	dst->ccap = src->nc;
	dst->n = src->n;
	return 0;
}

/* Make room for one more chunk pointer. */
static int rf_pset_grow(struct rf_pset *s)
{
	struct rf_pchunk **c;
	u32 cap;

	if (s->nc < s->ccap)
		return 0;
	cap = max_t(u32, 16, s->ccap + s->ccap / 2);
	c = kvmalloc_array(cap, sizeof(*c), RF_GFP_POLICY);
	if (!c)
		return -ENOMEM;
	if (s->nc)
		memcpy(c, s->c, s->nc * sizeof(*c));
	kvfree(s->c);
	s->c = c;
	s->ccap = cap;
	return 0;
}

/**
 * rf_pset_from_array() - a set of sorted, unique prefixes
 * @s: an empty set
 * @v: the prefixes, sorted by rf_pfx_cmp()
 * @n: their number
 *
 * Return: 0 or -ENOMEM (@s stays empty).
 */
int rf_pset_from_array(struct rf_pset *s, const struct rf_pfx *v, u32 n)
{
	u32 done, k;

	rf_pset_init(s);
	for (done = 0; done < n; done += k) {
		struct rf_pchunk *c;

		k = min_t(u32, n - done, RF_PCHUNK_FILL);
		if (rf_pset_grow(s))
			goto fail;
		c = rf_pchunk_new();
		if (!c)
			goto fail;
		memcpy(c->v, v + done, k * sizeof(*v));
		c->n = k;
		s->c[s->nc++] = c;
		s->n += k;
		if (!(s->nc & 63))
			cond_resched();
	}
	return 0;
fail:
	rf_pset_release(s);
	return -ENOMEM;
}

/**
 * rf_pset_to_array() - the prefixes of a set in one sorted array
 * @s: the set
 * @v: the array (kvmalloc'ed, NULL for an empty set)
 *
 * Return: 0 or -ENOMEM.
 */
int rf_pset_to_array(const struct rf_pset *s, struct rf_pfx **v)
{
	u32 i, n = 0;

	*v = NULL;
	if (!s->n)
		return 0;
	*v = kvmalloc_array(s->n, sizeof(**v), RF_GFP_POLICY);
	if (!*v)
		return -ENOMEM;
	for (i = 0; i < s->nc; i++) {
		memcpy(*v + n, s->c[i]->v, s->c[i]->n * sizeof(**v));
		n += s->c[i]->n;
		if (!(i & 63))
			cond_resched();
	}
	return 0;
}

/* The first chunk whose last prefix is not below @p (s->nc: none). */
static u32 rf_pset_chunk(const struct rf_pset *s, const struct rf_pfx *p)
{
	u32 lo = 0, hi = s->nc;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct rf_pchunk *c = s->c[mid];

		if (rf_pfx_cmp(&c->v[c->n - 1], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * rf_pset_lower() - where the first prefix not below @p is
 * @s: the set
 * @p: the prefix (its key and length)
 * @pos: the position (pos->c == s->nc: after the end)
 */
void rf_pset_lower(const struct rf_pset *s, const struct rf_pfx *p,
		   struct rf_ppos *pos)
{
	const struct rf_pchunk *c;
	u32 lo = 0, hi;

	pos->c = rf_pset_chunk(s, p);
	pos->i = 0;
	if (pos->c == s->nc)
		return;
	c = s->c[pos->c];
	hi = c->n;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (rf_pfx_cmp(&c->v[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	pos->i = lo;
}

/**
 * rf_pset_at() - the prefix at a position
 * @s: the set
 * @pos: the position
 *
 * Return: the prefix, or NULL after the end.
 */
const struct rf_pfx *rf_pset_at(const struct rf_pset *s,
				const struct rf_ppos *pos)
{
	if (pos->c >= s->nc || pos->i >= s->c[pos->c]->n)
		return NULL;
	return &s->c[pos->c]->v[pos->i];
}

/**
 * rf_pset_next() - move to the next prefix
 * @s: the set
 * @pos: the position
 */
void rf_pset_next(const struct rf_pset *s, struct rf_ppos *pos)
{
	if (pos->c >= s->nc)
		return;
	if (++pos->i < s->c[pos->c]->n)
		return;
	pos->c++;
	pos->i = 0;
}

/**
 * rf_pset_seek() - the position of the prefix with a given index
 * @s: the set
 * @index: 0 for the first prefix
 * @pos: the position (after the end if @index is too large)
 */
void rf_pset_seek(const struct rf_pset *s, u32 index, struct rf_ppos *pos)
{
	for (pos->c = 0; pos->c < s->nc; pos->c++) {
		if (index < s->c[pos->c]->n)
			break;
		index -= s->c[pos->c]->n;
	}
	pos->i = pos->c < s->nc ? index : 0;
}

/* The live prefix with @p's key and length, and where it is. */
static const struct rf_pfx *rf_pset_where(const struct rf_pset *s,
					  const struct rf_pfx *p,
					  bool same_net, struct rf_ppos *pos)
{
	const struct rf_pfx *q;

	rf_pset_lower(s, p, pos);
	q = rf_pset_at(s, pos);
	if (!q || !q->net || rf_pfx_cmp(q, p) ||
	    (same_net && q->net != p->net))
		return NULL;
	return q;
}

/**
 * rf_pset_find() - the prefix with @p's key and length
 * @s: the set
 * @p: the prefix
 * @same_net: only if it belongs to @p's network
 *
 * Entries with net 0 (marked deleted) are not found.
 *
 * Return: the prefix (read only: the chunk may be shared), or NULL.
 */
struct rf_pfx *rf_pset_find(const struct rf_pset *s, const struct rf_pfx *p,
			    bool same_net)
{
	struct rf_ppos pos;

	return (struct rf_pfx *)rf_pset_where(s, p, same_net, &pos);
}

/**
 * rf_pset_own() - make a chunk private to a set before changing it
 * @s: the set
 * @ci: the chunk's index
 *
 * Return: 0 or -ENOMEM.
 */
int rf_pset_own(struct rf_pset *s, u32 ci)
{
	struct rf_pchunk *c = s->c[ci], *copy;

	if (refcount_read(&c->users) == 1)
		return 0;
	copy = rf_pchunk_new();
	if (!copy)
		return -ENOMEM;
	copy->n = c->n;
	memcpy(copy->v, c->v, c->n * sizeof(c->v[0]));
	rf_pchunk_put(c);
	s->c[ci] = copy;
	return 0;
}

/**
 * rf_pset_writable() - the prefix with @p's key and length, to change it
 * @s: the set
 * @p: the prefix
 * @same_net: only if it belongs to @p's network
 *
 * Its chunk is made private to @s first.
 *
 * Return: the prefix, NULL, or ERR_PTR(-ENOMEM).
 */
struct rf_pfx *rf_pset_writable(struct rf_pset *s, const struct rf_pfx *p,
				bool same_net)
{
	struct rf_ppos pos;

	if (!rf_pset_where(s, p, same_net, &pos))
		return NULL;
	if (rf_pset_own(s, pos.c))
		return ERR_PTR(-ENOMEM);
	return &s->c[pos.c]->v[pos.i];
}

/* Split full chunk @ci in two halves. */
static int rf_pset_split(struct rf_pset *s, u32 ci)
{
	struct rf_pchunk *c = s->c[ci], *hi;
	u32 half = c->n / 2;

	if (rf_pset_grow(s))
		return -ENOMEM;
	hi = rf_pchunk_new();
	if (!hi)
		return -ENOMEM;
	hi->n = c->n - half;
	memcpy(hi->v, c->v + half, hi->n * sizeof(c->v[0]));
	c->n = half;
	memmove(&s->c[ci + 2], &s->c[ci + 1], (s->nc - ci - 1) * sizeof(*s->c));
	s->c[ci + 1] = hi;
	s->nc++;
	return 0;
}

/* The chunk and index where @p goes, with room for it, made private. */
static int rf_pset_slot(struct rf_pset *s, const struct rf_pfx *p,
			struct rf_ppos *pos)
{
	int err;

	rf_pset_lower(s, p, pos);
	if (pos->c == s->nc) {		/* after every prefix */
		if (!s->nc) {
			err = rf_pset_grow(s);
			if (err)
				return err;
			s->c[0] = rf_pchunk_new();
			if (!s->c[0])
				return -ENOMEM;
			s->nc = 1;
		}
		pos->c = s->nc - 1;
		pos->i = s->c[pos->c]->n;
	}
	err = rf_pset_own(s, pos->c);
	if (err || s->c[pos->c]->n < RF_PCHUNK)
		return err;
	err = rf_pset_split(s, pos->c);
	if (err)
		return err;
	if (pos->i >= s->c[pos->c]->n) {
		pos->i -= s->c[pos->c]->n;
		pos->c++;
	}
	return 0;
}

/**
 * rf_pset_insert() - add a prefix
 * @s: the set
 * @p: the prefix
 *
 * Return: 0, -EEXIST if the set has a prefix of the same key and length,
 *	or -ENOMEM.
 */
int rf_pset_insert(struct rf_pset *s, const struct rf_pfx *p)
{
	struct rf_pchunk *c;
	struct rf_ppos pos;
	int err;

	if (rf_pset_find(s, p, false))
		return -EEXIST;
	err = rf_pset_slot(s, p, &pos);
	if (err)
		return err;
	c = s->c[pos.c];
	memmove(&c->v[pos.i + 1], &c->v[pos.i], (c->n - pos.i) * sizeof(*p));
	c->v[pos.i] = *p;
	c->n++;
	s->n++;
	return 0;
}

/**
 * rf_pset_remove() - remove the prefix with @p's key and length
 * @s: the set
 * @p: the prefix
 * @removed: the prefix removed (with its network)
 *
 * Return: 0, -ENOENT, or -ENOMEM.
 */
int rf_pset_remove(struct rf_pset *s, const struct rf_pfx *p,
		   struct rf_pfx *removed)
{
	struct rf_pchunk *c;
	struct rf_ppos pos;
	int err;

	rf_pset_lower(s, p, &pos);
	if (!rf_pset_at(s, &pos) || rf_pfx_cmp(rf_pset_at(s, &pos), p))
		return -ENOENT;
	err = rf_pset_own(s, pos.c);
	if (err)
		return err;
	c = s->c[pos.c];
	*removed = c->v[pos.i];
	memmove(&c->v[pos.i], &c->v[pos.i + 1],
		(c->n - pos.i - 1) * sizeof(*p));
	c->n--;
	s->n--;
	if (c->n)
		return 0;
	rf_pchunk_put(c);
	memmove(&s->c[pos.c], &s->c[pos.c + 1],
		(s->nc - pos.c - 1) * sizeof(*s->c));
	s->nc--;
	return 0;
}
