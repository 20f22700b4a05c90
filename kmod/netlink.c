// SPDX-License-Identifier: GPL-2.0
/*
 * routefence netlink write path. Every change goes parse -> apply -> fill:
 * the command's write operation (nl-objects.c) parses the request into a
 * typed request, applies it to the configuration it goes to (the caller's
 * transaction, or a private copy of the committed one that is then
 * committed), and fills the reply and the notification.
 *
 * The same path removes the binding of an interface that went away: the
 * netdevice notifier only queues the interface (it runs under RTNL and must
 * not wait for a commit), a work item applies the change.
 *
 * A transaction belongs to one socket: its port and its identity, so that a
 * new socket that reuses the port of a closing one does not inherit it.
 */
#include <linux/list.h>
#include <linux/memcontrol.h>
#include <linux/netdevice.h>
#include <linux/sched/mm.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "extack.h"
#include "netlink.h"
#include "nl-msg.h"
#include "nl-objects.h"

/**
 * struct rf_nl_ns - the write path's state of one namespace
 * @netns: the namespace
 * @txn: the staged configuration of the open transaction, or NULL
 * @txn_portid: the port of the socket that owns @txn
 * @txn_sk: that socket (held while @txn is open)
 * @gone_lock: protects @alive and @gone
 * @alive: interfaces may still be queued
 * @gone: interfaces that went away, to unbind
 * @gone_work: unbinds them
 * @memcg: the memory cgroup of the last writer, charged for the unbinding
 *	commits the kernel makes on its own
 *
 * @txn, @txn_portid and @txn_sk are protected by the namespace's rf_ns lock.
 */
struct rf_nl_ns {
	struct net *netns;
	struct rf_conf *txn;
	u32 txn_portid;
	struct sock *txn_sk;
	spinlock_t gone_lock;		/* @alive, @gone */
	bool alive;
	struct list_head gone;
	struct work_struct gone_work;
	struct mem_cgroup *memcg;
};

/* An interface that went away. */
struct rf_gone {
	struct list_head list;
	int ifindex;
	char ifname[IFNAMSIZ];
};

static unsigned int rf_nl_id __read_mostly;
static struct workqueue_struct *rf_nl_wq;

static struct rf_nl_ns *rf_nl_ns_get(const struct net *netns)
{
	return net_generic(netns, rf_nl_id);
}

/* ---- answering ---- */

static void rf_nl_notify(const struct rf_wreq *r, const struct rf_view *v)
{
	struct genl_info *info = r->info;
	struct rf_nl_dest d;
	struct sk_buff *skb;
	u32 pos = 0, last;
	void *hdr;
	int err;

	if (info) {
		d = (struct rf_nl_dest){ rf_nl_family(), info, v->ns->netns };
		if (!(info->nlhdr->nlmsg_flags & NLM_F_ECHO) &&
		    !genl_has_listeners(d.family, d.netns, RF_NLGRP_CONFIG))
			return;
	} else {
		bool listened;

		rcu_read_lock();
		listened = rf_nl_async_dest(&d, v->ns->netns, RF_NLGRP_CONFIG);
		rcu_read_unlock();
		if (!listened)
			return;
	}
	/* Lists (prefixes) take as many messages as they need. */
	do {
		last = pos;
		skb = rf_nl_msg_new(d.family, info ? info->snd_portid : 0,
				    info ? info->snd_seq : 0, 0, r->op->ntf,
				    &hdr, GFP_KERNEL);
		if (!skb)
			return;
		err = r->op->fill(skb, v, r, &pos);
		if (err && pos == last) {
			nlmsg_free(skb);
			return;
		}
		rf_nl_notify_send(&d, skb, hdr, RF_NLGRP_CONFIG, GFP_KERNEL);
	} while (err);
}

/*
 * Reply and notify once the change is in. The reply was allocated before:
 * a change that was made is never reported as failed.
 */
static void rf_nl_answer(const struct rf_wreq *r, const struct rf_view *v,
			 struct sk_buff *reply, void *hdr)
{
	if (reply) {
		if (!r->op->reply(reply, v, r, NULL)) {
			genlmsg_end(reply, hdr);
			genlmsg_reply(reply, r->info);
		} else {
			nlmsg_free(reply);
		}
	}
	if (!v->staged && r->op->ntf)
		rf_nl_notify(r, v);
}

/* ---- the write path ---- */

