// SPDX-License-Identifier: GPL-2.0
/*
 * rfence link { add | del | show }: interconnects between two networks.
 */
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

void link_usage(FILE *f)
{
	fputs("Usage: rfence link add NAME NAME\n"
	      "       rfence link del NAME NAME\n"
	      "       rfence link show [ NAME ]\n", f);
}

static int parse_name(struct rf_args *a, const char **name)
{
	if (args_done(a))
		return missarg(a, "network name");
	*name = args_take(a);
	if (!rf_name_valid(*name))
		return invarg(a, "invalid network name", *name);
	return 0;
}

/* link { add | del } NAME NAME: argv[0] is the command. */
int link_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	struct rf_args a = { ctx, link_usage, argc - 1, argv + 1 };

	if (!strcmp(argv[0], "add"))
		req->op = RF_OP_LINK_ADD;
	else if (!strcmp(argv[0], "del"))
		req->op = RF_OP_LINK_DEL;
	else
		return invarg(&a, "unknown link command", argv[0]);
	if (parse_name(&a, &req->name) || parse_name(&a, &req->peer))
		return -1;
	return args_end(&a);
}

void link_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
	mnl_attr_put_strz(nlh, RF_A_PEER_NAME, req->peer);
}

struct show_data {
	struct rf_out *o;
	unsigned int rows;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_data *sd = data;
	const struct nlattr *tb[RF_A_MAX + 1];
	const char *net, *peer;

	rf_attrs(nlh, tb);
	net = rf_str(tb, RF_A_NET_NAME);
	peer = rf_str(tb, RF_A_PEER_NAME);
	if (!sd->rows++)
		print_text(sd->o, "%-16s %s\n", "NETWORK", "PEER");
	open_json_object(sd->o, NULL);
	print_uint(sd->o, PRINT_JSON, "net-id", NULL, rf_u32(tb, RF_A_NET_ID, 0));
	print_str(sd->o, PRINT_ANY, "net-name", "%-16s ", net ? net : "");
	print_uint(sd->o, PRINT_JSON, "peer-id", NULL, rf_u32(tb, RF_A_PEER_ID, 0));
	print_str(sd->o, PRINT_ANY, "peer-name", "%s", peer ? peer : "");
	print_nl(sd->o);
	close_json_object(sd->o);
	return MNL_CB_OK;
}

static int link_show(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, link_usage, argc, argv };
	struct show_data sd = { ctx->out, 0 };
	const char *name = NULL;
	struct nlmsghdr *nlh;

	if (!args_done(&a) && parse_name(&a, &name))
		return RF_EXIT_USAGE;
	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_LINK_GET, NLM_F_DUMP);
	if (!nlh)
		return RF_EXIT_KERNEL;
	if (name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, name);
	return rf_show_list(ctx, nlh, show_cb, &sd);
}

int cmd_link(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_req req = { 0 };

	if (argc < 1 || !strcmp(argv[0], "show"))
		return link_show(ctx, argc - !!argc, argv + !!argc);
	if (!strcmp(argv[0], "help")) {
		link_usage(stdout);
		return RF_EXIT_OK;
	}
	if (link_parse(ctx, argc, argv, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, &req);
}
