// SPDX-License-Identifier: GPL-2.0
/*
 * Native commit benchmark: the kernel's own configuration and generation
 * code (kmod/conf.c, prefix.c, pset.c, gen.c, lpm.c, compiled unchanged
 * against selftests/lpm/shim) committing a full-scale policy, then single
 * changes against it, each done the way the module commits one: copy the
 * committed configuration, change it, validate, build the generation from
 * the previous one, free the previous generation and configuration.
 *
 * Policy (scale 1): 1,000,000 IPv4 and 200,000 IPv6 DFZ-shaped prefixes
 * over 4,095 networks (a network per /12 of IPv4 and per /28 of IPv6, so
 * that no two networks overlap), 8 hub networks linked to every other one
 * (32,708 links) and 64 bound interfaces.
 *
 * Prints, per operation, the median, 99th percentile and maximum CPU time
 * of BENCH_COMMITS (default 201) commits and the median's share of the
 * full commit. Environment: BENCH_SCALE, BENCH_SEED, BENCH_COMMITS.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/err.h>

#include "../kmod/conf.h"
#include "../kmod/gen.h"
#include "../kmod/prefix.h"
#include "../selftests/lpm/gen.h"

#define NHUBS	8

/* CPU time of this thread: other load on the machine does not count. */
static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what, const struct rf_err *e)
{
	fprintf(stderr, "commit_bench: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

/* The committed state: a configuration and its generation. */
struct state {
	struct rf_conf *c;
	struct rf_gen *g;
	u32 genid;
};

/* Commit @n (validated, built from the previous generation). */
static void commit(struct state *s, struct rf_conf *n)
{
	struct rf_err e = { "" };
	struct rf_gen *g;

	if (rf_conf_validate(n, &e))
		die("validate", &e);
	g = rf_gen_build(n, s->g, ++s->genid, &e);
	if (IS_ERR(g))
		die("build", &e);
	rf_gen_free(s->g);
	rf_conf_free(s->c);
	s->g = g;
	s->c = n;
}

static u16 net_v4(const struct rf_pfx *p)
{
	return 1 + (p->key.hi >> 52) % RF_NET_ID_MAX;
}

static u16 net_v6(const struct rf_pfx *p)
{
	return 1 + (p->key.hi >> 36) % RF_NET_ID_MAX;
}

static void add_set(struct rf_conf *c, struct pfxset *set, u8 minlen,
		    u16 (*net)(const struct rf_pfx *), u32 fam)
{
	struct rf_err e;
	u32 i;

	for (i = 0; i < set->n; i++) {
		struct rf_pfx p = set->p[i];

		if (p.len < minlen)
			continue;
		p.net = net(&p);
		p.seq = fam == RF_FAM_V6 ? RF_PFX_V6 : 0;
		if (rf_pfx_add(c, &p, &e))
			die("add", &e);
	}
}

static struct rf_conf *full_policy(double scale, struct rng *r,
				   struct pfxset *v4, struct pfxset *v6)
{
	struct rf_conf *c = rf_conf_alloc();
	struct rf_err e;
	char name[32];
	u16 a, b;

	for (a = 1; a <= RF_NET_ID_MAX; a++) {
		snprintf(name, sizeof(name), "n%u", a);
		if (rf_net_add(c, name, a, 0, &e) != a)
			die("network", &e);
	}
	for (a = 1; a <= NHUBS; a++)
		for (b = a + 1; b <= RF_NET_ID_MAX; b++)
			if (rf_link_add(c, a, b, &e))
				die("link", &e);
	for (a = 1; a <= 64; a++)
		if (rf_dev_add(c, a, a, &e))
			die("dev", &e);
	pfxset_init(v4, 32);
	pfxset_init(v6, 128);
	gen_dfz_v4(v4, 1000000 * scale, r);
	gen_dfz_v6(v6, 200000 * scale, r);
	add_set(c, v4, 12, net_v4, RF_FAM_V4);
	add_set(c, v6, 28, net_v6, RF_FAM_V6);
	return c;
}

struct op {
	const char *name;
	void (*change)(struct rf_conf *n, struct rng *r, u32 i);
};

/* A /32 inside a random IPv4 prefix (its network owns the whole /12). */
static struct rf_pfx new_v4(struct rng *r)
{
	struct rf_pfx p = { .len = 32 };

	p.key.hi = (rng_next(r) & 0xffffffffULL) << 32;
	p.net = net_v4(&p);
	return p;
}

static void op_pfx_add(struct rf_conf *n, struct rng *r, u32 i)
{
	struct rf_pfx p = new_v4(r);
	struct rf_err e;

	if (rf_pfx_add(n, &p, &e))
		die("prefix add", &e);
}

static struct rf_pfx last_added;

static void op_pfx_add_del(struct rf_conf *n, struct rng *r, u32 i)
{
	struct rf_pfx_undo u;
	struct rf_err e;

	if (i & 1) {
		if (rf_pfx_del(n, &last_added, &u, &e))
			die("prefix del", &e);
		return;
	}
	last_added = new_v4(r);
	if (rf_pfx_add(n, &last_added, &e))
		die("prefix add", &e);
}

static void op_link(struct rf_conf *n, struct rng *r, u32 i)
{
	struct rf_err e;
	u16 a = NHUBS + 1 + i / 2 % 1000, b = a + 1000;

	if ((i & 1) ? rf_link_del(n, a, b, &e) : rf_link_add(n, a, b, &e))
		die("link", &e);
}

static void op_dev(struct rf_conf *n, struct rng *r, u32 i)
{
	struct rf_err e;
	int ifindex = 1000 + i / 2;

	if ((i & 1) ? rf_dev_del(n, ifindex, &e) :
		      rf_dev_add(n, ifindex, 1 + i % RF_NET_ID_MAX, &e))
		die("dev", &e);
}

static void op_txn100(struct rf_conf *n, struct rng *r, u32 i)
{
	u32 k;

	for (k = 0; k < 100; k++)
		op_pfx_add(n, r, i);
}

static void run_op(struct state *s, const struct op *op, u32 reps,
		   struct rng *r, double full)
{
	double *t = calloc(reps, sizeof(*t)), t0;
	u32 i;

	for (i = 0; i < reps; i++) {
		struct rf_conf *n;

		t0 = now_us();
		n = rf_conf_clone(s->c);
		if (!n)
			die("clone", NULL);
		op->change(n, r, i);
		commit(s, n);
		t[i] = now_us() - t0;
	}
	qsort(t, reps, sizeof(*t), dcmp);
	printf("%-34s %10.1f %10.1f %10.1f %9.4f%%\n", op->name,
	       t[reps / 2], t[reps * 99 / 100], t[reps - 1],
	       100 * t[reps / 2] / full);
	free(t);
}

int main(void)
{
	const char *sc = getenv("BENCH_SCALE"), *sd = getenv("BENCH_SEED");
	const char *sr = getenv("BENCH_COMMITS");
	double scale = sc ? atof(sc) : 1.0, t0, full;
	u32 reps = sr ? strtoul(sr, NULL, 0) : 201;
	struct rng r = { sd ? strtoull(sd, NULL, 0) : 1 };
	static const struct op ops[] = {
		{ "one IPv4 prefix added", op_pfx_add },
		{ "one IPv4 prefix added/deleted", op_pfx_add_del },
		{ "one link added/deleted", op_link },
		{ "one binding added/deleted", op_dev },
		{ "a transaction of 100 prefixes", op_txn100 },
	};
	struct state s = { };
	struct pfxset v4, v6;
	struct rf_conf *c;
	size_t i;

	c = full_policy(scale, &r, &v4, &v6);
	t0 = now_us();
	commit(&s, c);
	full = now_us() - t0;
	printf("policy: %u IPv4 + %u IPv6 prefixes, %u networks, %u links, %u bindings (scale %g)\n",
	       rf_pfxs_count(&s.c->pfx[0]), rf_pfxs_count(&s.c->pfx[1]),
	       s.c->nnets, s.c->nlinks, s.c->ndevs, scale);
	printf("full commit (validate + build): %.1f ms\n", full / 1000);
	printf("%-34s %10s %10s %10s %10s\n", "commit of", "median us",
	       "p99 us", "max us", "of full");
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&s, &ops[i], reps, &r, full);
	rf_gen_free(s.g);
	rf_conf_free(s.c);
	pfxset_free(&v4);
	pfxset_free(&v6);
	return 0;
}