static bool rf_nl_txn_mine(const struct rf_nl_ns *nn, const struct rf_wreq *r)
{
	return nn->txn && nn->txn_portid == r->info->snd_portid &&
	       nn->txn_sk == r->sk;
}

/* Another socket's open transaction keeps this request out. */
static int rf_nl_txn_other(const struct rf_nl_ns *nn, const struct rf_wreq *r)
{
	if (nn->txn && !rf_nl_txn_mine(nn, r))
		return rf_nl_err(r->info->extack, NULL, -EBUSY,
				 "transaction in progress (port %u)",
				 nn->txn_portid);
	return 0;
}

/* Parse and apply @r on @c; nothing changes on error. */
static int rf_nl_change(struct rf_conf *c, struct rf_wreq *r,
			struct rf_err *e)
{
	int err = 0;

	e->msg[0] = '\0';
	if (r->info && r->op->parse)
		err = r->op->parse(r, c);
	if (!err) {
		err = r->op->apply(c, r, e);
		if (err && r->info)
			rf_nl_fail(r->info->extack, r->bad, err, e);
	}
	return err;
}

/* Make @r on a copy of the committed configuration and commit it. */
static int rf_nl_commit_change(struct rf_ns *ns, struct rf_wreq *r,
			       struct rf_err *e)
{
	struct rf_conf *c = rf_ns_stage(ns, false);
	int err;

	if (!c)
		return -ENOMEM;
	err = rf_nl_change(c, r, e);
	if (err) {
		rf_conf_free(c);
		return err;
	}
	err = rf_ns_commit(ns, c, false, e);
	if (err && r->info)
		rf_nl_fail(r->info->extack, NULL, err, e);
	return err;
}

/* Remember whom the namespace's configuration is charged to. */
static void rf_nl_note_writer(struct rf_nl_ns *nn)
{
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(current->mm);

	mem_cgroup_put(nn->memcg);
	nn->memcg = memcg;
}

/*
 * Run one change. A request goes to its socket's transaction if it has
 * one; a change the kernel makes goes to the committed configuration and
 * to any open transaction.
 */
static int rf_nl_write(struct net *netns, struct rf_wreq *r)
{
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);
	struct genl_info *info = r->info;
	struct sk_buff *reply = NULL;
	struct rf_view v = { .ns = ns };
	void *hdr = NULL;
	struct rf_err e;
	int err;

	if (info && r->op->reply) {
		reply = rf_nl_msg_new(rf_nl_family(), info->snd_portid,
				      info->snd_seq, 0, info->genlhdr->cmd,
				      &hdr, GFP_KERNEL);
		if (!reply)
			return -ENOMEM;
	}
	mutex_lock(&ns->lock);
	if (info) {
		err = rf_nl_txn_other(nn, r);
		if (err || nn->txn) {
			err = err ?: rf_nl_change(nn->txn, r, &e);
			v.c = nn->txn;
			v.staged = true;
			goto answer;
		}
	} else if (nn->txn) {
		rf_nl_change(nn->txn, r, &e);
	}
	err = rf_nl_commit_change(ns, r, &e);
	v.c = ns->conf;
	if (!err && info)
		rf_nl_note_writer(nn);
answer:
	if (!err) {
		rf_nl_answer(r, &v, reply, hdr);
		reply = NULL;
	}
	mutex_unlock(&ns->lock);
	nlmsg_free(reply);
	return err;
}

/**
 * rf_nl_write_doit() - every command that changes the policy
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_nl_write_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_wreq *r;
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->op = rf_wop_get(info->genlhdr->cmd);
	r->info = info;
	r->sk = NETLINK_CB(skb).sk;
	err = r->op ? rf_nl_write(genl_info_net(info), r) : -EOPNOTSUPP;
	rf_wreq_free(r);
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

/* End the open transaction; its configuration is freed unless taken. */
static void rf_nl_txn_end(struct rf_nl_ns *nn)
{
	rf_conf_free(nn->txn);
	nn->txn = NULL;
	nn->txn_portid = 0;
	if (nn->txn_sk)
		sock_put(nn->txn_sk);
	nn->txn_sk = NULL;
}

