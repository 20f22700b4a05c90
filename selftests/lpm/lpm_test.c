// SPDX-License-Identifier: GPL-2.0
/*
 * Unit and differential tests of kmod/lpm.c, compiled unchanged against
 * the userspace shim. The differential test checks rf_lpm_lookup() and
 * rf_lpm_lookup2() against a naive oracle (oracle.c) on random prefix sets
 * of many shapes, with lookup keys biased towards prefix boundaries.
 *
 * Environment: LPM_SEED (default 1) picks the random sequence;
 * LPM_LOOKUPS scales the lookups per case (default 40000).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>

#include "../../kmod/lpm.h"
#include "gen.h"
#include "oracle.h"
#include "shim/shim.h"

static unsigned int passed, failed;
static u64 total_lookups;
static u32 lookups_per_case = 40000;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("  FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			ok = false;					\
		}							\
	} while (0)

static void result(const char *name, bool ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", name);
	if (ok)
		passed++;
	else
		failed++;
}

static void print_key(const struct rf_key *k, u8 maxlen)
{
	if (maxlen == 32)
		printf("%u.%u.%u.%u", (u32)(k->hi >> 56), (u32)(k->hi >> 48) & 255,
		       (u32)(k->hi >> 40) & 255, (u32)(k->hi >> 32) & 255);
	else
		printf("%016" PRIx64 ":%016" PRIx64, k->hi, k->lo);
}

/* A lookup key biased towards the edges of the prefixes in @s. */
static struct rf_key pick_key(const struct pfxset *s, struct rng *r,
			      const struct rf_key *prev)
{
	struct rf_key k;
	const struct rf_pfx *p;
	u32 mode = rng_below(r, 10), bit;

	if (!s->n || mode == 0)
		return rand_key(r, s->maxlen);
	p = &s->p[rng_below(r, s->n)];
	switch (mode) {
	case 1:
		return pfx_first(p);
	case 2:
		return pfx_last(p, s->maxlen);
	case 3:
		return key_add(pfx_first(p), -1, s->maxlen);
	case 4:
		return key_add(pfx_last(p, s->maxlen), 1, s->maxlen);
	case 5:
	case 6:
		gen_keys(&k, 1, s, false, r);
		return k;
	case 7:
		/* the previous key with one address bit flipped */
		k = *prev;
		bit = rng_below(r, s->maxlen);
		if (bit < 64)
			k.hi ^= 1ULL << (63 - bit);
		else
			k.lo ^= 1ULL << (127 - bit);
		return k;
	default:
		/* prefix start plus a small offset */
		k = pfx_first(p);
		for (bit = rng_below(r, 4); bit; bit--)
			k = key_add(k, 1, s->maxlen);
		return k;
	}
}

/* Build @s, compare every lookup with the oracle. */
static void diff_case(const char *name, const struct pfxset *s,
		      struct rng *r, u32 nlookups)
{
	long bytes0 = shim_live_bytes, allocs0 = shim_live_allocs;
	struct rf_key prev = { 0, 0 }, k;
	u32 i, bad = 0, bad2 = 0;
	struct oracle *o;
	struct rf_lpm *t;
	char buf[160];
	bool ok = true;
	u16 got, want, pa, na, nb;

