// SPDX-License-Identifier: GPL-2.0
/*
 * routefence generations: a validated configuration compiled into the
 * immutable form the packet path reads under RCU, and the per-packet
 * decision.
 */
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "gen.h"
#include "pset.h"

static struct rf_table *rf_table_build(const struct rf_pfxs *x, u8 maxlen)
{
	struct rf_table *t = kmalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	struct rf_pfx *v;
	long err;

	if (!t)
		return ERR_PTR(-ENOMEM);
	err = rf_pset_to_array(&x->set, &v);
	if (err)
		goto fail;
	t->lpm = rf_lpm_build(v, x->set.n, maxlen);
	kvfree(v);
	err = PTR_ERR_OR_ZERO(t->lpm);
	if (err)
		goto fail;
	refcount_set(&t->users, 1);
	t->ver = x->ver;
	t->updated = false;
	return t;
fail:
	kfree(t);
	return ERR_PTR(err);
}

/* ---- the table's source: the configuration's validated prefixes ---- */

static bool rf_key_le(const struct rf_key *a, const struct rf_key *b)
{
	return a->hi < b->hi || (a->hi == b->hi && a->lo <= b->lo);
}

static int rf_src_range(const void *priv, const struct rf_key *lo,
			const struct rf_key *hi, struct rf_pfx **v, u32 *n)
{
	const struct rf_pset *set = priv;
	const struct rf_pfx first = { .key = *lo };
	const struct rf_pfx *p;
	struct rf_ppos pos, start;
	u32 i;

	rf_pset_lower(set, &first, &start);
	pos = start;
	for (*n = 0; (p = rf_pset_at(set, &pos)) && rf_key_le(&p->key, hi);
	     rf_pset_next(set, &pos))
		++*n;
	*v = kvmalloc_array(max_t(u32, *n, 1), sizeof(**v), RF_GFP_POLICY);
	if (!*v)
		return -ENOMEM;
	for (i = 0, pos = start; i < *n; i++, rf_pset_next(set, &pos))
		(*v)[i] = *rf_pset_at(set, &pos);
	return 0;
}

static u16 rf_src_cover(const void *priv, const struct rf_key *k, u8 len)
{
	struct rf_pfx p = { .key = *k };
	const struct rf_pfx *q;
	int l;

	for (l = len; l >= 0; l--) {
		p.len = l;
		rf_key_mask(&p.key, l);
		q = rf_pset_find(priv, &p, false);
		if (q)
			return q->net;
	}
	return 0;
}

/* The table of @x updated from @prev's; NULL when it must be rebuilt. */
static struct rf_table *rf_table_update(const struct rf_table *prev,
					const struct rf_pfxs *x)
{
	const struct rf_lpm_src src = {
		.range = rf_src_range,
		.cover = rf_src_cover,
		.priv = &x->set,
	};
	struct rf_table *t;

	if (x->chg_full || prev->ver != x->chg_from)
		return NULL;
	t = kmalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->lpm = rf_lpm_update(prev->lpm, &src, x->chg, x->nchg);
	if (IS_ERR(t->lpm)) {
		long err = PTR_ERR(t->lpm);

		kfree(t);
		return err == -ENOSPC ? NULL : ERR_PTR(err);
	}
	refcount_set(&t->users, 1);
	t->ver = x->ver;
	t->updated = true;
	return t;
}

static void rf_table_put(struct rf_table *t)
{
	if (!t || !refcount_dec_and_test(&t->users))
		return;
	rf_lpm_free(t->lpm);
	kfree(t);
}

/*
 * Tables are shared with @prev when a family's prefixes did not change,
 * updated from @prev's when the changes are listed, built otherwise.
 */
static int rf_gen_build_lpm(struct rf_gen *g, const struct rf_conf *c,
			    const struct rf_gen *prev, struct rf_err *e)
{
	static const u8 maxlen[RF_NFAM] = { 32, 128 };
	int f;

	for (f = 0; f < RF_NFAM; f++) {
		const struct rf_pfxs *x = &c->pfx[f];
		struct rf_table *t;

		t = NULL;
		if (prev && prev->tab[f]->ver == x->ver) {
			t = prev->tab[f];
			refcount_inc(&t->users);
		} else if (prev) {
			t = rf_table_update(prev->tab[f], x);
		}
		if (!t)
			t = rf_table_build(x, maxlen[f]);
		if (IS_ERR(t))
			return rf_fail(e, PTR_ERR(t),
				       "cannot build the IPv%d lookup table (%ld)",
				       f == RF_FAM_V4 ? 4 : 6, PTR_ERR(t));
		g->tab[f] = t;
		g->lpm[f] = t->lpm;
	}
	return 0;
}

static int rf_gen_build_links(struct rf_gen *g, const struct rf_conf *c)
{
	size_t side = (size_t)g->max_id + 1;
	u32 i;

	g->allow = kvcalloc(BITS_TO_LONGS(side * side), sizeof(long),
			    RF_GFP_POLICY);
	if (!g->allow)
		return -ENOMEM;
	for (i = 0; i < c->nlinks; i++) {
		const struct rf_link *l = &c->links[i];

		__set_bit(l->a * side + l->b, g->allow);
		__set_bit(l->b * side + l->a, g->allow);
	}
	return 0;
}