/**
 * rf_nl_txn_begin_doit() - TXN_BEGIN: open this socket's transaction
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_txn_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *netns = genl_info_net(info);
	struct rf_wreq r = { .info = info, .sk = NETLINK_CB(skb).sk };
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);
	u32 flags;
	int err;

	err = rf_nl_txn_flags(info, RF_TXN_F_REPLACE, &flags);
	if (err)
		return err;
	mutex_lock(&ns->lock);
	if (rf_nl_txn_mine(nn, &r))
		err = rf_nl_err(info->extack, NULL, -EBUSY,
				"this socket already has an open transaction");
	else
		err = rf_nl_txn_other(nn, &r);
	if (!err) {
		nn->txn = rf_ns_stage(ns, flags & RF_TXN_F_REPLACE);
		err = nn->txn ? 0 : -ENOMEM;
	}
	if (!err) {
		nn->txn_portid = info->snd_portid;
		nn->txn_sk = NETLINK_CB(skb).sk;
		sock_hold(nn->txn_sk);
	}
	mutex_unlock(&ns->lock);
	return err;
}

static int rf_nl_txn_get(struct rf_nl_ns *nn, const struct rf_wreq *r)
{
	if (!nn->txn)
		return rf_nl_err(r->info->extack, NULL, -ENOENT,
				 "no transaction is open");
	return rf_nl_txn_other(nn, r);
}

static int rf_fill_generation(struct sk_buff *skb, const struct rf_view *v,
			      const struct rf_wreq *r, u32 *pos)
{
	return nla_put_u32(skb, RF_A_GENERATION, v->ns->genid);
}

static const struct rf_wop rf_commit_op = {
	.reply = rf_fill_generation,
	.fill = rf_fill_config,
	.ntf = RF_CMD_COMMIT_NTF,
};

/**
 * rf_nl_txn_commit_doit() - TXN_COMMIT: publish (or, with CHECK, only
 *	validate) this socket's transaction, which ends either way
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_txn_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *netns = genl_info_net(info);
	struct rf_wreq r = { .op = &rf_commit_op, .info = info,
			     .sk = NETLINK_CB(skb).sk };
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);
	struct rf_view v = { .ns = ns };
	struct sk_buff *reply;
	struct rf_conf *c;
	struct rf_err e;
	void *hdr;
	u32 flags;
	int err;

	err = rf_nl_txn_flags(info, RF_TXN_F_CHECK, &flags);
	if (err)
		return err;
	reply = rf_nl_msg_new(rf_nl_family(), info->snd_portid, info->snd_seq,
			      0, RF_CMD_TXN_COMMIT, &hdr, GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	mutex_lock(&ns->lock);
	err = rf_nl_txn_get(nn, &r);
	if (err)
		goto out;
	c = nn->txn;
	nn->txn = NULL;
	rf_nl_txn_end(nn);
	e.msg[0] = '\0';
	err = rf_ns_commit(ns, c, flags & RF_TXN_F_CHECK, &e);
	if (err) {
		rf_nl_fail(info->extack, NULL, err, &e);
		goto out;
	}
	rf_nl_note_writer(nn);
	v.c = ns->conf;
	v.staged = flags & RF_TXN_F_CHECK;	/* nothing to notify */
	rf_nl_answer(&r, &v, reply, hdr);
	reply = NULL;
out:
	mutex_unlock(&ns->lock);
	nlmsg_free(reply);
	return err;
}

/**
 * rf_nl_txn_abort_doit() - TXN_ABORT: discard this socket's transaction
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_txn_abort_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *netns = genl_info_net(info);
	struct rf_wreq r = { .info = info, .sk = NETLINK_CB(skb).sk };
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);
	int err;

	mutex_lock(&ns->lock);
	err = rf_nl_txn_get(nn, &r);
	if (!err)
		rf_nl_txn_end(nn);
	mutex_unlock(&ns->lock);
	return err;
}

/**
 * rf_nl_release() - discard the transaction of a closing socket
 * @netns: the socket's namespace
 * @portid: its port
 *
 * The socket was orphaned before the NETLINK_URELEASE notification: a
 * transaction whose socket is not dead belongs to a new socket that reuses
 * the port, and stays.
 */
void rf_nl_release(struct net *netns, u32 portid)
{
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);

	/*
	 * Every generic netlink socket of the system ends up here: only
	 * namespaces with an open transaction pay for the lock. A socket's own
	 * TXN_BEGIN happened before its release, so the racy read cannot miss
	 * the transaction it is looking for.
	 */
	if (!READ_ONCE(nn->txn))
		return;
	mutex_lock(&ns->lock);
	if (nn->txn && nn->txn_portid == portid &&
	    sock_flag(nn->txn_sk, SOCK_DEAD))
		rf_nl_txn_end(nn);
	mutex_unlock(&ns->lock);
}