	snprintf(buf, sizeof(buf), "diff %s (v%d, %u prefixes, %u lookups)",
		 name, s->maxlen == 32 ? 4 : 6, s->n, nlookups);
	t = rf_lpm_build(s->p, s->n, s->maxlen);
	if (IS_ERR(t)) {
		printf("  build failed: %ld\n", PTR_ERR(t));
		result(buf, false);
		return;
	}
	CHECK(rf_lpm_size(t) == (size_t)(shim_live_bytes - bytes0),
	      "rf_lpm_size %zu != allocated %ld", rf_lpm_size(t),
	      shim_live_bytes - bytes0);
	o = oracle_new(s->p, s->n);
	pa = oracle_lookup(o, &prev);
	for (i = 0; i < nlookups; i++) {
		k = pick_key(s, r, &prev);
		got = rf_lpm_lookup(t, &k);
		want = oracle_lookup(o, &k);
		if (got != want && bad++ < 5) {
			printf("  mismatch: key ");
			print_key(&k, s->maxlen);
			printf(" lpm %u oracle %u\n", got, want);
		}
		rf_lpm_lookup2(t, &prev, &k, &na, &nb);
		if ((na != pa || nb != want) && bad2++ < 5) {
			printf("  lookup2 mismatch: ");
			print_key(&prev, s->maxlen);
			printf(" -> %u (want %u), ", na, pa);
			print_key(&k, s->maxlen);
			printf(" -> %u (want %u)\n", nb, want);
		}
		prev = k;
		pa = want;
	}
	total_lookups += 3ULL * nlookups;
	CHECK(!bad, "%u of %u lookups differ from the oracle", bad, nlookups);
	CHECK(!bad2, "%u of %u lookup2 calls differ", bad2, nlookups);
	oracle_free(o);
	rf_lpm_free(t);
	CHECK(shim_live_allocs == allocs0 && shim_live_bytes == bytes0,
	      "leak: %ld allocations, %ld bytes", shim_live_allocs - allocs0,
	      shim_live_bytes - bytes0);
	result(buf, ok);
}

static void run_case(const char *name, struct pfxset *s, struct rng *r)
{
	pfxset_finish(s);
	diff_case(name, s, r, lookups_per_case);
	pfxset_free(s);
}

/* n prefixes, random keys, lengths uniform in [lmin, lmax]. */
static void shape_uniform(u8 maxlen, u32 n, u32 lmin, u32 lmax, struct rng *r)
{
	struct pfxset s;
	char name[64];
	u32 i;

	pfxset_init(&s, maxlen);
	for (i = 0; i < n; i++)
		pfxset_add(&s, rand_key(r, maxlen),
			   lmin + rng_below(r, lmax - lmin + 1), 0, r);
	snprintf(name, sizeof(name), "uniform /%u-/%u", lmin, lmax);
	run_case(name, &s, r);
}

/* Everything inside one random /base: heavy nesting and adjacency. */
static void shape_cluster(u8 maxlen, u32 n, u32 base, u32 lmax,
			  struct rng *r)
{
	struct rf_key b = key_mask(rand_key(r, maxlen), base), k, nm;
	struct pfxset s;
	char name[64];
	u32 i;

	nm = key_mask((struct rf_key){ ~0ULL, ~0ULL }, base);
	pfxset_init(&s, maxlen);
	for (i = 0; i < n; i++) {
		k = rand_key(r, maxlen);
		k.hi = (k.hi & ~nm.hi) | b.hi;
		k.lo = (k.lo & ~nm.lo) | b.lo;
		pfxset_add(&s, k, base + rng_below(r, lmax - base + 1), 0, r);
	}
	snprintf(name, sizeof(name), "cluster in /%u, up to /%u", base, lmax);
	run_case(name, &s, r);
}

/* Chains of every length 0..maxlen on a few keys: one net or many. */
static void shape_chain(u8 maxlen, u32 chains, bool same_net, struct rng *r)
{
	struct pfxset s;
	u32 c, l;
	u16 net;

	pfxset_init(&s, maxlen);
	for (c = 0; c < chains; c++) {
		struct rf_key k = rand_key(r, maxlen);

		net = 1 + rng_below(r, 4095);
		for (l = c ? 1 : 0; l <= maxlen; l++)
			pfxset_add(&s, k, l, same_net ? net : 0, r);
	}
	run_case(same_net ? "nested chains, one net each" :
		 "nested chains, a net per length", &s, r);
}