static void rf_gen_build_nets(struct rf_gen *g, const struct rf_conf *c)
{
	u16 id;

	for (id = 1; id <= g->max_id; id++) {
		const struct rf_netdef *nd = c->nets[id];
		struct rf_gnet *gn = &g->nets[id];

		if (!nd)
			continue;
		gn->flags = RF_GNET_PRESENT;
		if (nd->deny_default)
			gn->flags |= RF_GNET_DENY_DEFAULT;
		if (nd->npfx[RF_FAM_V4])
			gn->flags |= RF_GNET_HAS_V4;
		if (nd->npfx[RF_FAM_V6])
			gn->flags |= RF_GNET_HAS_V6;
		strscpy(gn->name, nd->name, sizeof(gn->name));
	}
}

/**
 * rf_gen_build() - compile a validated policy into a generation
 * @c: the policy, after rf_conf_validate()
 * @prev: the generation in force, whose lookup tables are shared when the
 *	prefixes of a family did not change (may be NULL)
 * @genid: the generation number
 * @e: error message
 *
 * The networks' counters (nets[].stats) are left for the caller to set.
 *
 * Return: the generation, or an ERR_PTR().
 */
struct rf_gen *rf_gen_build(const struct rf_conf *c, const struct rf_gen *prev,
			    u32 genid, struct rf_err *e)
{
	struct rf_gen *g;
	int err;

	g = kvzalloc(struct_size(g, nets, c->max_id + 1), RF_GFP_POLICY);
	if (!g)
		return ERR_PTR(-ENOMEM);
	atomic_inc(&rf_objects);
	g->genid = genid;
	g->mode = c->set.mode;
	g->unmanaged = c->set.unmanaged;
	g->drop_events = c->set.drop_events;
	g->max_id = c->max_id;
	err = rf_gen_build_lpm(g, c, prev, e);
	if (!err)
		err = rf_gen_build_links(g, c);
	if (!err && c->ndevs) {
		g->devs = kmemdup(c->devs, c->ndevs * sizeof(*c->devs),
				  RF_GFP_POLICY);
		err = g->devs ? 0 : -ENOMEM;
		g->ndevs = c->ndevs;
	}
	if (err) {
		rf_gen_free(g);
		return ERR_PTR(err);
	}
	rf_gen_build_nets(g, c);
	return g;
}

/**
 * rf_gen_free() - free a generation no reader can see any more
 * @g: the generation (may be NULL); tables it shares stay with their users
 */
void rf_gen_free(struct rf_gen *g)
{
	int f;

	if (!g)
		return;
	for (f = 0; f < RF_NFAM; f++)
		rf_table_put(g->tab[f]);
	kvfree(g->allow);
	kvfree(g->devs);
	kvfree(g);
	atomic_dec(&rf_objects);
}

/* The network an interface is bound to, or 0. */
static u16 rf_gen_bound(const struct rf_gen *g, int ifindex)
{
	u32 lo = 0, hi = g->ndevs;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (g->devs[mid].ifindex == ifindex)
			return g->devs[mid].net;
		if (g->devs[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static bool rf_gen_linked(const struct rf_gen *g, u16 s, u16 d)
{
	return test_bit(s * ((size_t)g->max_id + 1) + d, g->allow);
}

/* A packet without a source network; before the first commit, every one. */
static u8 rf_unmanaged_reason(const struct rf_gen *g)
{
	if (unlikely(g->no_policy))
		return RF_REASON_NO_POLICY;
	return g->unmanaged == RF_UNMANAGED_DROP ? RF_REASON_UNMANAGED :
						   RF_REASON_NONE;
}

/**
 * rf_classify() - apply the forwarding rules to one packet
 * @g: the generation in force
 * @p: the packet: family, addresses, ingress and egress interfaces
 * @d: the decision: source and destination networks, the reason to drop
 *	(RF_REASON_NONE to forward), and whether the caller must check that
 *	the route is not a default route (@need_route)
 */
void rf_classify(const struct rf_gen *g, const struct rf_pkt *p,
		 struct rf_decision *d)
{
	u8 has = p->fam == RF_FAM_V4 ? RF_GNET_HAS_V4 : RF_GNET_HAS_V6;
	u16 by_src, by_dst, bound;

	rf_lpm_lookup2(g->lpm[p->fam], &p->src, &p->dst, &by_src, &by_dst);
	bound = g->ndevs ? rf_gen_bound(g, p->iif) : 0;
	d->snet = bound ?: by_src;
	d->dnet = by_dst ?: (g->ndevs ? rf_gen_bound(g, p->oif) : 0);
	d->reason = RF_REASON_NONE;
	d->need_route = false;
	if (bound && (g->nets[bound].flags & has) && by_src != bound)
		d->reason = RF_REASON_SPOOFED;
	else if (!d->snet)
		d->reason = rf_unmanaged_reason(g);
	else if (d->dnet && d->dnet != d->snet &&
		 !rf_gen_linked(g, d->snet, d->dnet))
		d->reason = RF_REASON_NOT_LINKED;
	else
		d->need_route = g->nets[d->snet].flags & RF_GNET_DENY_DEFAULT;
}
