// SPDX-License-Identifier: GPL-2.0
/*
 * rfence dev { add | del | show }: interfaces bound to networks.
 */
#include <net/if.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "err.h"
#include "nl.h"
#include "print.h"
#include "text.h"

static void dev_usage(FILE *f)
{
	fputs("Usage: rfence dev add IFNAME network NAME\n"
	      "       rfence dev del IFNAME\n"
	      "       rfence dev show [ network NAME ]\n", f);
}

static int parse_ifname(struct rf_args *a, uint32_t *ifindex)
{
	const char *s;

	if (args_done(a))
		return missarg(a, "interface name");
	s = args_take(a);
	if (strlen(s) >= IF_NAMESIZE)
		return invarg(a, "invalid interface name", s);
	*ifindex = if_nametoindex(s);
	if (!*ifindex) {
		rf_err(a->loc, "interface %s does not exist", RF_Q(s));
		return -1;
	}
	return 0;
}

/* dev { add | del } IFNAME ... */
static int dev_parse(struct rf_args *a, struct rf_req *req)
{
	const char *cmd = args_take(a);

	if (!strcmp(cmd, "add"))
		req->op = RF_OP_DEV_ADD;
	else if (!strcmp(cmd, "del"))
		req->op = RF_OP_DEV_DEL;
	else
		return invarg(a, "unknown dev command", cmd);
	if (parse_ifname(a, &req->ifindex))
		return -1;
	if (req->op == RF_OP_DEV_ADD && args_network(a, &req->name))
		return -1;
	return args_end(a);
}

static void dev_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_u32(nlh, RF_A_IFINDEX, req->ifindex);
	if (req->name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
}

static const struct rf_col show_cols[] = {
	RF_STR(RF_A_IFNAME, 0, "ifname", "%-16s ", "?"),
	RF_U32(RF_A_IFINDEX, 0, "ifindex", "%-8u "),
	RF_U32(RF_A_NET_ID, 0, "net-id", NULL),
	RF_STR(RF_A_NET_NAME, 0, "net-name", "%s", NULL),
	RF_END
};

static const struct rf_col event_cols[] = {
	RF_STR(RF_A_IFNAME, RF_COL_OPT, "ifname", " %s", NULL),
	RF_U32(RF_A_IFINDEX, RF_COL_OPT, "ifindex", " ifindex %u"),
	RF_U32(RF_A_NET_ID, RF_COL_OPT, "net-id", NULL),
	RF_STR(RF_A_NET_NAME, RF_COL_OPT, "net-name", " network %s", NULL),
	RF_END
};

static const struct rf_col save_cols[] = {
	RF_STR(RF_A_IFNAME, RF_COL_REQ, "ifname", "dev add %s", NULL),
	RF_STR(RF_A_NET_NAME, RF_COL_REQ, "net-name", " network %s", NULL),
	RF_END
};

static const struct rf_col *const cols[RF_VIEW_N] = {
	[RF_VIEW_SHOW] = show_cols,
	[RF_VIEW_EVENT] = event_cols,
	[RF_VIEW_SAVE] = save_cols,
};

/* save: by interface name. */
static void dev_key(const struct nlmsghdr *nlh, struct rf_key *key)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	key->str = rf_str(tb, RF_A_IFNAME);
}

const struct rf_object rf_obj_dev = {
	.name		= "dev",
	.usage		= dev_usage,
	.parse		= dev_parse,
	.put		= dev_put,
	.get_cmd	= RF_CMD_DEV_GET,
	.show_parse	= args_network,
	.header		= "IFNAME           IFINDEX  NETWORK\n",
	.cols		= cols,
	.save_key	= dev_key,
};
