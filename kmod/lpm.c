// SPDX-License-Identifier: GPL-2.0
/*
 * Longest-prefix match for routefence: a Poptrie-style multibit trie.
 *
 * Design (after Asai & Ohara, "Poptrie", SIGCOMM 2015; written from the
 * paper's description):
 *
 * - @root: direct pointing on the top @dbits key bits: 2^dbits entries of
 *   one cache line each, holding the root node (or tail, below) of the
 *   region and its first RF_ROOT_LEAVES leaves. Keeping root nodes and
 *   their leaves in the direct-pointing array, rather than pointers to
 *   them, saves two dependent memory accesses: a full IPv4 table answers
 *   most lookups from one cache line.
 * - @nodes: one array of the other nodes, 24 bytes each. A node covers the
 *   next 6 key bits (64 slots). Bit s of @vector says slot s has a child
 *   node; the children of a node are contiguous at @base1, so child s is
 *   nodes[base1 + popcount(vector & bits 0..s) - 1]. The other slots are
 *   leaves: @leafvec marks where a run of equal leaves starts (leaf
 *   compression; child slots are skipped), so the leaf of slot s is
 *   leaves[base0 + popcount(leafvec & bits 0..s) - 1]. (Root nodes: leaf
 *   rank r <= RF_ROOT_LEAVES is root->leaves[r - 1], the rest is
 *   leaves[base0 + r - RF_ROOT_LEAVES - 1].)
 * - A region below which exactly one prefix remains is stored as a "tail"
 *   in place of a node: the prefix's next bits, its net id and the
 *   inherited default. A node always has a non-zero @leafvec, a tail has
 *   zero there. Tails stop sparse (e.g. IPv6 /48) prefixes from costing one
 *   node per 6 bits; a tail of no bits is a region with a single answer.
 * - @leaves: one array of u16 net ids.
 *
 * The same code serves IPv4 (32-bit keys in the top of @hi) and IPv6. A
 * 6-bit chunk never straddles @hi and @lo: for IPv6 (64 - dbits) % 6 == 0.
 *
 * Building is one pass over the sorted prefixes, depth first. The node and
 * leaf arrays grow geometrically and are trimmed to their exact size at
 * the end. Recursion depth is bounded by the number of levels (at most 21)
 * and the frames are small; per-level scratch lives in the heap-allocated
 * build context.
 */

#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

#include "lpm.h"

#define RF_STRIDE	6
#define RF_SLOTS	BIT(RF_STRIDE)
/* kvmalloc refuses more than INT_MAX bytes */
#define RF_MAX_BYTES	0x7fffffffULL
#define RF_MAX_DEPTH	(128 / RF_STRIDE + 1)
#define RF_TAIL_BITS	63
#define RF_RESCHED_MASK	1023
/*
 * Bits 0..s: hweight64(vec & RF_UPTO(s)) is the rank of slot s. A macro,
 * not a helper: the kernel's hweight64() is an asm alternative that the
 * compiler considers too big to inline, and a call per step is costly.
 */
#define RF_UPTO(s)	(~0ULL >> (63 - (s)))

/* A node, or a tail when @leafvec is zero (see the top of this file). */
struct rf_node {
	u64 vector;		/* tail: the prefix's bits after the region */
	u64 leafvec;		/* tail: 0 */
	u32 base0;		/* tail: net id | inherited default << 16 */
	u32 base1;		/* tail: number of prefix bits in @vector */
};

/* A root entry: a node and its first leaves, one 64-byte cache line. */
#define RF_ROOT_LEAVES	20
struct rf_root {
	struct rf_node n;
	u16 leaves[RF_ROOT_LEAVES];
};

/*
 * The node and leaf arrays of a table, shared with the tables updated from
 * it: an update appends what it rebuilds after the entries its predecessor
 * uses (which stay untouched for readers of the old table) and fails when
 * the room is used up; the next full build starts a new arena.
 */
struct rf_arena {
	refcount_t users;
	struct rf_node *nodes;
	u16 *leaves;
	u32 ncap;
	u32 lcap;
};

/*
 * Root entries come in chunks of 2^@cbits, each with a reference count in
 * an extra entry in front of it, shared with the tables updated from this
 * one; an update copies the chunks it changes.
 */
#define RF_RCHUNK_BITS	10

struct rf_lpm {
	struct rf_root **chunks;
	struct rf_node *nodes;	/* arena->nodes */
	u16 *leaves;		/* arena->leaves */
	u32 dbits;
	u32 dshift;		/* 64 - dbits */
	u32 cbits;
	u32 nchunks;
	u32 nnodes;		/* of the arena, in use by this table */
	u32 nleaves;
	u8 maxlen;
	struct rf_arena *arena;
};

