// SPDX-License-Identifier: GPL-2.0
/*
 * routefence generic netlink family: the family, the write path shared by all
 * changes (transactions, commit, reply, notification), transactions, EVAL,
 * counters and drop reports. Object handlers are in nl-objects.c.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>

#include "compat.h"

#include "netlink.h"
#include "routefence.h"

struct genl_family rf_family;

/*
 * The extack only keeps a pointer to its message, which must outlive the
 * request (NL_SET_ERR_MSG_FMT, from 6.2, would cut ours at 80 characters):
 * formatted messages go to a ring of static buffers that is only reused after
 * RF_MSG_RING more errors. The ack copies the message right after the handler.
 */
#define RF_MSG_RING	64
static char rf_msg_ring[RF_MSG_RING][RF_ERRMSG_LEN];
static atomic_t rf_msg_next = ATOMIC_INIT(0);

static void rf_nl_set_msg(struct netlink_ext_ack *extack,
			  const struct nlattr *attr, const char *msg)
{
	unsigned int i = atomic_inc_return(&rf_msg_next) % RF_MSG_RING;

	if (!extack)
		return;
	strscpy(rf_msg_ring[i], msg, RF_ERRMSG_LEN);
	extack->_msg = rf_msg_ring[i];
	if (attr)
		extack->bad_attr = attr;
}

/**
 * rf_nl_err() - refuse a request with a formatted extack message
 * @extack: the request's extack
 * @attr: the offending attribute (may be NULL)
 * @err: the error code
 * @fmt: the message, without a trailing full stop
 *
 * Return: @err.
 */
int rf_nl_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      int err, const char *fmt, ...)
{
	struct rf_err e;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	rf_nl_set_msg(extack, attr, e.msg);
	return err;
}

/**
 * rf_nl_fail() - refuse a request with a message from the policy layer
 * @extack: the request's extack
 * @attr: the offending attribute (may be NULL)
 * @err: the error code
 * @e: the message (empty: none)
 *
 * Return: @err.
 */
int rf_nl_fail(struct netlink_ext_ack *extack, const struct nlattr *attr,
	       int err, const struct rf_err *e)
{
	if (e->msg[0])
		rf_nl_set_msg(extack, attr, e->msg);
	else if (attr)
		NL_SET_BAD_ATTR(extack, attr);
	return err;
}

/**
 * rf_nl_missing() - refuse a request that lacks an attribute
 * @info: the request
 * @type: the missing attribute
 * @what: what it is, for the message
 *
 * Return: -EINVAL.
 */
int rf_nl_missing(struct genl_info *info, int type, const char *what)
{
	NL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
	return rf_nl_err(info->extack, NULL, -EINVAL, "missing %s", what);
}

/* ---- messages ---- */

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
 * @net: the namespace
 * @type: the attribute
 * @ifindex: the interface
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_ifname(struct sk_buff *skb, struct net *net, int type,
		     int ifindex)
{
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = ifindex ? dev_get_by_index_rcu(net, ifindex) : NULL;
	if (dev)
		err = nla_put_string(skb, type, dev->name);
	rcu_read_unlock();
	return err;
}

/**
 * rf_nl_put_stats() - put counters as an RF_A_STATS nest
 * @skb: the message
 * @s: the per-CPU counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_stats(struct sk_buff *skb, const struct rf_stats __percpu *s)
{
	struct rf_stats_sum sum;
	struct nlattr *nest;
	int r;

	rf_stats_read(s, &sum);
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

static struct sk_buff *rf_nl_build(struct rf_wctx *w, u32 portid, u32 seq,
				   u8 cmd, rf_fill_t fill)
{
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	hdr = genlmsg_put(skb, portid, seq, &rf_family, 0, cmd);
	if (!hdr || fill(skb, w)) {
		nlmsg_free(skb);
		return NULL;
	}
	genlmsg_end(skb, hdr);
	return skb;
}

/**
 * rf_nl_reply() - answer a request with one object
 * @w: the request's context
 * @fill: puts the object
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_reply(struct rf_wctx *w, rf_fill_t fill)
{
	struct genl_info *info = w->info;
	struct sk_buff *skb;

	skb = rf_nl_build(w, info->snd_portid, info->snd_seq,
			  info->genlhdr->cmd, fill);
	if (!skb)
		return -ENOMEM;
	return genlmsg_reply(skb, info);
}

/**
 * rf_nl_notify() - tell the config group (and an NLM_F_ECHO requester)
 * @w: the change's context (w->info may be NULL)
 * @cmd: the notification
 * @fill: puts the object
 */
