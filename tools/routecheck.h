/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The routing table against the policy, without netlink: the policy and
 * the routes come in as plain arrays (route.c fetches them), the findings
 * go out as an array (route.c prints them).
 */
#ifndef _RF_ROUTECHECK_H
#define _RF_ROUTECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rfence.h"

struct rc_net {
	uint32_t id;
	char name[RF_NAME_MAX];
	bool deny_default;
	bool bound;		/* an interface is bound to it (set by rc_check) */
	bool has_pfx[2];	/* it owns IPv4 [0] / IPv6 [1] prefixes (rc_check) */
};

struct rc_pfx {
	struct rf_prefix p;
	uint32_t net;
};

struct rc_dev {
	uint32_t ifindex;
	uint32_t net;
};

struct rc_link {
	uint32_t a, b;
};

struct rc_policy {
	struct rc_net *nets;
	size_t n_nets;
	struct rc_pfx *pfx;
	size_t n_pfx;
	struct rc_dev *devs;
	size_t n_devs;
	struct rc_link *links;
	size_t n_links;
};

struct rc_nh {
	uint8_t gw[16];
	uint8_t gw_family;	/* AF_INET, AF_INET6 or 0 (no gateway) */
	uint32_t oif;
	uint32_t net;		/* the network oif is bound to, 0: none (rc_check) */
};

/* One route of the kernel's tables, its nexthops resolved. */
struct rc_route {
	struct rf_prefix dst;
	uint32_t table;
	uint32_t metric;
	uint32_t nhid;		/* nexthop object, 0 if none */
	uint8_t protocol;
	uint8_t type;		/* RTN_*: only RTN_UNICAST leads anywhere */
	struct rc_nh *nh;
	size_t n_nh;
};

enum rc_kind {
	RC_FOREIGN_EGRESS,	/* to a network's prefix, out of another's interface */
	RC_OVERLAP,		/* routes of different networks overlap */
	RC_UNOWNED,		/* to addresses no network owns */
	RC_UNROUTED,		/* a network's prefix without a route to it */
	RC_DEFAULT_ROUTE,	/* a default route: who may use it (a note) */
};

struct rc_refusal {
	uint32_t net;
	uint32_t reason;	/* RF_REASON_NOT_LINKED or RF_REASON_DEFAULT_ROUTE */
	uint32_t egress;	/* not-linked: the network it is not linked to */
};

struct rc_finding {
	enum rc_kind kind;
	const struct rc_route *route;	/* NULL for unrouted */
	uint32_t net;		/* the route's egress network (0: unbound);
				 * unrouted: the network without a route */
	struct rf_prefix pfx;	/* foreign-egress and unrouted: the network's
				 * prefix; unowned: the first unowned block */
	uint32_t owner;		/* foreign-egress: the prefix's network */
	bool covers;		/* foreign-egress: the route is less specific
				 * than the prefix, and used for part of it */
	struct rf_prefix part;	/* covers: the first block of the prefix the
				 * route carries */
	const struct rc_route *with;	/* overlap: the other route; unrouted:
					 * the route its first address follows */
	uint32_t with_net;
	uint32_t *allowed;	/* default-route: networks that may use it */
	size_t n_allowed;
	struct rc_refusal *refused;
	size_t n_refused;
};

struct rc_result {
	struct rc_finding *v;
	size_t n;
	size_t problems;	/* findings other than default-route notes */
};

/* What to look at: one table (0: all) and one interface (0: all). */
struct rc_filter {
	uint32_t table;
	uint32_t ifindex;
};

/*
 * Check @routes against @pol. Fills in the nets' bound/has_pfx and the
 * nexthops' networks, and sorts @pol's arrays and @routes. 0 or -ENOMEM.
 */
int rc_check(struct rc_policy *pol, struct rc_route *routes, size_t n_routes,
	     const struct rc_filter *flt, struct rc_result *res);
void rc_result_free(struct rc_result *res);

const struct rc_net *rc_net_get(const struct rc_policy *pol, uint32_t id);

/*
 * Room for element @n of array @v (elements of @size bytes, @n used): @v
 * itself, or @v grown to twice its size, or NULL (@v is left as it was).
 */
void *rc_grow(void *v, size_t n, size_t size);
const char *rc_kind_name(enum rc_kind kind);

#endif /* _RF_ROUTECHECK_H */