struct rf_build {
	const struct rf_pfx *pfx;
	struct rf_lpm *t;
	u32 ncap;		/* capacity of t->nodes */
	u32 lcap;		/* capacity of t->leaves */
	bool fixed;		/* an update: the arrays may not move */
	u32 work;
	u16 vals[RF_MAX_DEPTH][RF_SLOTS];
};

static const struct rf_root *root_at(const struct rf_lpm *t, u32 idx)
{
	return &t->chunks[idx >> t->cbits][idx & ((1U << t->cbits) - 1)];
}

/* The same, to write: only during a build, or in a chunk of one's own. */
static struct rf_root *root_mut(struct rf_lpm *t, u32 idx)
{
	return (struct rf_root *)root_at(t, idx);
}

static refcount_t *chunk_users(struct rf_root *chunk)
{
	return (refcount_t *)(chunk - 1);
}

/**
 * rf_pfx_cmp() - sort order of prefix arrays
 * @a: first prefix
 * @b: second prefix
 *
 * Orders by key (as an unsigned 128-bit number), then by length, shorter
 * first. A prefix therefore sorts before every prefix nested in it.
 *
 * Return: negative, zero or positive as @a sorts before, equal to or
 * after @b.
 */
int rf_pfx_cmp(const struct rf_pfx *a, const struct rf_pfx *b)
{
	if (a->key.hi != b->key.hi)
		return a->key.hi < b->key.hi ? -1 : 1;
	if (a->key.lo != b->key.lo)
		return a->key.lo < b->key.lo ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

/* The 6 key bits at bit offset @off; chunks never straddle hi and lo. */
static u32 key_chunk(const struct rf_key *k, u32 off)
{
	if (off < 64)
		return (k->hi << off) >> (64 - RF_STRIDE);
	return (k->lo << (off - 64)) >> (64 - RF_STRIDE);
}

/* The 64 key bits starting at bit offset @off (zero-filled past 128). */
static u64 key_window(const struct rf_key *k, u32 off)
{
	if (off >= 64)
		return k->lo << (off - 64);
	if (!off)
		return k->hi;
	return (k->hi << off) | (k->lo >> (64 - off));
}

static bool key_host_bits_zero(const struct rf_key *k, u32 len)
{
	if (len >= 128)
		return true;
	if (len >= 64)
		return !(k->lo << (len - 64));
	return !k->lo && !(len ? k->hi << len : k->hi);
}

/* The answer at a tail (see the top of this file). */
static u16 tail_lookup(const struct rf_node *nd, const struct rf_key *k,
		       u32 off)
{
	u64 mask = ~(~0ULL >> nd->base1);

	if ((key_window(k, off) ^ nd->vector) & mask)
		return nd->base0 >> 16;
	return nd->base0 & 0xffff;
}

static bool slot_is_child(const struct rf_node *nd, u32 s)
{
	return nd->leafvec && (nd->vector & BIT_ULL(s));
}

/* Leaf number @rank (from 1) of node @nd, which may be the root @r. */
static u16 node_leaf(const struct rf_lpm *t, const struct rf_root *r,
		     const struct rf_node *nd, u32 rank)
{
	if (nd != &r->n)
		return t->leaves[nd->base0 + rank - 1];
	if (likely(rank <= RF_ROOT_LEAVES))
		return r->leaves[rank - 1];
	return t->leaves[nd->base0 + rank - RF_ROOT_LEAVES - 1];
}

/**
 * rf_lpm_lookup() - longest-prefix match of one address
 * @t: table from rf_lpm_build()
 * @k: address, in the same family as the table
 *
 * Context: any; the caller keeps @t alive (e.g. RCU).
 * Return: net id of the longest prefix containing @k, 0 if none.
 */
u16 rf_lpm_lookup(const struct rf_lpm *t, const struct rf_key *k)
{
	const struct rf_root *r = root_at(t, k->hi >> t->dshift);
	const struct rf_node *nd = &r->n;
	u32 off = t->dbits, s, rank;

	for (;;) {
		s = key_chunk(k, off);
		if (!slot_is_child(nd, s))
			break;
		rank = hweight64(nd->vector & RF_UPTO(s));
		nd = &t->nodes[nd->base1 + rank - 1];
		off += RF_STRIDE;
	}
	if (unlikely(!nd->leafvec))
		return tail_lookup(nd, k, off);
	rank = hweight64(nd->leafvec & RF_UPTO(s));
	return node_leaf(t, r, nd, rank);
}

/**
 * rf_lpm_lookup2() - two lookups whose memory accesses overlap
 * @t: table from rf_lpm_build()
 * @a: first address (e.g. a packet's source)
 * @b: second address (e.g. its destination)
 * @na: net id for @a (0 if none)
 * @nb: net id for @b (0 if none)
 *
 * Same results as two rf_lpm_lookup() calls, but the two walks advance in
 * lockstep, so their cache misses are in flight at the same time.
 *
 * Context: any; the caller keeps @t alive (e.g. RCU).
 */
void rf_lpm_lookup2(const struct rf_lpm *t, const struct rf_key *a,
		    const struct rf_key *b, u16 *na, u16 *nb)
{
	const struct rf_root *ra = root_at(t, a->hi >> t->dshift);
	const struct rf_root *rb = root_at(t, b->hi >> t->dshift);
	const struct rf_node *nda = &ra->n, *ndb = &rb->n;
	u32 offa = t->dbits, offb = t->dbits, sa, sb, rank;
	bool ca, cb;

	for (;;) {
		sa = key_chunk(a, offa);
		sb = key_chunk(b, offb);
		ca = slot_is_child(nda, sa);
		cb = slot_is_child(ndb, sb);
		if (!ca && !cb)
			break;
		if (ca) {
			rank = hweight64(nda->vector & RF_UPTO(sa));
			nda = &t->nodes[nda->base1 + rank - 1];
			offa += RF_STRIDE;
		}
		if (cb) {
			rank = hweight64(ndb->vector & RF_UPTO(sb));
			ndb = &t->nodes[ndb->base1 + rank - 1];
			offb += RF_STRIDE;
		}
	}
	if (likely(nda->leafvec)) {
		rank = hweight64(nda->leafvec & RF_UPTO(sa));
		*na = node_leaf(t, ra, nda, rank);
	} else {
		*na = tail_lookup(nda, a, offa);
	}
	if (likely(ndb->leafvec)) {
		rank = hweight64(ndb->leafvec & RF_UPTO(sb));
		*nb = node_leaf(t, rb, ndb, rank);
	} else {
		*nb = tail_lookup(ndb, b, offb);
	}
}

/**
 * rf_lpm_size() - memory held by a table
 * @t: table from rf_lpm_build() or rf_lpm_update()
 *
 * Return: bytes allocated for @t, all arrays included (also those it
 *	shares with other tables).
 */
size_t rf_lpm_size(const struct rf_lpm *t)
{
	size_t chunk = ((1UL << t->cbits) + 1) * sizeof(struct rf_root);

	return sizeof(*t) + t->nchunks * (sizeof(void *) + chunk) +
	       sizeof(*t->arena) +
	       (size_t)t->arena->ncap * sizeof(struct rf_node) +
	       (size_t)t->arena->lcap * sizeof(u16);
}

static struct rf_root *chunk_alloc(u32 entries)
{
	struct rf_root *c;

	c = kvcalloc(entries + 1, sizeof(*c), RF_GFP_POLICY);
	if (!c)
		return NULL;
	refcount_set((refcount_t *)c, 1);
	return c + 1;
}

static void chunk_put(struct rf_root *chunk)
{
	if (chunk && refcount_dec_and_test(chunk_users(chunk)))
		kvfree(chunk - 1);
}

static void arena_put(struct rf_arena *a)
{
	if (!a || !refcount_dec_and_test(&a->users))
		return;
	kvfree(a->leaves);
	kvfree(a->nodes);
	kfree(a);
}

/**
 * rf_lpm_free() - free a table
 * @t: table from rf_lpm_build() or rf_lpm_update(); NULL and error
 *	 pointers are ignored
 *
 * What it shares with other tables stays with them.
 *
 * Context: process context (the arrays may be vmalloc'ed).
 */
void rf_lpm_free(struct rf_lpm *t)
{
	u32 i;

	if (IS_ERR_OR_NULL(t))
		return;
	for (i = 0; t->chunks && i < t->nchunks; i++)
		chunk_put(t->chunks[i]);
	kvfree(t->chunks);
	arena_put(t->arena);
	kfree(t);
}

static void build_resched(struct rf_build *b)
{
	if (!(++b->work & RF_RESCHED_MASK))
		cond_resched();
}

/*
 * Grow *@arr (@size-byte elements, *@cap of them) to hold @need; an update
 * (@fixed) may not move the arrays: -ENOSPC.
 */
static int grow(void **arr, u32 *cap, u64 need, size_t size, bool fixed)
{
	u64 ncap = (u64)*cap * 3 / 2 + 64;
	void *p;

	if (fixed)
		return need <= *cap ? 0 : -ENOSPC;
	if (need * size > RF_MAX_BYTES)
		return -E2BIG;
	if (ncap < need)
		ncap = need;
	if (ncap * size > RF_MAX_BYTES)
		ncap = RF_MAX_BYTES / size;
	p = kvmalloc_array(ncap, size, RF_GFP_POLICY);
	if (!p)
		return -ENOMEM;
	if (*arr)
		memcpy(p, *arr, (size_t)*cap * size);
	kvfree(*arr);
	*arr = p;
	*cap = ncap;
	return 0;
}

/*
 * Room for updates: a built table keeps half as many entries again (at
 * least RF_ROOM) behind the ones it uses.
 */
#define RF_ROOM		16384

/* Resize *@arr to its @used elements and the room for updates. */
static int trim(void **arr, u32 *cap, u32 used, size_t size)
{
	u64 want = (u64)used + max_t(u32, used / 2, RF_ROOM);
	void *p;

	if (want * size > RF_MAX_BYTES)
		want = max_t(u64, used, RF_MAX_BYTES / size);
	if (want == *cap)
		return 0;
	p = kvmalloc_array(want, size, RF_GFP_POLICY);
	if (!p)
		return -ENOMEM;
	if (used)
		memcpy(p, *arr, (size_t)used * size);
	kvfree(*arr);
	*arr = p;
	*cap = want;
	return 0;
}

static int emit_leaf(struct rf_build *b, u16 net)
{
	struct rf_lpm *t = b->t;
	int err;

	if (t->nleaves == b->lcap) {
		err = grow((void **)&t->leaves, &b->lcap, t->nleaves + 1ULL,
			   sizeof(*t->leaves), b->fixed);
		if (err)
			return err;
	}
	t->leaves[t->nleaves++] = net;
	return 0;
}

/* Reserve @k consecutive nodes; returns the index of the first. */
static int reserve_nodes(struct rf_build *b, u32 k, u32 *first)
{
	struct rf_lpm *t = b->t;
	int err;

	if ((u64)t->nnodes + k > b->ncap) {
		err = grow((void **)&t->nodes, &b->ncap, (u64)t->nnodes + k,
			   sizeof(*t->nodes), b->fixed);
		if (err)
			return err;
	}
	*first = t->nnodes;
	t->nnodes += k;
	return 0;
}

/*
 * The node being built: root entry @r, or t->nodes[@idx]. Looked up when
 * written, never kept across a call that may grow the node array.
 */
static struct rf_node *node_at(struct rf_build *b, struct rf_root *r,
			       u32 idx)
{
	return r ? &r->n : &b->t->nodes[idx];
}

static void set_tail(struct rf_node *nd, u32 off, const struct rf_pfx *p,
		     u16 dflt)
{
	nd->vector = key_window(&p->key, off);
	nd->leafvec = 0;
	nd->base0 = p->net | (u32)dflt << 16;
	nd->base1 = p->len - off;
}

/*
 * Fill one node's slot values and child vector from prefixes [@lo, @hi).
 * *@edges gets the slots where a painted range starts or ends: the values
 * between two edges are all equal.
 */
static u64 node_paint(struct rf_build *b, u32 off, u32 lo, u32 hi, u16 *vals,
		      u64 *edges)
{
	u64 vec = 0;
	u32 i, s, span;

	*edges = 1;
	for (i = lo; i < hi; i++) {
		const struct rf_pfx *p = &b->pfx[i];

		if (p->len <= off)
			continue;
		s = key_chunk(&p->key, off);
		if (p->len > off + RF_STRIDE) {
			vec |= BIT_ULL(s);
			continue;
		}
		*edges |= BIT_ULL(s);
		for (span = 1U << (off + RF_STRIDE - p->len); span; span--)
			vals[s++] = p->net;
		if (s < RF_SLOTS)
			*edges |= BIT_ULL(s);
	}
	return vec;
}

/*
 * Emit the compressed leaves of one node; root entry @r keeps its first
 * RF_ROOT_LEAVES inline. Sets *@lvec to the leafvec. Only the first leaf
 * slot at or after each edge can start a run.
 */
static int node_leaves(struct rf_build *b, struct rf_root *r, u64 vec,
		       u64 edges, const u16 *vals, u64 *lvec)
{
	u32 s, runs = 0;
	u64 cand;
	int prev = -1, err;

	*lvec = 0;
	while (edges) {
		s = __ffs64(edges);
		edges &= edges - 1;
		/* leaf slots from this edge up to the next one */
		cand = ~vec & ~(BIT_ULL(s) - 1);
		if (edges)
			cand &= BIT_ULL(__ffs64(edges)) - 1;
		if (!cand)
			continue;
		s = __ffs64(cand);
		if (vals[s] == prev)
			continue;
		*lvec |= BIT_ULL(s);
		if (r && runs < RF_ROOT_LEAVES) {
			r->leaves[runs] = vals[s];
		} else {
			err = emit_leaf(b, vals[s]);
			if (err)
				return err;
		}
		runs++;
		prev = vals[s];
	}
	/* All slots are children: keep leafvec non-zero (zero means tail). */
	if (!*lvec)
		*lvec = 1;
	return 0;
}

static int build_region(struct rf_build *b, struct rf_root *r, u32 idx,
			u32 off, u32 lo, u32 hi, u32 depth, u16 dflt);

/* Build the children of a node whose slot values are b->vals[@depth]. */
static int build_children(struct rf_build *b, u64 vec, u32 child, u32 off,
			  u32 lo, u32 hi, u32 depth)
{
	const u16 *vals = b->vals[depth];
	u32 i, j, s;
	int err;

	for (i = lo; i < hi; i = j) {
		s = key_chunk(&b->pfx[i].key, off);
		for (j = i + 1; j < hi; j++)
			if (key_chunk(&b->pfx[j].key, off) != s)
				break;
		if (!(vec & BIT_ULL(s)))
			continue;
		err = build_region(b, NULL, child++, off + RF_STRIDE, i, j,
				   depth + 1, vals[s]);
		if (err)
			return err;
	}
	return 0;
}

static int build_node(struct rf_build *b, struct rf_root *r, u32 idx,
		      u32 off, u32 lo, u32 hi, u32 depth, u16 dflt)
{
	u16 *vals = b->vals[depth];
	u32 base0 = b->t->nleaves;
	u64 vec, lvec, edges;
	struct rf_node *nd;
	u32 s, base1;
	int err;

	for (s = 0; s < RF_SLOTS; s++)
		vals[s] = dflt;
	vec = node_paint(b, off, lo, hi, vals, &edges);
	err = node_leaves(b, r, vec, edges, vals, &lvec);
	if (!err)
		err = reserve_nodes(b, hweight64(vec), &base1);
	if (err)
		return err;
	nd = node_at(b, r, idx);
	nd->vector = vec;
	nd->leafvec = lvec;
	nd->base0 = base0;
	nd->base1 = base1;
	build_resched(b);
	return build_children(b, vec, base1, off, lo, hi, depth);
}

/*
 * Build the entry for the region at bit offset @off (root entry @r, or
 * node @idx) holding prefixes [@lo, @hi), of which at least one is longer
 * than @off. Prefixes of length <= @off are already accounted for in
 * @dflt.
 */
static int build_region(struct rf_build *b, struct rf_root *r, u32 idx,
			u32 off, u32 lo, u32 hi, u32 depth, u16 dflt)
{
	const struct rf_pfx *one = NULL;
	u32 i;

	for (i = lo; i < hi; i++) {
		if (b->pfx[i].len <= off)
			continue;
		if (one) {
			one = NULL;
			break;
		}
		one = &b->pfx[i];
	}
	if (one && one->len - off <= RF_TAIL_BITS) {
		set_tail(node_at(b, r, idx), off, one, dflt);
		return 0;
	}
	return build_node(b, r, idx, off, lo, hi, depth, dflt);
}

/* Build the root entries that have prefixes longer than the root level. */
static int build_roots(struct rf_build *b, u32 n)
{
	struct rf_lpm *t = b->t;
	struct rf_root *r;
	u32 i, j, top;
	bool deep;
	int err;

	for (i = 0; i < n; i = j) {
		top = b->pfx[i].key.hi >> t->dshift;
		deep = false;
		for (j = i; j < n; j++) {
			if (b->pfx[j].key.hi >> t->dshift != top)
				break;
			deep |= b->pfx[j].len > t->dbits;
		}
		if (!deep)
			continue;
		r = root_mut(t, top);
		err = build_region(b, r, 0, t->dbits, i, j, 0,
				   r->n.base0 & 0xffff);
		if (err)
			return err;
	}
	return 0;
}

/* A region with one answer: a tail of no bits. */
static void set_const(struct rf_node *nd, u16 net)
{
	nd->vector = 0;
	nd->leafvec = 0;
	nd->base0 = net | (u32)net << 16;
	nd->base1 = 0;
}

/* Paint the prefixes no longer than the direct-pointing level. */
static void paint_roots(struct rf_build *b, u32 n)
{
	struct rf_lpm *t = b->t;
	u32 i, s, span;

	/* the array is zeroed: every entry is a tail answering 0 */
	for (i = 0; i < n; i++) {
		const struct rf_pfx *p = &b->pfx[i];

		if (p->len > t->dbits)
			continue;
		s = p->key.hi >> t->dshift;
		for (span = 1U << (t->dbits - p->len); span; span--)
			set_const(&root_mut(t, s++)->n, p->net);
		build_resched(b);
	}
}

static int check_input(const struct rf_pfx *pfx, u32 n, u8 maxlen)
{
	u32 i;

	if (maxlen != 32 && maxlen != 128)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		const struct rf_pfx *p = &pfx[i];

		if (p->len > maxlen || !p->net ||
		    !key_host_bits_zero(&p->key, p->len))
			return -EINVAL;
		if (i && rf_pfx_cmp(&pfx[i - 1], p) >= 0)
			return -EINVAL;
		if (!(i & 0xffff))
			cond_resched();
	}
	return 0;
}

