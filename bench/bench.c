// SPDX-License-Identifier: GPL-2.0
/*
 * Native LPM benchmark: routefence's table (kmod/lpm.c, compiled unchanged
 * against selftests/lpm/shim) against a binary path-compressed trie
 * (bintrie.c) on the same synthetic DFZ-shaped prefix sets.
 *
 * Per set: build time, bytes per prefix, ns per lookup with independent
 * keys (a loop over a random key array), with dependent keys (the next
 * lookup's key depends on the previous result), and ns per pair with
 * rf_lpm_lookup2(). Keys are random addresses inside random prefixes of
 * the set (traffic to routed destinations).
 *
 * Environment: BENCH_SCALE (default 1) scales the set sizes; BENCH_HUGE=0
 * uses plain malloc for both structures instead of 2 MiB THP-backed
 * memory; BENCH_REPS (default 5) repetitions, the minimum is printed
 * (BENCH_STAT=median for the median);
 * BENCH_SEED; BENCH_TRIE=0 skips timing the binary trie; BENCH_ONLY=1M
 * runs only the sets whose name contains that string.
 * With argument "callgrind": only the lookup loops run, for
 * valgrind --tool=callgrind --toggle-collect=... (see the Makefile).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/err.h>

#include "../kmod/lpm.h"
#include "../selftests/lpm/gen.h"
#include "../selftests/lpm/shim/shim.h"
#include "bintrie.h"

#define NKEYS		(1U << 22)
#define MAXREPS		15

static int reps = 5;
static bool huge = true;
static bool with_trie = true;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static bool use_median;

/*
 * The minimum of the repetitions by default: other load on the machine
 * (shared cores, caches and memory bandwidth) only ever adds time.
 * BENCH_STAT=median for the median.
 */
static double rep_stat(double *v, int n)
{
	qsort(v, n, sizeof(*v), dcmp);
	return use_median ? v[n / 2] : v[0];
}

static volatile u64 sink;

/* The lookup loops are noinline so callgrind can count them alone. */
__attribute__((noinline)) u64 rf_indep(const struct rf_lpm *t,
				       const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < n; i++)
		sum += rf_lpm_lookup(t, &k[i]);
	return sum;
}

__attribute__((noinline)) u64 rf_dep(const struct rf_lpm *t,
				     const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u16 res = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		struct rf_key x = k[i];

		/* net ids are < 4096, so this is 0, but the CPU must wait */
		x.hi ^= (u64)(res >> 12) << 40;
		res = rf_lpm_lookup(t, &x);
		sum += res;
	}
	return sum;
}

__attribute__((noinline)) u64 rf_pair(const struct rf_lpm *t,
				      const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u16 a, b;
	u32 i;

	for (i = 0; i + 1 < n; i += 2) {
		rf_lpm_lookup2(t, &k[i], &k[i + 1], &a, &b);
		sum += a + b;
	}
	return sum;
}

/* Pairs (source, destination); the next pair waits for this one. */
__attribute__((noinline)) u64 rf_pair_dep(const struct rf_lpm *t,
					  const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u16 a = 0, b = 0;
	u32 i;

	for (i = 0; i + 1 < n; i += 2) {
		struct rf_key x = k[i], y = k[i + 1];

		x.hi ^= (u64)((a | b) >> 12) << 40;
		y.hi ^= (u64)((a | b) >> 12) << 40;
		rf_lpm_lookup2(t, &x, &y, &a, &b);
		sum += a + b;
	}
	return sum;
}

__attribute__((noinline)) u64 bt_indep(const struct bintrie *t,
				       const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < n; i++)
		sum += bt_lookup(t, &k[i]);
	return sum;
}

__attribute__((noinline)) u64 bt_dep(const struct bintrie *t,
				     const struct rf_key *k, u32 n)
{
	u64 sum = 0;
	u16 res = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		struct rf_key x = k[i];

		x.hi ^= (u64)(res >> 12) << 40;
		res = bt_lookup(t, &x);
		sum += res;
	}
	return sum;
}

struct result {
	double build_ms;
	double bpp;
	double indep;
	double dep;
	double pair;		/* rf_lpm_lookup2, per pair */
	double pair_dep;	/* same, each pair waiting for the previous */
};

