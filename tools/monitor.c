// SPDX-License-Identifier: GPL-2.0
/*
 * rfence monitor [ config | drops | all ]: configuration changes and drop
 * reports as they happen, one line (or one JSON object) per event, until
 * SIGINT or SIGTERM. "monitor routes" is route.c's.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "names.h"
#include "nl.h"
#include "out.h"
#include "print.h"
#include "req.h"
#include "sig.h"

void monitor_usage(FILE *f)
{
	fputs("Usage: rfence monitor [ config | drops | all ]\n"
	      "       rfence monitor routes [ table TABLE ] [ dev IFNAME ]\n", f);
}

static void print_addr(struct rf_out *o, const struct nlattr *attr,
		       const char *key, const char *fmt)
{
	char buf[INET6_ADDRSTRLEN] = "?";
	uint16_t len;

	if (!attr)
		return;
	len = mnl_attr_get_payload_len(attr);
	if (len == 4 || len == 16)
		inet_ntop(len == 4 ? AF_INET : AF_INET6,
			  mnl_attr_get_payload(attr), buf, sizeof(buf));
	print_str(o, PRINT_ANY, key, fmt, buf);
}

static const struct rf_col drop_nets[] = {
	RF_U32(RF_A_SRC_NET_ID, RF_COL_OPT, "src-net-id", NULL),
	RF_STR(RF_A_SRC_NET_NAME, RF_COL_OPT, "src-net-name", NULL, NULL),
	RF_U32(RF_A_DST_NET_ID, RF_COL_OPT, "dst-net-id", NULL),
	RF_STR(RF_A_DST_NET_NAME, RF_COL_OPT, "dst-net-name", NULL, NULL),
	RF_END
};

static const struct rf_col drop_ifs[] = {
	RF_U32(RF_A_IIF, RF_COL_OPT, "iif", NULL),
	RF_STR(RF_A_IIFNAME, RF_COL_OPT, "iifname", " iif %s", NULL),
	RF_U32(RF_A_OIF, RF_COL_OPT, "oif", NULL),
	RF_STR(RF_A_OIFNAME, RF_COL_OPT, "oifname", " oif %s", NULL),
	RF_END
};

static const struct rf_col no_cols[] = { RF_END };

/* A drop report: why, between which networks, the packet's addresses. */
static void drop_print(struct rf_pr *pr, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rf_out *o = pr->o;
	const char *src, *dst;

	rf_attrs(nlh, tb);
	src = rf_str(tb, RF_A_SRC_NET_NAME);
	dst = rf_str(tb, RF_A_DST_NET_NAME);
	rf_row_begin(pr, tb, no_cols);
	print_str(o, PRINT_ANY, "reason", " %s",
		  rf_reason_str(rf_u32(tb, RF_A_REASON, 0)));
	print_bool(o, PRINT_JSON, "audit", NULL, !!tb[RF_A_AUDIT]);
	print_text(o, "%s: %s -> %s", tb[RF_A_AUDIT] ? " (audit)" : "",
		   src ? src : "-", dst ? dst : "-");
	rf_cols(pr, tb, drop_nets);
	print_addr(o, tb[RF_A_SRC], "src", " src %s");
	print_addr(o, tb[RF_A_DST], "dst", " dst %s");
	rf_cols(pr, tb, drop_ifs);
	rf_row_end(pr);
}

/* Not configuration: only printed. */
static const struct rf_object drop_report = {
	.name		= "drop",
	.print		= drop_print,
};

static const struct {
	const char *name;
	const struct rf_object *obj;
} events[RF_CMD_MAX + 1] = {
	[RF_CMD_NET_NEW_NTF]	= { "net-new", &rf_obj_network },
	[RF_CMD_NET_SET_NTF]	= { "net-set", &rf_obj_network },
	[RF_CMD_NET_DEL_NTF]	= { "net-del", &rf_obj_network },
	[RF_CMD_PREFIX_NEW_NTF]	= { "prefix-new", &rf_obj_prefix },
	[RF_CMD_PREFIX_DEL_NTF]	= { "prefix-del", &rf_obj_prefix },
	[RF_CMD_DEV_NEW_NTF]	= { "dev-new", &rf_obj_dev },
	[RF_CMD_DEV_DEL_NTF]	= { "dev-del", &rf_obj_dev },
	[RF_CMD_LINK_NEW_NTF]	= { "link-new", &rf_obj_link },
	[RF_CMD_LINK_DEL_NTF]	= { "link-del", &rf_obj_link },
	[RF_CMD_CONFIG_NTF]	= { "config", &rf_obj_config },
	[RF_CMD_COMMIT_NTF]	= { "commit", &rf_obj_config },
	[RF_CMD_DROP_NTF]	= { "drop", &drop_report },
};

