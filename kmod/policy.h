/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence policy model: the configuration of one network namespace
 * (networks, prefixes, interface bindings, links, settings), its validation,
 * and its compilation into an immutable generation that the packet path reads
 * under RCU. No netlink or skb types here.
 */
#ifndef _RF_POLICY_H
#define _RF_POLICY_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <uapi/linux/routefence.h>

#include "lpm.h"

#define RF_FAM_V4	0
#define RF_FAM_V6	1
#define RF_NFAM		2
#define RF_NSTATS	(RF_REASON_MAX + 1)
#define RF_ERRMSG_LEN	256

/* rf_pfx.seq: the top bit marks IPv6, the rest is the configuration order */
#define RF_PFX_V6	BIT(31)

/* An error message for the netlink layer to hand to userspace (extack). */
struct rf_err {
	char msg[RF_ERRMSG_LEN];
};

__printf(3, 4)
int rf_fail(struct rf_err *e, int err, const char *fmt, ...);

/* A network as configured. */
struct rf_netdef {
	char name[RF_NAME_MAX];
	u16 id;
	u8 deny_default;
	u32 npfx[RF_NFAM];
	u32 nlinks;		/* links to other networks */
};

struct rf_dev {
	int ifindex;
	u16 net;
};

/* A link between networks @a < @b. */
struct rf_link {
	u16 a;
	u16 b;
};

struct rf_settings {
	u8 mode;
	u8 unmanaged;
	u32 drop_events;
};

/*
 * Prefixes of one family: v[0..sorted) is sorted and was validated at the
 * last commit, v[sorted..n) was added since. Deleted entries have net 0
 * until the next commit compacts them.
 */
struct rf_pfxvec {
	struct rf_pfx *v;
	u32 n;
	u32 cap;
	u32 sorted;
	u32 dead;
	u64 ver;
	u64 checked;
};

/* Open-addressing index of network names (ids; 0 is empty). */
#define RF_NAME_HASH	8192

struct rf_conf {
	struct rf_netdef *nets[RF_NET_ID_MAX + 1];
	u16 byname[RF_NAME_HASH];
	u16 nnets;
	u16 max_id;
	struct rf_pfxvec pfx[RF_NFAM];
	u32 pfx_seq;
	struct rf_dev *devs;
	u32 ndevs;
	u32 devcap;
	struct rf_link *links;
	u32 nlinks;
	u32 linkcap;
	struct rf_settings set;
};

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
	u64 pfx_ver[RF_NFAM];
	struct rf_lpm *lpm[RF_NFAM];
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

/* Undo records for batches of prefix changes. */
struct rf_pfx_mark {
	u32 n[RF_NFAM];
	u32 seq;
};

struct rf_pfx_undo {
	struct rf_pfx *p;
	u16 net;
};

struct rf_conf *rf_conf_alloc(void);
void rf_conf_reset(struct rf_conf *c);
struct rf_conf *rf_conf_clone(const struct rf_conf *c);
void rf_conf_free(struct rf_conf *c);
u32 rf_conf_npfx(const struct rf_conf *c);

int rf_net_add(struct rf_conf *c, const char *name, u16 id, u8 deny,
	       struct rf_err *e);
int rf_net_set(struct rf_conf *c, u16 id, u8 deny);
void rf_net_del(struct rf_conf *c, u16 id);
u16 rf_net_find(const struct rf_conf *c, const char *name);
u32 rf_net_ndevs(const struct rf_conf *c, u16 id);
u32 rf_net_nlinks(const struct rf_conf *c, u16 id);

int rf_pfx_parse(struct rf_pfx *p, const void *addr, int alen, u8 len,
		 u16 net, struct rf_err *e);
int rf_pfx_add(struct rf_conf *c, struct rf_pfx *p, struct rf_err *e);
int rf_pfx_del(struct rf_conf *c, const struct rf_pfx *p, struct rf_pfx_undo *u,
	       struct rf_err *e);
void rf_pfx_undel(struct rf_conf *c, const struct rf_pfx_undo *u);
void rf_pfx_mark(const struct rf_conf *c, struct rf_pfx_mark *m);
void rf_pfx_rollback(struct rf_conf *c, const struct rf_pfx_mark *m);
int rf_pfx_fam(const struct rf_pfx *p);
int rf_pfx_snprint(char *buf, size_t size, const struct rf_pfx *p);

int rf_dev_add(struct rf_conf *c, int ifindex, u16 net, struct rf_err *e);
int rf_dev_del(struct rf_conf *c, int ifindex, struct rf_err *e);
const struct rf_dev *rf_dev_find(const struct rf_conf *c, int ifindex);

int rf_link_add(struct rf_conf *c, u16 a, u16 b, struct rf_err *e);
int rf_link_del(struct rf_conf *c, u16 a, u16 b, struct rf_err *e);

int rf_conf_validate(struct rf_conf *c, struct rf_err *e);

struct rf_gen *rf_gen_build(const struct rf_conf *c, const struct rf_gen *prev,
			    struct rf_stats __percpu *const *stats, u32 genid,
			    struct rf_err *e);
void rf_gen_free(struct rf_gen *g, const struct rf_gen *keep);
void rf_classify(const struct rf_gen *g, const struct rf_pkt *p,
		 struct rf_decision *d);

void rf_stats_read(const struct rf_stats __percpu *s, struct rf_stats_sum *sum);

/* Live confs, generations and counters, checked at module exit. */
extern atomic_t rf_objects;

#endif /* _RF_POLICY_H */
