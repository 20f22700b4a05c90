// SPDX-License-Identifier: GPL-2.0
/*
 * routefence notifiers: interfaces that disappear leave the policy by
 * themselves, and a transaction dies with the socket that opened it.
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>

#include "netlink.h"
#include "notifiers.h"

/* Set at module exit: the events replayed by unregistering are ignored. */
static bool rf_notifiers_stopping;

static int rf_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	if (event == NETDEV_UNREGISTER && !READ_ONCE(rf_notifiers_stopping))
		rf_nl_dev_gone(netdev_notifier_info_to_dev(ptr));
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
 * rf_notifiers_exit() - stop following interfaces and sockets, and wait for
 *	the unbindings already queued
 *
 * Unregistering replays NETDEV_UNREGISTER for every interface: those events
 * change nothing.
 */
void rf_notifiers_exit(void)
{
	WRITE_ONCE(rf_notifiers_stopping, true);
	netlink_unregister_notifier(&rf_netlink_nb);
	unregister_netdevice_notifier(&rf_netdev_nb);
	rf_nl_dev_gone_flush();
}
