// SPDX-License-Identifier: GPL-2.0
/*
 * routefence prefixes of a configuration.
 *
 * Added prefixes are staged unsorted (struct rf_pfxvec) and checked
 * against the overlap rule at commit, all together: a transaction may pass
 * through states that break the rule, only the result counts. Deleted
 * prefixes are marked (net 0) in the validated set, whose chunks are made
 * private first.
 *
 * Validation is incremental when few prefixes were added: each is checked
 * against its neighbours in the sorted set (the prefixes it contains come
 * right after it, the one containing it is found by length) and inserted,
 * O(log N) plus the prefixes it contains. Many additions (a whole policy
 * loaded) are sorted, merged and swept in one pass instead. Either way the
 * set records what changed, so that the lookup table can be updated rather
 * than rebuilt.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "compat.h"
#include "prefix.h"

/* Validation inserts at most this many additions one by one. */
#define RF_INCR_ADDS	4096

static atomic64_t rf_pfx_ver = ATOMIC64_INIT(0);

static void rf_pfxs_touch(struct rf_pfxs *x)
{
	x->ver = atomic64_inc_return(&rf_pfx_ver);
}

/**
 * rf_pfxs_init() - no prefixes
 * @x: the prefixes of one family
 */
void rf_pfxs_init(struct rf_pfxs *x)
{
	memset(x, 0, sizeof(*x));
	rf_pset_init(&x->set);
	rf_pfxs_touch(x);
}

/**
 * rf_pfxs_release() - free the prefixes of one family
 * @x: the prefixes
 */
void rf_pfxs_release(struct rf_pfxs *x)
{
	rf_pset_release(&x->set);
	kvfree(x->add.v);
	kvfree(x->chg);
	memset(x, 0, sizeof(*x));
}

/**
 * rf_pfxs_clone() - copy the prefixes of one family
 * @dst: the copy (its previous content is not freed)
 * @src: the prefixes
 *
 * The validated set's chunks are shared; the list of changes starts empty,
 * relative to @src.
 *
 * Return: 0 or -ENOMEM (@dst is then empty).
 */
int rf_pfxs_clone(struct rf_pfxs *dst, const struct rf_pfxs *src)
{
	memset(dst, 0, sizeof(*dst));
	if (rf_pset_copy(&dst->set, &src->set))
		goto fail;
	dst->set_dead = src->set_dead;
	dst->add = src->add;
	dst->add.v = NULL;
	dst->add.cap = 0;
	if (src->add.n) {
		dst->add.v = kvmalloc_array(src->add.n, sizeof(*src->add.v),
					    RF_GFP_POLICY);
		if (!dst->add.v)
			goto fail;
		memcpy(dst->add.v, src->add.v,
		       src->add.n * sizeof(*src->add.v));
		dst->add.cap = src->add.n;
	}
	dst->ver = src->ver;
	dst->chg_from = src->ver;
	/* @src's deletions are not listed here: validate it all again. */
	dst->chg_full = src->set_dead > 0;
	return 0;
fail:
	rf_pfxs_release(dst);
	return -ENOMEM;
}

/**
 * rf_pfxs_count() - the live prefixes of one family
 * @x: the prefixes
 *
 * Return: their number.
 */
u32 rf_pfxs_count(const struct rf_pfxs *x)
{
	return x->set.n - x->set_dead + x->add.n - x->add.dead;
}

/* Note that @p was added to or removed from the validated set. */
static void rf_pfxs_note(struct rf_pfxs *x, const struct rf_pfx *p)
{
	if (x->chg_full)
		return;
	if (x->nchg == RF_CHG_MAX ||
	    rf_grow((void **)&x->chg, &x->chgcap, x->nchg, sizeof(*p))) {
		x->chg_full = true;
		return;
	}
	x->chg[x->nchg++] = *p;
}

/* ---- parsing and formatting ---- */

