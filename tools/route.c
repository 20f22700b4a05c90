// SPDX-License-Identifier: GPL-2.0
/*
 * rfence route check [ table TABLE ] [ dev IFNAME ]: the namespace's
 * routing tables against the policy, one line (or JSON object) per finding
 * (routecheck.c says what each finding means). Exit status 0 when nothing
 * but notes is found, 1 when something is, 2 when the kernel fails.
 *
 * rfence monitor routes [ table TABLE ] [ dev IFNAME ]: the same findings
 * as they appear ("finding") and go ("resolved"), checked again whenever
 * routes, nexthops, links or the policy change.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
#include "routecheck.h"
#include "rtnl.h"
#include "sig.h"

#define POLICY_TRIES	16
#define SETTLE_MS	200	/* quiet time before checking again */
#define SETTLE_MAX_MS	1000	/* ... but never wait longer than this */

void route_usage(FILE *f)
{
	fputs("Usage: rfence route check [ table TABLE ] [ dev IFNAME ]\n"
	      "TABLE := { main | local | default | all | NUMBER }\n"
	      "Exit status: 0 nothing found (notes aside), 1 something found,\n"
	      "             2 the kernel or the module failed\n", f);
}

static void monitor_routes_usage(FILE *f)
{
	fputs("Usage: rfence monitor routes [ table TABLE ] [ dev IFNAME ]\n", f);
}

struct snap {
	struct rc_policy pol;
	struct rtnl_routes rt;
	struct rc_result res;
	char **keys;		/* monitor: one per finding, same order */
};

/* ---- the policy -------------------------------------------------------------- */

static int net_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rc_policy *pol = data;
	struct rc_net *v;
	const char *name;

	rf_attrs(nlh, tb);
	name = rf_str(tb, RF_A_NET_NAME);
	if (!name || !tb[RF_A_NET_ID])
		return MNL_CB_OK;
	v = rc_grow(pol->nets, pol->n_nets, sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	pol->nets = v;
	v = &pol->nets[pol->n_nets++];
	memset(v, 0, sizeof(*v));
	v->id = rf_u32(tb, RF_A_NET_ID, 0);
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->deny_default = rf_u32(tb, RF_A_DEFAULT_ROUTE, 0) == RF_DEFAULT_ROUTE_DENY;
	return MNL_CB_OK;
}

static int pfx_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	struct rc_policy *pol = data;
	const struct nlattr *attr;
	struct rc_pfx *v;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		struct rf_prefix p;
		uint32_t id;

		if (mnl_attr_get_type(attr) != RF_A_PREFIX)
			continue;
		rf_prefix_attrs(attr, tb);
		id = rf_u32(tb, RF_PREFIX_A_NET_ID, 0);
		if (!rf_prefix_get(tb, &p) || !id)
			continue;
		v = rc_grow(pol->pfx, pol->n_pfx, sizeof(*v));
		if (!v)
			return MNL_CB_ERROR;
		pol->pfx = v;
		pol->pfx[pol->n_pfx++] = (struct rc_pfx){ p, id };
	}
	return MNL_CB_OK;
}

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rc_policy *pol = data;
	struct rc_dev *v;

	rf_attrs(nlh, tb);
	if (!tb[RF_A_IFINDEX] || !tb[RF_A_NET_ID])
		return MNL_CB_OK;
	v = rc_grow(pol->devs, pol->n_devs, sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	pol->devs = v;
	pol->devs[pol->n_devs++] = (struct rc_dev){ rf_u32(tb, RF_A_IFINDEX, 0),
						    rf_u32(tb, RF_A_NET_ID, 0) };
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	struct rc_policy *pol = data;
	struct rc_link *v;

	rf_attrs(nlh, tb);
	if (!tb[RF_A_NET_ID] || !tb[RF_A_PEER_ID])
		return MNL_CB_OK;
	v = rc_grow(pol->links, pol->n_links, sizeof(*v));
	if (!v)
		return MNL_CB_ERROR;
	pol->links = v;
	pol->links[pol->n_links++] = (struct rc_link){ rf_u32(tb, RF_A_NET_ID, 0),
						       rf_u32(tb, RF_A_PEER_ID, 0) };
	return MNL_CB_OK;
}