/* ---- interfaces that went away ---- */

/* Charged to the namespace's last writer, not to this work's context. */
static void rf_nl_unbind(struct rf_nl_ns *nn, const struct rf_gone *g)
{
	struct rf_wreq r = { .op = &rf_dev_gone_op };
	struct mem_cgroup *old;

	r.dev.ifindex = g->ifindex;
	strscpy(r.dev.ifname, g->ifname, sizeof(r.dev.ifname));
	old = set_active_memcg(nn->memcg);
	rf_nl_write(nn->netns, &r);
	set_active_memcg(old);
}

static void rf_nl_gone_work(struct work_struct *w)
{
	struct rf_nl_ns *nn = container_of(w, struct rf_nl_ns, gone_work);
	struct rf_gone *g;

	for (;;) {
		spin_lock(&nn->gone_lock);
		g = list_first_entry_or_null(&nn->gone, struct rf_gone, list);
		if (g)
			list_del(&g->list);
		spin_unlock(&nn->gone_lock);
		if (!g)
			return;
		rf_nl_unbind(nn, g);
		kfree(g);
		cond_resched();
	}
}

/**
 * rf_nl_dev_gone() - an interface is going away: queue its unbinding
 * @dev: the interface (NETDEV_UNREGISTER, under RTNL)
 *
 * Every interface is queued: it may be bound in the published policy, in
 * an open transaction, or in a configuration being committed right now
 * (whose commit holds the lock the unbinding waits for). The work item
 * finds out under the lock. Takes no sleeping lock here.
 */
void rf_nl_dev_gone(struct net_device *dev)
{
	struct rf_nl_ns *nn = rf_nl_ns_get(dev_net(dev));
	struct rf_gone *g;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return;
	g->ifindex = dev->ifindex;
	strscpy(g->ifname, dev->name, sizeof(g->ifname));
	spin_lock(&nn->gone_lock);
	if (nn->alive) {
		list_add_tail(&g->list, &nn->gone);
		queue_work(rf_nl_wq, &nn->gone_work);
		g = NULL;
	}
	spin_unlock(&nn->gone_lock);
	kfree(g);
}

/**
 * rf_nl_dev_gone_flush() - wait for every queued unbinding (module exit)
 */
void rf_nl_dev_gone_flush(void)
{
	flush_workqueue(rf_nl_wq);
}

/* ---- per namespace ---- */

static int __net_init rf_nl_net_init(struct net *netns)
{
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);

	nn->netns = netns;
	spin_lock_init(&nn->gone_lock);
	INIT_LIST_HEAD(&nn->gone);
	INIT_WORK(&nn->gone_work, rf_nl_gone_work);
	nn->alive = true;
	return 0;
}

static void __net_exit rf_nl_net_exit(struct net *netns)
{
	struct rf_nl_ns *nn = rf_nl_ns_get(netns);
	struct rf_ns *ns = rf_ns_get(netns);
	struct rf_gone *g, *tmp;

	spin_lock(&nn->gone_lock);
	nn->alive = false;
	spin_unlock(&nn->gone_lock);
	cancel_work_sync(&nn->gone_work);
	list_for_each_entry_safe(g, tmp, &nn->gone, list)
		kfree(g);
	mutex_lock(&ns->lock);
	rf_nl_txn_end(nn);
	mutex_unlock(&ns->lock);
	mem_cgroup_put(nn->memcg);
	nn->memcg = NULL;
}

static struct pernet_operations rf_nl_ops_net = {
	.init = rf_nl_net_init,
	.exit = rf_nl_net_exit,
	.id = &rf_nl_id,
	.size = sizeof(struct rf_nl_ns),
};

/**
 * rf_nl_init() - set up the write path in every namespace
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_init(void)
{
	int err;

	rf_nl_wq = alloc_workqueue("routefence-nl", 0, 0);
	if (!rf_nl_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&rf_nl_ops_net);
	if (err)
		destroy_workqueue(rf_nl_wq);
	return err;
}

/**
 * rf_nl_exit() - tear the write path down (open transactions are dropped)
 */
void rf_nl_exit(void)
{
	unregister_pernet_subsys(&rf_nl_ops_net);
	destroy_workqueue(rf_nl_wq);
}
