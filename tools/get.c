// SPDX-License-Identifier: GPL-2.0
/*
 * rfence get from ADDR to ADDR [ iif IFNAME ]: what the policy does to one
 * forwarded packet (RF_CMD_EVAL, the packet path's own decision code).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "names.h"
#include "nl.h"
#include "out.h"
#include "req.h"

void get_usage(FILE *f)
{
	fputs("Usage: rfence get from ADDR to ADDR [ iif IFNAME ]\n", f);
}

struct get_req {
	const char *from, *to;
	uint8_t src[16], dst[16];
	int family;
	uint32_t iif;
};

struct eval {
	uint32_t verdict, reason, plen, oif;
	const char *from, *to, *oifname;
	bool audit;
	const char **links;	/* peers of @from, for not-linked */
	size_t n_links;
};

static int parse_addr(struct rf_args *a, const char *kw, uint8_t *addr,
		      int *family, const char **s)
{
	if (*s)
		return duparg(a, kw);
	if (args_value(a, kw, s))
		return -1;
	if (rf_addr_parse(*s, addr, family))
		return invarg(a, "invalid address", *s);
	return 0;
}

static int parse_get(struct rf_args *a, struct get_req *g)
{
	int fs = 0, fd = 0;

	while (!args_done(a)) {
		if (args_match(a, "from")) {
			if (parse_addr(a, "from", g->src, &fs, &g->from))
				return -1;
		} else if (args_match(a, "to")) {
			if (parse_addr(a, "to", g->dst, &fd, &g->to))
				return -1;
		} else if (args_match(a, "iif")) {
			if (g->iif)
				return duparg(a, "iif");
			if (args_ifname(a, "iif", &g->iif))
				return -1;
		} else {
			return invarg(a, "unknown argument", args_peek(a));
		}
	}
	if (!g->from || !g->to)
		return missarg(a, g->from ? "\"to ADDR\"" : "\"from ADDR\"");
	if (fs != fd) {
		rf_err(a->loc, "\"from\" and \"to\" must both be IPv4 or both IPv6");
		return -1;
	}
	g->family = fs;
	return 0;
}

static int eval_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct eval *ev = data;

	rf_attrs(nlh, tb);
	ev->verdict = rf_u32(tb, RF_A_VERDICT, RF_VERDICT_ACCEPT);
	ev->reason = rf_u32(tb, RF_A_REASON, RF_REASON_NONE);
	ev->plen = rf_u32(tb, RF_A_ROUTE_PLEN, 0);
	ev->oif = rf_u32(tb, RF_A_OIF, 0);
	ev->from = rf_str(tb, RF_A_SRC_NET_NAME);
	ev->to = rf_str(tb, RF_A_DST_NET_NAME);
	ev->oifname = rf_str(tb, RF_A_OIFNAME);
	ev->audit = !!tb[RF_A_AUDIT];
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct eval *ev = data;
	const char *net, *peer, **links;

	rf_attrs(nlh, tb);
	net = rf_str(tb, RF_A_NET_NAME);
	peer = rf_str(tb, RF_A_PEER_NAME);
	if (!net || !peer)
		return MNL_CB_OK;
	links = realloc(ev->links, (ev->n_links + 1) * sizeof(*links));
	if (!links)
		return MNL_CB_ERROR;
	links[ev->n_links++] = strcmp(net, ev->from) ? net : peer;
	ev->links = links;
	return MNL_CB_OK;
}

/* The networks @ev->from is linked to, to explain a not-linked drop. */
static int fetch_links(struct rf_ctx *ctx, const struct rf_loc *loc,
		       struct eval *ev, struct rf_msgs *m)
{
	struct nlmsghdr *nlh;
	int ret;

	if (ev->reason != RF_REASON_NOT_LINKED || !ev->from)
		return RF_EXIT_OK;
	nlh = rf_msg(ctx, loc, RF_CMD_LINK_GET, NLM_F_DUMP);
	if (!nlh)
		return RF_EXIT_KERNEL;
	mnl_attr_put_strz(nlh, RF_A_NET_NAME, ev->from);
	ret = rf_fetch(ctx, loc, nlh, m);
	if (!ret)
		rf_msgs_each(m, link_cb, ev);
	return ret;
}