enum loop { INDEP, DEP, PAIR, PAIR_DEP };

static double time_rf(const struct rf_lpm *t, const struct rf_key *k, u32 n,
		      enum loop l)
{
	double v[MAXREPS], t0;
	int r;

	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		if (l == INDEP)
			sink += rf_indep(t, k, n);
		else if (l == DEP)
			sink += rf_dep(t, k, n);
		else if (l == PAIR)
			sink += rf_pair(t, k, n);
		else
			sink += rf_pair_dep(t, k, n);
		v[r] = (now_ns() - t0) / (l >= PAIR ? n / 2 : n);
	}
	return rep_stat(v, reps);
}

static double time_bt(const struct bintrie *t, const struct rf_key *k,
		      u32 n, enum loop l)
{
	double v[MAXREPS], t0;
	int r;

	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		if (l == INDEP)
			sink += bt_indep(t, k, n);
		else
			sink += bt_dep(t, k, n);
		v[r] = (now_ns() - t0) / n;
	}
	return rep_stat(v, reps);
}

static void bench_set(const char *name, const struct pfxset *s,
		      struct rng *rng, bool callgrind, double *build_total)
{
	u32 nk = callgrind ? 100000 : NKEYS, i, bad = 0;
	struct rf_key *keys = malloc(nk * sizeof(*keys));
	struct result rf = { 0 }, bt = { 0 };
	struct bintrie trie;
	struct rf_lpm *t = NULL;
	double t0;
	int r;

	gen_keys(keys, nk, s, false, rng);

	/* routefence: build (BENCH_REPS times), then lookups */
	{
		double v[MAXREPS];

		for (r = 0; r < (callgrind ? 1 : reps); r++) {
			t0 = now_ns();
			t = rf_lpm_build(s->p, s->n, s->maxlen);
			v[r] = (now_ns() - t0) / 1e6;
			if (IS_ERR(t)) {
				fprintf(stderr, "build failed: %ld\n",
					PTR_ERR(t));
				exit(1);
			}
			if (r + 1 < (callgrind ? 1 : reps))
				rf_lpm_free(t);
		}
		rf.build_ms = rep_stat(v, callgrind ? 1 : reps);
	}
	*build_total += rf.build_ms;
	rf.bpp = (double)rf_lpm_size(t) / s->n;

	bt_init(&trie, s->maxlen, 2ULL * s->n + 1, huge);
	t0 = now_ns();
	for (i = 0; i < s->n; i++)
		bt_insert(&trie, &s->p[i]);
	bt.build_ms = (now_ns() - t0) / 1e6;
	bt.bpp = (double)bt_size(&trie) / s->n;

	for (i = 0; i < nk; i++)
		bad += rf_lpm_lookup(t, &keys[i]) != bt_lookup(&trie, &keys[i]);

	if (callgrind) {
		sink += rf_indep(t, keys, nk);
		sink += rf_pair(t, keys, nk);
		sink += rf_pair_dep(t, keys, nk);
		sink += bt_indep(&trie, keys, nk);
		printf("%-10s callgrind keys: %u\n", name, nk);
		goto out;
	}
	rf.indep = time_rf(t, keys, nk, INDEP);
	rf.dep = time_rf(t, keys, nk, DEP);
	rf.pair = time_rf(t, keys, nk, PAIR);
	rf.pair_dep = time_rf(t, keys, nk, PAIR_DEP);
	if (with_trie) {
		/* a quarter of the keys: the trie is slow, and this is plenty */
		bt.indep = time_bt(&trie, keys, nk / 4, INDEP);
		bt.dep = time_bt(&trie, keys, nk / 4, DEP);
	}
	printf("| %-9s | %7u | routefence  | %7.1f | %5.1f | %6.1f | %6.1f | %6.1f | %6.1f | %5.1fx | %5.1fx |\n",
	       name, s->n, rf.build_ms, rf.bpp, rf.indep, rf.dep, rf.pair,
	       rf.pair_dep, bt.indep / rf.indep, bt.dep / rf.dep);
	printf("| %-9s | %7u | binary trie | %7.1f | %5.1f | %6.1f | %6.1f |      - |      - |      - |      - |\n",
	       name, s->n, bt.build_ms, bt.bpp, bt.indep, bt.dep);
	if (s->maxlen == 32 && s->n >= 1000000)
		printf("\ntargets at IPv4 1M: indep %.1f ns <= 30: %s; %.1fx the binary trie >= 20x: %s; %.1f B/prefix <= 40: %s\n\n",
		       rf.indep, rf.indep <= 30 ? "met" : "MISSED",
		       bt.indep / rf.indep,
		       bt.indep / rf.indep >= 20 ? "met" : "MISSED",
		       rf.bpp, rf.bpp <= 40 ? "met" : "MISSED");
out:
	if (bad)
		printf("ERROR: %u lookups differ between routefence and the binary trie\n",
		       bad);
	bt_free(&trie);
	rf_lpm_free(t);
	free(keys);
}

