// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink for "rfence route": routes and nexthop objects, dumped over
 * libmnl and resolved into struct rc_route (routecheck.h).
 *
 * A route installed with a nexthop object (RTA_NH_ID, as FRR's zebra does)
 * takes its nexthops from the object, or from the members of a group; the
 * nexthops the kernel may also expand into the route (nexthop_compat_mode)
 * are only used when the object is gone. Dumps interrupted by changes
 * (NLM_F_DUMP_INTR) are started again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include "rtnl.h"
#include "routecheck.h"

#define RTNL_TRIES	16
#define RTNL_BUF	(64 * 1024)

struct nhobj {
	uint32_t id;
	bool blackhole;
	struct rc_nh nh;
	struct nexthop_grp *grp;
	size_t n_grp;
};

struct dump {
	struct rtnl_routes *rt;
	struct nhobj *nho;
	size_t n_nho;
	bool intr;
	int err;
};

/* ---- attributes ------------------------------------------------------------ */

struct attrs {
	const struct nlattr **tb;
	int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type >= 0 && type <= a->max)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static uint32_t attr_u32(const struct nlattr *a, uint32_t def)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : def;
}

/* An address attribute of @family into @out; false if malformed. */
static bool attr_addr(const struct nlattr *a, int family, uint8_t *out)
{
	size_t len = family == AF_INET ? 4 : 16;

	if (!a || mnl_attr_get_payload_len(a) != len)
		return false;
	memcpy(out, mnl_attr_get_payload(a), len);
	return true;
}

static void nh_gateway(struct rc_nh *nh, const struct nlattr *gw,
		       const struct nlattr *via, int family)
{
	const struct rtvia *v;

	if (attr_addr(gw, family, nh->gw)) {
		nh->gw_family = family;
		return;
	}
	if (!via || mnl_attr_get_payload_len(via) < sizeof(*v))
		return;
	v = mnl_attr_get_payload(via);
	if ((v->rtvia_family == AF_INET &&
	     mnl_attr_get_payload_len(via) == sizeof(*v) + 4) ||
	    (v->rtvia_family == AF_INET6 &&
	     mnl_attr_get_payload_len(via) == sizeof(*v) + 16)) {
		nh->gw_family = v->rtvia_family;
		memcpy(nh->gw, v->rtvia_addr, v->rtvia_family == AF_INET ? 4 : 16);
	}
}

/* ---- routes --------------------------------------------------------------- */

