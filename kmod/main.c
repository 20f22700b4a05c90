// SPDX-License-Identifier: GPL-2.0
/*
 * routefence: forwarding policy between routing domains. Enforces, per
 * network namespace, that networks which must not use a default route do
 * not, that connected networks do not overlap, and that interconnects are
 * not transitive.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "extack.h"
#include "netlink.h"
#include "nl-msg.h"
#include "nl-spec.h"
#include "notifiers.h"
#include "ns.h"

static struct genl_family rf_family __ro_after_init = {
	.name = RF_FAMILY_NAME,
	.version = RF_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = rf_nl_ops,
	.n_ops = ARRAY_SIZE(rf_nl_ops),
	.mcgrps = rf_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(rf_nl_mcgrps),
};

static int __init rf_mod_init(void)
{
	int err;

	err = rf_ns_init();
	if (err)
		return err;
	err = rf_nl_init();
	if (err)
		goto err_ns;
	err = genl_register_family(&rf_family);
	if (err)
		goto err_nl;
	rf_nl_msg_init(&rf_family);
	err = rf_notifiers_init();
	if (err)
		goto err_family;
	pr_info("loaded\n");
	return 0;

err_family:
	rf_nl_msg_exit();
	genl_unregister_family(&rf_family);
err_nl:
	rf_nl_exit();
err_ns:
	rf_ns_exit();
	return err;
}

/*
 * Nothing is sent once the family is gone: the notifiers stop (and the
 * unbindings they queued are done) and the packet path's drop reports stop
 * before the family is unregistered; requests in flight finish before
 * genl_unregister_family() returns; then the namespaces are unhooked and
 * freed.
 */
static void __exit rf_mod_exit(void)
{
	rf_notifiers_exit();
	rf_nl_msg_exit();
	genl_unregister_family(&rf_family);
	rf_nl_exit();
	rf_ns_exit();
	rf_extack_exit();
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
