/* SPDX-License-Identifier: GPL-2.0 */
/* routefence netlink policies (nl-policy.c), one per command. */
#ifndef _RF_NETLINK_H
#define _RF_NETLINK_H

#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/routefence.h>

#include "compat.h"
#include "routefence.h"

enum rf_nl_groups {
	RF_GRP_CONFIG,
	RF_GRP_DROPS,
};

/**
 * struct rf_wctx - one request's context
 * @ns: the namespace's state
 * @info: the request (NULL for changes the kernel makes itself)
 * @c: the policy the change went to (the transaction's, or the committed one)
 * @e: the policy layer's error message
 * @staged: the change went to a transaction
 * @id: the network concerned
 * @peer: the other network of a link
 * @ifindex: the interface concerned
 * @name: the name of @id (kept for deletions)
 * @peer_name: the name of @peer
 * @pfx: the prefixes of a prefix request
 * @npfx: their number
 * @undo: what a prefix deletion did, to undo it
 */
struct rf_wctx {
	struct rf_ns *ns;
	struct genl_info *info;
	struct rf_conf *c;
	struct rf_err e;
	bool staged;
	u16 id;
	u16 peer;
	int ifindex;
	char name[RF_NAME_MAX];
	char peer_name[RF_NAME_MAX];
	struct rf_pfx *pfx;
	u32 npfx;
	struct rf_pfx_undo *undo;
};

typedef int (*rf_fill_t)(struct sk_buff *skb, struct rf_wctx *w);

/**
 * struct rf_wop - a change
 * @apply: makes it on a policy (must change nothing when it fails)
 * @reply: puts the object for the reply (NULL: no reply but the ack)
 * @ntf: the notification to send once committed (0: none)
 * @notify: sends it (NULL: one message filled by @reply)
 */
struct rf_wop {
	int (*apply)(struct rf_conf *c, struct rf_wctx *w);
	rf_fill_t reply;
	u8 ntf;
	void (*notify)(struct rf_wctx *w, u8 cmd);
};

extern struct genl_family rf_family;

__printf(4, 5)
int rf_nl_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      int err, const char *fmt, ...);
int rf_nl_fail(struct netlink_ext_ack *extack, const struct nlattr *attr,
	       int err, const struct rf_err *e);
int rf_nl_missing(struct genl_info *info, int type, const char *what);
int rf_nl_put_addr(struct sk_buff *skb, int type, int fam,
		   const struct rf_key *k);
int rf_nl_put_net(struct sk_buff *skb, int id_type, u16 id, int name_type,
		  const char *name);
int rf_nl_put_ifname(struct sk_buff *skb, struct net *net, int type,
		     int ifindex);
int rf_nl_put_stats(struct sk_buff *skb, const struct rf_stats __percpu *s);
int rf_nl_put_packet(struct sk_buff *skb, struct net *net,
		     const struct rf_gen *g, const struct rf_pkt *p,
		     const struct rf_decision *d);
int rf_nl_reply(struct rf_wctx *w, rf_fill_t fill);
void rf_nl_notify(struct rf_wctx *w, u8 cmd, rf_fill_t fill);
int rf_nl_write(struct genl_info *info, const struct rf_wop *op);
void rf_nl_release(struct net *net, u32 portid);

int rf_nl_net_opt(struct rf_wctx *w, int id_type, int name_type);
int rf_fill_config(struct sk_buff *skb, struct rf_wctx *w);
void rf_nl_notify_config(struct rf_wctx *w, u8 cmd);

int rf_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_net_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int rf_nl_prefix_new_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_prefix_del_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_prefix_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int rf_nl_dev_new_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_dev_del_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int rf_nl_link_new_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_link_del_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_link_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int rf_nl_config_set_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_config_get_doit(struct sk_buff *skb, struct genl_info *info);
int rf_nl_eval_doit(struct sk_buff *skb, struct genl_info *info);

extern const struct nla_policy rf_prefix_nl_policy[RF_PREFIX_A_MAX + 1];
extern const struct nla_policy rf_net_new_nl_policy[RF_A_DEFAULT_ROUTE + 1];
extern const struct nla_policy rf_net_sel_nl_policy[RF_A_NET_NAME + 1];
extern const struct nla_policy rf_prefix_nl_req_policy[RF_A_PREFIX + 1];
extern const struct nla_policy rf_dev_new_nl_policy[RF_A_IFINDEX + 1];
extern const struct nla_policy rf_dev_del_nl_policy[RF_A_IFINDEX + 1];
extern const struct nla_policy rf_link_nl_policy[RF_A_PEER_NAME + 1];
extern const struct nla_policy rf_config_set_nl_policy[RF_A_DROP_EVENTS + 1];
extern const struct nla_policy rf_eval_nl_policy[RF_A_IIF + 1];
extern const struct nla_policy rf_txn_nl_policy[RF_A_TXN_FLAGS + 1];

#endif /* _RF_NETLINK_H */
