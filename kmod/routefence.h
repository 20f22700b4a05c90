/* SPDX-License-Identifier: GPL-2.0 */
/* routefence: per-namespace state shared by the hook, netlink and notifiers. */
#ifndef _RF_ROUTEFENCE_H
#define _RF_ROUTEFENCE_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

#include "policy.h"

/**
 * struct rf_ns - routefence state of one network namespace
 * @net: the namespace
 * @lock: serialises writers; protects @conf, @txn, @stats and commits
 * @conf: the committed policy
 * @gen: the generation the packet path reads
 * @txn: the staged policy of the open transaction, or NULL
 * @txn_portid: the netlink port that owns @txn
 * @genid: the number of the committed generation
 * @total: namespace-wide counters
 * @stats: per-network counters by id (allocated with the first network)
 * @ops: the IPv4 and IPv6 forward hooks
 * @rl_lock: protects the drop report budget
 * @rl_stamp: jiffies when the budget was last refilled
 * @rl_budget: drop reports left in this second
 */
struct rf_ns {
	struct net *net;
	struct mutex lock;		/* writers, commits */
	struct rf_conf *conf;
	struct rf_gen __rcu *gen;
	struct rf_conf *txn;
	u32 txn_portid;
	u32 genid;
	struct rf_stats __percpu *total;
	struct rf_stats __percpu **stats;
	struct nf_hook_ops ops[2];
	spinlock_t rl_lock;		/* drop report budget */
	unsigned long rl_stamp;
	u32 rl_budget;
};

extern bool rf_drop_before_policy;

struct rf_ns *rf_ns_get(const struct net *net);
struct rf_gen *rf_ns_gen(struct rf_ns *ns);
int rf_ns_commit(struct rf_ns *ns, struct rf_conf *c, bool check,
		 struct rf_err *e);
void rf_ns_txn_end(struct rf_ns *ns);
void rf_ns_stats_reset(struct rf_ns *ns);
struct rf_stats __percpu *rf_ns_net_stats(struct rf_ns *ns, u16 id);

int rf_pernet_init(void);
void rf_pernet_exit(void);

int rf_hook_register(struct rf_ns *ns);
void rf_hook_unregister(struct rf_ns *ns);
bool rf_route_plen(struct net *net, const struct rf_pkt *p, int *plen,
		   int *oif);

int rf_genl_init(void);
void rf_genl_exit(void);
void rf_nl_notify_drop(struct rf_ns *ns, const struct rf_gen *g,
		       const struct rf_pkt *p, const struct rf_decision *d);
void rf_nl_notify_dev_gone(struct rf_ns *ns, int ifindex, const char *ifname,
			   u16 net, const char *netname);

int rf_notifiers_init(void);
void rf_notifiers_exit(void);

#endif /* _RF_ROUTEFENCE_H */
