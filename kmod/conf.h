/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence configuration: the policy of one namespace as configured
 * (networks, prefixes, interface bindings, links, settings) and every
 * configuration-time rule. Changes are made to a private copy (a
 * transaction's, or one made for a single change); rf_conf_validate() then
 * checks what only the whole set can tell (prefix overlap) before gen.c
 * compiles it. No netlink or skb types: this file also builds in userspace
 * (selftests/lpm/).
 */
#ifndef _RF_CONF_H
#define _RF_CONF_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <uapi/linux/routefence.h>

#include "lpm.h"

#define RF_FAM_V4	0
#define RF_FAM_V6	1
#define RF_NFAM		2
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
 * Prefixes of one family: v[0..sorted) is sorted, v[sorted..n) was added
 * since. Deleted entries have net 0 until the next sort compacts them.
 * @ver changes with every change; @checked is the @ver that passed the
 * overlap rule.
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
	u32 pfx_limit;		/* most prefixes; 0: no limit */
};

/* Where the prefix lists ended, to forget what was added since. */
struct rf_pfx_mark {
	u32 n[RF_NFAM];
	u32 seq;
};

/* Where rf_pfx_del() found a prefix, to put it back. */
struct rf_pfx_undo {
	struct rf_pfx *p;
	u16 net;
};

/* The address family of a prefix: RF_FAM_V4 or RF_FAM_V6. */
static inline int rf_pfx_fam(const struct rf_pfx *p)
{
	return p->seq & RF_PFX_V6 ? RF_FAM_V6 : RF_FAM_V4;
}

struct rf_conf *rf_conf_alloc(void);
void rf_conf_reset(struct rf_conf *c);
struct rf_conf *rf_conf_clone(const struct rf_conf *c);
void rf_conf_free(struct rf_conf *c);
u32 rf_conf_npfx(const struct rf_conf *c);
int rf_conf_validate(struct rf_conf *c, struct rf_err *e);

int rf_net_add(struct rf_conf *c, const char *name, u16 id, u8 deny,
	       struct rf_err *e);
int rf_net_set(struct rf_conf *c, u16 id, u8 deny);
void rf_net_del(struct rf_conf *c, u16 id);
u16 rf_net_find(const struct rf_conf *c, const char *name);
u32 rf_net_ndevs(const struct rf_conf *c, u16 id);
u32 rf_net_nlinks(const struct rf_conf *c, u16 id);

int rf_pfx_parse(struct rf_pfx *p, const void *addr, int alen, u8 len,
		 u16 net, struct rf_err *e);
int rf_pfx_snprint(char *buf, size_t size, const struct rf_pfx *p);
int rf_pfx_add(struct rf_conf *c, struct rf_pfx *p, struct rf_err *e);
int rf_pfx_del(struct rf_conf *c, const struct rf_pfx *p, struct rf_pfx_undo *u,
	       struct rf_err *e);
void rf_pfx_undel(struct rf_conf *c, const struct rf_pfx_undo *u);
void rf_pfx_mark(const struct rf_conf *c, struct rf_pfx_mark *m);
void rf_pfx_rollback(struct rf_conf *c, const struct rf_pfx_mark *m);
int rf_pfx_add_all(struct rf_conf *c, struct rf_pfx *v, u32 n, u32 *failed,
		   struct rf_err *e);
int rf_pfx_del_all(struct rf_conf *c, struct rf_pfx *v, u32 n,
		   struct rf_pfx_undo *undo, u32 *failed, struct rf_err *e);

int rf_dev_add(struct rf_conf *c, int ifindex, u16 net, struct rf_err *e);
int rf_dev_del(struct rf_conf *c, int ifindex, struct rf_err *e);
const struct rf_dev *rf_dev_find(const struct rf_conf *c, int ifindex);

int rf_link_add(struct rf_conf *c, u16 a, u16 b, struct rf_err *e);
int rf_link_del(struct rf_conf *c, u16 a, u16 b, struct rf_err *e);

/* Live confs, generations and counters, checked at module exit. */
extern atomic_t rf_objects;

#endif /* _RF_CONF_H */