static int gen_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	*(uint32_t *)data = rf_u32(tb, RF_A_GENERATION, 0);
	return MNL_CB_OK;
}

static void policy_free(struct rc_policy *pol)
{
	free(pol->nets);
	free(pol->pfx);
	free(pol->devs);
	free(pol->links);
	memset(pol, 0, sizeof(*pol));
}

static int dump_into(struct rf_ctx *ctx, const struct rf_loc *loc, uint8_t cmd,
		     mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = rf_msg(ctx, loc, cmd, NLM_F_DUMP);
	struct rf_msgs m = { 0 };
	int ret;

	if (!nlh)
		return RF_EXIT_KERNEL;
	ret = rf_fetch(ctx, loc, nlh, &m);
	if (!ret && rf_msgs_each(&m, cb, data)) {
		rf_err(loc, "out of memory");
		ret = RF_EXIT_KERNEL;
	}
	rf_msgs_free(&m);
	return ret;
}

static int generation(struct rf_ctx *ctx, const struct rf_loc *loc,
		      uint32_t *gen)
{
	struct nlmsghdr *nlh = rf_msg(ctx, loc, RF_CMD_CONFIG_GET, NLM_F_ACK);

	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_do(ctx, loc, nlh, gen_cb, gen);
}

/* The whole policy, read while its generation stayed the same. */
static int policy_get(struct rf_ctx *ctx, const struct rf_loc *loc,
		      struct rc_policy *pol)
{
	uint32_t before, after;
	int ret, tries = 0;

	do {
		policy_free(pol);
		ret = generation(ctx, loc, &before) ?:
		      dump_into(ctx, loc, RF_CMD_NET_GET, net_cb, pol) ?:
		      dump_into(ctx, loc, RF_CMD_PREFIX_GET, pfx_cb, pol) ?:
		      dump_into(ctx, loc, RF_CMD_DEV_GET, dev_cb, pol) ?:
		      dump_into(ctx, loc, RF_CMD_LINK_GET, link_cb, pol) ?:
		      generation(ctx, loc, &after);
	} while (!ret && before != after && ++tries < POLICY_TRIES);
	if (!ret && before != after) {
		rf_err(loc, "the policy kept changing while it was read");
		ret = RF_EXIT_KERNEL;
	}
	return ret;
}

/* ---- one check ------------------------------------------------------------ */

static void snap_free(struct snap *s)
{
	size_t i;

	if (s->keys)
		for (i = 0; i < s->res.n; i++)
			free(s->keys[i]);
	free(s->keys);
	rc_result_free(&s->res);
	rtnl_routes_free(&s->rt);
	policy_free(&s->pol);
	memset(s, 0, sizeof(*s));
}

static int snap_take(struct rf_ctx *ctx, const struct rf_loc *loc,
		     const struct rc_filter *flt, struct snap *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = policy_get(ctx, loc, &s->pol);
	if (ret)
		goto err;
	ret = rtnl_routes_get(&s->rt);
	if (ret) {
		rf_err(loc, "cannot read the routes: %s", strerror(-ret));
		goto kernel;
	}
	if (rc_check(&s->pol, s->rt.v, s->rt.n, flt, &s->res)) {
		rf_err(loc, "out of memory");
		goto kernel;
	}
	return RF_EXIT_OK;
kernel:
	ret = RF_EXIT_KERNEL;
err:
	snap_free(s);
	return ret;
}

/* ---- printing ------------------------------------------------------------- */

static const char *net_name(const struct rc_policy *pol, uint32_t id)
{
	const struct rc_net *n = id ? rc_net_get(pol, id) : NULL;

	return n ? n->name : NULL;
}

static void print_net(struct rf_out *o, const struct rc_policy *pol,
		      const char *key, uint32_t id, const char *fmt)
{
	const char *name = net_name(pol, id);

	if (name)
		print_str(o, PRINT_ANY, key, fmt, name);
	else
		print_null(o, PRINT_JSON, key, NULL, NULL);
}