/**
 * rf_pfx_parse() - build a prefix from an address and a length
 * @p: the result
 * @addr: 4 (IPv4) or 16 (IPv6) bytes in network order
 * @alen: 4 or 16
 * @len: the prefix length
 * @net: the owning network id
 * @e: error message
 *
 * Refuses lengths longer than the address and prefixes with host bits set.
 *
 * Return: 0 or a negative error code.
 */
int rf_pfx_parse(struct rf_pfx *p, const void *addr, int alen, u8 len,
		 u16 net, struct rf_err *e)
{
	struct rf_key k;

	memset(p, 0, sizeof(*p));
	if (alen == 4) {
		p->key.hi = (u64)get_unaligned_be32(addr) << 32;
	} else if (alen == 16) {
		p->key.hi = get_unaligned_be64(addr);
		p->key.lo = get_unaligned_be64(addr + 8);
		p->seq = RF_PFX_V6;
	} else {
		return rf_fail(e, -EINVAL, "address must be 4 (IPv4) or 16 (IPv6) bytes");
	}
	p->len = len;
	p->net = net;
	if (len > alen * 8) {
		p->len = alen * 8;
		return rf_fail(e, -EINVAL, "prefix length %u is longer than %u",
			       len, alen * 8);
	}
	k = p->key;
	rf_key_mask(&k, len);
	if (k.hi != p->key.hi || k.lo != p->key.lo) {
		char buf[64], good[64];
		struct rf_pfx m = *p;

		m.key = k;
		rf_pfx_snprint(buf, sizeof(buf), p);
		rf_pfx_snprint(good, sizeof(good), &m);
		return rf_fail(e, -EINVAL, "%s has host bits set (did you mean %s?)",
			       buf, good);
	}
	return 0;
}

/* ---- staging ---- */

/**
 * rf_pfx_add() - add a prefix (its overlap is checked at commit)
 * @c: the policy
 * @p: the prefix, from rf_pfx_parse(); its @seq is assigned here
 * @e: error message
 *
 * Return: 0 or a negative error code.
 */
int rf_pfx_add(struct rf_conf *c, struct rf_pfx *p, struct rf_err *e)
{
	int f = rf_pfx_fam(p);
	struct rf_pfxvec *pv = &c->pfx[f].add;

	if (!p->net || p->net > RF_NET_ID_MAX || !c->nets[p->net])
		return rf_fail(e, -ENOENT, "network id %u does not exist",
			       p->net);
	if (c->pfx_limit && rf_conf_npfx(c) >= c->pfx_limit)
		return rf_fail(e, -ENOSPC,
			       "too many prefixes: a namespace may have %u (module parameter max_prefixes)",
			       c->pfx_limit);
	if (rf_grow((void **)&pv->v, &pv->cap, pv->n, sizeof(*p)))
		return -ENOMEM;
	p->seq = (p->seq & RF_PFX_V6) | (++c->pfx_seq & ~RF_PFX_V6);
	pv->v[pv->n++] = *p;
	c->nets[p->net]->npfx[f]++;
	rf_pfxs_touch(&c->pfx[f]);
	return 0;
}

/**
 * rf_pfx_mark() - remember where the lists of added prefixes end
 * @c: the policy
 * @m: the mark, for rf_pfx_rollback()
 */
void rf_pfx_mark(const struct rf_conf *c, struct rf_pfx_mark *m)
{
	m->n[RF_FAM_V4] = c->pfx[RF_FAM_V4].add.n;
	m->n[RF_FAM_V6] = c->pfx[RF_FAM_V6].add.n;
	m->seq = c->pfx_seq;
}

/**
 * rf_pfx_rollback() - forget the prefixes added since a mark
 * @c: the policy
 * @m: the mark, from rf_pfx_mark()
 */