/* Runs of adjacent equal-length prefixes, and a node's 64 siblings. */
static void shape_adjacent(u8 maxlen, u32 runs, struct rng *r)
{
	struct pfxset s;
	u32 i, j, len, cnt;

	pfxset_init(&s, maxlen);
	for (i = 0; i < runs; i++) {
		struct rf_key k;

		len = 6 + rng_below(r, maxlen - 5);
		k = key_mask(rand_key(r, maxlen), len);
		cnt = 1 + rng_below(r, 130);
		for (j = 0; j < cnt; j++) {
			pfxset_add(&s, k, len, 0, r);
			if (rng_below(r, 4) == 0 && len > 1)
				pfxset_add(&s, k, len - 1, 0, r);
			k = key_add(pfx_last(&s.p[s.n - 1], maxlen), 1,
				    maxlen);
			if (rng_below(r, 8) == 0)
				pfxset_add(&s, k, len, s.p[s.n - 1].net, r);
		}
	}
	run_case("adjacent runs", &s, r);
}

/* Lengths at the level boundaries of every direct-pointing size. */
static void shape_boundaries(u8 maxlen, u32 n, struct rng *r)
{
	static const u8 l4[] = { 0, 1, 3, 4, 5, 9, 10, 11, 15, 16, 17, 18,
				 19, 21, 22, 23, 24, 25, 28, 29, 30, 31, 32 };
	static const u8 l6[] = { 0, 1, 4, 10, 15, 16, 17, 22, 23, 28, 29,
				 58, 63, 64, 65, 70, 79, 80, 81, 86, 87,
				 122, 124, 127, 128 };
	const u8 *l = maxlen == 32 ? l4 : l6;
	u32 nl = maxlen == 32 ? sizeof(l4) : sizeof(l6), i;
	struct rf_key base = rand_key(r, maxlen), k;
	struct pfxset s;

	pfxset_init(&s, maxlen);
	for (i = 0; i < n; i++) {
		/* half near one base (nesting), half anywhere */
		k = rng_below(r, 2) ? rand_key(r, maxlen) : base;
		if (k.hi == base.hi && maxlen == 128)
			k.lo = rng_next(r);
		pfxset_add(&s, k, l[rng_below(r, nl)], 0, r);
	}
	run_case("boundary lengths", &s, r);
}

/* All 64 sub-prefixes /(l+6) of random /l, for every l: full nodes. */
static void shape_siblings(u8 maxlen, struct rng *r)
{
	struct pfxset s;
	u32 l, i, len;

	pfxset_init(&s, maxlen);
	for (l = 0; l + 6 <= maxlen; l += 1 + (maxlen == 128) * 2) {
		struct rf_key k = key_mask(rand_key(r, maxlen), l);

		len = l + 6;
		for (i = 0; i < 64; i++) {
			struct rf_key c = k;

			if (len <= 64)
				c.hi |= (u64)i << (64 - len);
			else if (l >= 64)
				c.lo |= (u64)i << (128 - len);
			else
				c = key_add(k, 0, maxlen);
			pfxset_add(&s, c, len, 1 + (i & 1) + rng_below(r, 3),
				   r);
		}
	}
	run_case("64 siblings at every level", &s, r);
}

static void shape_small(u8 maxlen, struct rng *r)
{
	static const u8 lens[] = { 0, 1, 7, 8, 16, 17, 24, 31, 32, 33, 64,
				   65, 100, 127, 128 };
	struct pfxset s;
	char name[64];
	u32 i;

	pfxset_init(&s, maxlen);
	diff_case("empty", &s, r, lookups_per_case / 4);
	for (i = 0; i < sizeof(lens); i++) {
		if (lens[i] > maxlen)
			continue;
		pfxset_init(&s, maxlen);
		pfxset_add(&s, rand_key(r, maxlen), lens[i], 0, r);
		snprintf(name, sizeof(name), "single /%u", lens[i]);
		pfxset_finish(&s);
		diff_case(name, &s, r, lookups_per_case / 8);
		pfxset_free(&s);
	}
	/* /0 plus host routes */
	pfxset_init(&s, maxlen);
	pfxset_add(&s, rand_key(r, maxlen), 0, 0, r);
	for (i = 0; i < 3000; i++)
		pfxset_add(&s, rand_key(r, maxlen), maxlen, 0, r);
	run_case("/0 and host routes", &s, r);
}