static void print_pfx(struct rf_out *o, int t, const char *key,
		      const struct rf_prefix *p, const char *fmt)
{
	char buf[RF_PREFIX_STRLEN];

	if (p->len)
		rf_prefix_fmt(p, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "default");
	print_str(o, t, key, fmt, buf);
}

static void print_nh(struct rf_out *o, const struct rc_policy *pol,
		     const struct rc_route *r, const struct rc_nh *nh)
{
	char addr[INET6_ADDRSTRLEN], dev[IF_NAMESIZE];

	open_json_object(o, NULL);
	if (r->n_nh > 1)
		print_text(o, " nexthop");
	if (nh->gw_family) {
		inet_ntop(nh->gw_family, nh->gw, addr, sizeof(addr));
		print_text(o, " via%s", nh->gw_family == r->dst.family ? "" :
			   nh->gw_family == AF_INET ? " inet" : " inet6");
		print_str(o, PRINT_ANY, "gateway", " %s", addr);
	}
	if (!if_indextoname(nh->oif, dev))
		snprintf(dev, sizeof(dev), "if%u", nh->oif);
	print_str(o, PRINT_ANY, "dev", " dev %s", dev);
	print_net(o, pol, "network", nh->net, "");
	close_json_object(o);
}

/* A route as "ip route" prints it, on one line. */
static void print_route(struct rf_out *o, const struct rc_policy *pol,
			const struct rc_route *r)
{
	char buf[32];
	size_t i;

	print_pfx(o, PRINT_ANY, "dst", &r->dst, "%s");
	print_str(o, PRINT_JSON, "family", NULL,
		  r->dst.family == AF_INET ? "inet" : "inet6");
	if (r->nhid)
		print_uint(o, PRINT_ANY, "nhid", " nhid %u", r->nhid);
	open_json_array(o, "nexthops");
	for (i = 0; i < r->n_nh; i++)
		print_nh(o, pol, r, &r->nh[i]);
	close_json_array(o);
	if (r->table != 254)
		print_str(o, PRINT_FP, NULL, " table %s",
			  rtnl_table_name(r->table, buf, sizeof(buf)));
	print_str(o, PRINT_JSON, "table", NULL,
		  rtnl_table_name(r->table, buf, sizeof(buf)));
	print_str(o, PRINT_ANY, "protocol", " proto %s",
		  rtnl_proto_name(r->protocol, buf, sizeof(buf)));
	if (r->metric)
		print_uint(o, PRINT_ANY, "metric", " metric %u", r->metric);
}

static void print_leads(struct rf_out *o, const struct rc_policy *pol, uint32_t net)
{
	const char *name = net_name(pol, net);

	if (name)
		print_str(o, PRINT_ANY, "network", ": leads to network %s", name);
	else
		print_null(o, PRINT_ANY, "network", "%s", ": leads to an unbound interface");
}

static void foreign_members(struct rf_out *o, const struct rc_policy *pol,
			    const struct rc_finding *f)
{
	const char *owner = net_name(pol, f->owner);
	bool whole = f->part.len == f->pfx.len;

	print_leads(o, pol, f->net);
	print_bool(o, PRINT_JSON, "covers", NULL, f->covers);
	if (!f->covers) {
		print_pfx(o, PRINT_ANY, "prefix", &f->pfx, ", but %s");
		print_str(o, PRINT_ANY, "owner", " is network %s's", owner);
		return;
	}
	print_pfx(o, whole ? PRINT_JSON : PRINT_ANY, "part", &f->part,
		  ", and carries %s of");
	print_str(o, PRINT_ANY, "owner", whole ? ", and carries network %s's" :
		  " network %s's", owner);
	print_pfx(o, PRINT_ANY, "prefix", &f->pfx, " %s");
}

static void overlap_members(struct rf_out *o, const struct rc_policy *pol,
			    const struct rc_finding *f)
{
	print_leads(o, pol, f->net);
	print_text(o, " and overlaps ");
	open_json_object(o, "with");
	print_route(o, pol, f->with);
	if (net_name(pol, f->with_net))
		print_str(o, PRINT_ANY, "network", " (network %s)",
			  net_name(pol, f->with_net));
	else
		print_null(o, PRINT_ANY, "network", "%s", " (an unbound interface)");
	close_json_object(o);
}