/*
 * Bits of the direct-pointing level. IPv4: as many as keep the root array
 * at most 24 bytes per prefix, up to 18, so that in a full table /24s end
 * in the root entry. IPv6: 16, 10 or 4 ((64 - dbits) % 6 == 0, so that no
 * 6-bit chunk straddles @hi and @lo), at most 8 bytes per prefix: IPv6
 * prefixes are long and mostly end in tails below the root anyway, where
 * a bigger root array only adds memory.
 */
static u32 lpm_dbits(u32 n, u8 maxlen)
{
	bool v4 = maxlen == 32;
	u32 d = v4 ? 18 : 16;
	u64 budget = (v4 ? 24ULL : 8ULL) * n;

	while (d > 4 && (sizeof(struct rf_root) << d) > budget)
		d -= v4 ? 1 : RF_STRIDE;
	return d;
}

/*
 * First guesses of the node and leaf counts (they grow as needed): IPv4
 * tables keep most leaves in the root entries, IPv6 ones have about a
 * node or tail per prefix.
 */
static int guess_sizes(struct rf_build *b, u32 n)
{
	struct rf_lpm *t = b->t;
	u32 nodes = t->maxlen == 32 ? n / 16 : n + n / 4;
	int err;

	err = grow((void **)&t->nodes, &b->ncap, nodes, sizeof(*t->nodes),
		   false);
	if (!err)
		err = grow((void **)&t->leaves, &b->lcap, n / 4,
			   sizeof(*t->leaves), false);
	return err;
}

