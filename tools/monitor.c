// SPDX-License-Identifier: GPL-2.0
/*
 * rfence monitor [ config | drops | all ]: configuration changes and drop
 * reports as they happen, one line (or one JSON object) per event, until
 * SIGINT or SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"
#include "event.h"

void monitor_usage(FILE *f)
{
	fputs("Usage: rfence monitor [ config | drops | all ]\n"
	      "       rfence monitor routes [ table TABLE ] [ dev IFNAME ]\n", f);
}

typedef void (*event_fn)(struct rf_out *o, const char *event,
			 const struct nlmsghdr *nlh);

static void print_opt_str(struct rf_out *o, const struct nlattr **tb, int type,
			  const char *fmt)
{
	if (tb[type])
		print_str(o, PRINT_ANY, rf_attr_name(type), fmt, rf_str(tb, type));
}

static void print_opt_u32(struct rf_out *o, const struct nlattr **tb, int type,
			  const char *fmt)
{
	if (tb[type])
		print_uint(o, PRINT_ANY, rf_attr_name(type), fmt, rf_u32(tb, type, 0));
}

static void network_event(struct rf_out *o, const char *event,
			  const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	event_begin(o, event);
	print_opt_str(o, tb, RF_A_NET_NAME, " %s");
	print_opt_u32(o, tb, RF_A_NET_ID, " id %u");
	if (tb[RF_A_DEFAULT_ROUTE])
		print_str(o, PRINT_ANY, "default-route", " default-route %s",
			  rf_name_of(rf_default_route_names,
				     rf_u32(tb, RF_A_DEFAULT_ROUTE, 0)));
	event_end(o);
}

/* One line per prefix of the notification. */
static void prefix_event(struct rf_out *o, const char *event,
			 const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	struct rf_prefix p;
	const char *name;
	uint32_t id;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != RF_A_PREFIX ||
		    prefix_get(attr, &p, &id, &name))
			continue;
		event_begin(o, event);
		prefix_print(o, &p, " %s");
		if (id)
			print_uint(o, PRINT_JSON, "net-id", NULL, id);
		if (name)
			print_str(o, PRINT_ANY, "net-name", " network %s", name);
		event_end(o);
	}
}

static void dev_event(struct rf_out *o, const char *event,
		      const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	event_begin(o, event);
	print_opt_str(o, tb, RF_A_IFNAME, " %s");
	print_opt_u32(o, tb, RF_A_IFINDEX, " ifindex %u");
	print_opt_u32(o, tb, RF_A_NET_ID, "");
	print_opt_str(o, tb, RF_A_NET_NAME, " network %s");
	event_end(o);
}

static void link_event(struct rf_out *o, const char *event,
		       const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	event_begin(o, event);
	print_opt_u32(o, tb, RF_A_NET_ID, "");
	print_opt_str(o, tb, RF_A_NET_NAME, " %s");
	print_opt_u32(o, tb, RF_A_PEER_ID, "");
	print_opt_str(o, tb, RF_A_PEER_NAME, " %s");
	event_end(o);
}

