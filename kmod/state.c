// SPDX-License-Identifier: GPL-2.0
/*
 * routefence per-namespace state: the committed policy, the published
 * generation, counters, and the commit that swaps one generation for the
 * next so that every packet sees either the old or the new policy.
 */
#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "routefence.h"

static unsigned int rf_net_id __read_mostly;

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

/**
 * rf_ns_get() - the routefence state of a namespace
 * @net: the namespace
 *
 * Return: the state (valid while @net is).
 */
struct rf_ns *rf_ns_get(const struct net *net)
{
	return net_generic(net, rf_net_id);
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
 * rf_ns_net_stats() - the counters of one network
 * @ns: the state; its lock must be held
 * @id: the network
 *
 * Return: the per-CPU counters, or NULL.
 */
struct rf_stats __percpu *rf_ns_net_stats(struct rf_ns *ns, u16 id)
{
	lockdep_assert_held(&ns->lock);
	return ns->stats ? ns->stats[id] : NULL;
}

static struct rf_stats __percpu *rf_stats_alloc(void)
{
	struct rf_stats __percpu *s;

	s = alloc_percpu_gfp(struct rf_stats, GFP_KERNEL_ACCOUNT);
	if (s)
		atomic_inc(&rf_objects);
	return s;
}

static void rf_stats_free(struct rf_stats __percpu *s)
{
	if (!s)
		return;
	free_percpu(s);
	atomic_dec(&rf_objects);
}

/**
 * rf_stats_read() - add up per-CPU counters
 * @s: the counters (may be NULL: all zero)
 * @sum: the totals
 */
void rf_stats_read(const struct rf_stats __percpu *s, struct rf_stats_sum *sum)
{
	int cpu, r;

	memset(sum, 0, sizeof(*sum));
	if (!s)
		return;
	for_each_possible_cpu(cpu) {
		const struct rf_stats *c = per_cpu_ptr(s, cpu);
		struct rf_stats_sum one;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			one.fwd_packets = u64_stats_read(&c->fwd_packets);
			one.fwd_bytes = u64_stats_read(&c->fwd_bytes);
			for (r = 0; r < RF_NSTATS; r++)
				one.reason[r] = u64_stats_read(&c->reason[r]);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		sum->fwd_packets += one.fwd_packets;
		sum->fwd_bytes += one.fwd_bytes;
		for (r = 0; r < RF_NSTATS; r++)
			sum->reason[r] += one.reason[r];
	}
}

/* Counters are kept by id across commits unless the network was renamed. */
static bool rf_stats_keep(const struct rf_conf *old, const struct rf_conf *c,
			  u16 id)
{
	return old->nets[id] && c->nets[id] &&
	       !strcmp(old->nets[id]->name, c->nets[id]->name);
}

static int rf_stats_prepare(struct rf_ns *ns, struct rf_gen *g,
			    const struct rf_conf *c)
{
	u16 id;

	if (!ns->stats && c->nnets) {
		ns->stats = kvcalloc(RF_NET_ID_MAX + 1, sizeof(*ns->stats),
				     GFP_KERNEL_ACCOUNT);
		if (!ns->stats)
			return -ENOMEM;
	}
	for (id = 1; id <= g->max_id; id++) {
		if (!c->nets[id])
			continue;
		if (ns->stats[id] && rf_stats_keep(ns->conf, c, id)) {
			g->nets[id].stats = ns->stats[id];
			continue;
		}
		g->nets[id].stats = rf_stats_alloc();
		if (!g->nets[id].stats)
			return -ENOMEM;
	}
	return 0;
}

/* Free the counters @g did not adopt: on failure, those @g allocated. */
static void rf_stats_unwind(struct rf_ns *ns, struct rf_gen *g)
{
	u16 id;

	for (id = 1; id <= g->max_id; id++)
		if (g->nets[id].stats && (!ns->stats ||
					  g->nets[id].stats != ns->stats[id]))
			rf_stats_free(g->nets[id].stats);
}

/* After a grace period: adopt @g's counters, free the ones left behind. */
static void rf_stats_adopt(struct rf_ns *ns, const struct rf_gen *g)
{
	u16 id;

	if (!ns->stats)
		return;
	for (id = 1; id <= RF_NET_ID_MAX; id++) {
		struct rf_stats __percpu *s = NULL;

		if (id <= g->max_id)
			s = g->nets[id].stats;
		if (ns->stats[id] == s)
			continue;
		rf_stats_free(ns->stats[id]);
		ns->stats[id] = s;
	}
}

static void rf_ns_publish(struct rf_ns *ns, struct rf_conf *c,
			  struct rf_gen *g)
{
	struct rf_gen *old = rf_ns_gen(ns);

