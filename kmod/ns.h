/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence per-namespace state: the committed configuration, the
 * generation the packet path reads, the counters, and the commit that
 * publishes a new generation so that every packet sees either the old or
 * the new policy.
 */
#ifndef _RF_NS_H
#define _RF_NS_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

#include "conf.h"
#include "gen.h"
#include "stats.h"

/**
 * struct rf_ns - routefence state of one network namespace
 * @netns: the namespace
 * @lock: serialises writers; protects @conf, @genid, the counters' bases
 *	and the netlink layer's transaction
 * @conf: the committed configuration
 * @gen: the generation the packet path reads
 * @genid: the number of the committed generation
 * @total: namespace-wide counters
 * @nets: per-network counters by id (allocated with the first network)
 * @ops: the IPv4 and IPv6 forward hooks
 * @rl_lock: protects the drop report budget
 * @rl_stamp: jiffies when the budget was last refilled
 * @rl_budget: drop reports left in this second
 * @bypass_warned: the kinds of bypass already logged (enum rf_bypass_kind)
 */
struct rf_ns {
	struct net *netns;
	struct mutex lock;		/* writers, commits */
	struct rf_conf *conf;
	struct rf_gen __rcu *gen;
	u32 genid;
	struct rf_counters total;
	struct rf_counters *nets;
	struct nf_hook_ops ops[2];
	spinlock_t rl_lock;		/* drop report budget */
	unsigned long rl_stamp;
	u32 rl_budget;
	unsigned long bypass_warned;
};

/* Module parameter drop_before_policy (read-only once loaded). */
extern bool rf_drop_before_policy;

struct rf_ns *rf_ns_get(const struct net *netns);
struct rf_gen *rf_ns_gen(struct rf_ns *ns);
struct rf_conf *rf_ns_stage(struct rf_ns *ns, bool empty);
int rf_ns_commit(struct rf_ns *ns, struct rf_conf *c, bool check,
		 struct rf_err *e);
const struct rf_counters *rf_ns_counters(struct rf_ns *ns, u16 id);
void rf_ns_stats_reset(struct rf_ns *ns);

int rf_ns_init(void);
void rf_ns_exit(void);

#endif /* _RF_NS_H */