/* The root chunks, zeroed: every entry a tail answering 0. */
static int lpm_alloc(struct rf_lpm *t)
{
	u32 i;

	t->cbits = min_t(u32, t->dbits, RF_RCHUNK_BITS);
	t->nchunks = 1U << (t->dbits - t->cbits);
	t->chunks = kvcalloc(t->nchunks, sizeof(*t->chunks),
			     RF_GFP_POLICY);
	if (!t->chunks)
		return -ENOMEM;
	for (i = 0; i < t->nchunks; i++) {
		t->chunks[i] = chunk_alloc(1U << t->cbits);
		if (!t->chunks[i])
			return -ENOMEM;
	}
	return 0;
}

/* Hand the node and leaf arrays a full build made to a new arena. */
static int lpm_arena(struct rf_build *b)
{
	struct rf_lpm *t = b->t;
	struct rf_arena *a;
	int err;

	err = trim((void **)&t->nodes, &b->ncap, t->nnodes, sizeof(*t->nodes));
	if (!err)
		err = trim((void **)&t->leaves, &b->lcap, t->nleaves,
			   sizeof(*t->leaves));
	if (err)
		return err;
	a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
	if (!a)
		return -ENOMEM;
	refcount_set(&a->users, 1);
	a->nodes = t->nodes;
	a->leaves = t->leaves;
	a->ncap = b->ncap;
	a->lcap = b->lcap;
	t->arena = a;
	return 0;
}

