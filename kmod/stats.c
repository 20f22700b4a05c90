// SPDX-License-Identifier: GPL-2.0
/*
 * routefence counters: allocation, reading and resetting. Counting is
 * rf_stats_count() in stats.h, inlined into the packet path.
 */
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "conf.h"
#include "stats.h"

/**
 * rf_stats_alloc() - allocate zeroed per-CPU counters
 *
 * Return: the counters, or NULL.
 */
struct rf_stats __percpu *rf_stats_alloc(void)
{
	struct rf_stats __percpu *s;
	int cpu;

	s = alloc_percpu_gfp(struct rf_stats, GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s, cpu)->syncp);
	atomic_inc(&rf_objects);
	return s;
}

/**
 * rf_stats_free() - free per-CPU counters no reader can see any more
 * @s: the counters (may be NULL)
 */
void rf_stats_free(struct rf_stats __percpu *s)
{
	if (!s)
		return;
	free_percpu(s);
	atomic_dec(&rf_objects);
}

static void rf_stats_sum(const struct rf_stats __percpu *s,
			 struct rf_stats_sum *sum)
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

/**
 * rf_counters_read() - the counters since the last reset
 * @c: the counters (may be NULL: all zero)
 * @sum: the totals
 */
void rf_counters_read(const struct rf_counters *c, struct rf_stats_sum *sum)
{
	int r;

	if (!c) {
		memset(sum, 0, sizeof(*sum));
		return;
	}
	rf_stats_sum(c->pcpu, sum);
	sum->fwd_packets -= c->base.fwd_packets;
	sum->fwd_bytes -= c->base.fwd_bytes;
	for (r = 0; r < RF_NSTATS; r++)
		sum->reason[r] -= c->base.reason[r];
}

/**
 * rf_counters_reset() - start counting from zero
 * @c: the counters; the caller serialises resets and reads of @c
 *
 * The per-CPU counters go on counting: their current totals become the base
 * that reads subtract, so a packet counted concurrently is either in the
 * base or counted after it, never lost and never written by two CPUs.
 */
void rf_counters_reset(struct rf_counters *c)
{
	rf_stats_sum(c->pcpu, &c->base);
}