void rf_pfx_rollback(struct rf_conf *c, const struct rf_pfx_mark *m)
{
	int f;

	for (f = 0; f < RF_NFAM; f++) {
		struct rf_pfxvec *pv = &c->pfx[f].add;

		while (pv->n > m->n[f]) {
			const struct rf_pfx *p = &pv->v[--pv->n];

			if (p->net)
				c->nets[p->net]->npfx[f]--;
			else
				pv->dead--;
		}
		if (pv->sorted > pv->n)
			pv->sorted = pv->n;
		rf_pfxs_touch(&c->pfx[f]);
	}
	c->pfx_seq = m->seq;
}

static int rf_pfx_cmp_sort(const void *a, const void *b)
{
	return rf_pfx_cmp(a, b);
}

/* Is @q a live entry for @p (of @p's network, when @p names one)? */
static bool rf_pfx_match(const struct rf_pfx *q, const struct rf_pfx *p,
			 bool same_net)
{
	return q->net && !rf_pfx_cmp(q, p) && (!same_net || q->net == p->net);
}

/* The first staged addition of the sorted head not below @p. */
static u32 rf_pfx_lower(const struct rf_pfxvec *pv, const struct rf_pfx *p)
{
	u32 lo = 0, hi = pv->sorted;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (rf_pfx_cmp(&pv->v[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A live staged addition matching @p; the unsorted tail is scanned. */
static struct rf_pfx *rf_pfx_added(struct rf_pfxvec *pv,
				   const struct rf_pfx *p, bool same_net)
{
	u32 i;

	/* Equal entries (a transaction's duplicates) are adjacent. */
	for (i = rf_pfx_lower(pv, p); i < pv->sorted &&
	     !rf_pfx_cmp(&pv->v[i], p); i++)
		if (rf_pfx_match(&pv->v[i], p, same_net))
			return &pv->v[i];
	for (i = pv->n; i > pv->sorted; i--)
		if (rf_pfx_match(&pv->v[i - 1], p, same_net))
			return &pv->v[i - 1];
	return NULL;
}

/*
 * The live entry @p names and whether it is in the validated set: if @p
 * gives a network, that network's entry is preferred (a transaction may
 * hold a conflicting duplicate until its commit refuses it). A set entry
 * is returned writable (its chunk made private), or ERR_PTR(-ENOMEM).
 */
static struct rf_pfx *rf_pfx_find(struct rf_pfxs *x, const struct rf_pfx *p,
				  bool *in_set)
{
	int pass;

	for (pass = p->net ? 0 : 1; pass < 2; pass++) {
		struct rf_pfx *q = rf_pfx_added(&x->add, p, !pass);

		*in_set = false;
		if (q)
			return q;
		*in_set = true;
		q = rf_pset_writable(&x->set, p, !pass);
		if (q)
			return q;
	}
	return NULL;
}

/**
 * rf_pfx_undel() - restore a prefix deleted by rf_pfx_del()
 * @c: the policy
 * @u: what rf_pfx_del() recorded
 */
void rf_pfx_undel(struct rf_conf *c, const struct rf_pfx_undo *u)
{
	int f = rf_pfx_fam(u->p);
	struct rf_pfxs *x = &c->pfx[f];

	u->p->net = u->net;
	c->nets[u->net]->npfx[f]++;
	if (u->in_set) {
		x->set_dead--;
		if (!x->chg_full && x->nchg)
			x->nchg--;
	} else {
		x->add.dead--;
	}
	rf_pfxs_touch(x);
}

/**
 * rf_pfx_del() - delete a prefix
 * @c: the policy
 * @p: the prefix; if its @net is set, that network must own it
 * @u: records what was deleted, for rf_pfx_undel()
 * @e: error message
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_pfx_del(struct rf_conf *c, const struct rf_pfx *p, struct rf_pfx_undo *u,
	       struct rf_err *e)
{
	int f = rf_pfx_fam(p);
	struct rf_pfxs *x = &c->pfx[f];
	struct rf_pfx *q;
	char buf[64];
	bool in_set;

	q = rf_pfx_find(x, p, &in_set);
	if (IS_ERR(q))
		return PTR_ERR(q);
	rf_pfx_snprint(buf, sizeof(buf), p);
	if (!q)
		return rf_fail(e, -ENOENT, "prefix %s does not exist", buf);
	if (p->net && q->net != p->net)
		return rf_fail(e, -ENOENT, "prefix %s belongs to network %s",
			       buf, c->nets[q->net]->name);
	u->p = q;
	u->net = q->net;
	u->in_set = in_set;
	c->nets[q->net]->npfx[f]--;
	if (in_set) {
		rf_pfxs_note(x, q);
		x->set_dead++;
	} else {
		x->add.dead++;
	}
	q->net = 0;
	rf_pfxs_touch(x);
	return 0;
}

/**
 * rf_pfx_add_all() - add prefixes, all or none
 * @c: the policy
 * @v: the prefixes, from rf_pfx_parse(); their @seq is assigned here
 * @n: their number
 * @failed: the index of the prefix that was refused
 * @e: error message
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_pfx_add_all(struct rf_conf *c, struct rf_pfx *v, u32 n, u32 *failed,
		   struct rf_err *e)
{
	struct rf_pfx_mark m;
	u32 i;
	int err;

	rf_pfx_mark(c, &m);
	for (i = 0; i < n; i++) {
		err = rf_pfx_add(c, &v[i], e);
		if (err) {
			rf_pfx_rollback(c, &m);
			*failed = i;
			return err;
		}
	}
	return 0;
}

static int rf_pfxvec_sort(struct rf_pfxvec *pv);

/**
 * rf_pfx_del_all() - delete prefixes, all or none
 * @c: the policy
 * @v: the prefixes; a prefix whose @net is set must belong to that network,
 *	the others get the network that owned them
 * @n: their number
 * @undo: room for @n records
 * @failed: the index of the prefix that was refused
 * @e: error message
 *
 * The prefixes added since the last sort are sorted first, so that each
 * deletion is a binary search even in a large transaction.
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_pfx_del_all(struct rf_conf *c, struct rf_pfx *v, u32 n,
		   struct rf_pfx_undo *undo, u32 *failed, struct rf_err *e)
{
	u32 i;
	int f, err;

	for (f = 0; f < RF_NFAM; f++) {
		err = rf_pfxvec_sort(&c->pfx[f].add);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		err = rf_pfx_del(c, &v[i], &undo[i], e);
		if (err) {
			*failed = i;
			while (i)
				rf_pfx_undel(c, &undo[--i]);
			return err;
		}
		v[i].net = undo[i].net;
		if (!(i & 1023))
			cond_resched();
	}
	return 0;
}

/* Mark @id's entries of one chunk deleted (the chunk is private). */
static void rf_pfx_del_net_chunk(struct rf_pfxs *x, struct rf_pchunk *k,
				 u16 id)
{
	u32 i;

	for (i = 0; i < k->n; i++) {
		if (k->v[i].net != id)
			continue;
		rf_pfxs_note(x, &k->v[i]);
		k->v[i].net = 0;
		x->set_dead++;
	}
}

static bool rf_pchunk_has(const struct rf_pchunk *k, u16 id)
{
	u32 i;

	for (i = 0; i < k->n; i++)
		if (k->v[i].net == id)
			return true;
	return false;
}

/*
 * Delete network @id's prefixes of one family: the chunks holding some are
 * made private first (which may fail), then they are marked.
 */
static int rf_pfx_del_net_fam(struct rf_conf *c, int f, u16 id)
{
	struct rf_pfxs *x = &c->pfx[f];
	struct rf_pfxvec *pv = &x->add;
	u32 i;

	if (!c->nets[id]->npfx[f])
		return 0;
	for (i = 0; i < x->set.nc; i++) {
		if (!(i & 63))
			cond_resched();
		if (rf_pchunk_has(x->set.c[i], id) && rf_pset_own(&x->set, i))
			return -ENOMEM;
	}
	for (i = 0; i < x->set.nc; i++)
		rf_pfx_del_net_chunk(x, x->set.c[i], id);
	for (i = 0; i < pv->n; i++) {
		if (pv->v[i].net != id)
			continue;
		pv->v[i].net = 0;
		pv->dead++;
	}
	c->nets[id]->npfx[f] = 0;
	rf_pfxs_touch(x);
	return 0;
}

/**
 * rf_pfx_del_net() - delete every prefix of a network
 * @c: the policy
 * @id: an existing network
 *
 * Return: 0 or -ENOMEM; on error nothing visible changed.
 */
int rf_pfx_del_net(struct rf_conf *c, u16 id)
{
	int f, err;

	for (f = 0; f < RF_NFAM; f++) {
		err = rf_pfx_del_net_fam(c, f, id);
		if (err)
			return err;
	}
	return 0;
}

/* ---- sorting the staged additions ---- */

static void rf_pfxvec_compact(struct rf_pfxvec *pv)
{
	u32 i, j, sorted = 0;

	if (!pv->dead)
		return;
	for (i = 0, j = 0; i < pv->n; i++) {
		if (!pv->v[i].net)
			continue;
		sorted += i < pv->sorted;
		pv->v[j++] = pv->v[i];
	}
	pv->sorted = sorted;
	pv->n = j;
	pv->dead = 0;
}

#define RF_SORT_RUN	4096

static void rf_pfx_merge_runs(const struct rf_pfx *in, struct rf_pfx *out,
			      u32 lo, u32 mid, u32 hi)
{
	u32 i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		out[k++] = rf_pfx_cmp(&in[i], &in[j]) <= 0 ? in[i++] : in[j++];
	while (i < mid)
		out[k++] = in[i++];
	while (j < hi)
		out[k++] = in[j++];
}

/*
 * Bottom-up merge sort that yields the CPU between runs: sorting a million
 * prefixes must not stall the kernel. Sorts v[from..n) when @from > 0 and
 * v[0..from) is already sorted.
 */
static int rf_pfx_msort(struct rf_pfxvec *pv, u32 from)
{
	struct rf_pfx *a = pv->v, *b;
	u32 n = pv->n, w, lo;

	for (lo = from; lo < n; lo += RF_SORT_RUN) {
		sort(a + lo, min(RF_SORT_RUN, n - lo), sizeof(*a),
		     rf_pfx_cmp_sort, NULL);
		cond_resched();
	}
	b = kvmalloc_array(n, sizeof(*b), RF_GFP_POLICY);
	if (!b)
		return -ENOMEM;
	for (w = RF_SORT_RUN; w < n - from; w *= 2) {
		memcpy(b, a, from * sizeof(*a));
		for (lo = from; lo < n; lo += 2 * w) {
			rf_pfx_merge_runs(a, b, lo, min(lo + w, n),
					  min(lo + 2 * w, n));
			cond_resched();
		}
		swap(a, b);
	}
	if (from && from < n) {
		rf_pfx_merge_runs(a, b, 0, from, n);
		swap(a, b);
	}
	if (a != pv->v)
		pv->cap = n;
	kvfree(b);
	pv->v = a;
	return 0;
}

static int rf_pfxvec_sort(struct rf_pfxvec *pv)
{
	int err;

	rf_pfxvec_compact(pv);
	/* Compaction keeps relative order, so the sorted run stays sorted. */
	if (pv->sorted >= pv->n)
		return 0;
	err = rf_pfx_msort(pv, pv->sorted);
	if (!err)
		pv->sorted = pv->n;
	return err;
}

/* ---- the overlap rule ---- */

static bool rf_pfx_contains(const struct rf_pfx *outer, const struct rf_pfx *p)
{
	struct rf_key k = p->key;

	if (outer->len > p->len)
		return false;
	rf_key_mask(&k, outer->len);
	return k.hi == outer->key.hi && k.lo == outer->key.lo;
}

/* Report a conflict, naming the more recently configured prefix first. */
static int rf_pfx_conflict(const struct rf_conf *c, const struct rf_pfx *x,
			   const struct rf_pfx *y, struct rf_err *e)
{
	char bx[64], by[64];

	if ((x->seq & ~RF_PFX_V6) < (y->seq & ~RF_PFX_V6))
		swap(x, y);
	rf_pfx_snprint(bx, sizeof(bx), x);
	rf_pfx_snprint(by, sizeof(by), y);
	if (x->net == y->net)
		return rf_fail(e, -EEXIST, "%s already exists in network %s",
			       bx, c->nets[x->net]->name);
	return rf_fail(e, -EEXIST, "%s of network %s overlaps %s of network %s",
		       bx, c->nets[x->net]->name, by, c->nets[y->net]->name);
}

/*
 * One pass over sorted prefixes with a stack of the prefixes containing
 * the current one. Prefixes are either disjoint or nested, so only the
 * innermost container can belong to another network without an earlier
 * prefix already having conflicted.
 */
static int rf_pfx_sweep(const struct rf_conf *c, const struct rf_pfx *v,
			u32 n, struct rf_err *e)
{
	u32 *stack, top = 0, i;
	int err = 0;

	/* At most one prefix of each length 0..128 contains another. */
	stack = kmalloc_array(129, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		const struct rf_pfx *p = &v[i], *q;

		while (top && !rf_pfx_contains(&v[stack[top - 1]], p))
			top--;
		q = top ? &v[stack[top - 1]] : NULL;
		if (q && (q->len == p->len || q->net != p->net)) {
			err = rf_pfx_conflict(c, p, q, e);
			break;
		}
		stack[top++] = i;
		if (!(i & 0xffff))
			cond_resched();
	}
	kfree(stack);
	return err;
}

/*
 * Check @p against a valid set: the prefixes it contains sort right after
 * it (any of another network, or of its own length, conflicts); of the
 * ones containing it only the longest can conflict.
 */
static int rf_pfx_check_one(const struct rf_conf *c, const struct rf_pset *s,
			    const struct rf_pfx *p, struct rf_err *e)
{
	const struct rf_pfx *q;
	struct rf_ppos pos;
	struct rf_pfx outer;
	u32 n = 0;
	int len;

	rf_pset_lower(s, p, &pos);
	for (q = rf_pset_at(s, &pos); q && rf_pfx_contains(p, q);
	     rf_pset_next(s, &pos), q = rf_pset_at(s, &pos)) {
		if (q->len == p->len || q->net != p->net)
			return rf_pfx_conflict(c, p, q, e);
		if (!(++n & 0xffff))
			cond_resched();
	}
	for (len = p->len - 1; len >= 0; len--) {
		outer = *p;
		outer.len = len;
		rf_key_mask(&outer.key, len);
		q = rf_pset_find(s, &outer, false);
		if (!q)
			continue;
		return q->net == p->net ? 0 : rf_pfx_conflict(c, p, q, e);
	}
	return 0;
}

/* Remove the entries marked deleted from the set. */
static int rf_pfxs_purge(struct rf_pfxs *x)
{
	struct rf_pfx gone;
	u32 i;
	int err;

	for (i = 0; x->set_dead && !x->chg_full && i < x->nchg; i++) {
		struct rf_ppos pos;
		const struct rf_pfx *q;

		rf_pset_lower(&x->set, &x->chg[i], &pos);
		q = rf_pset_at(&x->set, &pos);
		if (!q || q->net || rf_pfx_cmp(q, &x->chg[i]))
			continue;
		err = rf_pset_remove(&x->set, &x->chg[i], &gone);
		if (err)
			return err;
		x->set_dead--;
	}
	return 0;
}

/* Validate few additions one by one, inserting each into the set. */
static int rf_pfxs_validate_incr(struct rf_conf *c, struct rf_pfxs *x,
				 struct rf_err *e)
{
	struct rf_pfxvec *pv = &x->add;
	u32 i;
	int err;

	for (i = 0; i < pv->n; i++) {
		const struct rf_pfx *p = &pv->v[i];

		err = rf_pfx_check_one(c, &x->set, p, e);
		if (!err)
			err = rf_pset_insert(&x->set, p);
		if (err)
			return err;
		rf_pfxs_note(x, p);
	}
	pv->n = 0;
	pv->sorted = 0;
	return 0;
}

/*
 * The live entries of the set and the sorted additions, merged into one
 * sorted array (kvmalloc'ed) of *@n prefixes; NULL on failure.
 */
static struct rf_pfx *rf_pfxs_merged(struct rf_pfxs *x, u32 *n)
{
	struct rf_pfxvec *pv = &x->add;
	struct rf_pfx *both = NULL, *m;
	u32 na = 0, i;

	if (rf_pset_to_array(&x->set, &both))
		return NULL;
	for (i = 0; i < x->set.n; i++)
		if (both[i].net)
			both[na++] = both[i];
	*n = na + pv->n;
	m = kvmalloc_array(max_t(u32, *n, 1), sizeof(*m), RF_GFP_POLICY);
	if (m && pv->n) {
		/* [set | additions] in one array, then merged into @m */
		struct rf_pfx *t = kvmalloc_array(*n, sizeof(*t),
						  RF_GFP_POLICY);

		if (t) {
			if (na)
				memcpy(t, both, na * sizeof(*t));
			memcpy(t + na, pv->v, pv->n * sizeof(*t));
			rf_pfx_merge_runs(t, m, 0, na, *n);
			kvfree(t);
		} else {
			kvfree(m);
			m = NULL;
		}
	} else if (m && na) {
		memcpy(m, both, na * sizeof(*m));
	}
	kvfree(both);
	return m;
}

/* Validate many additions: merge, one sweep, a new set. */
static int rf_pfxs_validate_bulk(struct rf_conf *c, struct rf_pfxs *x,
				 struct rf_err *e)
{
	struct rf_pset set;
	struct rf_pfx *m;
	u32 n;
	int err;

	m = rf_pfxs_merged(x, &n);
	if (!m)
		return -ENOMEM;
	err = rf_pfx_sweep(c, m, n, e);
	if (!err)
		err = rf_pset_from_array(&set, m, n);
	kvfree(m);
	if (err)
		return err;
	rf_pset_release(&x->set);
	x->set = set;
	x->set_dead = 0;
	x->add.n = 0;
	x->add.sorted = 0;
	x->chg_full = true;
	return 0;
}

/**
 * rf_pfxs_validate() - check the overlap rule for one family's prefixes
 * @c: the policy
 * @f: the family
 * @e: error message naming both prefixes and both networks
 *
 * A prefix may not equal, contain or be contained in a prefix of another
 * network; nesting within one network is fine, duplicates are not. The
 * staged additions end up in the validated set.
 *
 * Return: 0 or a negative error code (@c is then to be discarded).
 */
int rf_pfxs_validate(struct rf_conf *c, int f, struct rf_err *e)
{
	struct rf_pfxs *x = &c->pfx[f];
	int err;

	err = rf_pfxvec_sort(&x->add);
	if (!err && x->set_dead && x->chg_full)
		return rf_pfxs_validate_bulk(c, x, e);
	if (!err)
		err = rf_pfxs_purge(x);
	if (err || !x->add.n)
		return err;
	if (x->add.n <= RF_INCR_ADDS && !x->chg_full)
		return rf_pfxs_validate_incr(c, x, e);
	return rf_pfxs_validate_bulk(c, x, e);
}

/**
 * rf_conf_npfx() - count the live prefixes of a policy
 * @c: the policy
 *
 * Return: the number of prefixes of both families.
 */
u32 rf_conf_npfx(const struct rf_conf *c)
{
	return rf_pfxs_count(&c->pfx[0]) + rf_pfxs_count(&c->pfx[1]);
}
