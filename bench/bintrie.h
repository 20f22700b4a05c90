/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Baseline for bench/: a binary, path-compressed, node-per-prefix trie in
 * the style of WireGuard's allowedips (one node per prefix plus branching
 * nodes; a lookup walks one bit position per node). Written for the
 * benchmark only.
 */
#ifndef _BINTRIE_H
#define _BINTRIE_H

#include <linux/types.h>
#include "../kmod/lpm.h"

struct bt_node {
	struct bt_node *child[2];
	u64 hi;
	u64 lo;
	u8 cidr;
	u16 net;		/* 0: branching node without a prefix */
};

struct bintrie {
	struct bt_node *root;
	u8 maxlen;
	u64 nodes;
	/* node memory: one arena (huge pages) or one malloc per node */
	char *arena;
	size_t arena_size;
	size_t arena_used;
};

void bt_init(struct bintrie *t, u8 maxlen, u64 max_nodes, bool arena);
void bt_insert(struct bintrie *t, const struct rf_pfx *p);
u16 bt_lookup(const struct bintrie *t, const struct rf_key *k);
size_t bt_size(const struct bintrie *t);
void bt_free(struct bintrie *t);

#endif
