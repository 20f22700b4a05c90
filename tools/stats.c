// SPDX-License-Identifier: GPL-2.0
/*
 * rfence stats { show | reset }: forwarding and violation counters.
 */
#include <inttypes.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "nl.h"
#include "out.h"
#include "req.h"
#include "stats.h"

void stats_usage(FILE *f)
{
	fputs("Usage: rfence stats show [ network NAME ]\n"
	      "       rfence stats reset\n", f);
}

static const struct {
	int type;
	const char *key;	/* JSON key and "-s" text label */
	const char *head;	/* table header */
	int width;
} counters[] = {
	{ RF_STATS_A_FWD_PACKETS,	"fwd-packets",	 "FWD-PACKETS",	  12 },
	{ RF_STATS_A_FWD_BYTES,		"fwd-bytes",	 "FWD-BYTES",	  14 },
	{ RF_STATS_A_NOT_LINKED,	"not-linked",	 "NOT-LINKED",	  10 },
	{ RF_STATS_A_DEFAULT_ROUTE,	"default-route", "DEFAULT-ROUTE", 13 },
	{ RF_STATS_A_SPOOFED,		"spoofed",	 "SPOOFED",	  8 },
	{ RF_STATS_A_UNMANAGED,		"unmanaged",	 "UNMANAGED",	  9 },
	{ RF_STATS_A_NO_POLICY,		"no-policy",	 "NO-POLICY",	  9 },
};

#define N_COUNTERS (sizeof(counters) / sizeof(counters[0]))

void stats_print(struct rf_out *o, const struct nlattr *nest, bool table)
{
	const struct nlattr *tb[RF_STATS_A_MAX + 1];
	char fmt[32];
	size_t i;

	rf_stats_attrs(nest, tb);
	open_json_object(o, "stats");
	print_text(o, table ? "" : "\n      ");
	for (i = 0; i < N_COUNTERS; i++) {
		if (table)
			snprintf(fmt, sizeof(fmt), " %%%d" PRIu64, counters[i].width);
		else
			snprintf(fmt, sizeof(fmt), "%s%s %%" PRIu64, i ? " " : "",
				 counters[i].key);
		print_u64(o, PRINT_ANY, counters[i].key, fmt,
			  rf_u64(tb, counters[i].type));
	}
	if (table)
		print_nl(o);
	close_json_object(o);
}

static void print_header(struct rf_out *o)
{
	size_t i;

	print_text(o, "%-16s", "NETWORK");
	for (i = 0; i < N_COUNTERS; i++)
		print_text(o, " %*s", counters[i].width, counters[i].head);
	print_text(o, "\n");
}

struct row_data {
	struct rf_out *o;
	const char *name;	/* when the reply does not name the network */
};

static int row_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct row_data *rd = data;
	struct rf_out *o = rd->o;
	const char *name;

	rf_attrs(nlh, tb);
	name = rf_str(tb, RF_A_NET_NAME);
	if (!name)
		name = rd->name;
	open_json_object(o, NULL);
	if (tb[RF_A_NET_ID])
		print_uint(o, PRINT_JSON, "net-id", NULL, rf_u32(tb, RF_A_NET_ID, 0));
	print_str(o, PRINT_ANY, "net-name", "%-16s", name ? name : "");
	stats_print(o, tb[RF_A_STATS], true);
	close_json_object(o);
	return MNL_CB_OK;
}

static int total_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rf_out *o = data;

	rf_attrs(nlh, tb);
	print_text(o, "%-16s", "(all)");
	stats_print(o, tb[RF_A_STATS], true);
	return MNL_CB_OK;
}

/* STATS_GET (namespace or one network) into @m. */
static int fetch_stats(struct rf_ctx *ctx, const struct rf_loc *loc,
		       const char *name, struct rf_msgs *m)
{
	struct nlmsghdr *nlh = rf_msg(ctx, loc, RF_CMD_STATS_GET, NLM_F_ACK);

	if (!nlh)
		return RF_EXIT_KERNEL;
	if (name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, name);
	return rf_fetch(ctx, loc, nlh, m);
}

static int fetch_networks(struct rf_ctx *ctx, const struct rf_loc *loc,
			  struct rf_msgs *m)
{
	struct nlmsghdr *nlh = rf_msg(ctx, loc, RF_CMD_NET_GET, NLM_F_DUMP);

	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_fetch(ctx, loc, nlh, m);
}

static void print_all(struct rf_out *o, const struct rf_msgs *total,
		      const struct rf_msgs *rows, const char *name)
{
	struct row_data rd = { o, name };

	open_json_object(o, NULL);
	print_header(o);
	rf_msgs_each(total, total_cb, o);
	open_json_array(o, "networks");
	rf_msgs_each(rows, row_cb, &rd);
	close_json_array(o);
	close_json_object(o);
	out_end_doc(o);
}

static int stats_show(struct rf_ctx *ctx, struct rf_args *a)
{
	struct rf_msgs total = { 0 }, rows = { 0 };
	const char *name = NULL;
	int ret;

	if (!args_done(a) && args_network(a, &name))
		return RF_EXIT_USAGE;
	if (args_end(a))
		return RF_EXIT_USAGE;
	if (name) {
		ret = fetch_stats(ctx, a->loc, name, &rows);
	} else {
		ret = fetch_stats(ctx, a->loc, NULL, &total);
		if (!ret)
			ret = fetch_networks(ctx, a->loc, &rows);
	}
	if (!ret)
		print_all(ctx->out, &total, &rows, name);
	rf_msgs_free(&total);
	rf_msgs_free(&rows);
	return ret;
}

static int stats_reset(struct rf_ctx *ctx, struct rf_args *a)
{
	struct nlmsghdr *nlh;

	if (args_end(a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, a->loc, RF_CMD_STATS_RESET, NLM_F_ACK);
	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_do(ctx, a->loc, nlh, NULL, NULL);
}

int cmd_stats(struct rf_ctx *ctx, struct rf_args *a)
{
	if (args_done(a) || args_match(a, "show"))
		return stats_show(ctx, a);
	if (args_match(a, "reset"))
		return stats_reset(ctx, a);
	if (!strcmp(args_peek(a), "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	invarg(a, "unknown stats command", args_peek(a));
	return RF_EXIT_USAGE;
}
