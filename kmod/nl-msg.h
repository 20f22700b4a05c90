/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence messages: building and sending them (replies, notifications,
 * multicast reports) and the attributes every object shares.
 */
#ifndef _RF_NL_MSG_H
#define _RF_NL_MSG_H

#include <net/genetlink.h>

#include "gen.h"
#include "nl-spec.h"
#include "stats.h"

/*
 * Where a change's messages go: the family, the request (NULL for a change
 * the kernel made itself) and the namespace.
 */
struct rf_nl_dest {
	const struct genl_family *family;
	struct genl_info *info;
	struct net *netns;
};

void rf_nl_msg_init(const struct genl_family *family);
void rf_nl_msg_exit(void);
const struct genl_family *rf_nl_family(void);
bool rf_nl_async_dest(struct rf_nl_dest *d, struct net *netns, int group);

struct sk_buff *rf_nl_msg_new(const struct genl_family *family, u32 portid,
			      u32 seq, u16 flags, u8 cmd, void **hdr,
			      gfp_t gfp);
void rf_nl_notify_send(const struct rf_nl_dest *d, struct sk_buff *skb,
		       void *hdr, int group, gfp_t gfp);

int rf_nl_put_addr(struct sk_buff *skb, int type, int fam,
		   const struct rf_key *k);
int rf_nl_put_net(struct sk_buff *skb, int id_type, u16 id, int name_type,
		  const char *name);
int rf_nl_put_ifname(struct sk_buff *skb, struct net *netns, int type,
		     int ifindex);
int rf_nl_put_stats(struct sk_buff *skb, const struct rf_counters *c);

#endif /* _RF_NL_MSG_H */
