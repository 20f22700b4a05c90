// SPDX-License-Identifier: GPL-2.0
/*
 * rfence link { add | del | show }: interconnects between two networks.
 */
#include <string.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "print.h"

static void link_usage(FILE *f)
{
	fputs("Usage: rfence link add NAME NAME\n"
	      "       rfence link del NAME NAME\n"
	      "       rfence link show [ NAME ]\n", f);
}

/* link { add | del } NAME NAME */
static int link_parse(struct rf_args *a, struct rf_req *req)
{
	const char *cmd = args_take(a);

	if (!strcmp(cmd, "add"))
		req->op = RF_OP_LINK_ADD;
	else if (!strcmp(cmd, "del"))
		req->op = RF_OP_LINK_DEL;
	else
		return invarg(a, "unknown link command", cmd);
	if (args_name(a, &req->name) || args_name(a, &req->peer))
		return -1;
	return args_end(a);
}

static void link_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
	mnl_attr_put_strz(nlh, RF_A_PEER_NAME, req->peer);
}

static const struct rf_col show_cols[] = {
	RF_U32(RF_A_NET_ID, 0, "net-id", NULL),
	RF_STR(RF_A_NET_NAME, 0, "net-name", "%-16s ", NULL),
	RF_U32(RF_A_PEER_ID, 0, "peer-id", NULL),
	RF_STR(RF_A_PEER_NAME, 0, "peer-name", "%s", NULL),
	RF_END
};

static const struct rf_col event_cols[] = {
	RF_U32(RF_A_NET_ID, RF_COL_OPT, "net-id", NULL),
	RF_STR(RF_A_NET_NAME, RF_COL_OPT, "net-name", " %s", NULL),
	RF_U32(RF_A_PEER_ID, RF_COL_OPT, "peer-id", NULL),
	RF_STR(RF_A_PEER_NAME, RF_COL_OPT, "peer-name", " %s", NULL),
	RF_END
};

static const struct rf_col save_cols[] = {
	RF_STR(RF_A_NET_NAME, RF_COL_REQ, "net-name", "link add %s", NULL),
	RF_STR(RF_A_PEER_NAME, RF_COL_REQ, "peer-name", " %s", NULL),
	RF_END
};

static const struct rf_col *const cols[RF_VIEW_N] = {
	[RF_VIEW_SHOW] = show_cols,
	[RF_VIEW_EVENT] = event_cols,
	[RF_VIEW_SAVE] = save_cols,
};

/* save: by the ids of the two networks. */
static void link_key(const struct nlmsghdr *nlh, struct rf_key *key)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	key->num = (uint64_t)rf_u32(tb, RF_A_NET_ID, 0) << 32 |
		   rf_u32(tb, RF_A_PEER_ID, 0);
}

const struct rf_object rf_obj_link = {
	.name		= "link",
	.usage		= link_usage,
	.parse		= link_parse,
	.put		= link_put,
	.get_cmd	= RF_CMD_LINK_GET,
	.show_parse	= args_name,
	.header		= "NETWORK          PEER\n",
	.cols		= cols,
	.save_key	= link_key,
};
