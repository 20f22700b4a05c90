// SPDX-License-Identifier: GPL-2.0
/*
 * routefence packet path: IPv4 and IPv6 NF_INET_FORWARD hooks, registered per
 * namespace. Each packet reads the generation in force once (netfilter hooks
 * run under RCU), is classified, counted per CPU, reported if it breaks a
 * rule and someone listens, and forwarded or dropped.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>

#include "compat.h"
#include "hook.h"
#include "ns.h"
#include "report.h"
#include "route.h"

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

static unsigned int rf_verdict(struct rf_ns *ns, const struct rf_gen *g,
			       const struct rf_pkt *p,
			       const struct rf_decision *d, unsigned int len)
{
	bool fwd = !d->reason || g->mode == RF_MODE_AUDIT;

	rf_stats_count(ns->total.pcpu, d->reason, len, fwd);
	if (d->snet)
		rf_stats_count(g->nets[d->snet].stats, d->reason, len, fwd);
	if (d->reason && g->drop_events)
		rf_report_drop(ns, g, p, d);
	return fwd ? NF_ACCEPT : NF_DROP;
}

/*
 * Bindings are of the port a packet came in on: under VRF, the hook sees
 * the VRF device, the port is the packet's sdif.
 */
static unsigned int rf_hook_v4(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct rf_ns *ns = priv;
	struct rf_decision d;
	struct rf_gen *g;
	struct rf_pkt p;

	p.fam = RF_FAM_V4;
	p.iif = inet_sdif(skb) ?: state->in->ifindex;
	p.oif = state->out->ifindex;
	rf_key_v4(&p.src, iph->saddr);
	rf_key_v4(&p.dst, iph->daddr);
	g = rcu_dereference(ns->gen);
	rf_classify(g, &p, &d);
	if (d.need_route && rf_route4_default(skb, state->in))
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
	p.iif = inet6_sdif(skb) ?: state->in->ifindex;
	p.oif = state->out->ifindex;
	rf_key_v6(&p.src, &ip6h->saddr);
	rf_key_v6(&p.dst, &ip6h->daddr);
	g = rcu_dereference(ns->gen);
	rf_classify(g, &p, &d);
	if (d.need_route && rf_route6_default(skb))
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
	return nf_register_net_hooks(ns->netns, ns->ops, ARRAY_SIZE(ns->ops));
}

/**
 * rf_hook_unregister() - unhook a namespace
 * @ns: the namespace's state
 *
 * Packets may still be inside the hooks when this returns: free what they
 * read only after a grace period.
 */
void rf_hook_unregister(struct rf_ns *ns)
{
	nf_unregister_net_hooks(ns->netns, ns->ops, ARRAY_SIZE(ns->ops));
}