struct mon {
	struct rf_ctx *ctx;
	const struct rf_loc *loc;
	uint16_t family;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct mon *mon = data;
	struct rf_pr pr = { .o = mon->ctx->out, .view = RF_VIEW_EVENT };

	if (nlh->nlmsg_type != mon->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*g) || g->cmd > RF_CMD_MAX ||
	    !events[g->cmd].obj)
		return MNL_CB_OK;
	pr.event = events[g->cmd].name;
	rf_print_object(events[g->cmd].obj, &pr, nlh);
	return MNL_CB_OK;
}

enum { MON_CONFIG = 1, MON_DROPS = 2, MON_ALL = 3 };

static int parse_groups(struct rf_args *a, int *groups, bool *explicit)
{
	*groups = MON_ALL;
	*explicit = !args_done(a);
	if (args_match(a, "config"))
		*groups = MON_CONFIG;
	else if (args_match(a, "drops"))
		*groups = MON_DROPS;
	else if (!args_match(a, "all") && !args_done(a))
		return invarg(a, "unknown monitor group", args_peek(a));
	return args_end(a);
}

static int join(struct rf_ctx *ctx, const struct rf_loc *loc, uint32_t id,
		const char *name, bool must)
{
	int ret;

	if (!id) {
		rf_err(loc, "the kernel has no \"%s\" multicast group", name);
		return RF_EXIT_KERNEL;
	}
	ret = rf_nl_subscribe(ctx->nl, id);
	if (ret == -EPERM && !must) {
		rf_warn("not following \"%s\": it needs CAP_NET_ADMIN.", name);
		return RF_EXIT_OK;
	}
	if (ret == -EPERM)
		rf_err(loc, "permission denied: the \"%s\" group needs CAP_NET_ADMIN",
		       name);
	else if (ret)
		rf_err(loc, "cannot join the \"%s\" group: %s", name, strerror(-ret));
	return ret ? RF_EXIT_KERNEL : RF_EXIT_OK;
}

static int subscribe(struct rf_ctx *ctx, const struct rf_loc *loc, int groups,
		     bool explicit)
{
	int ret = RF_EXIT_OK;

	if (rf_open(ctx, loc))
		return RF_EXIT_KERNEL;
	if (groups & MON_CONFIG)
		ret = join(ctx, loc, ctx->nl->grp_config, RF_MCGRP_CONFIG, true);
	if (!ret && (groups & MON_DROPS))
		ret = join(ctx, loc, ctx->nl->grp_drops, RF_MCGRP_DROPS, explicit);
	return ret;
}

static int receive(struct mon *mon)
{
	int ret = rf_nl_recv(mon->ctx->nl, event_cb, mon);

	if (ret == -ENOBUFS) {
		rf_warn("events lost (receive buffer overrun).");
		return RF_EXIT_OK;
	}
	if (ret && ret != -EINTR) {
		rf_err_kernel(mon->loc, &mon->ctx->nl->e);
		return RF_EXIT_KERNEL;
	}
	return RF_EXIT_OK;
}

static int monitor_loop(struct rf_ctx *ctx, const struct rf_loc *loc)
{
	struct mon mon = { ctx, loc, ctx->nl->family };
	struct pollfd pfd[2];
	int ret = RF_EXIT_OK;

	pfd[0].fd = mnl_socket_get_fd(ctx->nl->sk);
	pfd[0].events = POLLIN;
	pfd[1].fd = rf_signal_fd();
	pfd[1].events = POLLIN;
	if (pfd[1].fd < 0) {
		rf_err(loc, "signalfd: %s", strerror(errno));
		return RF_EXIT_USAGE;
	}
	while (!ret) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break;
		if (pfd[0].revents)
			ret = receive(&mon);
	}
	close(pfd[1].fd);
	return ret;
}

int cmd_monitor(struct rf_ctx *ctx, struct rf_args *a)
{
	bool explicit;
	int groups, ret;

	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_match(a, "routes"))
		return route_monitor(ctx, a);
	if (parse_groups(a, &groups, &explicit))
		return RF_EXIT_USAGE;
	ret = subscribe(ctx, a->loc, groups, explicit);
	if (ret)
		return ret;
	return monitor_loop(ctx, a->loc);
}