static void print_net(struct rf_out *o, const char *key, const char *name,
		      const char *addr, const char *fmt)
{
	if (name)
		print_str(o, PRINT_ANY, key, fmt, name);
	else
		print_null(o, PRINT_ANY, key, fmt, addr);
}

static void print_links(struct rf_out *o, const struct eval *ev)
{
	size_t i;

	if (ev->reason != RF_REASON_NOT_LINKED || !ev->from)
		return;
	print_text(o, " (%s links: ", ev->from);
	open_json_array(o, "links");
	for (i = 0; i < ev->n_links; i++)
		print_str(o, PRINT_ANY, NULL, i ? ", %s" : "%s", ev->links[i]);
	close_json_array(o);
	print_text(o, "%s)", ev->n_links ? "" : "none");
}

static void print_route(struct rf_out *o, const struct get_req *g,
			const struct eval *ev)
{
	struct rf_prefix route = { .family = g->family, .len = ev->plen };
	char buf[RF_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < 16; i++) {
		int bits = (int)ev->plen - (int)i * 8;

		route.addr[i] = g->dst[i] & (bits >= 8 ? 0xff : bits <= 0 ? 0 :
					     (uint8_t)(0xff << (8 - bits)));
	}
	rf_prefix_fmt(&route, buf, sizeof(buf));
	print_str(o, PRINT_ANY, "route", " route %s", buf);
	print_uint(o, PRINT_JSON, "prefixlen", NULL, ev->plen);
	if (ev->oifname)
		print_str(o, PRINT_ANY, "oif", " oif %s", ev->oifname);
	else
		print_uint(o, PRINT_ANY, "oif", " oif %u", ev->oif);
}

static void print_eval(struct rf_out *o, const struct get_req *g,
		       const struct eval *ev)
{
	open_json_object(o, NULL);
	print_str(o, PRINT_ANY, "verdict", "%s", rf_verdict_str(ev->verdict));
	if (ev->reason == RF_REASON_NONE)
		print_null(o, PRINT_JSON, "reason", NULL, NULL);
	else
		print_str(o, PRINT_ANY, "reason", " %s", rf_reason_str(ev->reason));
	print_bool(o, PRINT_JSON, "audit", NULL, ev->audit);
	print_text(o, "%s: ", ev->audit ? " (audit)" : "");
	print_net(o, "from", ev->from, g->from, "%s");
	print_net(o, "to", ev->to, g->to, " -> %s");
	print_str(o, PRINT_JSON, "src", NULL, g->from);
	print_str(o, PRINT_JSON, "dst", NULL, g->to);
	print_links(o, ev);
	print_route(o, g, ev);
	print_nl(o);
	close_json_object(o);
	out_end_doc(o);
}

static int eval(struct rf_ctx *ctx, const struct rf_loc *loc,
		const struct get_req *g, struct eval *ev, struct rf_msgs *m)
{
	struct nlmsghdr *nlh = rf_msg(ctx, loc, RF_CMD_EVAL, NLM_F_ACK);
	int alen = g->family == AF_INET ? 4 : 16;
	int ret;

	if (!nlh)
		return RF_EXIT_KERNEL;
	mnl_attr_put(nlh, RF_A_SRC, alen, g->src);
	mnl_attr_put(nlh, RF_A_DST, alen, g->dst);
	if (g->iif)
		mnl_attr_put_u32(nlh, RF_A_IIF, g->iif);
	ret = rf_fetch(ctx, loc, nlh, m);
	if (!ret)
		rf_msgs_each(m, eval_cb, ev);
	return ret;
}

int cmd_get(struct rf_ctx *ctx, struct rf_args *a)
{
	struct rf_msgs reply = { 0 }, links = { 0 };
	struct get_req g = { 0 };
	struct eval ev = { 0 };
	int ret;

	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (parse_get(a, &g))
		return RF_EXIT_USAGE;
	ret = eval(ctx, a->loc, &g, &ev, &reply);
	if (!ret)
		ret = fetch_links(ctx, a->loc, &ev, &links);
	if (!ret)
		print_eval(ctx->out, &g, &ev);
	free(ev.links);
	rf_msgs_free(&links);
	rf_msgs_free(&reply);
	return ret;
}