static void shape_dfz(u8 maxlen, u32 n, struct rng *r)
{
	struct pfxset s;
	char name[64];
	u32 i;

	pfxset_init(&s, maxlen);
	if (maxlen == 32)
		gen_dfz_v4(&s, n, r);
	else
		gen_dfz_v6(&s, n, r);
	/* plus nested prefixes, same network and other networks */
	for (i = 0; i < n / 20; i++) {
		struct rf_pfx p = s.p[rng_below(r, n)];
		struct rf_key k;
		u32 extra;

		if (p.len == maxlen)
			continue;
		extra = 1 + rng_below(r, maxlen - p.len);
		pfxset_add(&s, p.key, p.len + extra, rng_below(r, 2) ? p.net : 0,
			   r);
		k = p.key;
		if (p.len < 64)
			k.hi |= rng_next(r) >> p.len;
		if (maxlen == 128)
			k.lo = p.len < 64 ? rng_next(r) :
			       k.lo | rng_next(r) >> (p.len - 64);
		pfxset_add(&s, k, p.len + extra, rng_below(r, 2) ? p.net : 0,
			   r);
	}
	snprintf(name, sizeof(name), "DFZ-shaped + nested");
	run_case(name, &s, r);
}

static void families(struct rng *r)
{
	static const u8 fam[] = { 32, 128 };
	u32 f;

	for (f = 0; f < 2; f++) {
		u8 m = fam[f];

		shape_small(m, r);
		shape_uniform(m, 10, 0, m, r);
		shape_uniform(m, 200, 0, m, r);
		shape_uniform(m, 3000, 0, m, r);
		shape_uniform(m, 40000, 0, m, r);
		shape_uniform(m, 5000, m / 2, m, r);
		shape_uniform(m, 50000, m == 32 ? 16 : 32, m == 32 ? 24 : 48,
			      r);
		shape_cluster(m, 500, m == 32 ? 8 : 40, m, r);
		shape_cluster(m, 5000, m == 32 ? 16 : 96, m, r);
		shape_cluster(m, 40000, m == 32 ? 12 : 32, m, r);
		shape_chain(m, 1, true, r);
		shape_chain(m, 1, false, r);
		shape_chain(m, 40, true, r);
		shape_chain(m, 40, false, r);
		shape_chain(m, m == 32 ? 1200 : 300, false, r);
		shape_adjacent(m, 20, r);
		shape_adjacent(m, 600, r);
		shape_boundaries(m, 400, r);
		shape_boundaries(m, 20000, r);
		shape_siblings(m, r);
		shape_dfz(m, 20000, r);
		shape_dfz(m, m == 32 ? 60000 : 30000, r);
		/* full size, and the largest direct-pointing level */
		shape_dfz(m, m == 32 ? 1000000 : 200000, r);
		if (m == 128)
			shape_dfz(m, 600000, r);
	}
}

/* Hand-checked IPv4 table. */
static struct rf_key v4(u32 a, u32 b, u32 c, u32 d)
{
	struct rf_key k = { (u64)(a << 24 | b << 16 | c << 8 | d) << 32, 0 };

	return k;
}

