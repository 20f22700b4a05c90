// SPDX-License-Identifier: GPL-2.0
/*
 * rfence config { set | show }: the namespace's settings.
 */
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

void config_usage(FILE *f)
{
	fputs("Usage: rfence config set [ mode { enforce | audit } ] [ unmanaged { accept | drop } ]\n"
	      "                         [ drop-events RATE ]\n"
	      "       rfence config show\n"
	      "RATE := drop reports per second, 0..1000000 (0: off)\n", f);
}

static int parse_one(struct rf_args *a, struct rf_req *req)
{
	uint32_t rate;

	if (args_match(a, "mode")) {
		if (req->cfg.mode != RF_UNSET)
			return duparg(a, "mode");
		return args_choice(a, "mode", rf_mode_names, &req->cfg.mode);
	}
	if (args_match(a, "unmanaged")) {
		if (req->cfg.unmanaged != RF_UNSET)
			return duparg(a, "unmanaged");
		return args_choice(a, "unmanaged", rf_unmanaged_names,
				   &req->cfg.unmanaged);
	}
	if (args_match(a, "drop-events")) {
		if (req->cfg.drop_events != RF_UNSET)
			return duparg(a, "drop-events");
		if (args_u32(a, "drop-events", 0, RF_DROP_EVENTS_MAX, &rate))
			return -1;
		req->cfg.drop_events = rate;
		return 0;
	}
	return invarg(a, "unknown argument", args_peek(a));
}

/* config set ...: argv[0] is the command. */
int config_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	struct rf_args a = { ctx, config_usage, argc - 1, argv + 1 };

	if (strcmp(argv[0], "set"))
		return invarg(&a, "unknown config command", argv[0]);
	req->op = RF_OP_CONFIG_SET;
	req->cfg.mode = RF_UNSET;
	req->cfg.unmanaged = RF_UNSET;
	req->cfg.drop_events = RF_UNSET;
	if (args_done(&a))
		return missarg(&a, "\"mode\", \"unmanaged\" or \"drop-events\"");
	while (!args_done(&a))
		if (parse_one(&a, req))
			return -1;
	return 0;
}

void config_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	if (req->cfg.mode != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_MODE, req->cfg.mode);
	if (req->cfg.unmanaged != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_UNMANAGED, req->cfg.unmanaged);
	if (req->cfg.drop_events != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_DROP_EVENTS, req->cfg.drop_events);
}

/* Text formats: one "key value" per line, or all on one line (monitor). */
static const char *const fmt_lines[] = {
	"mode          %s\n", "unmanaged     %s\n", "drop-events   %u\n",
	"no-policy     %s\n", "generation    %u\n", "networks      %u\n",
	"prefixes      %u\n", "devs          %u\n", "links         %u\n",
};

static const char *const fmt_oneline[] = {
	"mode %s ", "unmanaged %s ", "drop-events %u ", "no-policy %s ",
	"generation %u ", "networks %u ", "prefixes %u ", "devs %u ", "links %u",
};

/* The members of a config reply or notification. */
void config_print(struct rf_out *o, const struct nlattr **tb, bool oneline)
{
	const char *const *f = oneline ? fmt_oneline : fmt_lines;

	print_str(o, PRINT_ANY, "mode", f[0],
		  rf_name_of(rf_mode_names, rf_u32(tb, RF_A_MODE, 0)));
	print_str(o, PRINT_ANY, "unmanaged", f[1],
		  rf_name_of(rf_unmanaged_names, rf_u32(tb, RF_A_UNMANAGED, 0)));
	print_uint(o, PRINT_ANY, "drop-events", f[2], rf_u32(tb, RF_A_DROP_EVENTS, 0));
	print_str(o, PRINT_ANY, "no-policy", f[3],
		  rf_name_of(rf_no_policy_names, rf_u32(tb, RF_A_NO_POLICY, 0)));
	print_uint(o, PRINT_ANY, "generation", f[4], rf_u32(tb, RF_A_GENERATION, 0));
	print_uint(o, PRINT_ANY, "net-count", f[5], rf_u32(tb, RF_A_NET_COUNT, 0));
	print_uint(o, PRINT_ANY, "prefix-count", f[6], rf_u32(tb, RF_A_PREFIX_COUNT, 0));
	print_uint(o, PRINT_ANY, "dev-count", f[7], rf_u32(tb, RF_A_DEV_COUNT, 0));
	print_uint(o, PRINT_ANY, "link-count", f[8], rf_u32(tb, RF_A_LINK_COUNT, 0));
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rf_out *o = data;

	rf_attrs(nlh, tb);
	open_json_object(o, NULL);
	config_print(o, tb, false);
	close_json_object(o);
	return MNL_CB_OK;
}

static int config_show(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, config_usage, argc, argv };
	struct rf_msgs m = { 0 };
	struct nlmsghdr *nlh;
	int ret;

	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_CONFIG_GET, NLM_F_ACK);
	if (!nlh)
		return RF_EXIT_KERNEL;
	ret = rf_fetch(ctx, nlh, &m);
	if (ret)
		return ret;
	rf_msgs_each(&m, show_cb, ctx->out);
	out_end_doc(ctx->out);
	rf_msgs_free(&m);
	return RF_EXIT_OK;
}

int cmd_config(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_req req = { 0 };

	if (argc < 1 || !strcmp(argv[0], "show"))
		return config_show(ctx, argc - !!argc, argv + !!argc);
	if (!strcmp(argv[0], "help")) {
		config_usage(stdout);
		return RF_EXIT_OK;
	}
	if (config_parse(ctx, argc, argv, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, &req);
}