	rcu_assign_pointer(ns->gen, g);
	synchronize_rcu();
	rf_stats_adopt(ns, g);
	rf_gen_free(old, g);
	rf_conf_free(ns->conf);
	ns->conf = c;
	ns->genid = g->genid;
}

/**
 * rf_ns_commit() - validate, compile and publish a policy
 * @ns: the state; its lock must be held
 * @c: the new policy; consumed on success unless @check, freed on failure
 * @check: only validate and build, then discard (@c is freed)
 * @e: error message
 *
 * Return: 0 or a negative error code; on error nothing changed.
 */
int rf_ns_commit(struct rf_ns *ns, struct rf_conf *c, bool check,
		 struct rf_err *e)
{
	struct rf_gen *cur = rf_ns_gen(ns), *g;
	int err;

	lockdep_assert_held(&ns->lock);
	err = rf_conf_validate(c, e);
	if (err)
		goto out_free;
	g = rf_gen_build(c, cur, NULL, ns->genid + 1, e);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
		goto out_free;
	}
	if (check) {
		rf_gen_free(g, cur);
		goto out_free;
	}
	err = rf_stats_prepare(ns, g, c);
	if (err) {
		rf_stats_unwind(ns, g);
		rf_gen_free(g, cur);
		goto out_free;
	}
	rf_ns_publish(ns, c, g);
	return 0;
out_free:
	rf_conf_free(c);
	return err;
}

/**
 * rf_ns_txn_end() - discard the open transaction, if any
 * @ns: the state; its lock must be held
 */
void rf_ns_txn_end(struct rf_ns *ns)
{
	lockdep_assert_held(&ns->lock);
	rf_conf_free(ns->txn);
	ns->txn = NULL;
	ns->txn_portid = 0;
}

static void rf_stats_zero(struct rf_stats __percpu *s)
{
	int cpu;

	if (!s)
		return;
	for_each_possible_cpu(cpu) {
		struct rf_stats *c = per_cpu_ptr(s, cpu);
		int r;

		u64_stats_set(&c->fwd_packets, 0);
		u64_stats_set(&c->fwd_bytes, 0);
		for (r = 0; r < RF_NSTATS; r++)
			u64_stats_set(&c->reason[r], 0);
	}
}

/**
 * rf_ns_stats_reset() - zero every counter of a namespace
 * @ns: the state; its lock must be held
 *
 * Increments racing on other CPUs may survive the reset.
 */
void rf_ns_stats_reset(struct rf_ns *ns)
{
	u16 id;

	lockdep_assert_held(&ns->lock);
	rf_stats_zero(ns->total);
	for (id = 1; ns->stats && id <= RF_NET_ID_MAX; id++)
		rf_stats_zero(ns->stats[id]);
}

static int rf_ns_init_policy(struct rf_ns *ns)
{
	struct rf_err e;
	struct rf_gen *g;

	ns->conf = rf_conf_alloc();
	if (!ns->conf)
		return -ENOMEM;
	g = rf_gen_build(ns->conf, NULL, NULL, 0, &e);
	if (IS_ERR(g))
		return PTR_ERR(g);
	g->no_policy = rf_drop_before_policy;
	RCU_INIT_POINTER(ns->gen, g);
	return 0;
}

static void rf_ns_free(struct rf_ns *ns)
{
	u16 id;

	rf_gen_free(rcu_dereference_protected(ns->gen, true), NULL);
	RCU_INIT_POINTER(ns->gen, NULL);
	rf_conf_free(ns->conf);
	ns->conf = NULL;
	rf_conf_free(ns->txn);
	ns->txn = NULL;
	for (id = 1; ns->stats && id <= RF_NET_ID_MAX; id++)
		rf_stats_free(ns->stats[id]);
	kvfree(ns->stats);
	ns->stats = NULL;
	rf_stats_free(ns->total);
	ns->total = NULL;
}

static int __net_init rf_net_init(struct net *net)
{
	struct rf_ns *ns = rf_ns_get(net);
	int err;

	ns->net = net;
	mutex_init(&ns->lock);
	spin_lock_init(&ns->rl_lock);
	ns->rl_stamp = jiffies - HZ;
	ns->total = rf_stats_alloc();
	err = ns->total ? rf_ns_init_policy(ns) : -ENOMEM;
	if (!err)
		err = rf_hook_register(ns);
	if (err)
		rf_ns_free(ns);
	return err;
}

static void __net_exit rf_net_exit(struct net *net)
{
	struct rf_ns *ns = rf_ns_get(net);

	/* Unregistering the hooks waits for packets in flight. */
	rf_hook_unregister(ns);
	mutex_lock(&ns->lock);
	rf_ns_free(ns);
	mutex_unlock(&ns->lock);
}

static struct pernet_operations rf_net_ops = {
	.init = rf_net_init,
	.exit = rf_net_exit,
	.id = &rf_net_id,
	.size = sizeof(struct rf_ns),
};

/**
 * rf_pernet_init() - set up routefence in every namespace
 *
 * Return: 0 or a negative error code.
 */
int rf_pernet_init(void)
{
	return register_pernet_subsys(&rf_net_ops);
}

/**
 * rf_pernet_exit() - tear routefence down in every namespace
 */
void rf_pernet_exit(void)
{
	unregister_pernet_subsys(&rf_net_ops);
}
