// SPDX-License-Identifier: GPL-2.0
/*
 * rfence dev { add | del | show }: interfaces bound to networks.
 */
#include <net/if.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

void dev_usage(FILE *f)
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
		rf_err(a->ctx, "interface \"%s\" does not exist", s);
		return -1;
	}
	return 0;
}

/* dev { add | del } ...: argv[0] is the command. */
int dev_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	struct rf_args a = { ctx, dev_usage, argc - 1, argv + 1 };

	if (!strcmp(argv[0], "add"))
		req->op = RF_OP_DEV_ADD;
	else if (!strcmp(argv[0], "del"))
		req->op = RF_OP_DEV_DEL;
	else
		return invarg(&a, "unknown dev command", argv[0]);
	if (parse_ifname(&a, &req->ifindex))
		return -1;
	if (req->op == RF_OP_DEV_ADD && args_network(&a, &req->name))
		return -1;
	return args_end(&a);
}

void dev_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	mnl_attr_put_u32(nlh, RF_A_IFINDEX, req->ifindex);
	if (req->name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, req->name);
}

struct show_data {
	struct rf_out *o;
	unsigned int rows;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_data *sd = data;
	const struct nlattr *tb[RF_A_MAX + 1];
	const char *ifname, *net;

	rf_attrs(nlh, tb);
	ifname = rf_str(tb, RF_A_IFNAME);
	net = rf_str(tb, RF_A_NET_NAME);
	if (!sd->rows++)
		print_text(sd->o, "%-16s %-8s %s\n", "IFNAME", "IFINDEX", "NETWORK");
	open_json_object(sd->o, NULL);
	print_str(sd->o, PRINT_ANY, "ifname", "%-16s ", ifname ? ifname : "?");
	print_uint(sd->o, PRINT_ANY, "ifindex", "%-8u ", rf_u32(tb, RF_A_IFINDEX, 0));
	print_uint(sd->o, PRINT_JSON, "net-id", NULL, rf_u32(tb, RF_A_NET_ID, 0));
	print_str(sd->o, PRINT_ANY, "net-name", "%s", net ? net : "");
	print_nl(sd->o);
	close_json_object(sd->o);
	return MNL_CB_OK;
}

static int dev_show(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, dev_usage, argc, argv };
	struct show_data sd = { ctx->out, 0 };
	const char *name = NULL;
	struct nlmsghdr *nlh;

	if (!args_done(&a) && args_network(&a, &name))
		return RF_EXIT_USAGE;
	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_DEV_GET, NLM_F_DUMP);
	if (!nlh)
		return RF_EXIT_KERNEL;
	if (name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, name);
	return rf_show_list(ctx, nlh, show_cb, &sd);
}

int cmd_dev(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_req req = { 0 };

	if (argc < 1 || !strcmp(argv[0], "show"))
		return dev_show(ctx, argc - !!argc, argv + !!argc);
	if (!strcmp(argv[0], "help")) {
		dev_usage(stdout);
		return RF_EXIT_OK;
	}
	if (dev_parse(ctx, argc, argv, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, &req);
}
