// SPDX-License-Identifier: GPL-2.0
/*
 * routefence packet path: IPv4 and IPv6 NF_INET_FORWARD hooks, registered per
 * namespace. Each packet reads the generation in force once (netfilter hooks
 * run under RCU), is classified, counted per CPU and forwarded or dropped.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_fib.h>
#include <net/route.h>

#include "compat.h"

#include "routefence.h"

#define RF_HOOK_PRIORITY	(NF_IP_PRI_FILTER + 10)

static void rf_key_v4(struct rf_key *k, __be32 a)
{
	k->hi = (u64)ntohl(a) << 32;
	k->lo = 0;
}

static void rf_key_v6(struct rf_key *k, const struct in6_addr *a)
{
	k->hi = get_unaligned_be64(&a->s6_addr[0]);
	k->lo = get_unaligned_be64(&a->s6_addr[8]);
}

/* The IPv4 dst does not keep the route's prefix length: ask the FIB. */
static int rf_route4(struct net *net, __be32 saddr, __be32 daddr, u8 tos,
		     u32 mark, int iif, int *oif)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_iif = iif ?: LOOPBACK_IFINDEX,
		.flowi4_mark = mark,
		.flowi4_tos = RF_FIB4_INPUT_TOS(tos),
		.flowi4_scope = RT_SCOPE_UNIVERSE,
	};
	struct fib_result res;

	if (fib_lookup(net, &fl4, &res, FIB_LOOKUP_NOREF))
		return -ENETUNREACH;
	if (res.type != RTN_UNICAST)
		return res.type == RTN_LOCAL ? -EADDRNOTAVAIL : -ENETUNREACH;
	if (oif)
		*oif = FIB_RES_DEV(res) ? FIB_RES_DEV(res)->ifindex : 0;
	return res.prefixlen;
}

static int rf_route6_plen(const struct dst_entry *dst)
{
	const struct rt6_info *rt = (const struct rt6_info *)dst;
	struct fib6_info *from;

	if (!dst || dst->error)
		return -ENETUNREACH;
	from = rcu_dereference(rt->from);
	return from ? from->fib6_dst.plen : -ENETUNREACH;
}

static int rf_route6(struct net *net, const struct rf_pkt *p, int *oif)
{
	struct flowi6 fl6 = { .flowi6_iif = LOOPBACK_IFINDEX };
	struct net_device *dev = NULL;
	struct dst_entry *dst;
	int plen;

	put_unaligned_be64(p->src.hi, &fl6.saddr.s6_addr[0]);
	put_unaligned_be64(p->src.lo, &fl6.saddr.s6_addr[8]);
	put_unaligned_be64(p->dst.hi, &fl6.daddr.s6_addr[0]);
	put_unaligned_be64(p->dst.lo, &fl6.daddr.s6_addr[8]);
	if (p->iif)
		dev = dev_get_by_index_rcu(net, p->iif);
	if (dev) {
		fl6.flowi6_iif = p->iif;
		dst = ip6_route_input_lookup(net, dev, &fl6, NULL, 0);
	} else {
		dst = ip6_route_output(net, NULL, &fl6);
	}
	plen = rf_route6_plen(dst);
	if (plen >= 0 && (((struct rt6_info *)dst)->rt6i_flags & RTF_LOCAL))
		plen = -EADDRNOTAVAIL;
	if (plen >= 0)
		*oif = dst->dev->ifindex;
	dst_release(dst);
	return plen;
}

/**
 * rf_route_plen() - the kernel's route for a hypothetical packet
 * @net: the namespace
 * @p: the packet (addresses and optional ingress interface)
 * @plen: the route's prefix length
 * @oif: the route's egress interface
 *
 * Caller holds rcu_read_lock().
 *
 * Return: true if the packet would be forwarded along a unicast route.
 */
