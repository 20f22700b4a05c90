// SPDX-License-Identifier: GPL-2.0
/*
 * routefence per-namespace state: the committed configuration, the published
 * generation, counters, and the commit that swaps one generation for the
 * next so that every packet sees either the old or the new policy.
 *
 * A commit never waits for a grace period: the generation it replaces, with
 * the counters of networks that went away, is freed by a work item queued
 * after one (queue_rcu_work()).
 */
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/netns/generic.h>

#include "bypass.h"
#include "hook.h"
#include "ns.h"

/* Retired generations still waiting for their grace period. */
#define RF_RETIRE_MAX	256

/*
 * Limits protect the host from the administrator of a namespace (the root
 * of a container's user namespace may configure its own): only the host's
 * root may set them, so they are module parameters, not netlink settings.
 * Memory is also charged to the writer's memory cgroup.
 */
static unsigned int max_prefixes = 16 * 1024 * 1024;
module_param(max_prefixes, uint, 0644);
MODULE_PARM_DESC(max_prefixes,
		 "Most prefixes one namespace may configure (0: no limit)");

/*
 * drop_before_policy: every namespace drops the traffic it forwards until
 * its first commit (reason no-policy), instead of forwarding it unfiltered.
 * A module parameter rather than a netlink setting because it has to be in
 * force at the instant routefence hooks a namespace, before any program
 * can talk to it: set in /etc/modprobe.d/, it covers a boot whose policy
 * fails to load, namespaces created later, and the module being reloaded.
 * Read-only once loaded: every namespace starts the same way.
 */
bool rf_drop_before_policy __read_mostly;
module_param_named(drop_before_policy, rf_drop_before_policy, bool, 0444);
MODULE_PARM_DESC(drop_before_policy,
		 "Drop forwarded traffic in each namespace until its first policy commit (default: forward it)");

static unsigned int rf_ns_id __read_mostly;
static struct workqueue_struct *rf_ns_wq;
static atomic_t rf_retiring = ATOMIC_INIT(0);

/* A generation no new reader can see, and the counters only it used. */
struct rf_retire {
	struct rcu_work rwork;
	struct rf_gen *gen;
	u32 nstats;
	struct rf_stats __percpu *stats[];
};

/**
 * rf_ns_get() - the routefence state of a namespace
 * @netns: the namespace
 *
 * Return: the state (valid while @netns is).
 */
struct rf_ns *rf_ns_get(const struct net *netns)
{
	return net_generic(netns, rf_ns_id);
}

/**
 * rf_ns_gen() - the generation in force, for writers
 * @ns: the state; its lock must be held
 *
 * Return: the generation.
 */
struct rf_gen *rf_ns_gen(struct rf_ns *ns)
{
	return rcu_dereference_protected(ns->gen, lockdep_is_held(&ns->lock));
}

/**
 * rf_ns_counters() - the counters of the namespace or of one network
 * @ns: the state; its lock must be held
 * @id: a network, or 0 for the whole namespace
 *
 * Return: the counters, or NULL for a network that has none.
 */
const struct rf_counters *rf_ns_counters(struct rf_ns *ns, u16 id)
{
	lockdep_assert_held(&ns->lock);
	if (!id)
		return &ns->total;
	return ns->nets && ns->nets[id].pcpu ? &ns->nets[id] : NULL;
}

/**
 * rf_ns_stats_reset() - zero every counter of a namespace
 * @ns: the state; its lock must be held
 */
void rf_ns_stats_reset(struct rf_ns *ns)
{
	u16 id;

	lockdep_assert_held(&ns->lock);
	rf_counters_reset(&ns->total);
	for (id = 1; ns->nets && id <= RF_NET_ID_MAX; id++)
		if (ns->nets[id].pcpu)
			rf_counters_reset(&ns->nets[id]);
}

/**
 * rf_ns_stage() - a private configuration to change
 * @ns: the state; its lock must be held
 * @empty: start from an empty configuration rather than a copy of the
 *	committed one
 *
 * Return: the configuration (for rf_ns_commit() or rf_conf_free()), with
 *	the namespace's limits, or NULL.
 */
struct rf_conf *rf_ns_stage(struct rf_ns *ns, bool empty)
{
	struct rf_conf *c;

	lockdep_assert_held(&ns->lock);
	c = empty ? rf_conf_alloc() : rf_conf_clone(ns->conf);
	if (c)
		c->pfx_limit = READ_ONCE(max_prefixes);
	return c;
}

