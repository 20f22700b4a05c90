// SPDX-License-Identifier: GPL-2.0
/*
 * routefence netlink policies, one per command, as uapi/routefence.yaml
 * describes them (selftests/spec_check.py compares the two through the
 * kernel's policy dump).
 */
#include <net/netlink.h>

#include "netlink.h"

static struct netlink_range_validation rf_drop_events_range = {
	.min = 0,
	.max = RF_DROP_EVENTS_MAX,
};

#define RF_POL_NET_ID	NLA_POLICY_RANGE(NLA_U32, 1, RF_NET_ID_MAX)
#define RF_POL_NAME	{ .type = NLA_NUL_STRING, .len = RF_NAME_MAX - 1 }
#define RF_POL_ADDR	NLA_POLICY_RANGE(NLA_BINARY, 4, 16)
#define RF_POL_IFINDEX	NLA_POLICY_MIN(NLA_U32, 1)

const struct nla_policy rf_prefix_nl_policy[RF_PREFIX_A_MAX + 1] = {
	[RF_PREFIX_A_ADDR] = RF_POL_ADDR,
	[RF_PREFIX_A_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[RF_PREFIX_A_NET_ID] = RF_POL_NET_ID,
	[RF_PREFIX_A_NET_NAME] = RF_POL_NAME,
};

const struct nla_policy rf_net_new_nl_policy[RF_A_DEFAULT_ROUTE + 1] = {
	[RF_A_NET_ID] = RF_POL_NET_ID,
	[RF_A_NET_NAME] = RF_POL_NAME,
	[RF_A_DEFAULT_ROUTE] = NLA_POLICY_MAX(NLA_U32, RF_DEFAULT_ROUTE_DENY),
};

const struct nla_policy rf_net_sel_nl_policy[RF_A_NET_NAME + 1] = {
	[RF_A_NET_ID] = RF_POL_NET_ID,
	[RF_A_NET_NAME] = RF_POL_NAME,
};

const struct nla_policy rf_prefix_nl_req_policy[RF_A_PREFIX + 1] = {
	[RF_A_PREFIX] = NLA_POLICY_NESTED(rf_prefix_nl_policy),
};

const struct nla_policy rf_dev_new_nl_policy[RF_A_IFINDEX + 1] = {
	[RF_A_NET_ID] = RF_POL_NET_ID,
	[RF_A_NET_NAME] = RF_POL_NAME,
	[RF_A_IFINDEX] = RF_POL_IFINDEX,
};

const struct nla_policy rf_dev_del_nl_policy[RF_A_IFINDEX + 1] = {
	[RF_A_IFINDEX] = RF_POL_IFINDEX,
};

const struct nla_policy rf_link_nl_policy[RF_A_PEER_NAME + 1] = {
	[RF_A_NET_ID] = RF_POL_NET_ID,
	[RF_A_NET_NAME] = RF_POL_NAME,
	[RF_A_PEER_ID] = RF_POL_NET_ID,
	[RF_A_PEER_NAME] = RF_POL_NAME,
};

const struct nla_policy rf_config_set_nl_policy[RF_A_DROP_EVENTS + 1] = {
	[RF_A_MODE] = NLA_POLICY_MAX(NLA_U32, RF_MODE_AUDIT),
	[RF_A_UNMANAGED] = NLA_POLICY_MAX(NLA_U32, RF_UNMANAGED_DROP),
	[RF_A_DROP_EVENTS] = NLA_POLICY_FULL_RANGE(NLA_U32,
						   &rf_drop_events_range),
};

const struct nla_policy rf_eval_nl_policy[RF_A_IIF + 1] = {
	[RF_A_SRC] = RF_POL_ADDR,
	[RF_A_DST] = RF_POL_ADDR,
	[RF_A_IIF] = RF_POL_IFINDEX,
};

const struct nla_policy rf_txn_nl_policy[RF_A_TXN_FLAGS + 1] = {
	[RF_A_TXN_FLAGS] = NLA_POLICY_MASK(NLA_U32, RF_TXN_F_ALL),
};