static void unowned_members(struct rf_out *o, const struct rc_policy *pol,
			    const struct rc_finding *f)
{
	print_leads(o, pol, f->net);
	print_pfx(o, PRINT_ANY, "unowned", &f->pfx, ", but no network owns %s");
}

static void unrouted_members(struct rf_out *o, const struct rc_policy *pol,
			     const struct rc_finding *f)
{
	char addr[INET6_ADDRSTRLEN];

	print_pfx(o, PRINT_ANY, "prefix", &f->pfx, " %s");
	print_str(o, PRINT_JSON, "family", NULL,
		  f->pfx.family == AF_INET ? "inet" : "inet6");
	print_str(o, PRINT_ANY, "network", " network %s", net_name(pol, f->net));
	print_text(o, ": no route leads to network %s", net_name(pol, f->net));
	if (!f->with) {
		print_null(o, PRINT_JSON, "follows", NULL, NULL);
		return;
	}
	inet_ntop(f->pfx.family, f->pfx.addr, addr, sizeof(addr));
	print_text(o, "; %s follows ", addr);
	open_json_object(o, "follows");
	print_route(o, pol, f->with);
	close_json_object(o);
}

static void default_members(struct rf_out *o, const struct rc_policy *pol,
			    const struct rc_finding *f)
{
	size_t i;

	print_leads(o, pol, f->net);
	print_text(o, ", used by");
	open_json_array(o, "allowed");
	for (i = 0; i < f->n_allowed; i++)
		print_str(o, PRINT_ANY, NULL, " %s", net_name(pol, f->allowed[i]));
	close_json_array(o);
	print_text(o, "%s, refused to", f->n_allowed ? "" : " none");
	open_json_array(o, "refused");
	for (i = 0; i < f->n_refused; i++) {
		const struct rc_refusal *r = &f->refused[i];

		open_json_object(o, NULL);
		print_str(o, PRINT_ANY, "network", " %s", net_name(pol, r->net));
		print_str(o, PRINT_ANY, "reason", " (%s", rf_reason_str(r->reason));
		if (r->egress)
			print_str(o, PRINT_ANY, "egress", " %s", net_name(pol, r->egress));
		print_text(o, ")");
		close_json_object(o);
	}
	close_json_array(o);
	print_text(o, "%s", f->n_refused ? "" : " none");
}

/* A finding's members: "TYPE ROUTE: DETAIL" in text. */
static void finding_members(struct rf_out *o, const struct rc_policy *pol,
			    const struct rc_finding *f)
{
	print_str(o, PRINT_ANY, "type", "%s", rc_kind_name(f->kind));
	print_str(o, PRINT_JSON, "severity", NULL,
		  f->kind == RC_DEFAULT_ROUTE ? "note" : "warning");
	if (f->kind == RC_UNROUTED) {
		unrouted_members(o, pol, f);
		return;
	}
	print_text(o, " ");
	print_route(o, pol, f->route);
	switch (f->kind) {
	case RC_FOREIGN_EGRESS:
		foreign_members(o, pol, f);
		break;
	case RC_OVERLAP:
		overlap_members(o, pol, f);
		break;
	case RC_UNOWNED:
		unowned_members(o, pol, f);
		break;
	default:
		default_members(o, pol, f);
		break;
	}
}

/* ---- route check ---------------------------------------------------------- */

static int parse_filter(struct rf_args *a, struct rc_filter *flt)
{
	bool table = false;
	const char *s;

	while (!args_done(a)) {
		if (args_match(a, "table")) {
			if (table)
				return duparg(a, "table");
			table = true;
			if (args_value(a, "table", &s))
				return -1;
			if (rtnl_table_parse(s, &flt->table))
				return invarg(a, "invalid table", s);
		} else if (args_match(a, "dev")) {
			if (flt->ifindex)
				return duparg(a, "dev");
			if (args_ifname(a, "dev", &flt->ifindex))
				return -1;
		} else {
			return invarg(a, "unknown argument", args_peek(a));
		}
	}
	return 0;
}