static int nh_add(struct rc_route *r, const struct rc_nh *nh)
{
	struct rc_nh *v = realloc(r->nh, (r->n_nh + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[r->n_nh++] = *nh;
	r->nh = v;
	return 0;
}

static int multipath(struct rc_route *r, const struct nlattr *mp, int family)
{
	const struct rtnexthop *rtnh = mnl_attr_get_payload(mp);
	int left = mnl_attr_get_payload_len(mp);

	while (left >= (int)sizeof(*rtnh) && rtnh->rtnh_len >= sizeof(*rtnh) &&
	       rtnh->rtnh_len <= left) {
		const struct nlattr *tb[RTA_MAX + 1] = { 0 };
		struct attrs a = { tb, RTA_MAX };
		struct rc_nh nh = { .oif = rtnh->rtnh_ifindex };

		mnl_attr_parse_payload(RTNH_DATA(rtnh), rtnh->rtnh_len - sizeof(*rtnh),
				       attr_cb, &a);
		nh_gateway(&nh, tb[RTA_GATEWAY], tb[RTA_VIA], family);
		if (nh_add(r, &nh))
			return -ENOMEM;
		left -= RTNH_ALIGN(rtnh->rtnh_len);
		rtnh = RTNH_NEXT(rtnh);
	}
	return 0;
}

static int route_nexthops(struct rc_route *r, const struct nlattr **tb, int family)
{
	struct rc_nh nh = { .oif = attr_u32(tb[RTA_OIF], 0) };

	if (tb[RTA_MULTIPATH])
		return multipath(r, tb[RTA_MULTIPATH], family);
	if (!nh.oif && !tb[RTA_GATEWAY] && !tb[RTA_VIA])
		return 0;
	nh_gateway(&nh, tb[RTA_GATEWAY], tb[RTA_VIA], family);
	return nh_add(r, &nh);
}

static struct rc_route *route_new(struct rtnl_routes *rt)
{
	struct rc_route *v = rc_grow(rt->v, rt->n, sizeof(*v));

	if (!v)
		return NULL;
	rt->v = v;
	v = &rt->v[rt->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = { 0 };
	struct attrs a = { tb, RTA_MAX };
	struct dump *d = data;
	struct rc_route *r;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    (rtm->rtm_flags & RTM_F_CLONED) ||
	    rtm->rtm_dst_len > (rtm->rtm_family == AF_INET ? 32 : 128))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), attr_cb, &a);
	r = route_new(d->rt);
	if (!r)
		goto nomem;
	r->dst.family = rtm->rtm_family;
	r->dst.len = rtm->rtm_dst_len;
	attr_addr(tb[RTA_DST], rtm->rtm_family, r->dst.addr);
	r->table = attr_u32(tb[RTA_TABLE], rtm->rtm_table);
	r->metric = attr_u32(tb[RTA_PRIORITY], 0);
	r->nhid = attr_u32(tb[RTA_NH_ID], 0);
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	if (!route_nexthops(r, tb, rtm->rtm_family))
		return MNL_CB_OK;
nomem:
	d->err = -ENOMEM;
	return MNL_CB_ERROR;
}

/* ---- nexthop objects -------------------------------------------------------- */

static int nhobj_fill(struct nhobj *o, const struct nhmsg *nhm,
		      const struct nlattr **tb)
{
	o->id = attr_u32(tb[NHA_ID], 0);
	o->blackhole = !!tb[NHA_BLACKHOLE];
	o->nh.oif = attr_u32(tb[NHA_OIF], 0);
	if (attr_addr(tb[NHA_GATEWAY], nhm->nh_family, o->nh.gw))
		o->nh.gw_family = nhm->nh_family;
	if (tb[NHA_GROUP]) {
		size_t len = mnl_attr_get_payload_len(tb[NHA_GROUP]);

		o->n_grp = len / sizeof(*o->grp);
		o->grp = malloc(len ?: 1);
		if (!o->grp)
			return -ENOMEM;
		memcpy(o->grp, mnl_attr_get_payload(tb[NHA_GROUP]),
		       o->n_grp * sizeof(*o->grp));
	}
	return 0;
}

static int nexthop_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NHA_MAX + 1] = { 0 };
	struct attrs a = { tb, NHA_MAX };
	struct dump *d = data;
	struct nhobj *v;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	if (nlh->nlmsg_type != RTM_NEWNEXTHOP ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*nhm))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*nhm), attr_cb, &a);
	if (tb[NHA_FDB])
		return MNL_CB_OK;
	v = rc_grow(d->nho, d->n_nho, sizeof(*v));
	if (!v)
		goto nomem;
	d->nho = v;
	v = &d->nho[d->n_nho++];
	memset(v, 0, sizeof(*v));
	if (!nhobj_fill(v, nhm, tb))
		return MNL_CB_OK;
nomem:
	d->err = -ENOMEM;
	return MNL_CB_ERROR;
}

