/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence counters: per CPU, per network and per namespace, counted by
 * the packet path without locks. A reset records the totals as a base that
 * readers subtract, so it never writes other CPUs' counters.
 */
#ifndef _RF_STATS_H
#define _RF_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/routefence.h>

#define RF_NSTATS	(RF_REASON_MAX + 1)

/* Per-CPU counters of one network (or of the whole namespace). */
struct rf_stats {
	struct u64_stats_sync syncp;
	u64_stats_t fwd_packets;
	u64_stats_t fwd_bytes;
	u64_stats_t reason[RF_NSTATS];
};

/* Totals of struct rf_stats over all CPUs. */
struct rf_stats_sum {
	u64 fwd_packets;
	u64 fwd_bytes;
	u64 reason[RF_NSTATS];
};

/* Counters as readers see them: the per-CPU ones minus a reset's base. */
struct rf_counters {
	struct rf_stats __percpu *pcpu;
	struct rf_stats_sum base;
};

struct rf_stats __percpu *rf_stats_alloc(void);
void rf_stats_free(struct rf_stats __percpu *s);
void rf_counters_read(const struct rf_counters *c, struct rf_stats_sum *sum);
void rf_counters_reset(struct rf_counters *c);

/**
 * rf_stats_count() - count one packet (packet path, any context)
 * @s: the counters (NULL: nothing is counted)
 * @reason: the rule it violated, or RF_REASON_NONE
 * @len: its length
 * @fwd: whether it is forwarded
 */
static inline void rf_stats_count(struct rf_stats __percpu *s, u8 reason,
				  unsigned int len, bool fwd)
{
	struct rf_stats *c;

	if (!s)
		return;
	c = this_cpu_ptr(s);
	u64_stats_update_begin(&c->syncp);
	if (reason)
		u64_stats_inc(&c->reason[reason]);
	if (fwd) {
		u64_stats_inc(&c->fwd_packets);
		u64_stats_add(&c->fwd_bytes, len);
	}
	u64_stats_update_end(&c->syncp);
}

#endif /* _RF_STATS_H */
