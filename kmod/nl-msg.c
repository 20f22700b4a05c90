// SPDX-License-Identifier: GPL-2.0
/*
 * routefence messages: building and sending them, and the attributes every
 * object shares (addresses, network references, interface names, counters).
 *
 * Handlers use the family only while it is registered. Messages sent on the
 * kernel's own initiative (drop reports from the packet path, an interface
 * that went away) go through a second pointer, which module exit clears
 * before it unregisters the family.
 */
#include <linux/netdevice.h>

#include "compat.h"
#include "nl-msg.h"

static const struct genl_family *rf_family_registered;
static const struct genl_family __rcu *rf_async_family;

/**
 * rf_nl_msg_init() - the family is registered: handlers and the kernel may
 *	send messages
 * @family: the family
 */
void rf_nl_msg_init(const struct genl_family *family)
{
	rf_family_registered = family;
	rcu_assign_pointer(rf_async_family, family);
}

/**
 * rf_nl_family() - the family, for handlers (which run only while it is
 *	registered)
 *
 * Return: the family.
 */
const struct genl_family *rf_nl_family(void)
{
	return rf_family_registered;
}

/**
 * rf_nl_msg_exit() - stop the kernel's own messages, waiting for the packet
 *	path's drop reports in flight
 */
void rf_nl_msg_exit(void)
{
	RCU_INIT_POINTER(rf_async_family, NULL);
	synchronize_rcu();
}

/**
 * rf_nl_async_dest() - where a message the kernel sends on its own goes
 * @d: filled in
 * @netns: the namespace
 * @group: the multicast group
 *
 * Context: rcu_read_lock() held; @d is valid inside it.
 * Return: false when nobody listens (or the module is going away).
 */
bool rf_nl_async_dest(struct rf_nl_dest *d, struct net *netns, int group)
{
	d->family = rcu_dereference(rf_async_family);
	d->info = NULL;
	d->netns = netns;
	return d->family && genl_has_listeners(d->family, netns, group);
}

/**
 * rf_nl_msg_new() - start a message
 * @family: the family
 * @portid: the destination port (0 for notifications)
 * @seq: the sequence number
 * @flags: netlink flags
 * @cmd: the command
 * @hdr: the header, for genlmsg_end()
 * @gfp: GFP_KERNEL, or GFP_ATOMIC on the packet path (the forward hook runs
 *	with bottom halves disabled, also in process context such as pktgen's
 *	threads, where in_task() is true)
 *
 * Return: the message, or NULL.
 */
struct sk_buff *rf_nl_msg_new(const struct genl_family *family, u32 portid,
			      u32 seq, u16 flags, u8 cmd, void **hdr,
			      gfp_t gfp)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, portid, seq, family, flags, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/**
 * rf_nl_notify_send() - end and send a notification
 * @d: where it goes: with a request, to the group and, with NLM_F_ECHO, to
 *	the requester; without one, to the group
 * @skb: the message
 * @hdr: its header
 * @group: the multicast group
 * @gfp: as for rf_nl_msg_new()
 */
void rf_nl_notify_send(const struct rf_nl_dest *d, struct sk_buff *skb,
		       void *hdr, int group, gfp_t gfp)
{
	genlmsg_end(skb, hdr);
	if (d->info)
		genl_notify(d->family, skb, d->info, group, gfp);
	else
		genlmsg_multicast_netns(d->family, d->netns, skb, 0, group,
					gfp);
}

/**
 * rf_nl_put_addr() - put a prefix or address key as 4 or 16 bytes
 * @skb: the message
 * @type: the attribute
 * @fam: RF_FAM_V4 or RF_FAM_V6
 * @k: the address
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_addr(struct sk_buff *skb, int type, int fam,
		   const struct rf_key *k)
{
	u8 a[16];

	if (fam == RF_FAM_V4) {
		put_unaligned_be32(k->hi >> 32, a);
		return nla_put(skb, type, 4, a);
	}
	put_unaligned_be64(k->hi, a);
	put_unaligned_be64(k->lo, a + 8);
	return nla_put(skb, type, 16, a);
}

/**
 * rf_nl_put_net() - put a network reference (id and name)
 * @skb: the message
 * @id_type: the id attribute
 * @id: the id (0: nothing is put)
 * @name_type: the name attribute
 * @name: the name
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_net(struct sk_buff *skb, int id_type, u16 id, int name_type,
		  const char *name)
{
	if (!id)
		return 0;
	if (nla_put_u32(skb, id_type, id) ||
	    nla_put_string(skb, name_type, name))
		return -EMSGSIZE;
	return 0;
}

/**
 * rf_nl_put_ifname() - put an interface's name if it exists
 * @skb: the message
 * @netns: the namespace
 * @type: the attribute
 * @ifindex: the interface
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_ifname(struct sk_buff *skb, struct net *netns, int type,
		     int ifindex)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = ifindex ? dev_get_by_index_rcu(netns, ifindex) : NULL;
	if (dev)
		err = nla_put_string(skb, type, dev->name);
	rcu_read_unlock();
	return err;
}

/**
 * rf_nl_put_stats() - put counters as an RF_A_STATS nest
 * @skb: the message
 * @c: the counters (NULL: all zero)
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_stats(struct sk_buff *skb, const struct rf_counters *c)
{
	struct rf_stats_sum sum;
	struct nlattr *nest;
	int r;

	rf_counters_read(c, &sum);
	nest = nla_nest_start(skb, RF_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, RF_STATS_A_FWD_PACKETS, sum.fwd_packets,
			      RF_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, RF_STATS_A_FWD_BYTES, sum.fwd_bytes,
			      RF_STATS_A_PAD))
		goto cancel;
	for (r = RF_REASON_NOT_LINKED; r <= RF_REASON_MAX; r++)
		if (nla_put_u64_64bit(skb, RF_STATS_A_NOT_LINKED + r -
				      RF_REASON_NOT_LINKED, sum.reason[r],
				      RF_STATS_A_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
