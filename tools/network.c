// SPDX-License-Identifier: GPL-2.0
/*
 * rfence network { add | set | del | show }
 */
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

void network_usage(FILE *f)
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

static int parse_name(struct rf_args *a, struct rf_req *req)
{
	if (args_done(a))
		return missarg(a, "network name");
	req->name = args_take(a);
	if (!rf_name_valid(req->name))
		return invarg(a, "invalid network name", req->name);
	return 0;
}

/* network { add | set | del } ...: argv[0] is the command. */
int network_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	struct rf_args a = { ctx, network_usage, argc - 1, argv + 1 };
	const char *cmd = argv[0];

	req->net.id = 0;
	req->net.dr = RF_UNSET;
	if (!strcmp(cmd, "add"))
		req->op = RF_OP_NET_ADD;
	else if (!strcmp(cmd, "set"))
		req->op = RF_OP_NET_SET;
	else if (!strcmp(cmd, "del"))
		req->op = RF_OP_NET_DEL;
	else
		return invarg(&a, "unknown network command", cmd);
	if (parse_name(&a, req))
		return -1;
	if (req->op == RF_OP_NET_DEL)
		return args_end(&a);
	if (parse_opts(&a, req, req->op == RF_OP_NET_ADD))
		return -1;
	if (req->op == RF_OP_NET_SET && req->net.dr == RF_UNSET)
		return missarg(&a, "\"default-route\"");
	return 0;
}

void network_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
	if (req->op == RF_OP_NET_DEL)
		return;
	if (req->net.id)
		mnl_attr_put_u32(nlh, RF_A_NET_ID, req->net.id);
	if (req->net.dr != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_DEFAULT_ROUTE, req->net.dr);
}

struct show_data {
	struct rf_ctx *ctx;
	unsigned int rows;
};

static void print_header(struct rf_out *o)
{
	print_text(o, "%-5s %-16s %-14s %-9s %-5s %s\n", "ID", "NAME",
		   "DEFAULT-ROUTE", "PREFIXES", "DEVS", "LINKS");
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_data *sd = data;
	struct rf_out *o = sd->ctx->out;
	const struct nlattr *tb[RF_A_MAX + 1];
	const char *name;

	rf_attrs(nlh, tb);
	name = rf_str(tb, RF_A_NET_NAME);
	if (!sd->rows++)
		print_header(o);
	open_json_object(o, NULL);
	print_uint(o, PRINT_ANY, "net-id", "%-5u ", rf_u32(tb, RF_A_NET_ID, 0));
	print_str(o, PRINT_ANY, "net-name", "%-16s ", name ? name : "");
	print_str(o, PRINT_ANY, "default-route", "%-14s ",
		  rf_name_of(rf_default_route_names,
			     rf_u32(tb, RF_A_DEFAULT_ROUTE, 0)));
	print_uint(o, PRINT_ANY, "prefix-count", "%-9u ",
		   rf_u32(tb, RF_A_PREFIX_COUNT, 0));
	print_uint(o, PRINT_ANY, "dev-count", "%-5u ", rf_u32(tb, RF_A_DEV_COUNT, 0));
	print_uint(o, PRINT_ANY, "link-count", "%u", rf_u32(tb, RF_A_LINK_COUNT, 0));
	print_nl(o);
	if (sd->ctx->stats)
		stats_print(o, tb[RF_A_STATS], false);
	close_json_object(o);
	return MNL_CB_OK;
}

static int network_show(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, network_usage, argc, argv };
	struct show_data sd = { ctx, 0 };
	struct rf_req req = { 0 };
	struct nlmsghdr *nlh;

	if (!args_done(&a) && parse_name(&a, &req))
		return RF_EXIT_USAGE;
	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_NET_GET, req.name ? NLM_F_ACK : NLM_F_DUMP);
	if (!nlh)
		return RF_EXIT_KERNEL;
	if (req.name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, req.name);
	return rf_show_list(ctx, nlh, show_cb, &sd);
}

int cmd_network(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_req req = { 0 };

	if (argc < 1 || !strcmp(argv[0], "show"))
		return network_show(ctx, argc - !!argc, argv + !!argc);
	if (!strcmp(argv[0], "help")) {
		network_usage(stdout);
		return RF_EXIT_OK;
	}
	if (network_parse(ctx, argc, argv, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, &req);
}