/**
 * rf_lpm_build() - build an immutable longest-prefix-match table
 * @pfx: prefixes sorted by rf_pfx_cmp(), unique, host bits zero, net id
 *	 not 0; nested prefixes are allowed (the longest match wins)
 * @n: number of prefixes (may be 0: every lookup then returns 0)
 * @maxlen: 32 (IPv4, key in the top 32 bits of @hi) or 128 (IPv6)
 *
 * Allocates a few large arrays (kvmalloc); while building, the node and
 * leaf arrays grow geometrically (peak memory about twice their final
 * size) and end with half as many entries again of room for updates
 * (rf_lpm_update()). Calls cond_resched() regularly. @pfx is not
 * referenced afterwards.
 *
 * Context: process context, may sleep.
 * Return: the table, or ERR_PTR(-EINVAL) for bad input, ERR_PTR(-E2BIG)
 * if an array would exceed INT_MAX bytes (about 89M nodes), or
 * ERR_PTR(-ENOMEM).
 */
struct rf_lpm *rf_lpm_build(const struct rf_pfx *pfx, u32 n, u8 maxlen)
{
	struct rf_build *b;
	struct rf_lpm *t;
	int err;

	err = check_input(pfx, n, maxlen);
	if (err)
		return ERR_PTR(err);
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	b = kvcalloc(1, sizeof(*b), GFP_KERNEL);
	err = -ENOMEM;
	if (!t || !b)
		goto fail;
	t->maxlen = maxlen;
	t->dbits = lpm_dbits(n, maxlen);
	t->dshift = 64 - t->dbits;
	err = lpm_alloc(t);
	if (err)
		goto fail;
	b->pfx = pfx;
	b->t = t;
	paint_roots(b, n);
	err = guess_sizes(b, n);
	if (!err)
		err = build_roots(b, n);
	if (!err)
		err = lpm_arena(b);
	if (err)
		goto fail;
	kvfree(b);
	return t;
fail:
	kvfree(b);
	if (t && !t->arena) {
		kvfree(t->nodes);
		kvfree(t->leaves);
	}
	rf_lpm_free(t);
	return ERR_PTR(err);
}

