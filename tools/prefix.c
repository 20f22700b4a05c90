// SPDX-License-Identifier: GPL-2.0
/*
 * rfence prefix { add | del | show }
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

void prefix_usage(FILE *f)
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

/* prefix { add | del } ...: argv[0] is the command. */
int prefix_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	struct rf_args a = { ctx, prefix_usage, argc - 1, argv + 1 };

	if (!strcmp(argv[0], "add"))
		req->op = RF_OP_PREFIX_ADD;
	else if (!strcmp(argv[0], "del"))
		req->op = RF_OP_PREFIX_DEL;
	else
		return invarg(&a, "unknown prefix command", argv[0]);
	if (parse_prefix(&a, &req->pfx))
		return -1;
	if (req->op == RF_OP_PREFIX_ADD && args_network(&a, &req->name))
		return -1;
	return args_end(&a);
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

void prefix_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	prefix_nest_put(nlh, &req->pfx, 0, req->name);
}

/* A PREFIX nest of a reply or notification; -1 if malformed. */
int prefix_get(const struct nlattr *nest, struct rf_prefix *p,
	       uint32_t *net_id, const char **net_name)
{
	const struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	uint16_t alen;

	rf_prefix_attrs(nest, tb);
	if (!tb[RF_PREFIX_A_ADDR] || !tb[RF_PREFIX_A_LEN])
		return -1;
	alen = mnl_attr_get_payload_len(tb[RF_PREFIX_A_ADDR]);
	if (alen != 4 && alen != 16)
		return -1;
	memset(p, 0, sizeof(*p));
	memcpy(p->addr, mnl_attr_get_payload(tb[RF_PREFIX_A_ADDR]), alen);
	p->family = alen == 4 ? AF_INET : AF_INET6;
	p->len = mnl_attr_get_u8(tb[RF_PREFIX_A_LEN]);
	*net_id = rf_u32(tb, RF_PREFIX_A_NET_ID, 0);
	*net_name = rf_str(tb, RF_PREFIX_A_NET_NAME);
	return 0;
}

/* The JSON members of one prefix; text: "%-*s" of the prefix. */
void prefix_print(struct rf_out *o, const struct rf_prefix *p, const char *fmt)
{
	char buf[RF_PREFIX_STRLEN], addr[INET6_ADDRSTRLEN];

	rf_prefix_fmt(p, buf, sizeof(buf));
	inet_ntop(p->family, p->addr, addr, sizeof(addr));
	print_str(o, PRINT_ANY, "prefix", fmt, buf);
	print_str(o, PRINT_JSON, "addr", NULL, addr);
	print_uint(o, PRINT_JSON, "len", NULL, p->len);
}

struct show_data {
	struct rf_out *o;
	unsigned int rows;
};

static void show_one(struct show_data *sd, const struct nlattr *nest)
{
	struct rf_prefix p;
	const char *name;
	uint32_t id;

	if (prefix_get(nest, &p, &id, &name))
		return;
	if (!sd->rows++)
		print_text(sd->o, "%-24s %s\n", "PREFIX", "NETWORK");
	open_json_object(sd->o, NULL);
	prefix_print(sd->o, &p, "%-24s ");
	print_uint(sd->o, PRINT_JSON, "net-id", NULL, id);
	print_str(sd->o, PRINT_ANY, "net-name", "%s", name ? name : "");
	print_nl(sd->o);
	close_json_object(sd->o);
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == RF_A_PREFIX)
			show_one(data, attr);
	return MNL_CB_OK;
}

static int prefix_show(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, prefix_usage, argc, argv };
	struct show_data sd = { ctx->out, 0 };
	const char *name = NULL;
	struct nlmsghdr *nlh;

	if (!args_done(&a) && args_network(&a, &name))
		return RF_EXIT_USAGE;
	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_PREFIX_GET, NLM_F_DUMP);
	if (!nlh)
		return RF_EXIT_KERNEL;
	if (name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, name);
	return rf_show_list(ctx, nlh, show_cb, &sd);
}

int cmd_prefix(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_req req = { 0 };

	if (argc < 1 || !strcmp(argv[0], "show"))
		return prefix_show(ctx, argc - !!argc, argv + !!argc);
	if (!strcmp(argv[0], "help")) {
		prefix_usage(stdout);
		return RF_EXIT_OK;
	}
	if (prefix_parse(ctx, argc, argv, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, &req);
}
