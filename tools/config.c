// SPDX-License-Identifier: GPL-2.0
/*
 * rfence config { set | show }: the namespace's settings.
 */
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "names.h"
#include "nl.h"
#include "out.h"
#include "print.h"

static void config_usage(FILE *f)
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

/* config set ... */
static int config_parse(struct rf_args *a, struct rf_req *req)
{
	const char *cmd = args_take(a);

	if (strcmp(cmd, "set"))
		return invarg(a, "unknown config command", cmd);
	req->op = RF_OP_CONFIG_SET;
	req->cfg.mode = RF_UNSET;
	req->cfg.unmanaged = RF_UNSET;
	req->cfg.drop_events = RF_UNSET;
	if (args_done(a))
		return missarg(a, "\"mode\", \"unmanaged\" or \"drop-events\"");
	while (!args_done(a))
		if (parse_one(a, req))
			return -1;
	return 0;
}

static void config_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	if (req->cfg.mode != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_MODE, req->cfg.mode);
	if (req->cfg.unmanaged != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_UNMANAGED, req->cfg.unmanaged);
	if (req->cfg.drop_events != RF_UNSET)
		mnl_attr_put_u32(nlh, RF_A_DROP_EVENTS, req->cfg.drop_events);
}

/* show: one "key value" per line; event: all on one line. */
static const struct rf_col show_cols[] = {
	RF_ENUM(RF_A_MODE, 0, "mode", "mode          %s\n", rf_mode_names),
	RF_ENUM(RF_A_UNMANAGED, 0, "unmanaged", "unmanaged     %s\n", rf_unmanaged_names),
	RF_U32(RF_A_DROP_EVENTS, 0, "drop-events", "drop-events   %u\n"),
	RF_ENUM(RF_A_NO_POLICY, 0, "no-policy", "no-policy     %s\n", rf_no_policy_names),
	RF_U32(RF_A_GENERATION, 0, "generation", "generation    %u\n"),
	RF_U32(RF_A_NET_COUNT, 0, "net-count", "networks      %u\n"),
	RF_U32(RF_A_PREFIX_COUNT, 0, "prefix-count", "prefixes      %u\n"),
	RF_U32(RF_A_DEV_COUNT, 0, "dev-count", "devs          %u\n"),
	RF_U32(RF_A_LINK_COUNT, 0, "link-count", "links         %u"),
	RF_END
};

static const struct rf_col event_cols[] = {
	RF_ENUM(RF_A_MODE, 0, "mode", " mode %s ", rf_mode_names),
	RF_ENUM(RF_A_UNMANAGED, 0, "unmanaged", "unmanaged %s ", rf_unmanaged_names),
	RF_U32(RF_A_DROP_EVENTS, 0, "drop-events", "drop-events %u "),
	RF_ENUM(RF_A_NO_POLICY, 0, "no-policy", "no-policy %s ", rf_no_policy_names),
	RF_U32(RF_A_GENERATION, 0, "generation", "generation %u "),
	RF_U32(RF_A_NET_COUNT, 0, "net-count", "networks %u "),
	RF_U32(RF_A_PREFIX_COUNT, 0, "prefix-count", "prefixes %u "),
	RF_U32(RF_A_DEV_COUNT, 0, "dev-count", "devs %u "),
	RF_U32(RF_A_LINK_COUNT, 0, "link-count", "links %u"),
	RF_END
};

static const struct rf_col save_cols[] = {
	RF_ENUM(RF_A_MODE, 0, "mode", "config set mode %s", rf_mode_names),
	RF_ENUM(RF_A_UNMANAGED, 0, "unmanaged", " unmanaged %s", rf_unmanaged_names),
	RF_U32(RF_A_DROP_EVENTS, 0, "drop-events", " drop-events %u"),
	RF_END
};

static const struct rf_col *const cols[RF_VIEW_N] = {
	[RF_VIEW_SHOW] = show_cols,
	[RF_VIEW_EVENT] = event_cols,
	[RF_VIEW_SAVE] = save_cols,
};

static const char *const bypass_kinds[] = {
	"flowtable", "xdp", "tc",
};

static const char *const bypass_what[] = {
	"nftables flowtable", "XDP program", "tc ingress filters",
};

static void bypass_one(struct rf_out *o, const struct nlattr *nest,
		       bool oneline)
{
	const struct nlattr *tb[RF_BYPASS_A_MAX + 1] = { NULL };
	const struct nlattr *a;
	uint32_t kinds;
	size_t k;
	int n = 0;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) <= RF_BYPASS_A_MAX)
			tb[mnl_attr_get_type(a)] = a;
	kinds = tb[RF_BYPASS_A_KINDS] ? mnl_attr_get_u32(tb[RF_BYPASS_A_KINDS]) : 0;
	open_json_object(o, NULL);
	if (tb[RF_BYPASS_A_IFINDEX])
		print_uint(o, PRINT_JSON, "ifindex", NULL,
			   mnl_attr_get_u32(tb[RF_BYPASS_A_IFINDEX]));
	print_str(o, PRINT_ANY, "ifname", oneline ? " bypass %s" :
		  "\nwarning: forwarded traffic through %s may bypass the policy (",
		  tb[RF_BYPASS_A_IFNAME] ? mnl_attr_get_str(tb[RF_BYPASS_A_IFNAME]) : "?");
	open_json_array(o, "kinds");
	for (k = 0; k < sizeof(bypass_kinds) / sizeof(bypass_kinds[0]); k++) {
		if (!(kinds & (1U << k)))
			continue;
		print_str(o, PRINT_JSON, NULL, NULL, bypass_kinds[k]);
		print_text(o, "%s%s", n++ ? (oneline ? "," : ", ") :
			   (oneline ? ":" : ""),
			   oneline ? bypass_kinds[k] : bypass_what[k]);
	}
	close_json_array(o);
	if (!oneline)
		print_text(o, ")");
	close_json_object(o);
}

/*
 * The interfaces whose forwarded traffic may skip the forward hook (a
 * config reply or notification may list several): warning lines, or
 * " bypass IF:KIND" on the monitor's line; a "bypass" array in JSON.
 */
static void config_print_bypass(struct rf_out *o, const struct nlmsghdr *nlh,
				bool oneline)
{
	const struct nlattr *a;
	bool any = false;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != RF_A_BYPASS)
			continue;
		if (!any)
			open_json_array(o, "bypass");
		any = true;
		bypass_one(o, a, oneline);
	}
	if (any)
		close_json_array(o);
}

static void config_print(struct rf_pr *pr, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	if (!rf_row_begin(pr, tb, cols[pr->view]))
		return;
	if (pr->view != RF_VIEW_SAVE)
		config_print_bypass(pr->o, nlh, pr->view == RF_VIEW_EVENT);
	rf_row_end(pr);
}

const struct rf_object rf_obj_config = {
	.name		= "config",
	.usage		= config_usage,
	.parse		= config_parse,
	.put		= config_put,
	.get_cmd	= RF_CMD_CONFIG_GET,
	.show_flags	= RF_SHOW_SINGLE,
	.cols		= cols,
	.print		= config_print,
};
