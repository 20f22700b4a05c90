// SPDX-License-Identifier: GPL-2.0
/*
 * rfence network { add | set | del | show }: routing domains.
 */
#include <string.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "names.h"
#include "nl.h"
#include "print.h"
#include "stats.h"

static void network_usage(FILE *f)
{
	fputs("Usage: rfence network add NAME [ id ID ] [ default-route { allow | deny } ]\n"
	      "       rfence network set NAME default-route { allow | deny }\n"
	      "       rfence network del NAME\n"
	      "       rfence network show [ NAME ]\n"
	      "ID := 1..4095, NAME := [A-Za-z0-9._-]{1,31}\n", f);
}

static int parse_opts(struct rf_args *a, struct rf_req *req, bool allow_id)
{
	while (!args_done(a)) {
		if (allow_id && args_match(a, "id")) {
			if (req->net.id)
				return duparg(a, "id");
			if (args_u32(a, "id", 1, RF_NET_ID_MAX, &req->net.id))
				return -1;
		} else if (args_match(a, "default-route")) {
			if (req->net.dr != RF_UNSET)
				return duparg(a, "default-route");
			if (args_choice(a, "default-route", rf_default_route_names,
					&req->net.dr))
				return -1;
		} else {
			return invarg(a, "unknown argument", args_peek(a));
		}
	}
	return 0;
}

/* network { add | set | del } NAME ... */
static int network_parse(struct rf_args *a, struct rf_req *req)
{
	const char *cmd = args_take(a);

	req->net.id = 0;
	req->net.dr = RF_UNSET;
	if (!strcmp(cmd, "add"))
		req->op = RF_OP_NET_ADD;
	else if (!strcmp(cmd, "set"))
		req->op = RF_OP_NET_SET;
	else if (!strcmp(cmd, "del"))
		req->op = RF_OP_NET_DEL;
	else
		return invarg(a, "unknown network command", cmd);
	if (args_name(a, &req->name))
		return -1;
	if (req->op == RF_OP_NET_DEL)
		return args_end(a);
	if (parse_opts(a, req, req->op == RF_OP_NET_ADD))
		return -1;
	if (req->op == RF_OP_NET_SET && req->net.dr == RF_UNSET)
		return missarg(a, "\"default-route\"");
	return 0;
}

static void network_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
	if (req->op == RF_OP_NET_DEL)
		return;
	if (req->net.id)
		mnl_attr_put_u32(nlh, RF_A_NET_ID, req->net.id);
	if (req->net.dr != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_DEFAULT_ROUTE, req->net.dr);
}

static const struct rf_col show_cols[] = {
	RF_U32(RF_A_NET_ID, 0, "net-id", "%-5u "),
	RF_STR(RF_A_NET_NAME, 0, "net-name", "%-16s ", NULL),
	RF_ENUM(RF_A_DEFAULT_ROUTE, 0, "default-route", "%-14s ", rf_default_route_names),
	RF_U32(RF_A_PREFIX_COUNT, 0, "prefix-count", "%-9u "),
	RF_U32(RF_A_DEV_COUNT, 0, "dev-count", "%-5u "),
	RF_U32(RF_A_LINK_COUNT, 0, "link-count", "%u"),
	RF_END
};

static const struct rf_col event_cols[] = {
	RF_STR(RF_A_NET_NAME, RF_COL_OPT, "net-name", " %s", NULL),
	RF_U32(RF_A_NET_ID, RF_COL_OPT, "net-id", " id %u"),
	RF_ENUM(RF_A_DEFAULT_ROUTE, RF_COL_OPT, "default-route", " default-route %s", rf_default_route_names),
	RF_END
};

static const struct rf_col save_cols[] = {
	RF_STR(RF_A_NET_NAME, RF_COL_REQ, "net-name", "network add %s", NULL),
	RF_U32(RF_A_NET_ID, 0, "net-id", " id %u"),
	RF_ENUM(RF_A_DEFAULT_ROUTE, 0, "default-route", " default-route %s", rf_default_route_names),
	RF_END
};

static const struct rf_col *const cols[RF_VIEW_N] = {
	[RF_VIEW_SHOW] = show_cols,
	[RF_VIEW_EVENT] = event_cols,
	[RF_VIEW_SAVE] = save_cols,
};

static void network_print(struct rf_pr *pr, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	if (!rf_row_begin(pr, tb, cols[pr->view]))
		return;
	if (pr->view == RF_VIEW_SHOW && pr->stats)
		stats_print(pr->o, tb[RF_A_STATS], false);
	rf_row_end(pr);
}

const struct rf_object rf_obj_network = {
	.name		= "network",
	.usage		= network_usage,
	.parse		= network_parse,
	.put		= network_put,
	.get_cmd	= RF_CMD_NET_GET,
	.show_flags	= RF_SHOW_BY_NAME,
	.show_parse	= args_name,
	.header		= "ID    NAME             DEFAULT-ROUTE  PREFIXES  DEVS  LINKS\n",
	.cols		= cols,
	.print		= network_print,
};
