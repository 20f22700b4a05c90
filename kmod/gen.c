// SPDX-License-Identifier: GPL-2.0
/*
 * routefence generations: a validated policy compiled into the immutable form
 * the packet path reads under RCU, and the per-packet decision.
 */
#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "policy.h"

static int rf_gen_build_lpm(struct rf_gen *g, const struct rf_conf *c,
			    const struct rf_gen *prev, struct rf_err *e)
{
	static const u8 maxlen[RF_NFAM] = { 32, 128 };
	int f;

	for (f = 0; f < RF_NFAM; f++) {
		const struct rf_pfxvec *pv = &c->pfx[f];
		struct rf_lpm *t;

		g->pfx_ver[f] = pv->ver;
		if (prev && prev->pfx_ver[f] == pv->ver) {
			g->lpm[f] = prev->lpm[f];
			continue;
		}
		t = rf_lpm_build(pv->v, pv->n, maxlen[f]);
		if (IS_ERR(t))
			return rf_fail(e, PTR_ERR(t),
				       "cannot build the IPv%d lookup table (%ld)",
				       f == RF_FAM_V4 ? 4 : 6, PTR_ERR(t));
		g->lpm[f] = t;
	}
	return 0;
}

static int rf_gen_build_links(struct rf_gen *g, const struct rf_conf *c)
{
	size_t side = (size_t)g->max_id + 1;
	u32 i;

	g->allow = kvcalloc(BITS_TO_LONGS(side * side), sizeof(long),
			    GFP_KERNEL_ACCOUNT);
	if (!g->allow)
		return -ENOMEM;
	for (i = 0; i < c->nlinks; i++) {
		const struct rf_link *l = &c->links[i];

		__set_bit(l->a * side + l->b, g->allow);
		__set_bit(l->b * side + l->a, g->allow);
	}
	return 0;
}

static void rf_gen_build_nets(struct rf_gen *g, const struct rf_conf *c,
			      struct rf_stats __percpu *const *stats)
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
		gn->stats = stats ? stats[id] : NULL;
	}
}

/**
 * rf_gen_build() - compile a validated policy into a generation
 * @c: the policy, after rf_conf_validate()
 * @prev: the generation in force, whose lookup tables are reused when the
 *	prefixes of a family did not change (may be NULL)
 * @stats: per-network counters indexed by id (may be NULL)
 * @genid: the generation number
 * @e: error message
 *
 * Return: the generation, or an ERR_PTR().
 */
struct rf_gen *rf_gen_build(const struct rf_conf *c, const struct rf_gen *prev,
			    struct rf_stats __percpu *const *stats, u32 genid,
			    struct rf_err *e)
{
	struct rf_gen *g;
	int err;

	g = kvzalloc(struct_size(g, nets, c->max_id + 1), GFP_KERNEL_ACCOUNT);
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
				  GFP_KERNEL_ACCOUNT);
		err = g->devs ? 0 : -ENOMEM;
		g->ndevs = c->ndevs;
	}
	if (err) {
		rf_gen_free(g, prev);
		return ERR_PTR(err);
	}
	rf_gen_build_nets(g, c, stats);
	return g;
}

/**
 * rf_gen_free() - free a generation no reader can see any more
 * @g: the generation (may be NULL)
 * @keep: a generation whose lookup tables @g may share (may be NULL)
 */
void rf_gen_free(struct rf_gen *g, const struct rf_gen *keep)
{
	int f;

	if (!g)
		return;
	for (f = 0; f < RF_NFAM; f++)
		if (g->lpm[f] && !(keep && keep->lpm[f] == g->lpm[f]))
			rf_lpm_free(g->lpm[f]);
	kvfree(g->allow);
	kvfree(g->devs);
	kvfree(g);
	atomic_dec(&rf_objects);
}

static u16 rf_gen_dev(const struct rf_gen *g, int ifindex)
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
	bound = g->ndevs ? rf_gen_dev(g, p->iif) : 0;
	d->snet = bound ?: by_src;
	d->dnet = by_dst ?: (g->ndevs ? rf_gen_dev(g, p->oif) : 0);
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
