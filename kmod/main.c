// SPDX-License-Identifier: GPL-2.0
/*
 * routefence: forwarding policy between routing domains. Enforces, per
 * network namespace, that networks which must not use a default route do
 * not, that connected networks do not overlap, and that interconnects are
 * not transitive.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "routefence.h"

static int __init rf_mod_init(void)
{
	int err;

	err = rf_pernet_init();
	if (err)
		return err;
	err = rf_notifiers_init();
	if (err)
		goto err_pernet;
	err = rf_genl_init();
	if (err)
		goto err_notifiers;
	pr_info("loaded\n");
	return 0;

err_notifiers:
	rf_notifiers_exit();
err_pernet:
	rf_pernet_exit();
	return err;
}

static void __exit rf_mod_exit(void)
{
	rf_genl_exit();
	rf_notifiers_exit();
	rf_pernet_exit();
	WARN(atomic_read(&rf_objects), "leaked %d policy objects\n",
	     atomic_read(&rf_objects));
	pr_info("unloaded\n");
}

module_init(rf_mod_init);
module_exit(rf_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Forwarding policy between routing domains");
MODULE_AUTHOR("routefence developers");
MODULE_ALIAS_GENL_FAMILY(RF_FAMILY_NAME);
