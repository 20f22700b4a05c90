// SPDX-License-Identifier: GPL-2.0
/*
 * routefence drop reports: a violation seen by the packet path is told to
 * the drops group, rate-limited per namespace, and only built when someone
 * listens. EVAL answers with the same description of a packet.
 */
#include <linux/jiffies.h>

#include "nl-msg.h"
#include "report.h"

static bool rf_report_budget(struct rf_ns *ns, u32 rate)
{
	bool ok;

	spin_lock(&ns->rl_lock);
	if (time_after_eq(jiffies, ns->rl_stamp + HZ)) {
		ns->rl_stamp = jiffies;
		ns->rl_budget = rate;
	}
	ok = ns->rl_budget > 0;
	if (ok)
		ns->rl_budget--;
	spin_unlock(&ns->rl_lock);
	return ok;
}

/**
 * rf_report_put_packet() - put a decision about a packet
 * @skb: the message (a drop report or an EVAL reply)
 * @netns: the namespace
 * @g: the generation the decision was made with
 * @p: the packet
 * @d: the decision
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_report_put_packet(struct sk_buff *skb, struct net *netns,
			 const struct rf_gen *g, const struct rf_pkt *p,
			 const struct rf_decision *d)
{
	if (nla_put_u32(skb, RF_A_REASON, d->reason) ||
	    rf_nl_put_addr(skb, RF_A_SRC, p->fam, &p->src) ||
	    rf_nl_put_addr(skb, RF_A_DST, p->fam, &p->dst) ||
	    rf_nl_put_net(skb, RF_A_SRC_NET_ID, d->snet, RF_A_SRC_NET_NAME,
			  g->nets[d->snet].name) ||
	    rf_nl_put_net(skb, RF_A_DST_NET_ID, d->dnet, RF_A_DST_NET_NAME,
			  g->nets[d->dnet].name) ||
	    (p->iif && nla_put_u32(skb, RF_A_IIF, p->iif)) ||
	    rf_nl_put_ifname(skb, netns, RF_A_IIFNAME, p->iif) ||
	    (p->oif && nla_put_u32(skb, RF_A_OIF, p->oif)) ||
	    rf_nl_put_ifname(skb, netns, RF_A_OIFNAME, p->oif))
		return -EMSGSIZE;
	if (d->reason && g->mode == RF_MODE_AUDIT &&
	    nla_put_flag(skb, RF_A_AUDIT))
		return -EMSGSIZE;
	return 0;
}

/**
 * rf_report_drop() - report a violation on the drops group
 * @ns: the namespace's state
 * @g: the generation in force
 * @p: the packet
 * @d: the decision
 *
 * Context: the packet path (RCU); rate-limited to g->drop_events a second.
 */
void rf_report_drop(struct rf_ns *ns, const struct rf_gen *g,
		    const struct rf_pkt *p, const struct rf_decision *d)
{
	struct rf_nl_dest dest;
	struct sk_buff *skb;
	void *hdr;

	if (!rf_nl_async_dest(&dest, ns->netns, RF_NLGRP_DROPS) ||
	    !rf_report_budget(ns, g->drop_events))
		return;
	skb = rf_nl_msg_new(dest.family, 0, 0, 0, RF_CMD_DROP_NTF, &hdr,
			    GFP_ATOMIC);
	if (!skb)
		return;
	if (rf_report_put_packet(skb, ns->netns, g, p, d)) {
		nlmsg_free(skb);
		return;
	}
	rf_nl_notify_send(&dest, skb, hdr, RF_NLGRP_DROPS, GFP_ATOMIC);
}
