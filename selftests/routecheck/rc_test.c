// SPDX-License-Identifier: GPL-2.0
/*
 * rc_test: tools/routecheck.c in userspace, without netlink. Reads a
 * policy, routes and a filter from stdin and prints the findings, one per
 * line, in a fixed form that run.sh compares with the expected output.
 *
 *	net ID NAME [deny]		a network
 *	pfx ID PREFIX			a prefix of network ID
 *	dev ID IFINDEX			an interface bound to network ID
 *	link ID ID			a link
 *	route PREFIX [table T] [metric M] [type unicast|blackhole]
 *	      [nhid N] { dev IFINDEX [via ADDR] }...
 *	check [table T] [dev IFINDEX]	run the check (once, at the end)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "../../tools/routecheck.h"
#include "../../tools/args.h"
#include "../../tools/names.h"

#define MAX 256

static struct rc_net nets[MAX];
static struct rc_pfx pfx[MAX];
static struct rc_dev devs[MAX];
static struct rc_link links[MAX];
static struct rc_route routes[MAX];
static struct rc_nh nhs[MAX][8];
static struct rc_policy pol = { nets, 0, pfx, 0, devs, 0, links, 0 };
static size_t n_routes;
static struct rc_filter flt;

static void die(const char *what, const char *tok)
{
	fprintf(stderr, "rc_test: %s \"%s\"\n", what, tok ? tok : "");
	exit(2);
}

static void prefix(const char *s, struct rf_prefix *p)
{
	const char *why;

	if (rf_prefix_parse(s, p, &why))
		die(why, s);
}

static void route(char **w, int n)
{
	struct rc_route *r = &routes[n_routes];
	int i;

	r->nh = nhs[n_routes++];
	r->type = RTN_UNICAST;
	r->table = RT_TABLE_MAIN;
	r->protocol = RTPROT_BGP;
	prefix(w[1], &r->dst);
	for (i = 2; i + 1 < n; i += 2) {
		if (!strcmp(w[i], "table"))
			r->table = atoi(w[i + 1]);
		else if (!strcmp(w[i], "metric"))
			r->metric = atoi(w[i + 1]);
		else if (!strcmp(w[i], "nhid"))
			r->nhid = atoi(w[i + 1]);
		else if (!strcmp(w[i], "type"))
			r->type = strcmp(w[i + 1], "blackhole") ? RTN_UNICAST : RTN_BLACKHOLE;
		else if (!strcmp(w[i], "dev"))
			r->nh[r->n_nh++].oif = atoi(w[i + 1]);
		else if (!strcmp(w[i], "via")) {
			struct rc_nh *nh = &r->nh[r->n_nh - 1];
			int fam;

			if (rf_addr_parse(w[i + 1], nh->gw, &fam))
				die("bad address", w[i + 1]);
			nh->gw_family = fam;
		} else
			die("unknown route word", w[i]);
	}
}

static void line(char **w, int n)
{
	if (!strcmp(w[0], "net")) {
		struct rc_net *x = &nets[pol.n_nets++];

		x->id = atoi(w[1]);
		snprintf(x->name, sizeof(x->name), "%s", w[2]);
		x->deny_default = n > 3 && !strcmp(w[3], "deny");
	} else if (!strcmp(w[0], "pfx")) {
		pfx[pol.n_pfx].net = atoi(w[1]);
		prefix(w[2], &pfx[pol.n_pfx++].p);
	} else if (!strcmp(w[0], "dev")) {
		devs[pol.n_devs++] = (struct rc_dev){ atoi(w[2]), atoi(w[1]) };
	} else if (!strcmp(w[0], "link")) {
		links[pol.n_links++] = (struct rc_link){ atoi(w[1]), atoi(w[2]) };
	} else if (!strcmp(w[0], "route")) {
		route(w, n);
	} else if (!strcmp(w[0], "check")) {
		for (int i = 1; i + 1 < n; i += 2)
			if (!strcmp(w[i], "table"))
				flt.table = atoi(w[i + 1]);
			else
				flt.ifindex = atoi(w[i + 1]);
	} else {
		die("unknown line", w[0]);
	}
}

static const char *name(uint32_t id)
{
	const struct rc_net *n = rc_net_get(&pol, id);

	return n ? n->name : "-";
}

static void print(const struct rc_finding *f)
{
	char a[RF_PREFIX_STRLEN], b[RF_PREFIX_STRLEN];
	size_t i;

	rf_prefix_fmt(f->route ? &f->route->dst : &f->pfx, a, sizeof(a));
	printf("%s %s", rc_kind_name(f->kind), a);
	if (f->route)
		printf(" table %u", f->route->table);
	printf(" net %s", name(f->net));
	switch (f->kind) {
	case RC_FOREIGN_EGRESS:
		rf_prefix_fmt(&f->pfx, b, sizeof(b));
		printf(" pfx %s owner %s", b, name(f->owner));
		if (f->covers) {
			rf_prefix_fmt(&f->part, b, sizeof(b));
			printf(" covers %s", b);
		}
		break;
	case RC_UNOWNED:
		rf_prefix_fmt(&f->pfx, b, sizeof(b));
		printf(" unowned %s", b);
		break;
	case RC_OVERLAP:
	case RC_UNROUTED:
		if (f->with) {
			rf_prefix_fmt(&f->with->dst, b, sizeof(b));
			printf(" with %s net %s", b, name(f->with_net));
		}
		break;
	case RC_DEFAULT_ROUTE:
		printf(" allowed");
		for (i = 0; i < f->n_allowed; i++)
			printf(" %s", name(f->allowed[i]));
		printf(" refused");
		for (i = 0; i < f->n_refused; i++)
			printf(" %s/%s", name(f->refused[i].net),
			       rf_reason_str(f->refused[i].reason));
		break;
	}
	printf("\n");
}

int main(void)
{
	char buf[1024], *w[64];
	struct rc_result res;
	size_t i;

	while (fgets(buf, sizeof(buf), stdin)) {
		int n = 0;
		char *t = strtok(buf, " \t\n");

		while (t && *t != '#' && n < 64) {
			w[n++] = t;
			t = strtok(NULL, " \t\n");
		}
		if (n)
			line(w, n);
	}
	if (rc_check(&pol, routes, n_routes, &flt, &res))
		return 2;
	for (i = 0; i < res.n; i++)
		print(&res.v[i]);
	printf("problems %zu\n", res.problems);
	rc_result_free(&res);
	return 0;
}
