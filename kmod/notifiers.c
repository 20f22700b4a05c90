// SPDX-License-Identifier: GPL-2.0
/*
 * routefence notifiers: interfaces that disappear leave the policy by
 * themselves, and a transaction dies with the socket that opened it.
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>

#include "netlink.h"

static void rf_dev_gone(struct net_device *dev)
{
	struct rf_ns *ns = rf_ns_get(dev_net(dev));
	char netname[RF_NAME_MAX];
	const struct rf_dev *d;
	struct rf_conf *c;
	struct rf_err e;
	u16 net;

	mutex_lock(&ns->lock);
	if (!ns->conf)
		goto out;
	if (ns->txn)
		rf_dev_del(ns->txn, dev->ifindex, NULL);
	d = rf_dev_find(ns->conf, dev->ifindex);
	if (!d)
		goto out;
	net = d->net;
	strscpy(netname, ns->conf->nets[net]->name, sizeof(netname));
	c = rf_conf_clone(ns->conf);
	if (!c || rf_dev_del(c, dev->ifindex, NULL) ||
	    rf_ns_commit(ns, c, false, &e)) {
		pr_err("cannot unbind %s from network %s\n", dev->name,
		       netname);
		goto out;
	}
	rf_nl_notify_dev_gone(ns, dev->ifindex, dev->name, net, netname);
out:
	mutex_unlock(&ns->lock);
}

static int rf_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	if (event == NETDEV_UNREGISTER)
		rf_dev_gone(netdev_notifier_info_to_dev(ptr));
	return NOTIFY_DONE;
}

static int rf_netlink_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    n->portid)
		rf_nl_release(n->net, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block rf_netdev_nb = {
	.notifier_call = rf_netdev_event,
};

static struct notifier_block rf_netlink_nb = {
	.notifier_call = rf_netlink_event,
};

/**
 * rf_notifiers_init() - follow interfaces and netlink sockets
 *
 * Return: 0 or a negative error code.
 */
int rf_notifiers_init(void)
{
	int err;

	err = register_netdevice_notifier(&rf_netdev_nb);
	if (err)
		return err;
	err = netlink_register_notifier(&rf_netlink_nb);
	if (err)
		unregister_netdevice_notifier(&rf_netdev_nb);
	return err;
}

/**
 * rf_notifiers_exit() - stop following interfaces and sockets
 */
void rf_notifiers_exit(void)
{
	netlink_unregister_notifier(&rf_netlink_nb);
	unregister_netdevice_notifier(&rf_netdev_nb);
}
