// SPDX-License-Identifier: GPL-2.0
/*
 * routefence EVAL: what would happen to one forwarded packet, decided by the
 * packet path's own code with the kernel's FIB (like `ip route get`).
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>

#include "extack.h"
#include "nl-msg.h"
#include "ns.h"
#include "report.h"
#include "route.h"

static int rf_eval_parse(struct genl_info *info, struct rf_pkt *p)
{
	struct nlattr *src = info->attrs[RF_A_SRC];
	struct nlattr *dst = info->attrs[RF_A_DST];
	struct rf_pfx a, b;
	struct rf_err e;
	bool exists;

	if (!src)
		return rf_nl_missing(info->extack, NULL, RF_A_SRC,
				     "source address");
	if (!dst)
		return rf_nl_missing(info->extack, NULL, RF_A_DST,
				     "destination address");
	if (rf_pfx_parse(&a, nla_data(src), nla_len(src), nla_len(src) * 8, 0,
			 &e))
		return rf_nl_fail(info->extack, src, -EINVAL, &e);
	if (rf_pfx_parse(&b, nla_data(dst), nla_len(dst), nla_len(dst) * 8, 0,
			 &e))
		return rf_nl_fail(info->extack, dst, -EINVAL, &e);
	if (nla_len(src) != nla_len(dst))
		return rf_nl_err(info->extack, dst, -EINVAL,
				 "source and destination must both be IPv4 or both IPv6 addresses");
	p->fam = rf_pfx_fam(&a);
	p->src = a.key;
	p->dst = b.key;
	p->iif = info->attrs[RF_A_IIF] ? nla_get_u32(info->attrs[RF_A_IIF]) : 0;
	p->oif = 0;
	if (!p->iif)
		return 0;
	rcu_read_lock();
	exists = dev_get_by_index_rcu(genl_info_net(info), p->iif);
	rcu_read_unlock();
	if (!exists)
		return rf_nl_err(info->extack, info->attrs[RF_A_IIF], -ENODEV,
				 "no interface with index %d", p->iif);
	return 0;
}

static int rf_eval_noroute(struct genl_info *info, int err)
{
	struct nlattr *dst = info->attrs[RF_A_DST];

	if (nla_len(dst) == 4)
		return rf_nl_err(info->extack, dst, err, err == -EADDRNOTAVAIL ?
				 "%pI4 is a local address, not forwarded" :
				 "no route to %pI4", nla_data(dst));
	return rf_nl_err(info->extack, dst, err, err == -EADDRNOTAVAIL ?
			 "%pI6c is a local address, not forwarded" :
			 "no route to %pI6c", nla_data(dst));
}

/* Called under RCU: classify with the generation in force and fill in. */
static int rf_eval_fill(struct sk_buff *msg, struct net *netns,
			struct rf_pkt *p, int plen)
{
	struct rf_gen *g = rcu_dereference(rf_ns_get(netns)->gen);
	struct rf_decision d;
	u32 verdict;

	rf_classify(g, p, &d);
	if (d.need_route && plen == 0)
		d.reason = RF_REASON_DEFAULT_ROUTE;
	verdict = d.reason && g->mode == RF_MODE_ENFORCE ? RF_VERDICT_DROP :
							   RF_VERDICT_ACCEPT;
	if (nla_put_u32(msg, RF_A_VERDICT, verdict) ||
	    rf_report_put_packet(msg, netns, g, p, &d) ||
	    nla_put_u32(msg, RF_A_ROUTE_PLEN, plen))
		return -EMSGSIZE;
	return 0;
}

/**
 * rf_nl_eval_doit() - EVAL: the verdict on one hypothetical packet
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_eval_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *netns = genl_info_net(info);
	struct sk_buff *msg;
	struct rf_pkt p;
	int plen, err;
	void *hdr;

	err = rf_eval_parse(info, &p);
	if (err)
		return err;
	msg = rf_nl_msg_new(rf_nl_family(), info->snd_portid, info->snd_seq, 0,
			    RF_CMD_EVAL, &hdr, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	plen = rf_route_eval(netns, &p, &p.oif);
	if (plen < 0)
		err = rf_eval_noroute(info, plen);
	else if (rf_eval_fill(msg, netns, &p, plen))
		err = -EMSGSIZE;
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