static void unit_known(void)
{
	struct rf_pfx p[] = {
		{ .key = v4(0, 0, 0, 0), .len = 0, .net = 5 },
		{ .key = v4(10, 0, 0, 0), .len = 8, .net = 1 },
		{ .key = v4(10, 1, 0, 0), .len = 16, .net = 2 },
		{ .key = v4(10, 1, 2, 0), .len = 24, .net = 3 },
		{ .key = v4(10, 1, 2, 128), .len = 25, .net = 4 },
		{ .key = v4(10, 1, 2, 255), .len = 32, .net = 6 },
		{ .key = v4(192, 168, 0, 0), .len = 16, .net = 7 },
	};
	static const struct { u32 a[4]; u16 net; } q[] = {
		{ { 1, 2, 3, 4 }, 5 }, { { 10, 0, 0, 1 }, 1 },
		{ { 10, 1, 0, 0 }, 2 }, { { 10, 1, 2, 127 }, 3 },
		{ { 10, 1, 2, 128 }, 4 }, { { 10, 1, 2, 254 }, 4 },
		{ { 10, 1, 2, 255 }, 6 }, { { 10, 1, 3, 0 }, 2 },
		{ { 10, 2, 0, 0 }, 1 }, { { 11, 0, 0, 0 }, 5 },
		{ { 192, 168, 255, 255 }, 7 }, { { 192, 169, 0, 0 }, 5 },
		{ { 255, 255, 255, 255 }, 5 },
	};
	struct rf_lpm *t = rf_lpm_build(p, 7, 32), *e;
	struct rf_key k;
	bool ok = true;
	u32 i;

	CHECK(!IS_ERR(t), "build: %ld", PTR_ERR(t));
	if (IS_ERR(t))
		goto out;
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		k = v4(q[i].a[0], q[i].a[1], q[i].a[2], q[i].a[3]);
		CHECK(rf_lpm_lookup(t, &k) == q[i].net, "%u.%u.%u.%u -> %u",
		      q[i].a[0], q[i].a[1], q[i].a[2], q[i].a[3],
		      rf_lpm_lookup(t, &k));
	}
	rf_lpm_free(t);
	e = rf_lpm_build(p + 1, 6, 32);
	k = v4(11, 0, 0, 0);
	CHECK(!IS_ERR(e) && rf_lpm_lookup(e, &k) == 0, "miss without /0");
	rf_lpm_free(e);
out:
	result("unit: hand-checked IPv4 table", ok);
}

static void unit_cmp(void)
{
	struct rf_pfx a = { .key = { 1, 0 }, .len = 8, .net = 1 };
	struct rf_pfx b = { .key = { 1, 0 }, .len = 9, .net = 1 };
	struct rf_pfx c = { .key = { 1, 1 }, .len = 0, .net = 1 };
	struct rf_pfx d = { .key = { 2, 0 }, .len = 1, .net = 1 };
	struct rf_pfx e = { .key = { ~0ULL, 0 }, .len = 1, .net = 1 };
	bool ok = true;

	CHECK(rf_pfx_cmp(&a, &b) < 0 && rf_pfx_cmp(&b, &a) > 0, "len");
	CHECK(rf_pfx_cmp(&a, &a) == 0, "equal");
	CHECK(rf_pfx_cmp(&b, &c) < 0 && rf_pfx_cmp(&c, &d) < 0, "key");
	CHECK(rf_pfx_cmp(&d, &e) < 0, "unsigned compare");
	result("unit: rf_pfx_cmp order", ok);
}

static void unit_invalid(void)
{
	struct rf_pfx ok4[] = { { .key = v4(10, 0, 0, 0), .len = 8, .net = 1 },
				{ .key = v4(10, 1, 0, 0), .len = 16, .net = 2 } };
	struct rf_pfx p[2];
	struct rf_lpm *t;
	bool ok = true;

#define EXPECT_EINVAL(n, ml, what)					\
	do {								\
		t = rf_lpm_build(p, n, ml);				\
		CHECK(IS_ERR(t) && PTR_ERR(t) == -EINVAL, what);	\
		if (!IS_ERR(t))						\
			rf_lpm_free(t);					\
	} while (0)

	memcpy(p, ok4, sizeof(p));
	EXPECT_EINVAL(2, 64, "maxlen 64");
	EXPECT_EINVAL(2, 0, "maxlen 0");
	p[0] = ok4[1];
	p[1] = ok4[0];
	EXPECT_EINVAL(2, 32, "unsorted");
	p[0] = ok4[0];
	p[1] = ok4[0];
	EXPECT_EINVAL(2, 32, "duplicate");
	memcpy(p, ok4, sizeof(p));
	p[1].key = v4(10, 1, 0, 1);
	EXPECT_EINVAL(2, 32, "host bits");
	memcpy(p, ok4, sizeof(p));
	p[1].key.lo = 1;
	EXPECT_EINVAL(2, 32, "IPv4 with low bits");
	memcpy(p, ok4, sizeof(p));
	p[1].net = 0;
	EXPECT_EINVAL(2, 32, "net 0");
	memcpy(p, ok4, sizeof(p));
	p[1].len = 33;
	EXPECT_EINVAL(2, 32, "length 33");
	p[1].len = 129;
	EXPECT_EINVAL(2, 128, "length 129");
	memcpy(p, ok4, sizeof(p));
	t = rf_lpm_build(p, 2, 32);
	CHECK(!IS_ERR(t), "valid input refused");
	rf_lpm_free(t);
	rf_lpm_free(NULL);
	rf_lpm_free(ERR_PTR(-ENOMEM));
	CHECK(shim_live_allocs == 0, "leak: %ld", shim_live_allocs);
	result("unit: invalid input is refused with -EINVAL", ok);
}

