// SPDX-License-Identifier: GPL-2.0
/*
 * rfence prefix { add | del | show }: the address space of networks.
 */
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "print.h"

static void prefix_usage(FILE *f)
{
	fputs("Usage: rfence prefix add PREFIX network NAME\n"
	      "       rfence prefix del PREFIX\n"
	      "       rfence prefix show [ network NAME ]\n"
	      "PREFIX := ADDR[/LEN] (IPv4 or IPv6, host bits zero)\n", f);
}

static int parse_prefix(struct rf_args *a, struct rf_prefix *p)
{
	const char *s, *why;

	if (args_done(a))
		return missarg(a, "prefix");
	s = args_take(a);
	if (rf_prefix_parse(s, p, &why))
		return invarg(a, why, s);
	return 0;
}

/* prefix { add | del } PREFIX ... */
static int prefix_parse(struct rf_args *a, struct rf_req *req)
{
	const char *cmd = args_take(a);

	if (!strcmp(cmd, "add"))
		req->op = RF_OP_PREFIX_ADD;
	else if (!strcmp(cmd, "del"))
		req->op = RF_OP_PREFIX_DEL;
	else
		return invarg(a, "unknown prefix command", cmd);
	if (parse_prefix(a, &req->pfx))
		return -1;
	if (req->op == RF_OP_PREFIX_ADD && args_network(a, &req->name))
		return -1;
	return args_end(a);
}

/* One PREFIX nest; the network by id when known, else by name (or none). */
void prefix_nest_put(struct nlmsghdr *nlh, const struct rf_prefix *p,
		     uint32_t net_id, const char *name)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, RF_A_PREFIX);

	mnl_attr_put(nlh, RF_PREFIX_A_ADDR, p->family == AF_INET ? 4 : 16, p->addr);
	mnl_attr_put_u8(nlh, RF_PREFIX_A_LEN, p->len);
	if (net_id)
		mnl_attr_put_u32(nlh, RF_PREFIX_A_NET_ID, net_id);
	else if (name)
		mnl_attr_put_strz(nlh, RF_PREFIX_A_NET_NAME, name);
	mnl_attr_nest_end(nlh, nest);
}

static void prefix_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	prefix_nest_put(nlh, &req->pfx, 0, req->name);
}

static const struct rf_col show_cols[] = {
	RF_PREFIX(RF_COL_REQ, "%-24s "),
	RF_U32(RF_PREFIX_A_NET_ID, 0, "net-id", NULL),
	RF_STR(RF_PREFIX_A_NET_NAME, 0, "net-name", "%s", NULL),
	RF_END
};

static const struct rf_col event_cols[] = {
	RF_PREFIX(RF_COL_REQ, " %s"),
	RF_U32(RF_PREFIX_A_NET_ID, RF_COL_OPT, "net-id", NULL),
	RF_STR(RF_PREFIX_A_NET_NAME, RF_COL_OPT, "net-name", " network %s", NULL),
	RF_END
};

static const struct rf_col save_cols[] = {
	RF_PREFIX(RF_COL_REQ, "prefix add %s"),
	RF_STR(RF_PREFIX_A_NET_NAME, RF_COL_REQ, "net-name", " network %s", NULL),
	RF_END
};

static const struct rf_col *const cols[RF_VIEW_N] = {
	[RF_VIEW_SHOW] = show_cols,
	[RF_VIEW_EVENT] = event_cols,
	[RF_VIEW_SAVE] = save_cols,
};

/* One row per PREFIX nest of the message. */
static void prefix_print(struct rf_pr *pr, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != RF_A_PREFIX)
			continue;
		rf_prefix_attrs(attr, tb);
		rf_row(pr, tb, cols[pr->view]);
	}
}

const struct rf_object rf_obj_prefix = {
	.name		= "prefix",
	.usage		= prefix_usage,
	.parse		= prefix_parse,
	.put		= prefix_put,
	.get_cmd	= RF_CMD_PREFIX_GET,
	.show_parse	= args_network,
	.header		= "PREFIX                   NETWORK\n",
	.cols		= cols,
	.print		= prefix_print,
};