void rf_nl_notify(struct rf_wctx *w, u8 cmd, rf_fill_t fill)
{
	struct sk_buff *skb;

	if (!w->info && !genl_has_listeners(&rf_family, w->ns->net,
					    RF_GRP_CONFIG))
		return;
	skb = rf_nl_build(w, 0, 0, cmd, fill);
	if (!skb)
		return;
	if (w->info)
		genl_notify(&rf_family, skb, w->info, RF_GRP_CONFIG,
			    GFP_KERNEL);
	else
		genlmsg_multicast_netns(&rf_family, w->ns->net, skb, 0,
					RF_GRP_CONFIG, GFP_KERNEL);
}

/* ---- the write path ---- */

static int rf_nl_txn_owner(struct rf_ns *ns, struct genl_info *info)
{
	if (ns->txn && ns->txn_portid != info->snd_portid)
		return rf_nl_err(info->extack, NULL, -EBUSY,
				 "transaction in progress (port %u)",
				 ns->txn_portid);
	return 0;
}

static int rf_nl_apply(struct rf_ns *ns, struct rf_wctx *w,
		       const struct rf_wop *op)
{
	struct rf_conf *c;
	int err;

	if (w->staged) {
		w->c = ns->txn;
		return op->apply(ns->txn, w);
	}
	c = rf_conf_clone(ns->conf);
	if (!c)
		return -ENOMEM;
	w->c = c;
	err = op->apply(c, w);
	if (err) {
		rf_conf_free(c);
		return err;
	}
	err = rf_ns_commit(ns, c, false, &w->e);
	w->c = ns->conf;
	if (err)
		return rf_nl_fail(w->info->extack, NULL, err, &w->e);
	return 0;
}

/**
 * rf_nl_write() - apply one change: to the caller's transaction, or as a
 *	transaction of its own (clone, change, commit), then reply and notify
 * @info: the request
 * @op: the change
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_nl_write(struct genl_info *info, const struct rf_wop *op)
{
	struct rf_wctx *w;
	struct rf_ns *ns;
	int err;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	ns = rf_ns_get(genl_info_net(info));
	w->ns = ns;
	w->info = info;
	mutex_lock(&ns->lock);
	err = rf_nl_txn_owner(ns, info);
	if (err)
		goto out;
	w->staged = ns->txn;
	err = rf_nl_apply(ns, w, op);
	if (!err && op->reply)
		err = rf_nl_reply(w, op->reply);
	if (!err && !w->staged && op->ntf)
		op->notify ? op->notify(w, op->ntf) : rf_nl_notify(w, op->ntf,
								  op->reply);
out:
	mutex_unlock(&ns->lock);
	kvfree(w->pfx);
	kvfree(w->undo);
	kfree(w);
	return err;
}

/* ---- transactions ---- */

/* The flags a transaction command takes: REPLACE to begin, CHECK to commit. */
static int rf_nl_txn_flags(struct genl_info *info, u32 allowed, u32 *flags)
{
	struct nlattr *a = info->attrs[RF_A_TXN_FLAGS];

	*flags = a ? nla_get_u32(a) : 0;
	if (*flags & ~allowed)
		return rf_nl_err(info->extack, a, -EINVAL,
				 "the %s flag is not for %s",
				 *flags & RF_TXN_F_CHECK ? "check" : "replace",
				 allowed & RF_TXN_F_CHECK ? "committing" :
							    "beginning");
	return 0;
}

static int rf_nl_txn_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	u32 flags;
	int err;

	err = rf_nl_txn_flags(info, RF_TXN_F_REPLACE, &flags);
	if (err)
		return err;
	mutex_lock(&ns->lock);
	if (ns->txn && ns->txn_portid == info->snd_portid)
		err = rf_nl_err(info->extack, NULL, -EBUSY,
				"this socket already has an open transaction");
	else
		err = rf_nl_txn_owner(ns, info);
	if (!err) {
		ns->txn = flags & RF_TXN_F_REPLACE ? rf_conf_alloc() :
						     rf_conf_clone(ns->conf);
		ns->txn_portid = info->snd_portid;
		err = ns->txn ? 0 : -ENOMEM;
	}
	mutex_unlock(&ns->lock);
	return err;
}

static int rf_nl_txn_get(struct rf_ns *ns, struct genl_info *info)
{
	if (!ns->txn)
		return rf_nl_err(info->extack, NULL, -ENOENT,
				 "no transaction is open");
	return rf_nl_txn_owner(ns, info);
}

static int rf_fill_generation(struct sk_buff *skb, struct rf_wctx *w)
{
	return nla_put_u32(skb, RF_A_GENERATION, w->ns->genid);
}