static void config_event(struct rf_out *o, const char *event,
			 const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	event_begin(o, event);
	print_text(o, " ");
	config_print(o, tb, true);
	event_end(o);
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

static void drop_event(struct rf_out *o, const char *event,
		       const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	const char *src, *dst;

	rf_attrs(nlh, tb);
	src = rf_str(tb, RF_A_SRC_NET_NAME);
	dst = rf_str(tb, RF_A_DST_NET_NAME);
	event_begin(o, event);
	print_str(o, PRINT_ANY, "reason", " %s",
		  rf_reason_str(rf_u32(tb, RF_A_REASON, 0)));
	print_bool(o, PRINT_JSON, "audit", NULL, !!tb[RF_A_AUDIT]);
	print_text(o, "%s: %s -> %s", tb[RF_A_AUDIT] ? " (audit)" : "",
		   src ? src : "-", dst ? dst : "-");
	print_opt_u32(o, tb, RF_A_SRC_NET_ID, "");
	print_opt_str(o, tb, RF_A_SRC_NET_NAME, "");
	print_opt_u32(o, tb, RF_A_DST_NET_ID, "");
	print_opt_str(o, tb, RF_A_DST_NET_NAME, "");
	print_addr(o, tb[RF_A_SRC], "src", " src %s");
	print_addr(o, tb[RF_A_DST], "dst", " dst %s");
	print_opt_u32(o, tb, RF_A_IIF, "");
	print_opt_str(o, tb, RF_A_IIFNAME, " iif %s");
	print_opt_u32(o, tb, RF_A_OIF, "");
	print_opt_str(o, tb, RF_A_OIFNAME, " oif %s");
	event_end(o);
}

static const struct {
	const char *name;
	event_fn fn;
} events[RF_CMD_MAX + 1] = {
	[RF_CMD_NET_NEW_NTF]	= { "net-new", network_event },
	[RF_CMD_NET_SET_NTF]	= { "net-set", network_event },
	[RF_CMD_NET_DEL_NTF]	= { "net-del", network_event },
	[RF_CMD_PREFIX_NEW_NTF]	= { "prefix-new", prefix_event },
	[RF_CMD_PREFIX_DEL_NTF]	= { "prefix-del", prefix_event },
	[RF_CMD_DEV_NEW_NTF]	= { "dev-new", dev_event },
	[RF_CMD_DEV_DEL_NTF]	= { "dev-del", dev_event },
	[RF_CMD_LINK_NEW_NTF]	= { "link-new", link_event },
	[RF_CMD_LINK_DEL_NTF]	= { "link-del", link_event },
	[RF_CMD_CONFIG_NTF]	= { "config", config_event },
	[RF_CMD_COMMIT_NTF]	= { "commit", config_event },
	[RF_CMD_DROP_NTF]	= { "drop", drop_event },
};

struct mon {
	struct rf_ctx *ctx;
	uint16_t family;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct mon *mon = data;

	if (nlh->nlmsg_type != mon->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*g) || g->cmd > RF_CMD_MAX ||
	    !events[g->cmd].fn)
		return MNL_CB_OK;
	events[g->cmd].fn(mon->ctx->out, events[g->cmd].name, nlh);
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

static int join(struct rf_ctx *ctx, uint32_t id, const char *name, bool must)
{
	int ret;

	if (!id) {
		rf_err(ctx, "the kernel has no \"%s\" multicast group", name);
		return RF_EXIT_KERNEL;
	}
	ret = rf_nl_subscribe(ctx->nl, id);
	if (ret == -EPERM && !must) {
		fprintf(stderr, "Warning: not following \"%s\": it needs CAP_NET_ADMIN.\n",
			name);
		return RF_EXIT_OK;
	}
	if (ret == -EPERM)
		rf_err(ctx, "permission denied: the \"%s\" group needs CAP_NET_ADMIN",
		       name);
	else if (ret)
		rf_err(ctx, "cannot join the \"%s\" group: %s", name, strerror(-ret));
	return ret ? RF_EXIT_KERNEL : RF_EXIT_OK;
}

static int subscribe(struct rf_ctx *ctx, int groups, bool explicit)
{
	int ret = RF_EXIT_OK;

	if (rf_nl_open(ctx))
		return RF_EXIT_KERNEL;
	if (groups & MON_CONFIG)
		ret = join(ctx, ctx->nl->grp_config, RF_MCGRP_CONFIG, true);
	if (!ret && (groups & MON_DROPS))
		ret = join(ctx, ctx->nl->grp_drops, RF_MCGRP_DROPS, explicit);
	return ret;
}

static int receive(struct rf_ctx *ctx, struct mon *mon)
{
	int ret = rf_nl_recv(ctx->nl, event_cb, mon);

	if (ret == -ENOBUFS) {
		fprintf(stderr, "Warning: events lost (receive buffer overrun).\n");
		return RF_EXIT_OK;
	}
	if (ret && ret != -EINTR) {
		rf_nl_perror(ctx);
		return RF_EXIT_KERNEL;
	}
	return RF_EXIT_OK;
}

static int monitor_loop(struct rf_ctx *ctx)
{
	struct mon mon = { ctx, ctx->nl->family };
	struct pollfd pfd[2];
	int ret = RF_EXIT_OK;

	pfd[0].fd = mnl_socket_get_fd(ctx->nl->sk);
	pfd[0].events = POLLIN;
	pfd[1].fd = signal_fd();
	pfd[1].events = POLLIN;
	if (pfd[1].fd < 0) {
		rf_err(ctx, "signalfd: %s", strerror(errno));
		return RF_EXIT_USAGE;
	}
	while (!ret) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break;
		if (pfd[0].revents)
			ret = receive(ctx, &mon);
	}
	close(pfd[1].fd);
	return ret;
}

int cmd_monitor(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, monitor_usage, argc, argv };
	bool explicit;
	int groups, ret;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		monitor_usage(stdout);
		return RF_EXIT_OK;
	}
	if (argc >= 1 && !strcmp(argv[0], "routes"))
		return route_monitor(ctx, argc - 1, argv + 1);
	if (parse_groups(&a, &groups, &explicit))
		return RF_EXIT_USAGE;
	ret = subscribe(ctx, groups, explicit);
	if (ret)
		return ret;
	return monitor_loop(ctx);
}

