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
 * Building is two passes over the sorted prefixes: the first only counts
 * nodes and leaves, so the arrays are allocated once with their exact
 * sizes; the second fills them. Recursion depth is bounded by the number
 * of levels (at most 21) and the frames are small; per-level scratch lives
 * in the heap-allocated build context.
 */

#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/slab.h>
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

struct rf_lpm {
	struct rf_root *root;
	struct rf_node *nodes;
	u16 *leaves;
	u32 dbits;
	u32 dshift;		/* 64 - dbits */
	u32 nnodes;
	u32 nleaves;
	u8 maxlen;
};

struct rf_build {
	const struct rf_pfx *pfx;
	struct rf_lpm *t;
	bool dry;		/* counting pass: nothing is stored */
	u64 nnodes;
	u64 nleaves;
	u32 work;
	u16 vals[RF_MAX_DEPTH][RF_SLOTS];
};

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
	const struct rf_root *r = &t->root[k->hi >> t->dshift];
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
	const struct rf_root *ra = &t->root[a->hi >> t->dshift];
	const struct rf_root *rb = &t->root[b->hi >> t->dshift];
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
 * @t: table from rf_lpm_build()
 *
 * Return: bytes allocated for @t, all arrays included.
 */
size_t rf_lpm_size(const struct rf_lpm *t)
{
	return sizeof(*t) + (sizeof(struct rf_root) << t->dbits) +
	       (size_t)t->nnodes * sizeof(struct rf_node) +
	       (size_t)t->nleaves * sizeof(u16);
}

/**
 * rf_lpm_free() - free a table
 * @t: table from rf_lpm_build(); NULL and error pointers are ignored
 *
 * Frees a handful of large arrays, whatever the number of prefixes.
 *
 * Context: process context (the arrays may be vmalloc'ed).
 */
void rf_lpm_free(struct rf_lpm *t)
{
	if (IS_ERR_OR_NULL(t))
		return;
	kvfree(t->leaves);
	kvfree(t->nodes);
	kvfree(t->root);
	kvfree(t);
}

static void build_resched(struct rf_build *b)
{
	if (!(++b->work & RF_RESCHED_MASK))
		cond_resched();
}

static void emit_leaf(struct rf_build *b, u16 net)
{
	if (!b->dry)
		b->t->leaves[b->nleaves] = net;
	b->nleaves++;
}

static void emit_tail(struct rf_node *nd, u32 off, const struct rf_pfx *p,
		      u16 dflt)
{
	if (!nd)
		return;
	nd->vector = key_window(&p->key, off);
	nd->leafvec = 0;
	nd->base0 = p->net | (u32)dflt << 16;
	nd->base1 = p->len - off;
}

/* Fill one node's slot values and child vector from prefixes [@lo, @hi). */
static u64 node_paint(struct rf_build *b, u32 off, u32 lo, u32 hi, u16 *vals)
{
	u64 vec = 0;
	u32 i, s, span;

	for (i = lo; i < hi; i++) {
		const struct rf_pfx *p = &b->pfx[i];

		if (p->len <= off)
			continue;
		s = key_chunk(&p->key, off);
		if (p->len > off + RF_STRIDE) {
			vec |= BIT_ULL(s);
			continue;
		}
		for (span = 1U << (off + RF_STRIDE - p->len); span; span--)
			vals[s++] = p->net;
	}
	return vec;
}

/*
 * Emit the compressed leaves of one node; a root node keeps its first
 * RF_ROOT_LEAVES in @inl (NULL when counting). Returns the leafvec.
 */
static u64 node_leaves(struct rf_build *b, u64 vec, const u16 *vals,
		       bool root, u16 *inl)
{
	u32 s, runs = 0;
	u64 lvec = 0;
	int prev = -1;

	for (s = 0; s < RF_SLOTS; s++) {
		if ((vec & BIT_ULL(s)) || vals[s] == prev)
			continue;
		lvec |= BIT_ULL(s);
		if (!root || runs >= RF_ROOT_LEAVES)
			emit_leaf(b, vals[s]);
		else if (inl)
			inl[runs] = vals[s];
		runs++;
		prev = vals[s];
	}
	/* All slots are children: keep leafvec non-zero (zero means tail). */
	return lvec ? lvec : 1;
}

static void build_region(struct rf_build *b, struct rf_node *nd, u16 *inl,
			 u32 off, u32 lo, u32 hi, u32 depth, u16 dflt);

static struct rf_node *child_node(struct rf_build *b, u32 idx)
{
	return b->dry ? NULL : &b->t->nodes[idx];
}