/* Counters survive a commit for a network whose id and name are unchanged. */
static bool rf_ns_keeps(const struct rf_ns *ns, const struct rf_conf *c, u16 id)
{
	const struct rf_netdef *old = ns->conf->nets[id];

	return ns->nets && ns->nets[id].pcpu && old && c->nets[id] &&
	       !strcmp(old->name, c->nets[id]->name);
}

/* Free the counters @g got but the state does not own (a failed commit). */
static void rf_ns_counters_unwind(struct rf_ns *ns, struct rf_gen *g)
{
	u16 id;

	for (id = 1; id <= g->max_id; id++)
		if (!ns->nets || g->nets[id].stats != ns->nets[id].pcpu)
			rf_stats_free(g->nets[id].stats);
}

/*
 * Give @g's networks their counters, and count the state's counters that
 * @g drops (they go with the old generation). Nothing changes on error.
 */
static int rf_ns_counters_prepare(struct rf_ns *ns, struct rf_gen *g,
				  const struct rf_conf *c, u32 *dropped)
{
	u16 id;

	if (!ns->nets && c->nnets) {
		ns->nets = kvcalloc(RF_NET_ID_MAX + 1, sizeof(*ns->nets),
				    GFP_KERNEL_ACCOUNT);
		if (!ns->nets)
			return -ENOMEM;
	}
	*dropped = 0;
	for (id = 1; ns->nets && id <= RF_NET_ID_MAX; id++) {
		bool keep = rf_ns_keeps(ns, c, id);

		*dropped += ns->nets[id].pcpu && !keep;
		if (id > g->max_id || !c->nets[id])
			continue;
		g->nets[id].stats = keep ? ns->nets[id].pcpu : rf_stats_alloc();
		if (!g->nets[id].stats) {
			rf_ns_counters_unwind(ns, g);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Adopt @g's counters; the ones it dropped go to @r. */
static void rf_ns_counters_adopt(struct rf_ns *ns, const struct rf_gen *g,
				 struct rf_retire *r)
{
	u16 id;

	for (id = 1; ns->nets && id <= RF_NET_ID_MAX; id++) {
		struct rf_stats __percpu *s = NULL;

		if (id <= g->max_id)
			s = g->nets[id].stats;
		if (ns->nets[id].pcpu == s)
			continue;
		if (ns->nets[id].pcpu)
			r->stats[r->nstats++] = ns->nets[id].pcpu;
		memset(&ns->nets[id], 0, sizeof(ns->nets[id]));
		ns->nets[id].pcpu = s;
	}
}

static void rf_retire_work(struct work_struct *w)
{
	struct rf_retire *r = container_of(to_rcu_work(w), struct rf_retire,
					   rwork);
	u32 i;

	rf_gen_free(r->gen);
	for (i = 0; i < r->nstats; i++)
		rf_stats_free(r->stats[i]);
	kfree(r);
	atomic_dec(&rf_retiring);
}

/* Free @r once no packet can see its generation any more. */
static void rf_retire(struct rf_retire *r)
{
	if (atomic_inc_return(&rf_retiring) > RF_RETIRE_MAX) {
		/* Writers outrun grace periods: let the frees catch up. */
		rcu_barrier();
		flush_workqueue(rf_ns_wq);
	}
	INIT_RCU_WORK(&r->rwork, rf_retire_work);
	queue_rcu_work(rf_ns_wq, &r->rwork);
}

static void rf_ns_publish(struct rf_ns *ns, struct rf_conf *c,
			  struct rf_gen *g, struct rf_retire *r)
{
	r->gen = rf_ns_gen(ns);
	rf_ns_counters_adopt(ns, g, r);
	rcu_assign_pointer(ns->gen, g);
	rf_retire(r);
	rf_conf_free(ns->conf);
	ns->conf = c;
	ns->genid = g->genid;
}

/* Build @c's generation and everything publishing it needs. */
static struct rf_gen *rf_ns_prepare(struct rf_ns *ns, struct rf_conf *c,
				    struct rf_retire **r, struct rf_err *e)
{
	struct rf_gen *g;
	u32 dropped;
	int err;

	err = rf_conf_validate(c, e);
	if (err)
		return ERR_PTR(err);
	g = rf_gen_build(c, rf_ns_gen(ns), ns->genid + 1, e);
	if (IS_ERR(g))
		return g;
	err = rf_ns_counters_prepare(ns, g, c, &dropped);
	if (err)
		goto out_gen;
	*r = kzalloc(struct_size(*r, stats, dropped), GFP_KERNEL_ACCOUNT);
	if (*r)
		return g;
	err = -ENOMEM;
	rf_ns_counters_unwind(ns, g);
out_gen:
	rf_gen_free(g);
	return ERR_PTR(err);
}

/**
 * rf_ns_commit() - validate, compile and publish a configuration
 * @ns: the state; its lock must be held
 * @c: the configuration, consumed: published, or freed
 * @check: only validate and build, then discard
 * @e: error message
 *
 * Does not wait for packets in flight: the generation it replaces is freed
 * after a grace period.
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_ns_commit(struct rf_ns *ns, struct rf_conf *c, bool check,
		 struct rf_err *e)
{
	struct rf_retire *r;
	struct rf_gen *g;

	lockdep_assert_held(&ns->lock);
	g = rf_ns_prepare(ns, c, &r, e);
	if (IS_ERR(g)) {
		rf_conf_free(c);
		return PTR_ERR(g);
	}
	if (check) {
		rf_ns_counters_unwind(ns, g);
		rf_gen_free(g);
		rf_conf_free(c);
		kfree(r);
		return 0;
	}
	rf_ns_publish(ns, c, g, r);
	rf_bypass_warn(ns->netns, &ns->bypass_warned);
	return 0;
}

static int rf_ns_init_policy(struct rf_ns *ns)
{
	struct rf_err e;
	struct rf_gen *g;

	ns->conf = rf_conf_alloc();
	if (!ns->conf)
		return -ENOMEM;
	g = rf_gen_build(ns->conf, NULL, 0, &e);
	if (IS_ERR(g))
		return PTR_ERR(g);
	g->no_policy = rf_drop_before_policy;
	RCU_INIT_POINTER(ns->gen, g);
	return 0;
}

/* Free everything; no packet and no request can reach @ns any more. */
static void rf_ns_free(struct rf_ns *ns)
{
	u16 id;

	rf_gen_free(rcu_dereference_protected(ns->gen, true));
	RCU_INIT_POINTER(ns->gen, NULL);
	rf_conf_free(ns->conf);
	ns->conf = NULL;
	for (id = 1; ns->nets && id <= RF_NET_ID_MAX; id++)
		rf_stats_free(ns->nets[id].pcpu);
	kvfree(ns->nets);
	ns->nets = NULL;
	rf_stats_free(ns->total.pcpu);
	ns->total.pcpu = NULL;
}

static int __net_init rf_ns_net_init(struct net *netns)
{
	struct rf_ns *ns = rf_ns_get(netns);
	int err;

	ns->netns = netns;
	mutex_init(&ns->lock);
	spin_lock_init(&ns->rl_lock);
	ns->rl_stamp = jiffies - HZ;
	ns->total.pcpu = rf_stats_alloc();
	err = ns->total.pcpu ? rf_ns_init_policy(ns) : -ENOMEM;
	if (!err)
		err = rf_hook_register(ns);
	if (err)
		rf_ns_free(ns);
	return err;
}

/*
 * Unhook first: the pernet core waits for a grace period between pre_exit
 * and exit, so no packet is inside the hooks when rf_ns_net_exit() frees
 * what they read.
 */
static void __net_exit rf_ns_net_pre_exit(struct net *netns)
{
	rf_hook_unregister(rf_ns_get(netns));
}

static void __net_exit rf_ns_net_exit(struct net *netns)
{
	struct rf_ns *ns = rf_ns_get(netns);

	mutex_lock(&ns->lock);
	rf_ns_free(ns);
	mutex_unlock(&ns->lock);
	mutex_destroy(&ns->lock);
}

static struct pernet_operations rf_ns_ops = {
	.init = rf_ns_net_init,
	.pre_exit = rf_ns_net_pre_exit,
	.exit = rf_ns_net_exit,
	.id = &rf_ns_id,
	.size = sizeof(struct rf_ns),
};

/**
 * rf_ns_init() - set up routefence in every namespace
 *
 * Return: 0 or a negative error code.
 */
int rf_ns_init(void)
{
	int err;

	rf_ns_wq = alloc_workqueue("routefence", WQ_UNBOUND, 0);
	if (!rf_ns_wq)
		return -ENOMEM;
	err = register_pernet_subsys(&rf_ns_ops);
	if (err)
		destroy_workqueue(rf_ns_wq);
	return err;
}

/**
 * rf_ns_exit() - tear routefence down in every namespace
 *
 * Waits for every retired generation to be freed.
 */
void rf_ns_exit(void)
{
	unregister_pernet_subsys(&rf_ns_ops);
	rcu_barrier();
	destroy_workqueue(rf_ns_wq);
}