static int nhobj_cmp(const void *x, const void *y)
{
	const struct nhobj *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

static const struct nhobj *nhobj_find(const struct dump *d, uint32_t id)
{
	struct nhobj key = { .id = id };

	return bsearch(&key, d->nho, d->n_nho, sizeof(key), nhobj_cmp);
}

/* The route's nexthops from its nexthop object, when the object exists. */
static int resolve(const struct dump *d, struct rc_route *r)
{
	const struct nhobj *o = r->nhid ? nhobj_find(d, r->nhid) : NULL;
	size_t i;

	if (!o)
		return 0;
	free(r->nh);
	r->nh = NULL;
	r->n_nh = 0;
	if (o->blackhole) {
		r->type = RTN_BLACKHOLE;
		return 0;
	}
	if (!o->n_grp)
		return nh_add(r, &o->nh);
	for (i = 0; i < o->n_grp; i++) {
		const struct nhobj *m = nhobj_find(d, o->grp[i].id);

		if (m && !m->blackhole && !m->n_grp && nh_add(r, &m->nh))
			return -ENOMEM;
	}
	return 0;
}

/* ---- dumps ------------------------------------------------------------------ */

static int dump(struct mnl_socket *sk, uint16_t type, int family, mnl_cb_t cb,
		struct dump *d)
{
	char *buf = malloc(RTNL_BUF);
	uint32_t seq = time(NULL), portid = mnl_socket_get_portid(sk);
	struct nlmsghdr *nlh;
	int ret;

	if (!buf)
		return -ENOMEM;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	if (type == RTM_GETROUTE) {
		struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

		rtm->rtm_family = family;
	} else {
		struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));

		nhm->nh_family = family;
	}
	ret = mnl_socket_sendto(sk, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
	while (!ret) {
		ssize_t n = mnl_socket_recvfrom(sk, buf, RTNL_BUF);

		if (n < 0) {
			ret = errno == EINTR ? 0 : -errno;
			continue;
		}
		ret = mnl_cb_run(buf, n, seq, portid, cb, d);
		if (ret == MNL_CB_STOP)
			break;
		ret = ret < 0 ? (d->err ?: -errno) : 0;
	}
	free(buf);
	return ret == MNL_CB_STOP ? 0 : ret;
}

static void nhobjs_free(struct dump *d)
{
	size_t i;

	for (i = 0; i < d->n_nho; i++)
		free(d->nho[i].grp);
	free(d->nho);
	d->nho = NULL;
	d->n_nho = 0;
}

void rtnl_routes_free(struct rtnl_routes *rt)
{
	size_t i;

	for (i = 0; i < rt->n; i++)
		free(rt->v[i].nh);
	free(rt->v);
	rt->v = NULL;
	rt->n = 0;
}

/* Nexthops in a stable order (by interface, then gateway): the kernel
 * keeps a group's members in the order the daemon gave them.
 */
static int nh_cmp(const void *x, const void *y)
{
	const struct rc_nh *a = x, *b = y;

	if (a->oif != b->oif)
		return a->oif < b->oif ? -1 : 1;
	return memcmp(a->gw, b->gw, sizeof(a->gw));
}

static int dump_all(struct mnl_socket *sk, struct dump *d)
{
	size_t i;
	int ret;

	ret = dump(sk, RTM_GETNEXTHOP, AF_UNSPEC, nexthop_cb, d);
	/* kernels without nexthop objects answer EINVAL or EOPNOTSUPP */
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		ret = 0;
	ret = ret ?: dump(sk, RTM_GETROUTE, AF_INET, route_cb, d) ?:
		     dump(sk, RTM_GETROUTE, AF_INET6, route_cb, d);
	if (ret)
		return ret;
	qsort(d->nho, d->n_nho, sizeof(*d->nho), nhobj_cmp);
	for (i = 0; i < d->rt->n && !ret; i++) {
		struct rc_route *r = &d->rt->v[i];

		ret = resolve(d, r);
		if (r->n_nh > 1)
			qsort(r->nh, r->n_nh, sizeof(*r->nh), nh_cmp);
	}
	return ret;
}