/* ---- updates ---- */

/* @t's root entry @idx, in a chunk made private to @t first. */
static struct rf_root *root_own(struct rf_lpm *t, u32 idx)
{
	u32 ci = idx >> t->cbits, n = 1U << t->cbits;
	struct rf_root *c = t->chunks[ci], *copy;

	if (refcount_read(chunk_users(c)) > 1) {
		copy = chunk_alloc(n);
		if (!copy)
			return ERR_PTR(-ENOMEM);
		memcpy(copy, c, n * sizeof(*c));
		chunk_put(c);
		t->chunks[ci] = copy;
		c = copy;
	}
	return &c[idx & (n - 1)];
}

/* A table sharing everything with @prev. */
static struct rf_lpm *lpm_share(const struct rf_lpm *prev)
{
	struct rf_lpm *t = kmemdup(prev, sizeof(*prev), GFP_KERNEL_ACCOUNT);
	u32 i;

	if (!t)
		return NULL;
	t->chunks = kvmalloc_array(t->nchunks, sizeof(*t->chunks),
				   RF_GFP_POLICY);
	if (!t->chunks) {
		kfree(t);
		return NULL;
	}
	for (i = 0; i < t->nchunks; i++) {
		t->chunks[i] = prev->chunks[i];
		refcount_inc(chunk_users(t->chunks[i]));
	}
	refcount_inc(&t->arena->users);
	return t;
}

