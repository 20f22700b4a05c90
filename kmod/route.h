/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence route lookups: the prefix length of the route a forwarded
 * packet takes (is it a default route?), for the packet path and EVAL.
 */
#ifndef _RF_ROUTE_H
#define _RF_ROUTE_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "gen.h"

bool rf_route4_default(struct sk_buff *skb, const struct net_device *in);
bool rf_route6_default(const struct sk_buff *skb);
int rf_route_eval(struct net *netns, const struct rf_pkt *p, int *oif);

#endif /* _RF_ROUTE_H */