static void build_node(struct rf_build *b, struct rf_node *nd, u16 *inl,
		       u32 off, u32 lo, u32 hi, u32 depth, u16 dflt)
{
	u16 *vals = b->vals[depth];
	u32 base0 = b->nleaves;
	u32 i, j, s, base1, child;
	u64 vec, lvec;

	for (s = 0; s < RF_SLOTS; s++)
		vals[s] = dflt;
	vec = node_paint(b, off, lo, hi, vals);
	lvec = node_leaves(b, vec, vals, !depth, inl);
	base1 = b->nnodes;
	b->nnodes += hweight64(vec);
	if (nd) {
		nd->vector = vec;
		nd->leafvec = lvec;
		nd->base0 = base0;
		nd->base1 = base1;
	}
	build_resched(b);

	child = base1;
	for (i = lo; i < hi; i = j) {
		s = key_chunk(&b->pfx[i].key, off);
		for (j = i + 1; j < hi; j++)
			if (key_chunk(&b->pfx[j].key, off) != s)
				break;
		if (vec & BIT_ULL(s))
			build_region(b, child_node(b, child++), NULL,
				     off + RF_STRIDE, i, j, depth + 1, vals[s]);
	}
}

/*
 * Build the entry @nd (NULL when counting) for the region at bit offset
 * @off holding prefixes [@lo, @hi), of which at least one is longer than
 * @off. Prefixes of length <= @off are already accounted for in @dflt.
 * Depth 0 is a root entry, whose first leaves go to @inl.
 */
static void build_region(struct rf_build *b, struct rf_node *nd, u16 *inl,
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
	if (one && one->len - off <= RF_TAIL_BITS)
		emit_tail(nd, off, one, dflt);
	else
		build_node(b, nd, inl, off, lo, hi, depth, dflt);
}

/* One pass over all prefixes longer than the direct-pointing level. */
static void build_pass(struct rf_build *b, u32 n)
{
	struct rf_lpm *t = b->t;
	struct rf_root *r;
	u32 i, j, top;
	bool deep;
	u16 dflt;

	b->nnodes = 0;
	b->nleaves = 0;
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
		r = &t->root[top];
		dflt = r->n.base0 & 0xffff;
		if (b->dry)
			build_region(b, NULL, NULL, t->dbits, i, j, 0, dflt);
		else
			build_region(b, &r->n, r->leaves, t->dbits, i, j, 0,
				     dflt);
	}
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
static void build_root(struct rf_build *b, u32 n)
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
			set_const(&t->root[s++].n, p->net);
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
 * Bits of the direct-pointing level: as many as keep the root array at
 * most 24 bytes per prefix, up to 18 (IPv4, so that /24s end in the root
 * node) or 16 (IPv6). IPv6 needs (64 - dbits) % 6 == 0 so that no 6-bit
 * chunk straddles @hi and @lo.
 */
static u32 lpm_dbits(u32 n, u8 maxlen)
{
	u32 d = maxlen == 32 ? 18 : 16;
	u64 budget = 24ULL * n;

	while (d > 4 && (sizeof(struct rf_root) << d) > budget)
		d -= maxlen == 32 ? 1 : RF_STRIDE;
	return d;
}

static int lpm_alloc(struct rf_lpm *t)
{
	t->root = kvcalloc(1U << t->dbits, sizeof(*t->root),
			   GFP_KERNEL_ACCOUNT);
	if (!t->root)
		return -ENOMEM;
	return 0;
}

static int lpm_alloc_nodes(struct rf_lpm *t, u64 nnodes, u64 nleaves)
{
	if (nnodes * sizeof(*t->nodes) > RF_MAX_BYTES ||
	    nleaves * sizeof(*t->leaves) > RF_MAX_BYTES)
		return -E2BIG;
	t->nnodes = nnodes;
	t->nleaves = nleaves;
	if (nnodes) {
		t->nodes = kvmalloc_array(nnodes, sizeof(*t->nodes),
					  GFP_KERNEL_ACCOUNT);
		if (!t->nodes)
			return -ENOMEM;
	}
	if (nleaves) {
		t->leaves = kvmalloc_array(nleaves, sizeof(*t->leaves),
					   GFP_KERNEL_ACCOUNT);
		if (!t->leaves)
			return -ENOMEM;
	}
	return 0;
}

/**
 * rf_lpm_build() - build an immutable longest-prefix-match table
 * @pfx: prefixes sorted by rf_pfx_cmp(), unique, host bits zero, net id
 *	 not 0; nested prefixes are allowed (the longest match wins)
 * @n: number of prefixes (may be 0: every lookup then returns 0)
 * @maxlen: 32 (IPv4, key in the top 32 bits of @hi) or 128 (IPv6)
 *
 * Allocates a few large arrays (kvmalloc) sized exactly in a counting
 * pass. Calls cond_resched() regularly. @pfx is not referenced afterwards.
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
	t = kvcalloc(1, sizeof(*t), GFP_KERNEL_ACCOUNT);
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
	build_root(b, n);
	b->dry = true;
	build_pass(b, n);
	err = lpm_alloc_nodes(t, b->nnodes, b->nleaves);
	if (err)
		goto fail;
	b->dry = false;
	build_pass(b, n);
	kvfree(b);
	return t;
fail:
	kvfree(b);
	rf_lpm_free(t);
	return ERR_PTR(err);
}