bool rf_route_plen(struct net *net, const struct rf_pkt *p, int *plen,
		   int *oif)
{
	*oif = 0;
	if (p->fam == RF_FAM_V4)
		*plen = rf_route4(net, htonl(p->src.hi >> 32),
				  htonl(p->dst.hi >> 32), 0, 0, p->iif, oif);
	else
		*plen = rf_route6(net, p, oif);
	return *plen >= 0;
}

static void rf_count(struct rf_stats __percpu *s, u8 reason, unsigned int len,
		     bool fwd)
{
	struct rf_stats *c;

	if (!s)
		return;
	c = this_cpu_ptr(s);
	u64_stats_update_begin(&c->syncp);
	if (reason)
		u64_stats_inc(&c->reason[reason]);
	if (fwd) {
		u64_stats_inc(&c->fwd_packets);
		u64_stats_add(&c->fwd_bytes, len);
	}
	u64_stats_update_end(&c->syncp);
}

static unsigned int rf_verdict(struct rf_ns *ns, const struct rf_gen *g,
			       const struct rf_pkt *p,
			       const struct rf_decision *d, unsigned int len)
{
	bool fwd = !d->reason || g->mode == RF_MODE_AUDIT;

	rf_count(ns->total, d->reason, len, fwd);
	if (d->snet)
		rf_count(g->nets[d->snet].stats, d->reason, len, fwd);
	if (d->reason && g->drop_events)
		rf_nl_notify_drop(ns, g, p, d);
	return fwd ? NF_ACCEPT : NF_DROP;
}

static unsigned int rf_hook_v4(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct rf_ns *ns = priv;
	struct rf_decision d;
	struct rf_gen *g;
	struct rf_pkt p;

	p.fam = RF_FAM_V4;
	p.iif = state->in->ifindex;
	p.oif = state->out->ifindex;
	rf_key_v4(&p.src, iph->saddr);
	rf_key_v4(&p.dst, iph->daddr);
	g = rcu_dereference(ns->gen);
	rf_classify(g, &p, &d);
	if (d.need_route && !rf_route4(state->net, iph->saddr, iph->daddr,
				       iph->tos, skb->mark, p.iif, NULL))
		d.reason = RF_REASON_DEFAULT_ROUTE;
	return rf_verdict(ns, g, &p, &d, skb->len);
}

static unsigned int rf_hook_v6(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct rf_ns *ns = priv;
	struct rf_decision d;
	struct rf_gen *g;
	struct rf_pkt p;

	p.fam = RF_FAM_V6;
	p.iif = state->in->ifindex;
	p.oif = state->out->ifindex;
	rf_key_v6(&p.src, &ip6h->saddr);
	rf_key_v6(&p.dst, &ip6h->daddr);
	g = rcu_dereference(ns->gen);
	rf_classify(g, &p, &d);
	if (d.need_route && !rf_route6_plen(skb_dst(skb)))
		d.reason = RF_REASON_DEFAULT_ROUTE;
	return rf_verdict(ns, g, &p, &d, skb->len);
}

/**
 * rf_hook_register() - hook a namespace's forwarded traffic
 * @ns: the namespace's state
 *
 * Return: 0 or a negative error code.
 */
int rf_hook_register(struct rf_ns *ns)
{
	ns->ops[0] = (struct nf_hook_ops) {
		.hook = rf_hook_v4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = RF_HOOK_PRIORITY,
		.priv = ns,
	};
	ns->ops[1] = ns->ops[0];
	ns->ops[1].hook = rf_hook_v6;
	ns->ops[1].pf = NFPROTO_IPV6;
	return nf_register_net_hooks(ns->net, ns->ops, ARRAY_SIZE(ns->ops));
}

/**
 * rf_hook_unregister() - unhook a namespace
 * @ns: the namespace's state
 *
 * Packets already in the hook may still be running: free what they use
 * only after a grace period.
 */
void rf_hook_unregister(struct rf_ns *ns)
{
	nf_unregister_net_hooks(ns->net, ns->ops, ARRAY_SIZE(ns->ops));
}
