// SPDX-License-Identifier: GPL-2.0
/* Binary path-compressed trie baseline; see bintrie.h. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bintrie.h"

static u32 key_bit(u64 hi, u64 lo, u32 pos)
{
	return pos < 64 ? (hi >> (63 - pos)) & 1 : (lo >> (127 - pos)) & 1;
}

/* Do the first @cidr bits of (hi, lo) and the node's key agree? */
static bool node_match(const struct bt_node *n, u64 hi, u64 lo)
{
	u32 c = n->cidr;

	if (c == 0)
		return true;
	if (c <= 64)
		return !((hi ^ n->hi) >> (64 - c));
	return hi == n->hi && !((lo ^ n->lo) >> (128 - c));
}

static u32 common_bits(u64 ahi, u64 alo, u64 bhi, u64 blo, u32 max)
{
	u32 c;

	if (ahi != bhi)
		c = __builtin_clzll(ahi ^ bhi);
	else if (alo != blo)
		c = 64 + __builtin_clzll(alo ^ blo);
	else
		c = 128;
	return c < max ? c : max;
}

static struct bt_node *bt_new(struct bintrie *t, u64 hi, u64 lo, u32 cidr,
			      u16 net)
{
	struct bt_node *n;

	if (t->arena) {
		n = (struct bt_node *)(t->arena + t->arena_used);
		t->arena_used += sizeof(*n);
		if (t->arena_used > t->arena_size)
			abort();
	} else {
		n = malloc(sizeof(*n));
	}
	memset(n, 0, sizeof(*n));
	n->hi = hi;
	n->lo = lo;
	n->cidr = cidr;
	n->net = net;
	t->nodes++;
	return n;
}

void bt_init(struct bintrie *t, u8 maxlen, u64 max_nodes, bool arena)
{
	memset(t, 0, sizeof(*t));
	t->maxlen = maxlen;
	if (!arena)
		return;
	t->arena_size = (max_nodes * sizeof(struct bt_node) + (2 << 20)) &
			~((2UL << 20) - 1);
	t->arena = mmap(NULL, t->arena_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->arena == MAP_FAILED)
		abort();
	madvise(t->arena, t->arena_size, MADV_HUGEPAGE);
	/* fault it in now, like a slab cache that already has its pages */
	memset(t->arena, 0, t->arena_size);
}

void bt_insert(struct bintrie *t, const struct rf_pfx *p)
{
	struct bt_node **link = &t->root, *n, *nn, *mid;
	u64 hi = p->key.hi, lo = p->key.lo;
	u32 cidr = p->len, c;

	while ((n = *link) && n->cidr <= cidr && node_match(n, hi, lo)) {
		if (n->cidr == cidr) {
			n->net = p->net;
			return;
		}
		link = &n->child[key_bit(hi, lo, n->cidr)];
	}
	nn = bt_new(t, hi, lo, cidr, p->net);
	if (!n) {
		*link = nn;
		return;
	}
	c = common_bits(hi, lo, n->hi, n->lo, cidr < n->cidr ? cidr : n->cidr);
	if (c == cidr) {
		/* the new prefix contains n */
		nn->child[key_bit(n->hi, n->lo, cidr)] = n;
		*link = nn;
		return;
	}
	mid = bt_new(t, c < 64 ? (c ? hi & ~0ULL << (64 - c) : 0) : hi,
		     c <= 64 ? 0 : lo & ~0ULL << (128 - c), c, 0);
	mid->child[key_bit(hi, lo, c)] = nn;
	mid->child[key_bit(n->hi, n->lo, c)] = n;
	*link = mid;
}

u16 bt_lookup(const struct bintrie *t, const struct rf_key *k)
{
	const struct bt_node *n = t->root;
	u16 best = 0;

	while (n && node_match(n, k->hi, k->lo)) {
		if (n->net)
			best = n->net;
		if (n->cidr >= t->maxlen)
			break;
		n = n->child[key_bit(k->hi, k->lo, n->cidr)];
	}
	return best;
}

size_t bt_size(const struct bintrie *t)
{
	return t->nodes * sizeof(struct bt_node);
}

static void bt_free_rec(struct bt_node *n)
{
	if (!n)
		return;
	bt_free_rec(n->child[0]);
	bt_free_rec(n->child[1]);
	free(n);
}

void bt_free(struct bintrie *t)
{
	if (t->arena)
		munmap(t->arena, t->arena_size);
	else
		bt_free_rec(t->root);
	t->root = NULL;
}
