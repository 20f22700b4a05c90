/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence bypass detection: interfaces whose forwarded traffic may never
 * reach the forward hook (flowtables, XDP, tc redirects).
 */
#ifndef _RF_BYPASS_H
#define _RF_BYPASS_H

#include <linux/if.h>
#include <linux/types.h>
#include <net/net_namespace.h>

struct rf_bypass {
	int ifindex;
	u32 kinds;		/* enum rf_bypass_kind bits */
	char ifname[IFNAMSIZ];
};

u32 rf_bypass_scan(struct net *netns, struct rf_bypass *v, u32 max);
void rf_bypass_warn(struct net *netns, unsigned long *warned);

#endif /* _RF_BYPASS_H */
