// SPDX-License-Identifier: GPL-2.0
/*
 * routefence route lookups: the prefix length of the route a forwarded
 * packet takes, to tell a default route from a specific one.
 *
 * IPv6: the route the kernel chose is the packet's dst, whose fib6_info
 * records the prefix length; an IPsec bundle is unwrapped to the route it
 * was made for. Except for routes using a nexthop object (routing daemons
 * install them so, FRR gives a default route and specific routes one ECMP
 * group): their per-CPU dst cache lives in the nexthop and is shared by
 * every route using it, so the dst's fib6_info is whichever route filled
 * the cache first. For those the FIB is asked again with the packet's
 * flow (ingress device, mark, flow label, protocol).
 *
 * IPv4: input routes are cached per nexthop and shared by every prefix that
 * uses it, so the dst cannot tell which prefix matched. The FIB is asked
 * again with exactly the flow key ip_route_input_slow() used: ingress device
 * (the VRF device under VRF), mark, DSCP/TOS as the running kernel masks it
 * (compat.h), uid, and the L4 protocol and ports when policy routing rules
 * need them. Tunnel ids of collect-metadata tunnels are gone by the time a
 * packet is forwarded: rules matching tun_id cannot be reproduced.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_fib.h>
#include <net/ipv6_stubs.h>
#include <net/l3mdev.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "compat.h"
#include "route.h"

/* The IPv4 FIB's answer for @fl4: a unicast route's prefix length. */
static int rf_fib4_plen(struct net *netns, struct flowi4 *fl4, int *oif)
{
	struct fib_result res;

	if (fib_lookup(netns, fl4, &res, FIB_LOOKUP_NOREF))
		return -ENETUNREACH;
	if (res.type != RTN_UNICAST)
		return res.type == RTN_LOCAL ? -EADDRNOTAVAIL : -ENETUNREACH;
	if (oif)
		*oif = FIB_RES_DEV(res) ? FIB_RES_DEV(res)->ifindex : 0;
	return res.prefixlen;
}

/* A bridged packet (br_netfilter) carries a fake route: it was not routed. */
static bool rf_route_fake(const struct sk_buff *skb)
{
	const struct dst_entry *dst = skb_dst(skb);

	return dst && (dst->flags & DST_FAKE_RTABLE);
}

/* The prefix length of a forwarded IPv4 packet's route (see above). */
static int rf_route4_plen(struct sk_buff *skb, const struct net_device *in)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct net *netns = dev_net(in);
	struct flow_keys flkeys;
	struct flowi4 fl4 = {
		.flowi4_iif = in->ifindex,
		.flowi4_mark = skb->mark,
		.flowi4_tos = RF_FIB4_INPUT_TOS(iph->tos),
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		.flowi4_uid = sock_net_uid(netns, NULL),
		.daddr = iph->daddr,
		.saddr = iph->saddr,
	};

	if (!fib4_rules_early_flow_dissect(netns, skb, &fl4, &flkeys)) {
		fl4.flowi4_proto = 0;
		fl4.fl4_sport = 0;
		fl4.fl4_dport = 0;
	}
	return rf_fib4_plen(netns, &fl4, NULL);
}

/**
 * rf_route4_default() - is a forwarded IPv4 packet routed by a default route?
 * @skb: the packet, at the forward hook
 * @in: the device its input route lookup used (the hook's state->in)
 *
 * Multicast forwarding and bridged packets use no unicast route: never.
 *
 * Context: rcu_read_lock() held (netfilter hooks).
 * Return: true for a route of prefix length 0.
 */
bool rf_route4_default(struct sk_buff *skb, const struct net_device *in)
{
	if (ipv4_is_multicast(ip_hdr(skb)->daddr) || rf_route_fake(skb))
		return false;
	return rf_route4_plen(skb, in) == 0;
}

/* The IPv6 FIB's answer for @fl6 (policy rules included). */
static int rf_fib6_plen(struct net *netns, struct flowi6 *fl6)
{
	int flags = RT6_LOOKUP_F_HAS_SADDR;
	struct fib6_result res = {};

	if (ipv6_stub->fib6_lookup(netns, 0, fl6, &res, flags) || !res.f6i ||
	    res.f6i == netns->ipv6.fib6_null_entry)
		return -ENETUNREACH;
	if (res.f6i->fib6_type == RTN_LOCAL)
		return -EADDRNOTAVAIL;
	if (res.f6i->fib6_type != RTN_UNICAST)
		return -ENETUNREACH;
	return res.f6i->fib6_dst.plen;
}

/*
 * The prefix length of an IPv6 route, after unwrapping an IPsec bundle; of
 * the FIB's route for @fl6 when the dst's route uses a nexthop object.
 */
static int rf_dst6_plen(const struct dst_entry *dst, struct net *netns,
			struct flowi6 *fl6)
{
	const struct fib6_info *from;