/* Fail each allocation in turn: -ENOMEM and nothing leaked. */
static void unit_enomem(struct rng *r)
{
	struct pfxset s;
	struct rf_lpm *t;
	bool ok = true;
	long i;

	long want;

	pfxset_init(&s, 128);
	gen_dfz_v6(&s, 3000, r);
	t = rf_lpm_build(s.p, s.n, 128);
	want = shim_live_allocs;
	rf_lpm_free(t);
	for (i = 0; i < 20; i++) {
		shim_fail_countdown = i;
		t = rf_lpm_build(s.p, s.n, 128);
		shim_fail_countdown = -1;
		CHECK(shim_live_allocs == (IS_ERR(t) ? 0 : want),
		      "allocation %ld failed: %ld blocks live", i,
		      shim_live_allocs);
		if (!IS_ERR(t)) {
			rf_lpm_free(t);
			break;
		}
		CHECK(PTR_ERR(t) == -ENOMEM, "error %ld", PTR_ERR(t));
	}
	CHECK(i > 0 && i < 20, "never succeeded (%ld)", i);
	pfxset_free(&s);
	result("unit: allocation failures return -ENOMEM without leaks", ok);
}

/* A big build calls cond_resched() often and uses few allocations. */
static void unit_resched(struct rng *r)
{
	unsigned long c0 = shim_cond_resched_calls;
	struct pfxset s;
	struct rf_lpm *t;
	bool ok = true;

	pfxset_init(&s, 32);
	gen_dfz_v4(&s, 200000, r);
	t = rf_lpm_build(s.p, s.n, 32);
	CHECK(!IS_ERR(t), "build");
	CHECK(shim_cond_resched_calls - c0 >= 20,
	      "only %lu cond_resched calls", shim_cond_resched_calls - c0);
	/* the table, its arena, the arrays, the root chunks (1024 entries) */
	CHECK(shim_live_allocs <= 5 + (1 << 8), "%ld allocations",
	      shim_live_allocs);
	printf("  200k IPv4: %zu bytes (%.1f B/prefix), %lu cond_resched\n",
	       rf_lpm_size(t), (double)rf_lpm_size(t) / s.n,
	       shim_cond_resched_calls - c0);
	rf_lpm_free(t);
	pfxset_free(&s);
	result("unit: large build reschedules, a few allocations", ok);
}

int main(void)
{
	const char *e = getenv("LPM_SEED");
	struct rng r = { e ? strtoull(e, NULL, 0) : 1 };

	e = getenv("LPM_LOOKUPS");
	if (e)
		lookups_per_case = strtoul(e, NULL, 0);
	printf("lpm selftest, LPM_SEED=%" PRIu64 "\n", r.s);
	unit_cmp();
	unit_known();
	unit_invalid();
	unit_enomem(&r);
	unit_resched(&r);
	families(&r);
	printf("%" PRIu64 " lookups compared with the oracle\n",
	       total_lookups);
	if (shim_live_allocs)
		printf("FAIL leak: %ld blocks at exit\n", shim_live_allocs);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || shim_live_allocs ? 1 : 0;
}
