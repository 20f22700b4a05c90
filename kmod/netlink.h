/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence netlink write path: every change (from a request, or from the
 * kernel when an interface goes away) and the transactions.
 */
#ifndef _RF_NETLINK_H
#define _RF_NETLINK_H

#include <linux/netdevice.h>
#include <net/net_namespace.h>

int rf_nl_init(void);
void rf_nl_exit(void);
void rf_nl_dev_gone(struct net_device *dev);
void rf_nl_dev_gone_flush(void);
void rf_nl_release(struct net *netns, u32 portid);

#endif /* _RF_NETLINK_H */