	if (dst && (dst->xfrm || (dst->flags & DST_XFRM_QUEUE)))
		dst = ((const struct xfrm_dst *)dst)->route;
	if (!dst || dst->error || dst->ops->family != AF_INET6)
		return -ENETUNREACH;
	from = rcu_dereference(((const struct rt6_info *)dst)->from);
	if (!from)
		return -ENETUNREACH;
	if (!from->nh)
		return from->fib6_dst.plen;
	return rf_fib6_plen(netns, fl6);
}

/* A forwarded IPv6 packet's flow, as its input route lookup saw it. */
static void rf_flow6(struct flowi6 *fl6, const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	memset(fl6, 0, sizeof(*fl6));
	fl6->flowi6_iif = skb->dev->ifindex;
	fl6->flowi6_mark = skb->mark;
	fl6->flowi6_proto = ip6h->nexthdr;
	fl6->flowlabel = ip6_flowinfo(ip6h);
	fl6->daddr = ip6h->daddr;
	fl6->saddr = ip6h->saddr;
}

/**
 * rf_route6_default() - is a forwarded IPv6 packet routed by a default route?
 * @skb: the packet, at the forward hook
 *
 * The route is the packet's dst (unwrapped from an IPsec bundle), or the
 * FIB's answer for its flow when the dst comes from a nexthop object's
 * shared cache. Multicast forwarding and bridged packets use no unicast
 * route: never.
 *
 * Context: rcu_read_lock() held (netfilter hooks).
 * Return: true for a route of prefix length 0.
 */
bool rf_route6_default(const struct sk_buff *skb)
{
	struct flowi6 fl6;

	if (ipv6_addr_is_multicast(&ipv6_hdr(skb)->daddr) || rf_route_fake(skb))
		return false;
	rf_flow6(&fl6, skb);
	return rf_dst6_plen(skb_dst(skb), dev_net(skb->dev), &fl6) == 0;
}

/* The device whose FIB an input lookup on @iif uses: its VRF, if any. */
static struct net_device *rf_route_indev(struct net *netns, int iif)
{
	struct net_device *dev = iif ? dev_get_by_index_rcu(netns, iif) : NULL;
	int l3;

	if (!dev)
		return NULL;
	l3 = l3mdev_master_ifindex_rcu(dev);
	return l3 ? dev_get_by_index_rcu(netns, l3) : dev;
}

static int rf_route_eval4(struct net *netns, const struct rf_pkt *p,
			  struct net_device *in, int *oif)
{
	struct flowi4 fl4 = {
		.flowi4_iif = in ? in->ifindex : LOOPBACK_IFINDEX,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
		.flowi4_uid = sock_net_uid(netns, NULL),
		.daddr = htonl(p->dst.hi >> 32),
		.saddr = htonl(p->src.hi >> 32),
	};

	return rf_fib4_plen(netns, &fl4, oif);
}

static int rf_route_eval6(struct net *netns, const struct rf_pkt *p,
			  struct net_device *in, int *oif)
{
	struct flowi6 fl6 = { .flowi6_iif = LOOPBACK_IFINDEX };
	struct dst_entry *dst;
	int plen;

	put_unaligned_be64(p->src.hi, &fl6.saddr.s6_addr[0]);
	put_unaligned_be64(p->src.lo, &fl6.saddr.s6_addr[8]);
	put_unaligned_be64(p->dst.hi, &fl6.daddr.s6_addr[0]);
	put_unaligned_be64(p->dst.lo, &fl6.daddr.s6_addr[8]);
	if (in) {
		fl6.flowi6_iif = in->ifindex;
		dst = ip6_route_input_lookup(netns, in, &fl6, NULL, 0);
	} else {
		dst = ip6_route_output(netns, NULL, &fl6);
	}
	plen = rf_dst6_plen(dst, netns, &fl6);
	if (plen >= 0 && (((struct rt6_info *)dst)->rt6i_flags & RTF_LOCAL))
		plen = -EADDRNOTAVAIL;
	if (plen >= 0)
		*oif = dst->dev->ifindex;
	dst_release(dst);
	return plen;
}

/**
 * rf_route_eval() - the kernel's route for a hypothetical forwarded packet
 * @netns: the namespace
 * @p: the packet: addresses and an optional ingress interface (a VRF port
 *	is looked up in its VRF's table, as the kernel does)
 * @oif: the route's egress interface
 *
 * Context: rcu_read_lock() held.
 * Return: the route's prefix length, -EADDRNOTAVAIL for a local address,
 *	or another negative error code when there is no unicast route.
 */
int rf_route_eval(struct net *netns, const struct rf_pkt *p, int *oif)
{
	struct net_device *in = rf_route_indev(netns, p->iif);

	*oif = 0;
	if (p->fam == RF_FAM_V4)
		return rf_route_eval4(netns, p, in, oif);
	return rf_route_eval6(netns, p, in, oif);
}