/*
 * Rebuild the region of the first @off bits of @key, at depth @depth, into
 * root entry @r or node @idx, from the source's prefixes.
 */
static int region_rebuild(struct rf_build *b, const struct rf_lpm_src *src,
			  struct rf_root *r, u32 idx, const struct rf_key *key,
			  u32 off, u32 depth)
{
	struct rf_key lo = *key, hi;
	struct rf_pfx *v;
	bool deep = false;
	u32 n, i;
	u16 dflt;
	int err;

	rf_key_mask(&lo, off);
	hi = lo;
	if (off < 64) {
		hi.hi |= ~0ULL >> off;
		hi.lo = ~0ULL;
	} else if (off < 128) {
		hi.lo |= ~0ULL >> (off - 64);
	}
	dflt = src->cover(src->priv, &lo, off);
	err = src->range(src->priv, &lo, &hi, &v, &n);
	if (err)
		return err;
	for (i = 0; i < n && !deep; i++)
		deep = v[i].len > off;
	b->pfx = v;
	if (deep)
		err = build_region(b, r, idx, off, 0, n, depth, dflt);
	else
		set_const(node_at(b, r, idx), dflt);
	kvfree(v);
	return err;
}

static int root_rebuild(struct rf_build *b, const struct rf_lpm_src *src,
			u32 idx)
{
	struct rf_lpm *t = b->t;
	struct rf_key key = { (u64)idx << t->dshift, 0 };
	struct rf_root *r = root_own(t, idx);

	if (IS_ERR(r))
		return PTR_ERR(r);
	return region_rebuild(b, src, r, 0, &key, t->dbits, 0);
}