static int route_check(struct rf_ctx *ctx, struct rf_args *a)
{
	struct rf_pr pr = { .o = ctx->out, .view = RF_VIEW_SHOW };
	struct rc_filter flt = { 0 };
	struct snap s;
	size_t i;
	int ret;

	if (parse_filter(a, &flt))
		return RF_EXIT_USAGE;
	ret = snap_take(ctx, a->loc, &flt, &s);
	if (ret)
		return ret;
	open_json_array(ctx->out, NULL);
	for (i = 0; i < s.res.n; i++) {
		rf_row_open(&pr);
		finding_members(ctx->out, &s.pol, &s.res.v[i]);
		rf_row_end(&pr);
	}
	close_json_array(ctx->out);
	out_end_doc(ctx->out);
	ret = s.res.problems ? RF_EXIT_FOUND : RF_EXIT_OK;
	snap_free(&s);
	return ret;
}

int cmd_route(struct rf_ctx *ctx, struct rf_args *a)
{
	if (args_done(a)) {
		missarg(a, "route command");
		return RF_EXIT_USAGE;
	}
	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_match(a, "check"))
		return route_check(ctx, a);
	invarg(a, "unknown route command", args_peek(a));
	return RF_EXIT_USAGE;
}

/* ---- monitor routes -------------------------------------------------------- */

/* A finding's identity: what it says, without the parts that churn
 * (nexthop object ids, metrics, gateways within the same networks).
 */
static char *finding_key(const struct rc_policy *pol, const struct rc_finding *f)
{
	char d[RF_PREFIX_STRLEN] = "-", p[RF_PREFIX_STRLEN] = "-";
	char w[RF_PREFIX_STRLEN] = "-", *key = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&key, &len);

	if (!m)
		return NULL;
	if (f->route)
		rf_prefix_fmt(&f->route->dst, d, sizeof(d));
	if (f->pfx.family)
		rf_prefix_fmt(&f->pfx, p, sizeof(p));
	if (f->with && f->kind == RC_OVERLAP)
		rf_prefix_fmt(&f->with->dst, w, sizeof(w));
	fprintf(m, "%d %u %s %s %s %s %s %s %u", f->kind,
		f->route ? f->route->table : 0, d, net_name(pol, f->net) ?: "-", p,
		net_name(pol, f->owner) ?: "-", f->covers ? "covers" : "-", w,
		f->with_net);
	for (i = 0; i < f->n_allowed; i++)
		fprintf(m, " +%s", net_name(pol, f->allowed[i]));
	for (i = 0; i < f->n_refused; i++)
		fprintf(m, " -%s/%u/%u", net_name(pol, f->refused[i].net),
			f->refused[i].reason, f->refused[i].egress);
	if (fclose(m)) {
		free(key);
		return NULL;
	}
	return key;
}

static int snap_keys(struct snap *s)
{
	size_t i;

	s->keys = calloc(s->res.n + 1, sizeof(*s->keys));
	if (!s->keys)
		return -ENOMEM;
	for (i = 0; i < s->res.n; i++) {
		s->keys[i] = finding_key(&s->pol, &s->res.v[i]);
		if (!s->keys[i])
			return -ENOMEM;
	}
	return 0;
}

static bool has_key(const struct snap *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->res.n; i++)
		if (!strcmp(s->keys[i], key))
			return true;
	return false;
}

static void event(struct rf_out *o, const char *name, const struct snap *s,
		  size_t i)
{
	struct rf_pr pr = { .o = o, .view = RF_VIEW_EVENT, .event = name };

	rf_row_open(&pr);
	print_text(o, " ");
	finding_members(o, &s->pol, &s->res.v[i]);
	rf_row_end(&pr);
}

