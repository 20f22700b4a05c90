/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence generations: a validated configuration compiled into the
 * immutable form the packet path reads under RCU, and the decision about
 * one packet. No netlink or skb types: this file also builds in userspace.
 */
#ifndef _RF_GEN_H
#define _RF_GEN_H

#include <linux/refcount.h>
#include <linux/types.h>

#include "conf.h"
#include "lpm.h"

struct rf_stats;

#define RF_GNET_PRESENT		BIT(0)
#define RF_GNET_DENY_DEFAULT	BIT(1)
#define RF_GNET_HAS_V4		BIT(2)
#define RF_GNET_HAS_V6		BIT(3)

/* A network as the packet path sees it. */
struct rf_gnet {
	struct rf_stats __percpu *stats;
	u8 flags;
	char name[RF_NAME_MAX];
};

/* A lookup table, shared by the generations built from the same prefixes. */
struct rf_table {
	refcount_t users;
	u64 ver;
	bool updated;		/* by rf_lpm_update(), not built whole */
	struct rf_lpm *lpm;
};

/*
 * One immutable policy generation. @no_policy is set only in the empty
 * generation a namespace starts with, when the module was loaded with
 * drop_before_policy=1: it has no networks, so every packet is unmanaged
 * and only that branch of rf_classify() reads the flag.
 */
struct rf_gen {
	u32 genid;
	u8 mode;
	u8 unmanaged;
	bool no_policy;
	u16 max_id;
	u32 drop_events;
	struct rf_lpm *lpm[RF_NFAM];	/* tab[f]->lpm: one load less */
	struct rf_table *tab[RF_NFAM];
	unsigned long *allow;
	struct rf_dev *devs;
	u32 ndevs;
	struct rf_gnet nets[];
};

/* A packet (or a hypothetical one) to classify. */
struct rf_pkt {
	u8 fam;
	struct rf_key src;
	struct rf_key dst;
	int iif;
	int oif;
};

struct rf_decision {
	u16 snet;
	u16 dnet;
	u8 reason;
	bool need_route;
};

struct rf_gen *rf_gen_build(const struct rf_conf *c, const struct rf_gen *prev,
			    u32 genid, struct rf_err *e);
void rf_gen_free(struct rf_gen *g);
void rf_classify(const struct rf_gen *g, const struct rf_pkt *p,
		 struct rf_decision *d);

#endif /* _RF_GEN_H */
