/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence netlink objects: for each object of the policy (networks,
 * prefixes, interface bindings, links, settings), how a write request is
 * parsed into a typed request, applied to a configuration, and how the
 * object is put into a reply, a dump or a notification.
 */
#ifndef _RF_NL_OBJECTS_H
#define _RF_NL_OBJECTS_H

#include <linux/if.h>
#include <net/genetlink.h>

#include "conf.h"
#include "ns.h"

struct rf_wop;

/* The configuration a message describes. */
struct rf_view {
	struct rf_ns *ns;
	const struct rf_conf *c;
	bool staged;		/* a transaction's: no counters */
};

/**
 * struct rf_wreq - one write request, parsed
 * @op: the write operation
 * @info: the netlink request (NULL for a change the kernel makes itself)
 * @sk: the requesting socket (compared, never dereferenced)
 * @bad: the attribute a refusal of the configuration layer points at
 * @net: a network (NET_NEW, NET_SET, NET_DEL): its id and name
 * @pfx: prefixes (PREFIX_NEW, PREFIX_DEL) and the undo records of a deletion
 * @dev: an interface binding (DEV_NEW, DEV_DEL)
 * @link: a link between networks @a < @b (LINK_NEW, LINK_DEL)
 * @set: settings (CONFIG_SET): which of them (RF_SET_*) and their values
 */
struct rf_wreq {
	const struct rf_wop *op;
	struct genl_info *info;
	const struct sock *sk;
	const struct nlattr *bad;
	union {
		struct {
			u16 id;
			u8 deny;
			char name[RF_NAME_MAX];
		} net;
		struct {
			struct rf_pfx *v;
			struct rf_pfx_undo *undo;
			const struct nlattr **nests;
			u32 n;
		} pfx;
		struct {
			int ifindex;
			u16 net;
			char name[RF_NAME_MAX];
			char ifname[IFNAMSIZ];
		} dev;
		struct {
			u16 a;
			u16 b;
			char aname[RF_NAME_MAX];
			char bname[RF_NAME_MAX];
		} link;
		struct {
			u8 has;
			struct rf_settings v;
		} set;
	};
};

/* Puts an object (or as much of a list as fits: -EMSGSIZE, *pos moved on). */
typedef int (*rf_fill_t)(struct sk_buff *skb, const struct rf_view *v,
			 const struct rf_wreq *r, u32 *pos);

/**
 * struct rf_wop - a write operation
 * @parse: fills the typed request from r->info, resolving names against
 *	the configuration the change goes to; every extack message is set here
 * @apply: makes the change (the rf_<object>_<verb>() of conf.c); nothing
 *	changes when it fails
 * @reply: puts the reply (NULL: the ack is the reply)
 * @fill: puts the object for the notification
 * @ntf: the notification once committed (0: none)
 */
struct rf_wop {
	int (*parse)(struct rf_wreq *r, const struct rf_conf *c);
	int (*apply)(struct rf_conf *c, struct rf_wreq *r, struct rf_err *e);
	rf_fill_t reply;
	rf_fill_t fill;
	u8 ntf;
};

const struct rf_wop *rf_wop_get(u8 cmd);
extern const struct rf_wop rf_dev_gone_op;
void rf_wreq_free(struct rf_wreq *r);

int rf_fill_config(struct sk_buff *skb, const struct rf_view *v,
		   const struct rf_wreq *r, u32 *pos);

#endif /* _RF_NL_OBJECTS_H */
