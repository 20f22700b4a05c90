// SPDX-License-Identifier: GPL-2.0
/*
 * The spellings of the ABI's attributes and enums.
 */
#include <stddef.h>
#include <linux/routefence.h>

#include "names.h"

const char *const rf_default_route_names[] = { "allow", "deny", NULL };
const char *const rf_mode_names[] = { "enforce", "audit", NULL };
const char *const rf_unmanaged_names[] = { "accept", "drop", NULL };
const char *const rf_no_policy_names[] = { "accept", "drop", NULL };

static const char *const reason_names[] = {
	[RF_REASON_NONE]		= "none",
	[RF_REASON_NOT_LINKED]		= "not-linked",
	[RF_REASON_DEFAULT_ROUTE]	= "default-route",
	[RF_REASON_SPOOFED]		= "spoofed",
	[RF_REASON_UNMANAGED]		= "unmanaged",
	[RF_REASON_NO_POLICY]		= "no-policy",
};

static const char *const attr_names[RF_A_MAX + 1] = {
	[RF_A_NET_ID]		= "net-id",
	[RF_A_NET_NAME]		= "net-name",
	[RF_A_DEFAULT_ROUTE]	= "default-route",
	[RF_A_PREFIX]		= "prefix",
	[RF_A_IFINDEX]		= "ifindex",
	[RF_A_IFNAME]		= "ifname",
	[RF_A_PEER_ID]		= "peer-id",
	[RF_A_PEER_NAME]	= "peer-name",
	[RF_A_MODE]		= "mode",
	[RF_A_UNMANAGED]	= "unmanaged",
	[RF_A_DROP_EVENTS]	= "drop-events",
	[RF_A_TXN_FLAGS]	= "txn-flags",
	[RF_A_GENERATION]	= "generation",
	[RF_A_STATS]		= "stats",
	[RF_A_SRC]		= "src",
	[RF_A_DST]		= "dst",
	[RF_A_IIF]		= "iif",
	[RF_A_OIF]		= "oif",
	[RF_A_VERDICT]		= "verdict",
	[RF_A_REASON]		= "reason",
	[RF_A_SRC_NET_ID]	= "src-net-id",
	[RF_A_SRC_NET_NAME]	= "src-net-name",
	[RF_A_DST_NET_ID]	= "dst-net-id",
	[RF_A_DST_NET_NAME]	= "dst-net-name",
	[RF_A_ROUTE_PLEN]	= "route-plen",
	[RF_A_AUDIT]		= "audit",
	[RF_A_PREFIX_COUNT]	= "prefix-count",
	[RF_A_DEV_COUNT]	= "dev-count",
	[RF_A_LINK_COUNT]	= "link-count",
	[RF_A_IIFNAME]		= "iifname",
	[RF_A_OIFNAME]		= "oifname",
	[RF_A_NET_COUNT]	= "net-count",
	[RF_A_NO_POLICY]	= "no-policy",
};

const char *rf_name_of(const char *const *names, uint32_t val)
{
	uint32_t i;

	for (i = 0; names[i]; i++)
		if (i == val)
			return names[i];
	return "unknown";
}

const char *rf_reason_str(uint32_t reason)
{
	if (reason > RF_REASON_MAX)
		return "unknown";
	return reason_names[reason];
}

const char *rf_verdict_str(uint32_t verdict)
{
	return verdict == RF_VERDICT_ACCEPT ? "accept" : "drop";
}

const char *rf_attr_name(int type)
{
	if (type < 1 || type > RF_A_MAX || !attr_names[type])
		return "unknown";
	return attr_names[type];
}