/* Print what went away (from @old) and what is new (in @cur). */
static void report(struct rf_out *o, const struct snap *old, const struct snap *cur)
{
	size_t i;

	for (i = 0; old && i < old->res.n; i++)
		if (!has_key(cur, old->keys[i]))
			event(o, "resolved", old, i);
	for (i = 0; i < cur->res.n; i++)
		if (!old || !has_key(old, cur->keys[i]))
			event(o, "finding", cur, i);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

struct mon {
	struct rf_ctx *ctx;
	const struct rf_loc *loc;
	struct rc_filter flt;
	struct snap cur;
	bool have;
	long first, last;	/* first and last change not checked yet, 0: none */
};

static int recheck(struct mon *m)
{
	struct snap s;
	int ret = snap_take(m->ctx, m->loc, &m->flt, &s);

	if (ret)
		return ret;
	if (snap_keys(&s)) {
		snap_free(&s);
		rf_err(m->loc, "out of memory");
		return RF_EXIT_KERNEL;
	}
	report(m->ctx->out, m->have ? &m->cur : NULL, &s);
	if (m->have)
		snap_free(&m->cur);
	m->cur = s;
	m->have = true;
	m->first = m->last = 0;
	return RF_EXIT_OK;
}

static int timeout_ms(const struct mon *m)
{
	long t = now_ms(), due;

	if (!m->first)
		return -1;
	due = m->last + SETTLE_MS;
	if (due > m->first + SETTLE_MAX_MS)
		due = m->first + SETTLE_MAX_MS;
	return due > t ? (int)(due - t) : 0;
}

static void changed(struct mon *m)
{
	m->last = now_ms();
	if (!m->first)
		m->first = m->last;
}

static int mon_loop(struct mon *m, struct mnl_socket *rt, struct rf_nl *nl)
{
	struct pollfd pfd[3] = {
		{ .fd = mnl_socket_get_fd(rt), .events = POLLIN },
		{ .fd = mnl_socket_get_fd(nl->sk), .events = POLLIN },
		{ .fd = rf_signal_fd(), .events = POLLIN },
	};
	int ret = RF_EXIT_OK, n;

	if (pfd[2].fd < 0) {
		rf_err(m->loc, "signalfd: %s", strerror(errno));
		return RF_EXIT_USAGE;
	}
	while (!ret) {
		n = poll(pfd, 3, timeout_ms(m));
		if (n < 0 && errno != EINTR)
			break;
		if (pfd[2].revents)
			break;
		if (pfd[0].revents && rtnl_drain(rt))
			changed(m);
		if (pfd[1].revents) {
			rf_nl_recv(nl, NULL, NULL);	/* anything: check again */
			changed(m);
		}
		if (m->first && !timeout_ms(m))
			ret = recheck(m);
	}
	close(pfd[2].fd);
	return ret;
}

/*
 * Policy changes arrive on a socket of their own (requests on the other
 * one would skip them); without CAP_NET_ADMIN they are not followed.
 */
static void follow_policy(struct rf_ctx *sub)
{
	int ret = sub->nl->grp_config ?
		  rf_nl_subscribe(sub->nl, sub->nl->grp_config) : -ENOENT;

	if (ret)
		rf_warn("policy changes are not followed (%s).", strerror(-ret));
}

int route_monitor(struct rf_ctx *ctx, struct rf_args *a)
{
	struct rf_ctx sub = { .out = ctx->out, .netns = ctx->netns };
	struct mon m = { .ctx = ctx, .loc = a->loc };
	struct mnl_socket *rt;
	int ret;

	a->usage = monitor_routes_usage;
	if (parse_filter(a, &m.flt))
		return RF_EXIT_USAGE;
	if (rf_open(ctx, a->loc) || rf_open(&sub, a->loc))
		return RF_EXIT_KERNEL;
	rt = rtnl_listen();
	if (!rt) {
		rf_err(a->loc, "cannot follow route changes: %s", strerror(errno));
		rf_close(&sub);
		return RF_EXIT_KERNEL;
	}
	follow_policy(&sub);
	ret = recheck(&m) ?: mon_loop(&m, rt, sub.nl);
	if (m.have)
		snap_free(&m.cur);
	mnl_socket_close(rt);
	rf_close(&sub);
	return ret;
}