int rtnl_routes_get(struct rtnl_routes *rt)
{
	struct mnl_socket *sk = mnl_socket_open(NETLINK_ROUTE);
	struct dump d = { .rt = rt };
	int ret, tries = 0;

	if (!sk || mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		if (sk)
			mnl_socket_close(sk);
		return ret;
	}
	do {
		rtnl_routes_free(rt);
		nhobjs_free(&d);
		d.intr = false;
		d.err = 0;
		ret = dump_all(sk, &d);
	} while (!ret && d.intr && ++tries < RTNL_TRIES);
	if (!ret && d.intr)
		ret = -EINTR;
	nhobjs_free(&d);
	mnl_socket_close(sk);
	if (ret)
		rtnl_routes_free(rt);
	return ret;
}

/* ---- notifications ---------------------------------------------------------- */

struct mnl_socket *rtnl_listen(void)
{
	static unsigned int groups[] = {
		RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP, RTNLGRP_LINK,
	};
	struct mnl_socket *sk = mnl_socket_open(NETLINK_ROUTE);
	size_t i;
	int fd;

	if (!sk)
		return NULL;
	if (mnl_socket_bind(sk, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (mnl_socket_setsockopt(sk, NETLINK_ADD_MEMBERSHIP, &groups[i],
					  sizeof(groups[i])) < 0)
			goto err;
	fd = mnl_socket_get_fd(sk);
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		goto err;
	return sk;
err:
	i = errno;
	mnl_socket_close(sk);
	errno = i;
	return NULL;
}

int rtnl_drain(struct mnl_socket *sk)
{
	char buf[8192];
	int any = 0;

	for (;;) {
		ssize_t n = recv(mnl_socket_get_fd(sk), buf, sizeof(buf), 0);

		if (n > 0 || (n < 0 && errno == ENOBUFS)) {
			any = 1;	/* lost notifications: check anyway */
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		return any;
	}
}

/* ---- names ---------------------------------------------------------------- */

const char *rtnl_table_name(uint32_t table, char *buf, size_t len)
{
	switch (table) {
	case RT_TABLE_MAIN:	return "main";
	case RT_TABLE_LOCAL:	return "local";
	case RT_TABLE_DEFAULT:	return "default";
	}
	snprintf(buf, len, "%u", table);
	return buf;
}

/* "main", "local", "default", "all" (0) or a number 1..2^32-1. */
int rtnl_table_parse(const char *s, uint32_t *table)
{
	unsigned long v;
	char *end;

	if (!strcmp(s, "main"))
		*table = RT_TABLE_MAIN;
	else if (!strcmp(s, "local"))
		*table = RT_TABLE_LOCAL;
	else if (!strcmp(s, "default"))
		*table = RT_TABLE_DEFAULT;
	else if (!strcmp(s, "all"))
		*table = 0;
	else {
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtoul(s, &end, 10);
		if (*end || errno || !v || v > UINT32_MAX)
			return -1;
		*table = v;
	}
	return 0;
}

const char *rtnl_proto_name(uint8_t proto, char *buf, size_t len)
{
	static const char *const names[256] = {
		[RTPROT_UNSPEC] = "unspec", [RTPROT_REDIRECT] = "redirect",
		[RTPROT_KERNEL] = "kernel", [RTPROT_BOOT] = "boot",
		[RTPROT_STATIC] = "static", [RTPROT_GATED] = "gated",
		[RTPROT_RA] = "ra", [RTPROT_MRT] = "mrt", [RTPROT_ZEBRA] = "zebra",
		[RTPROT_BIRD] = "bird", [RTPROT_DNROUTED] = "dnrouted",
		[RTPROT_XORP] = "xorp", [RTPROT_NTK] = "ntk", [RTPROT_DHCP] = "dhcp",
		[RTPROT_MROUTED] = "mrouted", [RTPROT_KEEPALIVED] = "keepalived",
		[RTPROT_BABEL] = "babel", [RTPROT_OPENR] = "openr",
		[RTPROT_BGP] = "bgp", [RTPROT_ISIS] = "isis", [RTPROT_OSPF] = "ospf",
		[RTPROT_RIP] = "rip", [RTPROT_EIGRP] = "eigrp",
	};

	if (names[proto])
		return names[proto];
	snprintf(buf, len, "%u", proto);
	return buf;
}