static int rf_nl_txn_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct rf_wctx w = { .ns = ns, .info = info };
	struct rf_conf *c;
	bool check;
	u32 flags;
	int err;

	err = rf_nl_txn_flags(info, RF_TXN_F_CHECK, &flags);
	if (err)
		return err;
	check = flags & RF_TXN_F_CHECK;
	mutex_lock(&ns->lock);
	err = rf_nl_txn_get(ns, info);
	if (err)
		goto out;
	c = ns->txn;
	ns->txn = NULL;
	rf_ns_txn_end(ns);
	err = rf_ns_commit(ns, c, check, &w.e);
	if (err) {
		rf_nl_fail(info->extack, NULL, err, &w.e);
		goto out;
	}
	w.c = ns->conf;
	err = rf_nl_reply(&w, rf_fill_generation);
	if (!err && !check)
		rf_nl_notify(&w, RF_CMD_COMMIT_NTF, rf_fill_config);
out:
	mutex_unlock(&ns->lock);
	return err;
}

static int rf_nl_txn_abort_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	int err;

	mutex_lock(&ns->lock);
	err = rf_nl_txn_get(ns, info);
	if (!err)
		rf_ns_txn_end(ns);
	mutex_unlock(&ns->lock);
	return err;
}

/**
 * rf_nl_release() - discard the transaction of a closing socket
 * @net: the socket's namespace
 * @portid: its port
 */
void rf_nl_release(struct net *net, u32 portid)
{
	struct rf_ns *ns = rf_ns_get(net);

	/*
	 * Every generic netlink socket of the system ends up here: only
	 * namespaces with an open transaction pay for the lock. A socket's own
	 * TXN_BEGIN happened before its release, so the racy read cannot miss
	 * the transaction it is looking for.
	 */
	if (!READ_ONCE(ns->txn))
		return;
	mutex_lock(&ns->lock);
	if (ns->txn && ns->txn_portid == portid)
		rf_ns_txn_end(ns);
	mutex_unlock(&ns->lock);
}

/* ---- flush, stats ---- */

static int rf_apply_flush(struct rf_conf *c, struct rf_wctx *w)
{
	rf_conf_reset(c);
	return 0;
}

static const struct rf_wop rf_flush_op = {
	.apply = rf_apply_flush,
	.ntf = RF_CMD_COMMIT_NTF,
	.notify = rf_nl_notify_config,
};

static int rf_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_flush_op);
}

static int rf_fill_ns_stats(struct sk_buff *skb, struct rf_wctx *w)
{
	const struct rf_stats __percpu *s = w->ns->total;

	if (w->id) {
		if (rf_nl_put_net(skb, RF_A_NET_ID, w->id, RF_A_NET_NAME,
				  w->c->nets[w->id]->name))
			return -EMSGSIZE;
		s = rf_ns_net_stats(w->ns, w->id);
	}
	return rf_nl_put_stats(skb, s);
}

static int rf_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct rf_wctx w = { .ns = ns, .info = info };
	int err;

	mutex_lock(&ns->lock);
	w.c = ns->conf;
	err = rf_nl_net_opt(&w, RF_A_NET_ID, RF_A_NET_NAME);
	if (err >= 0) {
		w.id = err;
		err = rf_nl_reply(&w, rf_fill_ns_stats);
	}
	mutex_unlock(&ns->lock);
	return err;
}

static int rf_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));

	mutex_lock(&ns->lock);
	rf_ns_stats_reset(ns);
	mutex_unlock(&ns->lock);
	return 0;
}

/* ---- drop reports ---- */

static bool rf_nl_drop_budget(struct rf_ns *ns, u32 rate)
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
 * rf_nl_put_packet() - put a decision about a packet (EVAL, drop reports)
 * @skb: the message
 * @net: the namespace
 * @g: the generation the decision was made with
 * @p: the packet
 * @d: the decision
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_nl_put_packet(struct sk_buff *skb, struct net *net,
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
	    rf_nl_put_ifname(skb, net, RF_A_IIFNAME, p->iif) ||
	    (p->oif && nla_put_u32(skb, RF_A_OIF, p->oif)) ||
	    rf_nl_put_ifname(skb, net, RF_A_OIFNAME, p->oif))
		return -EMSGSIZE;
	if (d->reason && g->mode == RF_MODE_AUDIT &&
	    nla_put_flag(skb, RF_A_AUDIT))
		return -EMSGSIZE;
	return 0;
}

/**
 * rf_nl_notify_drop() - report a violation on the drops group
 * @ns: the namespace's state
 * @g: the generation in force
 * @p: the packet
 * @d: the decision
 *
 * Called from the packet path; rate-limited to g->drop_events a second.
 */
void rf_nl_notify_drop(struct rf_ns *ns, const struct rf_gen *g,
		       const struct rf_pkt *p, const struct rf_decision *d)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&rf_family, ns->net, RF_GRP_DROPS) ||
	    !rf_nl_drop_budget(ns, g->drop_events))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &rf_family, 0, RF_CMD_DROP_NTF);
	if (!hdr || rf_nl_put_packet(skb, ns->net, g, p, d)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&rf_family, ns->net, skb, 0, RF_GRP_DROPS,
				GFP_ATOMIC);
}