/*
 * Copy the path of @d nodes above the region being rebuilt: each gets a new
 * block of children, the old one with the path's child replaced, the
 * deepest one's by the rebuilt region. The root entry is written last.
 */
static int path_copy(struct rf_build *b, const struct rf_lpm_src *src,
		     const struct rf_node *path, const u32 *slot, u32 d,
		     const struct rf_pfx *p, u32 off)
{
	struct rf_lpm *t = b->t;
	struct rf_node child = { };
	struct rf_root *r;
	u32 j, cnt, rank, nb;
	int err;

	for (j = d; j-- > 0;) {
		const struct rf_node *a = &path[j];

		cnt = hweight64(a->vector);
		rank = hweight64(a->vector & RF_UPTO(slot[j]));
		err = reserve_nodes(b, cnt, &nb);
		if (err)
			return err;
		memcpy(&t->nodes[nb], &t->nodes[a->base1],
		       cnt * sizeof(*t->nodes));
		if (j == d - 1)
			err = region_rebuild(b, src, NULL, nb + rank - 1,
					     &p->key, off, d);
		else
			t->nodes[nb + rank - 1] = child;
		if (err)
			return err;
		child = *a;
		child.base1 = nb;
	}
	r = root_own(t, p->key.hi >> t->dshift);
	if (IS_ERR(r))
		return PTR_ERR(r);
	r->n = child;
	return 0;
}

/*
 * Bring the table up to date for one changed prefix: rebuild the lowest
 * region whose slots it paints (or whose child it would need), and copy
 * the path above it. A prefix no longer than the root level changes the
 * default of every root entry it covers.
 */
static int update_one(struct rf_build *b, const struct rf_lpm_src *src,
		      const struct rf_pfx *p)
{
	struct rf_lpm *t = b->t;
	u32 idx = p->key.hi >> t->dshift, off = t->dbits, d = 0, s, span;
	struct rf_node path[RF_MAX_DEPTH], nd;
	u32 slot[RF_MAX_DEPTH];
	int err;

	if (p->len <= t->dbits) {
		for (span = 1U << (t->dbits - p->len); span; span--) {
			err = root_rebuild(b, src, idx++);
			if (err)
				return err;
			build_resched(b);
		}
		return 0;
	}
	nd = root_at(t, idx)->n;
	while (nd.leafvec && p->len > off + RF_STRIDE) {
		s = key_chunk(&p->key, off);
		if (!slot_is_child(&nd, s))
			break;
		path[d] = nd;
		slot[d++] = s;
		nd = t->nodes[nd.base1 + hweight64(nd.vector & RF_UPTO(s)) - 1];
		off += RF_STRIDE;
	}
	if (!d)
		return root_rebuild(b, src, idx);
	return path_copy(b, src, path, slot, d, p, off);
}

/**
 * rf_lpm_update() - a table for a changed set of prefixes, from the old one
 * @prev: the table of the previous set
 * @src: the new set of prefixes
 * @chg: the prefixes added or removed since @prev (in any order)
 * @nchg: their number
 *
 * The new table shares with @prev what did not change; the regions the
 * changes touch are rebuilt into the room the arena has, so @prev and its
 * readers are undisturbed. Costs O(log N) per change plus the regions it
 * touches.
 *
 * Context: process context, may sleep.
 * Return: the table, ERR_PTR(-ENOSPC) when the arena has no room left (a
 * full rf_lpm_build() then makes a new one), or ERR_PTR(-ENOMEM).
 */
struct rf_lpm *rf_lpm_update(const struct rf_lpm *prev,
			     const struct rf_lpm_src *src,
			     const struct rf_pfx *chg, u32 nchg)
{
	struct rf_build *b;
	struct rf_lpm *t;
	int err = -ENOMEM;
	u32 i;

	t = lpm_share(prev);
	b = kvcalloc(1, sizeof(*b), GFP_KERNEL);
	if (!t || !b)
		goto fail;
	b->t = t;
	b->fixed = true;
	b->ncap = t->arena->ncap;
	b->lcap = t->arena->lcap;
	for (i = 0, err = 0; i < nchg && !err; i++) {
		err = update_one(b, src, &chg[i]);
		build_resched(b);
	}
	if (err)
		goto fail;
	kvfree(b);
	return t;
fail:
	kvfree(b);
	rf_lpm_free(t);
	return ERR_PTR(err);
}