/* Other work on the machine skews the numbers: say how much there was. */
static void print_load(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	char buf[64] = "?";

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			strcpy(buf, "?");
		fclose(f);
	}
	printf("load average at start: %s\n", buf);
}

int main(int argc, char **argv)
{
	bool callgrind = argc > 1 && !strcmp(argv[1], "callgrind");
	const char *e = getenv("BENCH_SCALE");
	double scale = e ? atof(e) : 1.0, total = 0;
	static const struct {
		const char *name;
		u32 n;
		u8 maxlen;
	} sets[] = {
		{ "IPv4 10k", 10000, 32 },
		{ "IPv4 100k", 100000, 32 },
		{ "IPv4 1M", 1000000, 32 },
		{ "IPv6 200k", 200000, 128 },
	};
	char label[32];
	struct rng rng;
	u32 i;

	e = getenv("BENCH_SEED");
	rng.s = e ? strtoull(e, NULL, 0) : 42;
	e = getenv("BENCH_HUGE");
	huge = !e || atoi(e);
	shim_huge = huge;
	e = getenv("BENCH_STAT");
	use_median = e && !strcmp(e, "median");
	e = getenv("BENCH_TRIE");
	with_trie = !e || atoi(e);
	e = getenv("BENCH_REPS");
	if (e)
		reps = atoi(e);
	if (reps < 1 || reps > MAXREPS)
		reps = 5;
	if (scale <= 0)
		scale = 1;

	printf("native LPM bench: BENCH_SCALE=%g, memory: %s, %d reps (%s), %u keys inside random prefixes\n",
	       scale, huge ? "mmap+MADV_HUGEPAGE (2 MiB THP) for both" :
	       "plain malloc for both", reps, use_median ? "median" : "min",
	       callgrind ? 100000 : NKEYS);
	print_load();
	if (!callgrind) {
		printf("| set       | prefixes| structure   | buildms | B/pfx | indep  |  dep   |  pair  | deppair| x indep| x dep  |\n");
		printf("|-----------|---------|-------------|---------|-------|--------|--------|--------|--------|--------|--------|\n");
	}
	e = getenv("BENCH_ONLY");
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct pfxset s;
		u32 n = sets[i].n * scale;

		if (e && !strstr(sets[i].name, e))
			continue;
		if (n < 100)
			n = 100;
		pfxset_init(&s, sets[i].maxlen);
		if (sets[i].maxlen == 32)
			gen_dfz_v4(&s, n, &rng);
		else
			gen_dfz_v6(&s, n, &rng);
		if (n >= 1000000 && n % 1000000 == 0)
			snprintf(label, sizeof(label), "IPv%d %uM",
				 sets[i].maxlen == 32 ? 4 : 6, n / 1000000);
		else if (n >= 1000 && n % 1000 == 0)
			snprintf(label, sizeof(label), "IPv%d %uk",
				 sets[i].maxlen == 32 ? 4 : 6, n / 1000);
		else
			snprintf(label, sizeof(label), "IPv%d %u",
				 sets[i].maxlen == 32 ? 4 : 6, n);
		bench_set(label, &s, &rng, callgrind,
			  i >= 2 ? &total : &(double){ 0 });
		pfxset_free(&s);
		fflush(stdout);
	}
	if (!callgrind)
		printf("\nbuild of the IPv4 %uk + IPv6 %uk tables: %.0f ms\n",
		       (u32)(1000 * scale), (u32)(200 * scale), total);
	return 0;
}