/* ---- the family ---- */

/*
 * Every command has its own policy (strict validation); commands without
 * one take no attributes. Writes need CAP_NET_ADMIN in the namespace.
 */
static const struct genl_ops rf_nl_ops[] = {
	{
		.cmd = RF_CMD_NET_NEW,
		.doit = rf_nl_net_new_doit,
		.policy = rf_net_new_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_new_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_NET_SET,
		.doit = rf_nl_net_set_doit,
		.policy = rf_net_new_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_new_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_NET_DEL,
		.doit = rf_nl_net_del_doit,
		.policy = rf_net_sel_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_sel_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_NET_GET,
		.doit = rf_nl_net_get_doit,
		.dumpit = rf_nl_net_get_dumpit,
		.policy = rf_net_sel_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_sel_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_PREFIX_NEW,
		.doit = rf_nl_prefix_new_doit,
		.policy = rf_prefix_nl_req_policy,
		.maxattr = ARRAY_SIZE(rf_prefix_nl_req_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_PREFIX_DEL,
		.doit = rf_nl_prefix_del_doit,
		.policy = rf_prefix_nl_req_policy,
		.maxattr = ARRAY_SIZE(rf_prefix_nl_req_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_PREFIX_GET,
		.dumpit = rf_nl_prefix_get_dumpit,
		.policy = rf_net_sel_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_sel_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_DEV_NEW,
		.doit = rf_nl_dev_new_doit,
		.policy = rf_dev_new_nl_policy,
		.maxattr = ARRAY_SIZE(rf_dev_new_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_DEV_DEL,
		.doit = rf_nl_dev_del_doit,
		.policy = rf_dev_del_nl_policy,
		.maxattr = ARRAY_SIZE(rf_dev_del_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_DEV_GET,
		.doit = rf_nl_dev_get_doit,
		.dumpit = rf_nl_dev_get_dumpit,
		.policy = rf_dev_new_nl_policy,
		.maxattr = ARRAY_SIZE(rf_dev_new_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_LINK_NEW,
		.doit = rf_nl_link_new_doit,
		.policy = rf_link_nl_policy,
		.maxattr = ARRAY_SIZE(rf_link_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_LINK_DEL,
		.doit = rf_nl_link_del_doit,
		.policy = rf_link_nl_policy,
		.maxattr = ARRAY_SIZE(rf_link_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_LINK_GET,
		.dumpit = rf_nl_link_get_dumpit,
		.policy = rf_net_sel_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_sel_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_CONFIG_SET,
		.doit = rf_nl_config_set_doit,
		.policy = rf_config_set_nl_policy,
		.maxattr = ARRAY_SIZE(rf_config_set_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_CONFIG_GET,
		.doit = rf_nl_config_get_doit,
	},
	{
		.cmd = RF_CMD_STATS_GET,
		.doit = rf_nl_stats_get_doit,
		.policy = rf_net_sel_nl_policy,
		.maxattr = ARRAY_SIZE(rf_net_sel_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_STATS_RESET,
		.doit = rf_nl_stats_reset_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_EVAL,
		.doit = rf_nl_eval_doit,
		.policy = rf_eval_nl_policy,
		.maxattr = ARRAY_SIZE(rf_eval_nl_policy) - 1,
	},
	{
		.cmd = RF_CMD_FLUSH,
		.doit = rf_nl_flush_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_TXN_BEGIN,
		.doit = rf_nl_txn_begin_doit,
		.policy = rf_txn_nl_policy,
		.maxattr = ARRAY_SIZE(rf_txn_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_TXN_COMMIT,
		.doit = rf_nl_txn_commit_doit,
		.policy = rf_txn_nl_policy,
		.maxattr = ARRAY_SIZE(rf_txn_nl_policy) - 1,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = RF_CMD_TXN_ABORT,
		.doit = rf_nl_txn_abort_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group rf_nl_mcgrps[] = {
	[RF_GRP_CONFIG] = { .name = RF_MCGRP_CONFIG, },
	[RF_GRP_DROPS] = {
		.name = RF_MCGRP_DROPS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family rf_family __ro_after_init = {
	.name = RF_FAMILY_NAME,
	.version = RF_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = rf_nl_ops,
	.n_ops = ARRAY_SIZE(rf_nl_ops),
	.mcgrps = rf_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(rf_nl_mcgrps),
};

/**
 * rf_genl_init() - register the routefence family
 *
 * Return: 0 or a negative error code.
 */
int rf_genl_init(void)
{
	return genl_register_family(&rf_family);
}

/**
 * rf_genl_exit() - unregister the routefence family
 */
void rf_genl_exit(void)
{
	genl_unregister_family(&rf_family);
}
