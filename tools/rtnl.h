/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink over libmnl for "rfence route": dump the IPv4 and IPv6 routes
 * with their nexthops resolved (nexthop objects included), and follow
 * route, nexthop and link changes.
 */
#ifndef _RF_RTNL_H
#define _RF_RTNL_H

#include <stddef.h>
#include <stdint.h>

struct rc_route;
struct mnl_socket;

struct rtnl_routes {
	struct rc_route *v;
	size_t n;
};

/* Every route of both families (all tables); 0 or -errno. */
int rtnl_routes_get(struct rtnl_routes *rt);
void rtnl_routes_free(struct rtnl_routes *rt);

/* A socket that receives route, nexthop and link notifications. */
struct mnl_socket *rtnl_listen(void);
/* Read what arrived without blocking: 1 if anything did, 0, or -errno. */
int rtnl_drain(struct mnl_socket *sk);

const char *rtnl_table_name(uint32_t table, char *buf, size_t len);
int rtnl_table_parse(const char *s, uint32_t *table);
const char *rtnl_proto_name(uint8_t proto, char *buf, size_t len);

#endif /* _RF_RTNL_H */
