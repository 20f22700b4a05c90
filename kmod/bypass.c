// SPDX-License-Identifier: GPL-2.0
/*
 * routefence bypass detection. Some paths forward packets without the
 * forward hook ever seeing them, so the policy is silently not applied:
 *
 * - an nftables flowtable moves established flows to its ingress hook;
 * - an XDP program, or tc ingress filters and BPF programs, may redirect
 *   packets to another interface before IP sees them.
 *
 * What can be seen from the interfaces of a namespace is reported in the
 * config (rfence config show, monitor) and once per kind in the kernel log.
 * Bridged traffic without br_netfilter and ICMP errors are documented, not
 * detected (README, rfence(8)).
 */
#include <linux/kallsyms.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/string.h>
#include <uapi/linux/routefence.h>

#include "bypass.h"
#include "compat.h"

/* A flowtable's ingress hook is nf_flow_offload_{ip,ipv6,inet}_hook(). */
static bool rf_bypass_flowtable(const struct net_device *dev)
{
#ifdef CONFIG_NETFILTER_INGRESS
	const struct nf_hook_entries *e;
	char sym[KSYM_SYMBOL_LEN];
	bool found = false;
	int i;

	e = rcu_dereference(dev->nf_hooks_ingress);
	for (i = 0; e && i < e->num_hook_entries && !found; i++) {
		snprintf(sym, sizeof(sym), "%ps", e->hooks[i].hook);
		found = str_has_prefix(sym, "nf_flow_offload_");
	}
	return found;
#else
	return false;
#endif
}

static bool rf_bypass_xdp(const struct net_device *dev)
{
	int mode;

	if (rcu_access_pointer(dev->xdp_prog))
		return true;
	/* Read without RTNL: a program being attached may be missed. */
	for (mode = 0; mode < __MAX_XDP_MODE; mode++)
		if (READ_ONCE(dev->xdp_state[mode].prog))
			return true;
	return false;
}

static u32 rf_bypass_kinds(const struct net_device *dev)
{
	u32 kinds = 0;

	if (rf_bypass_flowtable(dev))
		kinds |= RF_BYPASS_FLOWTABLE;
	if (rf_bypass_xdp(dev))
		kinds |= RF_BYPASS_XDP;
	if (rf_dev_tc_ingress(dev))
		kinds |= RF_BYPASS_TC;
	return kinds;
}

/**
 * rf_bypass_scan() - the interfaces of a namespace that may bypass the hook
 * @netns: the namespace
 * @v: room for @max of them (may be NULL)
 * @max: its size
 *
 * Return: how many interfaces there are (which may be more than @max).
 */
u32 rf_bypass_scan(struct net *netns, struct rf_bypass *v, u32 max)
{
	struct net_device *dev;
	u32 n = 0, kinds;

	rcu_read_lock();
	for_each_netdev_rcu(netns, dev) {
		kinds = rf_bypass_kinds(dev);
		if (!kinds)
			continue;
		if (v && n < max) {
			v[n].ifindex = dev->ifindex;
			v[n].kinds = kinds;
			strscpy(v[n].ifname, dev->name, sizeof(v[n].ifname));
		}
		n++;
	}
	rcu_read_unlock();
	return n;
}

static void rf_bypass_warn_one(const struct rf_bypass *b,
			       unsigned long *warned)
{
	static const char *const what[] = {
		"an nftables flowtable", "an XDP program",
		"tc ingress filters",
	};
	u32 k;

	for (k = 0; k < ARRAY_SIZE(what); k++) {
		if (!(b->kinds & BIT(k)) || test_and_set_bit(k, warned))
			continue;
		pr_warn("forwarded traffic through %s may bypass the policy: %s can move packets past the forward hook\n",
			b->ifname, what[k]);
	}
}

/**
 * rf_bypass_warn() - log, once per kind and namespace, what may bypass it
 * @netns: the namespace
 * @warned: the kinds already logged for it (updated)
 */
void rf_bypass_warn(struct net *netns, unsigned long *warned)
{
	struct rf_bypass b[8];
	u32 n, i;

	n = min_t(u32, rf_bypass_scan(netns, b, ARRAY_SIZE(b)), ARRAY_SIZE(b));
	for (i = 0; i < n; i++)
		rf_bypass_warn_one(&b[i], warned);
}
