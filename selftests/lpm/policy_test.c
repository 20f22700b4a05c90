// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of the policy layer (kmod/conf.c, kmod/gen.c, with
 * kmod/lpm.c), compiled unchanged against the shim:
 *  - rf_conf_validate() against a naive checker of the overlap rule, on
 *    random configurations added in batches (with deletions), at sizes
 *    around the merge-sort run (4096);
 *  - rf_classify() against a naive implementation of the packet rules 1-6
 *    of issue 3 (longest match by linear scan), and lookup-table reuse by
 *    rf_gen_build();
 *  - rollback helpers, rf_conf_clone(), rf_net_del() and the name index.
 *
 * Environment: POLICY_SEED (default 1) picks the random sequence.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/err.h>
#include <linux/kernel.h>
#include <asm/unaligned.h>

#include "../../kmod/conf.h"
#include "../../kmod/gen.h"
#include "oracle.h"
#include "gen.h"
#include "shim/shim.h"

static unsigned int passed, failed;
static u64 seed = 1;
static u64 npackets;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			if (nfail++ < 5) {				\
				printf("  FAIL %s:%d (seed %" PRIu64 "): ", \
				       __func__, __LINE__, seed);	\
				printf(__VA_ARGS__);			\
				printf("\n");				\
			}						\
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

/* ---- prefixes ---- */

static const u8 famlen[2] = { 32, 128 };


static bool keq(struct rf_key a, struct rf_key b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

/* naive containment: @o contains @p (or equals it) */
static bool pcontains(const struct rf_pfx *o, const struct rf_pfx *p)
{
	return o->len <= p->len && keq(key_mask(p->key, o->len), o->key);
}

static bool kin(const struct rf_pfx *o, struct rf_key k)
{
	return keq(key_mask(k, o->len), o->key);
}

/* Through rf_pfx_parse(), as the netlink layer does. */
static struct rf_pfx mkpfx(int fam, struct rf_key k, u8 len, u16 net)
{
	struct rf_pfx p;
	struct rf_err e;
	u8 a[16];
	int err;

	k = key_mask(k, len);
	if (fam == RF_FAM_V4) {
		put_unaligned_be32(k.hi >> 32, a);
		err = rf_pfx_parse(&p, a, 4, len, net, &e);
	} else {
		put_unaligned_be64(k.hi, a);
		put_unaligned_be64(k.lo, a + 8);
		err = rf_pfx_parse(&p, a, 16, len, net, &e);
	}
	if (err) {
		printf("BUG: rf_pfx_parse: %s\n", e.msg);
		exit(2);
	}
	return p;
}

static struct rf_key rkey(struct rng *r, int fam)
{
	struct rf_key k = { rng_next(r), rng_next(r) };

	if (fam == RF_FAM_V4) {
		k.hi &= 0xffffffff00000000ULL;
		k.lo = 0;
	}
	return k;
}

static bool memeq(const void *a, const void *b, size_t n)
{
	return !n || !memcmp(a, b, n);
}

/* ---- the model: live prefixes of one family, in any order ---- */

struct model {
	struct rf_pfx *v;
	u32 n, cap;
};

static void m_push(struct model *m, struct rf_pfx p)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = realloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n++] = p;
}

static void m_copy(struct model *d, const struct model *s)
{
	d->n = s->n;
	d->cap = s->n + 16;
	d->v = malloc(d->cap * sizeof(*d->v));
	if (s->n)
		memcpy(d->v, s->v, s->n * sizeof(*s->v));
}

static void m_del_seq(struct model *m, u32 seq)
{
	u32 i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].seq == seq) {
			m->v[i] = m->v[--m->n];
			return;
		}
	printf("BUG: model has no seq %u\n", seq);
	exit(2);
}

static bool pconflict(const struct rf_pfx *a, const struct rf_pfx *b)
{
	if (a->len == b->len)
		return keq(a->key, b->key);
	if (a->net == b->net)
		return false;
	return pcontains(a, b) || pcontains(b, a);
}

/* O(n^2) checker of the overlap rule */
static bool naive_conflict_n2(const struct model *m)
{
	u32 i, j;

	for (i = 0; i < m->n; i++)
		for (j = i + 1; j < m->n; j++)
			if (pconflict(&m->v[i], &m->v[j]))
				return true;
	return false;
}

/* O(n * len) checker with a hash of (key, len): for the large cases */
struct hent {
	struct rf_key k;
	int len;		/* -1: empty */
	u16 net;
};

static u64 hkey(struct rf_key k, int len)
{
	u64 h = k.hi * 0x9e3779b97f4a7c15ULL ^ k.lo * 0xc2b2ae3d27d4eb4fULL ^
		(u64)len * 0x165667b19e3779f9ULL;

	return h ^ (h >> 29);
}

static bool naive_conflict_hash(const struct model *m)
{
	u32 sz = 16, i, l;
	struct hent *h;
	bool bad = false;

	while (sz < 2 * m->n + 16)
		sz *= 2;
	h = malloc(sz * sizeof(*h));
	for (i = 0; i < sz; i++)
		h[i].len = -1;
	for (i = 0; i < m->n && !bad; i++) {
		u64 s = hkey(m->v[i].key, m->v[i].len) & (sz - 1);

		while (h[s].len >= 0) {
			if (h[s].len == m->v[i].len && keq(h[s].k, m->v[i].key))
				bad = true;	/* exact duplicate */
			s = (s + 1) & (sz - 1);
		}
		h[s].k = m->v[i].key;
		h[s].len = m->v[i].len;
		h[s].net = m->v[i].net;
	}
	for (i = 0; i < m->n && !bad; i++) {
		for (l = 0; l < m->v[i].len && !bad; l++) {
			struct rf_key k = key_mask(m->v[i].key, l);
			u64 s = hkey(k, l) & (sz - 1);

			for (; h[s].len >= 0; s = (s + 1) & (sz - 1))
				if (h[s].len == (int)l && keq(h[s].k, k) &&
				    h[s].net != m->v[i].net)
					bad = true;
		}
	}
	free(h);
	return bad;
}

static bool naive_conflict(const struct model *m)
{
	return m->n <= 2500 ? naive_conflict_n2(m) : naive_conflict_hash(m);
}

static int cmp_model(const void *a, const void *b)
{
	int r = rf_pfx_cmp(a, b);
	const struct rf_pfx *x = a, *y = b;

	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- a configuration under test: the conf and its model ---- */

#define NFAMS 2

static void net_name(char *buf, u16 id)
{
	sprintf(buf, "net-%u", id);
}

static const char *nname(const struct rf_conf *c, u16 id)
{
	return c->nets[id] ? c->nets[id]->name : "?";
}

/*
 * The message of a failed validation names a conflicting pair of live
 * prefixes, the newer (larger seq) first.
 */
static bool check_msg(const struct rf_conf *c, const struct model *m,
		      const char *msg)
{
	char a[64], b[64], x[40], y[40], s[64];
	u32 i, j;
	bool same;
	int f;

	if (sscanf(msg, "%63s of network %39s overlaps %63s of network %39s",
		   a, x, b, y) == 4 &&
	    !strcmp(msg + strlen(msg) - strlen(y), y)) {
		same = false;
	} else if (sscanf(msg, "%63s already exists in network %39s", a, x) == 2) {
		strcpy(b, a);
		strcpy(y, x);
		same = true;
	} else {
		return false;
	}
	for (f = 0; f < NFAMS; f++) {
		const struct model *mm = &m[f];

		for (i = 0; i < mm->n; i++) {
			rf_pfx_snprint(s, sizeof(s), &mm->v[i]);
			if (strcmp(s, a) || strcmp(nname(c, mm->v[i].net), x))
				continue;
			for (j = 0; j < mm->n; j++) {
				if (j == i)
					continue;
				rf_pfx_snprint(s, sizeof(s), &mm->v[j]);
				if (strcmp(s, b) ||
				    strcmp(nname(c, mm->v[j].net), y))
					continue;
				if (!pconflict(&mm->v[i], &mm->v[j]))
					continue;
				if (same != (mm->v[i].net == mm->v[j].net))
					continue;
				if ((mm->v[i].seq & ~RF_PFX_V6) >
				    (mm->v[j].seq & ~RF_PFX_V6))
					return true;
			}
		}
	}
	return false;
}

/* After a successful validation: sorted, compact, exactly the model. */
static bool check_arrays(const struct rf_conf *c, const struct model *m,
			 int *nfailp)
{
	int nfail = *nfailp, f;
	bool ok = true;
	u32 cnt[RF_NET_ID_MAX + 1][NFAMS];
	u32 i;
	u16 id;

	memset(cnt, 0, sizeof(cnt));
	for (f = 0; f < NFAMS; f++) {
		const struct rf_pfxvec *pv = &c->pfx[f];
		struct model s;

		m_copy(&s, &m[f]);
		qsort(s.v, s.n, sizeof(*s.v), cmp_model);
		CHECK(pv->n == s.n && pv->sorted == pv->n && !pv->dead,
		      "fam %d: n %u sorted %u dead %u, model %u", f, pv->n,
		      pv->sorted, pv->dead, s.n);
		for (i = 0; ok && i < s.n && i < pv->n; i++) {
			const struct rf_pfx *p = &pv->v[i], *q = &s.v[i];

			CHECK(keq(p->key, q->key) && p->len == q->len &&
			      p->net == q->net && p->seq == q->seq,
			      "fam %d entry %u differs from the model", f, i);
			CHECK(!i || rf_pfx_cmp(&pv->v[i - 1], p) < 0,
			      "fam %d: entries %u, %u out of order", f, i - 1, i);
		}
		for (i = 0; i < s.n; i++)
			cnt[s.v[i].net][f]++;
		free(s.v);
	}
	for (id = 1; id <= RF_NET_ID_MAX; id++)
		if (c->nets[id])
			for (f = 0; f < NFAMS; f++)
				CHECK(c->nets[id]->npfx[f] == cnt[id][f],
				      "net %u fam %d: npfx %u, model %u", id, f,
				      c->nets[id]->npfx[f], cnt[id][f]);
	*nfailp = nfail;
	return ok;
}

/* ---- random configurations ---- */

struct block {
	struct rf_key k;
	u8 len;
	u16 net;
};

struct scen {
	int fams;		/* bit mask of families */
	u16 nnets;
	u32 head, tail;		/* prefixes in the first and second batch */
	int dirty;		/* conflicts to inject */
	bool random;		/* unconstrained prefixes in a small space */
	u32 dels;		/* deletions with the second batch */
};

struct gen {
	struct block b[2][256];
	u32 nb[2];
	struct model cand[2];	/* the generated prefixes (to add) */
};

static u8 rlen(struct rng *r, u8 lo, u8 hi)
{
	u32 x = rng_below(r, 10);

	if (x == 0)
		return lo;
	if (x == 1)
		return hi;
	return lo + rng_below(r, hi - lo + 1);
}

static struct rf_pfx rand_in(struct rng *r, int fam, struct rf_key base,
			     u8 blen, u16 net)
{
	struct rf_key k = rkey(r, fam), bm = key_mask(base, blen);
	u8 len = rlen(r, blen, famlen[fam]);

	/* keep the block's bits, random bits below */
	k.hi = (k.hi & ~key_mask((struct rf_key){ ~0ULL, ~0ULL }, blen).hi) | bm.hi;
	k.lo = (k.lo & ~key_mask((struct rf_key){ ~0ULL, ~0ULL }, blen).lo) | bm.lo;
	if (fam == RF_FAM_V4) {
		k.hi &= 0xffffffff00000000ULL;
		k.lo = 0;
	}
	return mkpfx(fam, k, len, net);
}

/* dedupe (key, len) keeping the first */
static void dedupe(struct model *m)
{
	struct model s;
	u32 i, j;

	m_copy(&s, m);
	qsort(s.v, s.n, sizeof(*s.v), cmp_model);
	for (i = 0, j = 0; i < s.n; i++)
		if (!j || rf_pfx_cmp(&s.v[j - 1], &s.v[i]))
			s.v[j++] = s.v[i];
	s.n = j;
	free(m->v);
	*m = s;
}

static void shuffle(struct model *m, struct rng *r)
{
	u32 i;

	for (i = m->n; i > 1; i--) {
		u32 j = rng_below(r, i);
		struct rf_pfx t = m->v[i - 1];

		m->v[i - 1] = m->v[j];
		m->v[j] = t;
	}
}

static void gen_prefixes(struct gen *g, const struct scen *s, u32 total,
			 struct rng *r)
{
	int f;
	u32 i, per;

	memset(g, 0, sizeof(*g));
	for (f = 0; f < NFAMS; f++) {
		if (!(s->fams & 1 << f))
			continue;
		g->nb[f] = min_t(u32, 250, s->nnets * (1 + rng_below(r, 3)));
		for (i = 0; i < g->nb[f]; i++) {
			struct block *b = &g->b[f][i];

			/* distinct top byte / top 16 bits: blocks are disjoint */
			b->net = 1 + (i % s->nnets);
			if (f == RF_FAM_V4) {
				b->k.hi = (u64)(i + 1) << 56 |
					  (rng_next(r) & 0x00ffffff00000000ULL);
				b->len = 8 + rng_below(r, 9);
			} else {
				b->k.hi = (u64)(0x2000 + i) << 48 |
					  (rng_next(r) & 0x0000ffffffff0000ULL);
				b->len = 16 + rng_below(r, 33);
			}
			b->k = key_mask(b->k, b->len);
		}
	}
	per = s->fams == 3 ? total / 2 : total;
	for (f = 0; f < NFAMS; f++) {
		struct model *m = &g->cand[f];

		if (!(s->fams & 1 << f))
			continue;
		if (s->random) {
			/* small space: lots of nesting, dups, siblings */
			for (i = 0; i < per; i++) {
				struct rf_key k = rkey(r, f);
				u8 len = rlen(r, 4, f ? 24 : 20);

				k.hi = (k.hi >> 4) | 0xa000000000000000ULL;
				if (f == RF_FAM_V4)
					k.hi &= 0xffffffff00000000ULL;
				if (!rng_below(r, 20))
					len = rng_below(r, 3) ? famlen[f] : 0;
				m_push(m, mkpfx(f, k, len, 1 + rng_below(r, s->nnets)));
			}
			continue;
		}
		for (i = 0; m->n < per && i < 4 * per + 16; i++) {
			const struct block *b = &g->b[f][rng_below(r, g->nb[f])];
			struct rf_pfx p = rand_in(r, f, b->k, b->len, b->net);

			m_push(m, p);
			/* adjacent sibling in another network: no conflict */
			if (p.len && !rng_below(r, 8) && m->n < per) {
				struct rf_pfx q = p;
				u32 bit = famlen[f] == 32 ? 64 - p.len + 0 : 128 - p.len;

				if (bit < 64)
					q.key.lo ^= 1ULL << bit;
				else
					q.key.hi ^= 1ULL << (bit - 64);
				if (p.len > b->len) {
					/* stays in the block: same network */
					m_push(m, mkpfx(f, q.key, q.len, p.net));
				}
			}
			/* dedupe sorts: only when the model looks full */
			if (m->n >= per)
				dedupe(m);
		}
		dedupe(m);
		if (m->n > per)
			m->n = per;
		/* one network owning ::/0 alone is valid */
		if (s->nnets == 1 && rng_below(r, 2))
			m_push(m, mkpfx(f, (struct rf_key){ 0, 0 }, 0, 1));
	}
	for (i = 0; i < (u32)s->dirty; i++) {
		struct model *m;
		struct rf_pfx p, q;
		u16 other;

		f = s->fams == 3 ? (int)rng_below(r, 2) : s->fams - 1;
		m = &g->cand[f];
		if (!m->n)
			continue;
		p = m->v[rng_below(r, m->n)];
		other = s->nnets > 1 ? 1 + (p.net % s->nnets) : p.net;
		switch (rng_below(r, 5)) {
		case 0:	/* exact duplicate, same network */
			q = p;
			break;
		case 1:	/* exact duplicate, another network */
			q = p;
			q.net = other;
			break;
		case 2:	/* nested inside, another network */
			if (p.len == famlen[f]) {
				q = p;
				q.net = other;
				break;
			}
			q = rand_in(r, f, p.key, p.len + 1, other);
			break;
		case 3:	/* containing, another network */
			q = mkpfx(f, p.key, rng_below(r, p.len + 1), other);
			break;
		default: /* the default route in another network */
			q = mkpfx(f, (struct rf_key){ 0, 0 }, 0, other);
			break;
		}
		q = mkpfx(f, q.key, q.len, q.net);
		m_push(m, q);
	}
}

static struct rf_conf *conf_with_nets(u16 nnets, struct rng *r)
{
	struct rf_conf *c = rf_conf_alloc();
	struct rf_err e;
	char name[32];
	u16 id;

	for (id = 1; id <= nnets; id++) {
		net_name(name, id);
		if (rf_net_add(c, name, id, rng_below(r, 2), &e) != id) {
			printf("BUG: rf_net_add: %s\n", e.msg);
			exit(2);
		}
	}
	return c;
}

/* rf_pfx_add() the prefixes [from, to) of both candidate lists, mixed */
static void add_batch(struct rf_conf *c, struct model *m, struct gen *g,
		      u32 from[2], u32 to[2], struct rng *r)
{
	struct rf_err e;

	while (from[0] < to[0] || from[1] < to[1]) {
		int f = from[0] < to[0] && (from[1] >= to[1] || rng_below(r, 2)) ? 0 : 1;
		struct rf_pfx p = g->cand[f].v[from[f]++];

		if (rf_pfx_add(c, &p, &e)) {
			printf("BUG: rf_pfx_add: %s\n", e.msg);
			exit(2);
		}
		m_push(&m[f], p);
	}
}

/* delete @k live prefixes whose (key, len) is unique */
static bool del_some(struct rf_conf *c, struct model *m, u32 k, struct rng *r,
		     int *nfailp)
{
	int nfail = *nfailp;
	bool ok = true;
	u32 tries;

	for (tries = 0; k && tries < 4 * k; tries++) {
		int f = rng_below(r, 2);
		struct rf_pfx p, q;
		struct rf_pfx_undo u;
		struct rf_err e;
		u32 i, same = 0;
		int err;

		if (!m[f].n)
			continue;
		p = m[f].v[rng_below(r, m[f].n)];
		for (i = 0; i < m[f].n; i++)
			same += !rf_pfx_cmp(&m[f].v[i], &p);
		if (same != 1)
			continue;
		q = mkpfx(f, p.key, p.len, rng_below(r, 2) ? p.net : 0);
		err = rf_pfx_del(c, &q, &u, &e);
		CHECK(!err, "rf_pfx_del: %d %s", err, e.msg);
		if (err)
			break;
		CHECK(u.net == p.net && u.p->seq == p.seq && !u.p->net,
		      "rf_pfx_del removed the wrong entry");
		m_del_seq(&m[f], p.seq);
		k--;
	}
	*nfailp = nfail;
	return ok;
}

static bool run_scen(const char *name, const struct scen *s, struct rng *r,
		     u32 *nfails_expected)
{
	struct rf_conf *c = conf_with_nets(s->nnets, r), *n;
	struct model m[2] = { 0 }, t[2];
	struct gen *g = malloc(sizeof(*g));
	u32 from[2] = { 0, 0 }, to[2];
	int nfail = 0, f, pass;
	bool ok = true;

	gen_prefixes(g, s, s->head + s->tail, r);
	for (f = 0; f < NFAMS; f++)
		shuffle(&g->cand[f], r);
	for (pass = 0; pass < 2 && ok; pass++) {
		struct rf_err e = { "" };
		bool want_fail;
		int err;

		for (f = 0; f < NFAMS; f++) {
			u32 tot = g->cand[f].n;
			u32 all = s->head + s->tail;
			u32 h = all ? (u32)((u64)tot * s->head / all) : 0;

			to[f] = pass ? tot : h;
		}
		n = rf_conf_clone(c);
		for (f = 0; f < NFAMS; f++)
			m_copy(&t[f], &m[f]);
		if (pass)
			ok &= del_some(n, t, s->dels, r, &nfail);
		add_batch(n, t, g, from, to, r);
		want_fail = naive_conflict(&t[0]) || naive_conflict(&t[1]);
		err = rf_conf_validate(n, &e);
		if (want_fail) {
			CHECK(err == -EEXIST, "%s pass %d: validate %d, want -EEXIST", name, pass, err);
			CHECK(check_msg(n, t, e.msg), "%s pass %d: bad message \"%s\"",
			      name, pass, e.msg);
			(*nfails_expected)++;
		} else {
			CHECK(!err, "%s pass %d: validate %d (%s), want 0", name,
			      pass, err, e.msg);
			if (!err) {
				ok &= check_arrays(n, t, &nfail);
				CHECK(!rf_conf_validate(n, &e), "re-validate");
			}
		}
		if (err) {
			/* refused: the committed conf stays */
			rf_conf_free(n);
			for (f = 0; f < NFAMS; f++)
				free(t[f].v);
		} else {
			rf_conf_free(c);
			c = n;
			for (f = 0; f < NFAMS; f++) {
				free(m[f].v);
				m[f] = t[f];
			}
		}
		from[0] = to[0];
		from[1] = to[1];
	}
	rf_conf_free(c);
	for (f = 0; f < NFAMS; f++) {
		free(m[f].v);
		free(g->cand[f].v);
	}
	free(g);
	return ok;
}

static void validate_diff(struct rng *r)
{
	static const struct {
		const char *name;
		u32 head, tail;
	} sizes[] = {
		{ "4095", 0, 4095 },	{ "4096", 0, 4096 },
		{ "12289", 0, 12289 },	{ "100000", 0, 100000 },
		{ "4096+1", 4096, 1 },	{ "4095+4097", 4095, 4097 },
		{ "1+4096", 1, 4096 },	{ "12289+8193", 12289, 8193 },
	};
	char name[96];
	u32 i, k, nexp = 0, ncases = 0;
	bool ok = true;
	int fams;

	/* many small random configurations */
	for (k = 0; k < 400; k++) {
		struct scen s = {
			.fams = 1 + rng_below(r, 3),
			.nnets = 1 + rng_below(r, 6),
			.head = rng_below(r, 60),
			.tail = rng_below(r, 60),
			.dirty = rng_below(r, 3) ? 0 : 1 + rng_below(r, 2),
			.random = !rng_below(r, 4),
			.dels = rng_below(r, 8),
		};

		if (s.random && rng_below(r, 2))
			s.head = s.tail = rng_below(r, 6);
		snprintf(name, sizeof(name), "small#%u", k);
		ok &= run_scen(name, &s, r, &nexp);
		ncases++;
	}
	printf("  %u small configurations, %u refused\n", ncases, nexp);
	result("validate_diff_small", ok && nexp > ncases / 5 &&
	       nexp < ncases * 4 / 5);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (fams = 1; fams <= 3; fams++) {
			int dirty;

			if (sizes[i].head + sizes[i].tail > 10000 && fams == 3)
				continue;
			for (dirty = 0; dirty <= 1; dirty++) {
				struct scen s = {
					.fams = fams,
					.nnets = 2 + rng_below(r, 60),
					.head = sizes[i].head,
					.tail = sizes[i].tail,
					.dirty = dirty,
					.dels = sizes[i].head ? 300 : 0,
				};

				nexp = 0;
				snprintf(name, sizeof(name), "validate_diff_%s_%s%s",
					 sizes[i].name,
					 fams == 1 ? "v4" : fams == 2 ? "v6" : "mixed",
					 dirty ? "_conflict" : "");
				ok = run_scen(name, &s, r, &nexp);
				if (!dirty && nexp)
					printf("  (generator made a conflict)\n");
				result(name, ok && (dirty ? nexp > 0 : !nexp));
			}
		}
	}
}

/*
 * The sweep's stack holds the chain of prefixes containing the current one:
 * ::/0 ... ::/128 in one network is 129 deep (valid), and a duplicate of
 * ::/128 after it is a conflict found with a full stack. Run in a child so an
 * ASan report does not end the whole run.
 */
static int deep_chain(bool dup)
{
	struct rf_conf *c = conf_with_nets(1, &(struct rng){ 1 });
	struct rf_err e = { "" };
	int len, err;

	for (len = 0; len <= 128; len++) {
		struct rf_pfx p = mkpfx(RF_FAM_V6, (struct rf_key){ 0, 0 }, len, 1);

		rf_pfx_add(c, &p, &e);
	}
	if (dup) {
		struct rf_pfx p = mkpfx(RF_FAM_V6, (struct rf_key){ 0, 0 }, 128, 1);

		rf_pfx_add(c, &p, &e);
	}
	err = rf_conf_validate(c, &e);
	if (dup && (err != -EEXIST || strcmp(e.msg, "::/128 already exists in network net-1")))
		err = 1;
	else if (dup)
		err = 0;
	rf_conf_free(c);
	return err ? 1 : 0;
}

static void unit_deep_chain(void)
{
	int d;

	for (d = 0; d <= 1; d++) {
		pid_t pid;
		int st;

		fflush(stdout);
		pid = fork();
		if (!pid)
			_exit(deep_chain(d));
		waitpid(pid, &st, 0);
		result(d ? "validate_chain129_dup" : "validate_chain129",
		       WIFEXITED(st) && !WEXITSTATUS(st));
	}
}

/* Known messages and the printing of prefixes (kernel %pI4 / %pI6c). */
static void unit_messages(void)
{
	static const struct {
		int fam;
		u64 hi, lo;
		u8 len;
		const char *s;
	} fmt[] = {
		{ 0, 0x0a010000ULL << 32, 0, 22, "10.1.0.0/22" },
		{ 0, 0, 0, 0, "0.0.0.0/0" },
		{ 1, 0, 0, 0, "::/0" },
		{ 1, 0xfd00000000000000ULL, 0, 48, "fd00::/48" },
		{ 1, 0x20010db800000001ULL, 0, 64, "2001:db8:0:1::/64" },
		{ 1, 0x20010db800000000ULL, 0x0000000100000000ULL, 96, "2001:db8::1:0:0/96" },
		{ 1, 0, 0x0000ffff01020304ULL, 128, "::ffff:1.2.3.4/128" },
		{ 1, 0, 0x0000000001020304ULL, 128, "::102:304/128" },
		{ 1, 0x20010db800000000ULL, 0x00005efe0a000001ULL, 128, "2001:db8::5efe:10.0.0.1/128" },
		{ 1, 0x0001000100010001ULL, 0x0001000100010000ULL, 127, "1:1:1:1:1:1:1:0/127" },
		{ 1, 0x0001000000010000ULL, 0, 64, "1:0:1::/64" },
	};
	struct rf_conf *c = conf_with_nets(3, &(struct rng){ 1 });
	struct rf_err e = { "" };
	struct rf_pfx p;
	char buf[64];
	bool ok = true;
	int nfail = 0, err;
	u32 i;
	u8 a[4] = { 10, 1, 0, 1 };

	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		p = mkpfx(fmt[i].fam, (struct rf_key){ fmt[i].hi, fmt[i].lo },
			  fmt[i].len, 1);
		rf_pfx_snprint(buf, sizeof(buf), &p);
		CHECK(!strcmp(buf, fmt[i].s), "printed %s, want %s", buf, fmt[i].s);
	}
	err = rf_pfx_parse(&p, a, 4, 22, 1, &e);
	CHECK(err == -EINVAL && !strcmp(e.msg, "10.1.0.1/22 has host bits set (did you mean 10.1.0.0/22?)"),
	      "parse: %d %s", err, e.msg);
	err = rf_pfx_parse(&p, a, 4, 33, 1, &e);
	CHECK(err == -EINVAL, "parse /33: %d", err);
	p = mkpfx(0, (struct rf_key){ 0x0a010000ULL << 32, 0 }, 22, 1);
	rf_pfx_add(c, &p, &e);
	CHECK(!rf_conf_validate(c, &e), "validate: %s", e.msg);
	p = mkpfx(0, (struct rf_key){ 0x0a010200ULL << 32, 0 }, 24, 2);
	rf_pfx_add(c, &p, &e);
	err = rf_conf_validate(c, &e);
	CHECK(err == -EEXIST && !strcmp(e.msg, "10.1.2.0/24 of network net-2 overlaps 10.1.0.0/22 of network net-1"),
	      "%d %s", err, e.msg);
	rf_conf_free(c);
	result("messages", ok);
}

/*
 * rf_pfx_del() of a prefix owned by the given network while another network
 * holds the same prefix (a duplicate added in this transaction, not yet
 * committed): the prefix of the named network must be the one deleted.
 */
static void unit_del_owner(void)
{
	struct rf_conf *c = conf_with_nets(2, &(struct rng){ 1 });
	struct rf_err e = { "" };
	struct rf_pfx p, q;
	struct rf_pfx_undo u;
	bool ok = true;
	int nfail = 0, err;

	p = mkpfx(0, (struct rf_key){ 0x0a000000ULL << 32, 0 }, 8, 1);
	rf_pfx_add(c, &p, &e);
	CHECK(!rf_conf_validate(c, &e), "validate: %s", e.msg);
	p = mkpfx(0, (struct rf_key){ 0x0a000000ULL << 32, 0 }, 8, 2);
	rf_pfx_add(c, &p, &e);	/* the mistake */
	q = mkpfx(0, (struct rf_key){ 0x0a000000ULL << 32, 0 }, 8, 2);
	err = rf_pfx_del(c, &q, &u, &e);	/* and its correction */
	CHECK(!err, "deleting 10.0.0.0/8 of net-2: %d \"%s\"", err, e.msg);
	if (!err) {
		CHECK(u.net == 2, "deleted the prefix of net %u", u.net);
		CHECK(!rf_conf_validate(c, &e), "validate after the correction: %s", e.msg);
	}
	rf_conf_free(c);
	result("pfx_del_owner_dup", ok);
}

/* ---- packets ---- */

/* longest match by linear scan */
static u16 naive_lpm(const struct rf_conf *c, int fam, struct rf_key k)
{
	const struct rf_pfxvec *pv = &c->pfx[fam];
	int best = -1;
	u16 net = 0;
	u32 i;

	for (i = 0; i < pv->n; i++)
		if (pv->v[i].net && (int)pv->v[i].len > best && kin(&pv->v[i], k)) {
			best = pv->v[i].len;
			net = pv->v[i].net;
		}
	return net;
}

static u16 naive_bound(const struct rf_conf *c, int ifindex)
{
	u32 i;

	for (i = 0; i < c->ndevs; i++)
		if (c->devs[i].ifindex == ifindex)
			return c->devs[i].net;
	return 0;
}

static bool naive_in_net(const struct rf_conf *c, int fam, u16 net,
			 struct rf_key k, bool *has)
{
	const struct rf_pfxvec *pv = &c->pfx[fam];
	u32 i;

	*has = false;
	for (i = 0; i < pv->n; i++) {
		if (pv->v[i].net != net)
			continue;
		*has = true;
		if (kin(&pv->v[i], k))
			return true;
	}
	return false;
}

static bool naive_linked(const struct rf_conf *c, u16 a, u16 b)
{
	u32 i;

	for (i = 0; i < c->nlinks; i++)
		if ((c->links[i].a == a && c->links[i].b == b) ||
		    (c->links[i].a == b && c->links[i].b == a))
			return true;
	return false;
}

/* Rules 1-6 of issue 3 (with docs/design.md: "prefixes of the packet's family") */
static u32 naive_nlinks(const struct rf_conf *c, u16 id)
{
	u32 i, n = 0;

	for (i = 0; i < c->nlinks; i++)
		n += c->links[i].a == id || c->links[i].b == id;
	return n;
}

static void naive_classify(const struct rf_conf *c, const struct rf_pkt *p,
			   struct rf_decision *d)
{
	u16 bound = naive_bound(c, p->iif);
	bool has;

	d->snet = bound ? bound : naive_lpm(c, p->fam, p->src);	/* 1 */
	d->dnet = naive_lpm(c, p->fam, p->dst);			/* 4 */
	if (!d->dnet)
		d->dnet = naive_bound(c, p->oif);
	d->reason = RF_REASON_NONE;
	d->need_route = false;
	if (bound && !naive_in_net(c, p->fam, bound, p->src, &has) && has) {
		d->reason = RF_REASON_SPOOFED;				/* 2 */
		return;
	}
	if (!d->snet) {							/* 3 */
		if (c->set.unmanaged == RF_UNMANAGED_DROP)
			d->reason = RF_REASON_UNMANAGED;
		return;
	}
	if (d->dnet && d->dnet != d->snet && !naive_linked(c, d->snet, d->dnet)) {
		d->reason = RF_REASON_NOT_LINKED;			/* 5 */
		return;
	}
	d->need_route = c->nets[d->snet]->deny_default;			/* 6 */
}

static struct rf_key pick_addr(const struct rf_conf *c, int fam, struct rng *r)
{
	const struct rf_pfxvec *pv = &c->pfx[fam];
	const struct rf_pfx *p;
	struct rf_key k = rkey(r, fam), all = { ~0ULL, ~0ULL }, hm;
	u32 x = rng_below(r, 10);

	if (!pv->n || x < 2)
		return k;
	p = &pv->v[rng_below(r, pv->n)];
	hm = key_mask(all, p->len);
	hm.hi = ~hm.hi;
	hm.lo = ~hm.lo;
	if (fam == RF_FAM_V4) {
		hm.hi &= 0xffffffff00000000ULL;
		hm.lo = 0;
	}
	switch (x) {
	case 2: case 3:		/* first address */
		return p->key;
	case 4: case 5:		/* last address */
		k = p->key;
		k.hi |= hm.hi;
		k.lo |= hm.lo;
		return k;
	case 6:			/* just outside */
		return key_add(p->key, -1, famlen[fam]);
	case 7: {
		struct rf_key l = p->key;

		l.hi |= hm.hi;
		l.lo |= hm.lo;
		return key_add(l, 1, famlen[fam]);
	}
	default:		/* random inside */
		k.hi = (k.hi & hm.hi) | p->key.hi;
		k.lo = (k.lo & hm.lo) | p->key.lo;
		return k;
	}
}

static int pick_if(struct rng *r)
{
	return rng_below(r, 8) ? 1 + (int)rng_below(r, 24) : 0;
}

static bool classify_check(const struct rf_conf *c, const struct rf_gen *g,
			   u32 npk, struct rng *r, int *nfailp)
{
	int nfail = *nfailp;
	bool ok = true;
	u32 i;

	for (i = 0; i < npk && nfail < 5; i++) {
		struct rf_pkt p = { .fam = rng_below(r, 2) };
		struct rf_decision d, w;

		p.src = pick_addr(c, p.fam, r);
		p.dst = pick_addr(c, p.fam, r);
		p.iif = pick_if(r);
		p.oif = pick_if(r);
		memset(&d, 0x55, sizeof(d));
		rf_classify(g, &p, &d);
		naive_classify(c, &p, &w);
		CHECK(d.snet == w.snet && d.dnet == w.dnet && d.reason == w.reason &&
		      d.need_route == w.need_route,
		      "fam %d src %016" PRIx64 ":%016" PRIx64 " dst %016" PRIx64 ":%016" PRIx64
		      " iif %d oif %d: got S %u D %u reason %u route %d, want S %u D %u reason %u route %d",
		      p.fam, p.src.hi, p.src.lo, p.dst.hi, p.dst.lo, p.iif, p.oif,
		      d.snet, d.dnet, d.reason, d.need_route, w.snet, w.dnet,
		      w.reason, w.need_route);
		npackets++;
	}
	*nfailp = nfail;
	return ok;
}

/* a valid random conf: blocks per network, links, bindings, flags */
static struct rf_conf *classify_conf(struct rng *r)
{
	struct scen s = {
		.fams = 3,
		.nnets = 2 + rng_below(r, 10),
	};
	struct rf_conf *c;
	struct gen *g = malloc(sizeof(*g));
	struct rf_err e;
	u32 i, n = 20 + rng_below(r, 300);
	int f;
	u16 a, b;

	c = conf_with_nets(s.nnets, r);
	gen_prefixes(g, &s, n, r);
	for (f = 0; f < NFAMS; f++) {
		/* some networks without prefixes of a family */
		u16 skip = rng_below(r, 2) ? 1 + rng_below(r, s.nnets) : 0;

		for (i = 0; i < g->cand[f].n; i++) {
			struct rf_pfx p = g->cand[f].v[i];

			if (p.net == skip)
				continue;
			rf_pfx_add(c, &p, &e);
		}
		free(g->cand[f].v);
	}
	free(g);
	for (a = 1; a <= s.nnets; a++)
		for (b = a + 1; b <= s.nnets; b++)
			if (!rng_below(r, 3))
				rf_link_add(c, b, a, &e);
	for (i = 1; i <= 24; i++)
		if (rng_below(r, 2))
			rf_dev_add(c, i, 1 + rng_below(r, s.nnets), &e);
	c->set.unmanaged = rng_below(r, 2) ? RF_UNMANAGED_DROP : RF_UNMANAGED_ACCEPT;
	if (rf_conf_validate(c, &e)) {
		printf("BUG: classify conf invalid: %s\n", e.msg);
		exit(2);
	}
	return c;
}

static void classify_diff(struct rng *r)
{
	bool ok = true, reuse_ok = true;
	int nfail = 0, k;

	for (k = 0; k < 30; k++) {
		struct rf_conf *c = classify_conf(r), *c2, *c3;
		struct rf_gen *g1, *g2, *g3;
		struct rf_err e = { "" };
		struct rf_pfx p;
		u16 a, b;

		g1 = rf_gen_build(c, NULL, 1, &e);
		CHECK(!IS_ERR(g1), "rf_gen_build: %s", e.msg);
		if (IS_ERR(g1))
			break;
		ok &= classify_check(c, g1, 6000, r, &nfail);

		/* links, bindings, settings, deny flags: tables reused */
		c2 = rf_conf_clone(c);
		a = 1 + rng_below(r, c2->max_id);
		b = 1 + (a % c2->max_id);
		if (a != b && rf_link_del(c2, a, b, &e))
			rf_link_add(c2, a, b, &e);
		rf_dev_del(c2, 1 + rng_below(r, 24), &e);
		rf_dev_add(c2, 25, a, &e);
		rf_net_set(c2, a, !c2->nets[a]->deny_default);
		c2->set.unmanaged ^= 1;
		CHECK(!rf_conf_validate(c2, &e), "validate c2: %s", e.msg);
		g2 = rf_gen_build(c2, g1, 2, &e);
		CHECK(!IS_ERR(g2), "rf_gen_build c2: %s", e.msg);
		if (IS_ERR(g2))
			break;
		CHECK(g2->lpm[0] == g1->lpm[0] && g2->lpm[1] == g1->lpm[1],
		      "tables not reused after a links/settings change");
		reuse_ok &= ok;
		rf_gen_free(g1);
		ok &= classify_check(c2, g2, 1000, r, &nfail);

		/* a new IPv4 prefix: the IPv4 table is rebuilt, IPv6 reused */
		c3 = rf_conf_clone(c2);
		p = mkpfx(RF_FAM_V4, (struct rf_key){ 0xfe000000ULL << 32, 0 }, 8, a);
		rf_pfx_add(c3, &p, &e);
		CHECK(!rf_conf_validate(c3, &e), "validate c3: %s", e.msg);
		g3 = rf_gen_build(c3, g2, 3, &e);
		CHECK(!IS_ERR(g3), "rf_gen_build c3: %s", e.msg);
		if (IS_ERR(g3))
			break;
		CHECK(g3->lpm[0] != g2->lpm[0] && g3->lpm[1] == g2->lpm[1],
		      "v4 table not rebuilt or v6 table not reused");
		reuse_ok &= ok;
		rf_gen_free(g2);
		ok &= classify_check(c3, g3, 500, r, &nfail);
		rf_gen_free(g3);
		rf_conf_free(c);
		rf_conf_free(c2);
		rf_conf_free(c3);
	}
	printf("  %" PRIu64 " packets compared with the naive rules\n", npackets);
	result("classify_diff", ok && npackets >= 200000);
	result("gen_reuse", reuse_ok);
}

/* ---- rollback, clone, network deletion ---- */

struct snap {
	struct rf_pfx *v[2];
	u32 n[2], sorted[2], dead[2], seq;
	u32 npfx[RF_NET_ID_MAX + 1][2];
};

static void snap_take(struct snap *s, const struct rf_conf *c)
{
	int f;
	u16 id;

	memset(s->npfx, 0, sizeof(s->npfx));
	for (f = 0; f < 2; f++) {
		s->n[f] = c->pfx[f].n;
		s->sorted[f] = c->pfx[f].sorted;
		s->dead[f] = c->pfx[f].dead;
		s->v[f] = malloc(s->n[f] * sizeof(struct rf_pfx) + 1);
		if (s->n[f])
			memcpy(s->v[f], c->pfx[f].v, s->n[f] * sizeof(struct rf_pfx));
	}
	for (id = 1; id <= c->max_id; id++)
		if (c->nets[id])
			for (f = 0; f < 2; f++)
				s->npfx[id][f] = c->nets[id]->npfx[f];
	s->seq = c->pfx_seq;
}

static bool snap_same(const struct snap *s, const struct rf_conf *c)
{
	struct snap t;
	bool same = true;
	int f;

	snap_take(&t, c);
	for (f = 0; f < 2; f++) {
		same &= t.n[f] == s->n[f] && t.sorted[f] == s->sorted[f] &&
			t.dead[f] == s->dead[f] &&
			memeq(t.v[f], s->v[f], s->n[f] * sizeof(struct rf_pfx));
		free(t.v[f]);
	}
	return same && t.seq == s->seq && !memcmp(t.npfx, s->npfx, sizeof(t.npfx));
}

static void snap_free(struct snap *s)
{
	free(s->v[0]);
	free(s->v[1]);
}

static void unit_rollback(struct rng *r)
{
	bool ok = true;
	int nfail = 0, k;
	static struct snap s;

	for (k = 0; k < 200; k++) {
		struct rf_conf *c = classify_conf(r);
		struct rf_pfx_mark m;
		struct rf_pfx_undo u[40];
		struct rf_err e;
		u32 i, nu = 0, nadd = rng_below(r, 40), ndel = rng_below(r, 40);

		/* some uncommitted state first: a tail and tombstones */
		if (k & 1) {
			struct rf_pfx p = mkpfx(1, (struct rf_key){ 0xfe80ULL << 48, 0 }, 64, 1);

			rf_pfx_add(c, &p, &e);
			if (c->pfx[0].n)
				rf_pfx_del(c, &c->pfx[0].v[0], &u[0], &e);
		}
		snap_take(&s, c);
		rf_pfx_mark(c, &m);
		for (i = 0; i < nadd; i++) {
			int f = rng_below(r, 2);
			struct rf_pfx p = mkpfx(f, rkey(r, f), rng_below(r, famlen[f] + 1),
						1 + rng_below(r, c->max_id));

			rf_pfx_add(c, &p, &e);
		}
		rf_pfx_rollback(c, &m);
		CHECK(snap_same(&s, c), "rollback of %u adds: conf differs (k %d)", nadd, k);

		/* deletions, undone in reverse order */
		for (i = 0; i < ndel; i++) {
			int f = rng_below(r, 2);
			const struct rf_pfxvec *pv = &c->pfx[f];
			struct rf_pfx q;

			if (!pv->n)
				continue;
			q = pv->v[rng_below(r, pv->n)];
			if (!q.net)
				continue;
			if (rng_below(r, 2))
				q.net = 0;
			if (!rf_pfx_del(c, &q, &u[nu], &e))
				nu++;
		}
		while (nu)
			rf_pfx_undel(c, &u[--nu]);
		CHECK(snap_same(&s, c), "undel of deletions: conf differs (k %d)", k);
		snap_free(&s);
		rf_conf_free(c);
	}
	result("pfx_rollback_undel", ok);
}

static bool conf_equal(const struct rf_conf *a, const struct rf_conf *b)
{
	int f, i;

	if (a->nnets != b->nnets || a->max_id != b->max_id ||
	    a->ndevs != b->ndevs || a->nlinks != b->nlinks ||
	    a->pfx_seq != b->pfx_seq || memcmp(&a->set, &b->set, sizeof(a->set)) ||
	    memcmp(a->byname, b->byname, sizeof(a->byname)))
		return false;
	for (i = 0; i <= RF_NET_ID_MAX; i++) {
		if (!a->nets[i] != !b->nets[i])
			return false;
		if (a->nets[i] && (a->nets[i] == b->nets[i] ||
				   memcmp(a->nets[i], b->nets[i], sizeof(*a->nets[i]))))
			return false;
	}
	for (f = 0; f < 2; f++) {
		const struct rf_pfxvec *x = &a->pfx[f], *y = &b->pfx[f];

		if (x->n != y->n || x->sorted != y->sorted || x->dead != y->dead ||
		    x->ver != y->ver || (x->n && x->v == y->v) ||
		    !memeq(x->v, y->v, x->n * sizeof(*x->v)))
			return false;
	}
	return !(a->ndevs && a->devs == b->devs) &&
	       memeq(a->devs, b->devs, a->ndevs * sizeof(*a->devs)) &&
	       !(a->nlinks && a->links == b->links) &&
	       memeq(a->links, b->links, a->nlinks * sizeof(*a->links));
}

/* a clone is deep: changing it every way leaves the original alone */
static bool clone_mutate(const struct rf_conf *c, const struct rf_conf *ref,
			 u16 victim)
{
	struct rf_conf *n = rf_conf_clone(c);
	bool ok = true;
	int nfail = 0;
	struct rf_err e;
	struct rf_pfx p;
	u32 i;

	rf_net_add(n, "extra", 0, 1, &e);
	p = mkpfx(0, (struct rf_key){ 0xfe000000ULL << 32, 0 }, 8, victim);
	rf_pfx_add(n, &p, &e);
	if (n->pfx[1].n)
		rf_pfx_del(n, &n->pfx[1].v[0], &(struct rf_pfx_undo){ 0 }, &e);
	rf_link_add(n, victim, rf_net_find(n, "extra"), &e);
	rf_dev_add(n, 30, victim, &e);
	rf_net_set(n, victim, !n->nets[victim]->deny_default);
	n->set.mode = RF_MODE_AUDIT;
	for (i = 0; i < n->pfx[0].n; i++)
		n->pfx[0].v[i].net = n->pfx[0].v[i].net ? victim : 0;
	CHECK(conf_equal(c, ref), "mutating a clone changed the original");
	rf_conf_free(n);
	return ok;
}

/* @n is a clone of @c from which @victim was deleted: nothing of it left */
static bool netdel_gone(const struct rf_conf *c, const struct rf_conf *n,
			u16 victim)
{
	bool ok = true;
	int nfail = 0;
	u32 i;
	u16 id;

	CHECK(!n->nets[victim] && !rf_net_find(n, nname(c, victim)),
	      "deleted network still there");
	CHECK(!rf_net_ndevs(n, victim) && !rf_net_nlinks(n, victim),
	      "bindings or links of the deleted network left");
	for (id = 1; id <= n->max_id; id++)
		CHECK(rf_net_nlinks(n, id) == naive_nlinks(n, id),
		      "network %u: %u links counted, %u in the list", id,
		      rf_net_nlinks(n, id), naive_nlinks(n, id));
	for (i = 0; i < c->ndevs; i++)
		CHECK((c->devs[i].net == victim) ==
		      !rf_dev_find(n, c->devs[i].ifindex), "binding %d",
		      c->devs[i].ifindex);
	for (i = 0; i < c->nlinks; i++) {
		bool gone = c->links[i].a == victim || c->links[i].b == victim;

		CHECK(!gone == naive_linked(n, c->links[i].a, c->links[i].b),
		      "link %u-%u", c->links[i].a, c->links[i].b);
	}
	for (id = 1; id <= c->max_id; id++)
		if (c->nets[id] && id != victim)
			CHECK(rf_net_find(n, c->nets[id]->name) == id,
			      "network %s not found after a deletion",
			      c->nets[id]->name);
	return ok;
}

/* delete @victim from a clone of @c: prefixes, bindings, links go too */
static bool clone_netdel(const struct rf_conf *c, u16 victim)
{
	struct rf_conf *n = rf_conf_clone(c);
	bool ok = true;
	int nfail = 0, f;
	u32 i, before[2];
	struct rf_err e;
	u16 id;

	for (f = 0; f < 2; f++)
		before[f] = n->pfx[f].dead + n->nets[victim]->npfx[f];
	rf_net_del(n, victim);
	for (f = 0; f < 2; f++) {
		CHECK(n->pfx[f].dead == before[f], "fam %d: dead %u, want %u",
		      f, n->pfx[f].dead, before[f]);
		for (i = 0; i < n->pfx[f].n; i++)
			CHECK(n->pfx[f].v[i].net != victim, "prefix of the deleted network left");
	}
	ok &= netdel_gone(c, n, victim);
	CHECK(!rf_conf_validate(n, &e), "validate after net del: %s", e.msg);
	CHECK(rf_conf_npfx(n) == rf_conf_npfx(c) - c->nets[victim]->npfx[0] -
	      c->nets[victim]->npfx[1], "npfx after net del");
	CHECK(!n->pfx[0].dead && !n->pfx[1].dead, "tombstones after validate");
	/* re-add under the same name: the lowest free id */
	id = rf_net_add(n, nname(c, victim), 0, 0, &e);
	CHECK(id == victim || (victim > 1 && id < victim),
	      "re-add got id %u", id);
	CHECK(rf_net_find(n, nname(c, victim)) == id, "re-added not found");
	rf_conf_free(n);
	return ok;
}

/* the name index under many networks, deletions and re-adds */
static bool names_churn(struct rng *r)
{
	struct rf_conf *c = rf_conf_alloc();
	static u16 ids[RF_NET_ID_MAX + 1];
	bool ok = true;
	int nfail = 0, k;
	struct rf_err e;
	char name[32];
	u16 id;

	for (id = 1; id <= RF_NET_ID_MAX; id++) {
		snprintf(name, sizeof(name), "n%x.%u", (unsigned)rng_next(r), id);
		ids[id] = rf_net_add(c, name, 0, 0, &e);
		CHECK(ids[id] == id, "rf_net_add %s: %d %s", name, ids[id], e.msg);
	}
	CHECK(rf_net_add(c, "full", 0, 0, &e) == -ENOSPC, "4096th network");
	for (k = 0; k < 2000; k++) {
		id = 1 + rng_below(r, RF_NET_ID_MAX);
		if (!c->nets[id])
			continue;
		strcpy(name, c->nets[id]->name);
		rf_net_del(c, id);
		CHECK(!rf_net_find(c, name), "deleted %s still found", name);
		if (rng_below(r, 2)) {
			CHECK(rf_net_add(c, name, id, 0, &e) == id, "re-add %s", name);
		}
	}
	for (id = 1; id <= RF_NET_ID_MAX; id++)
		if (c->nets[id])
			CHECK(rf_net_find(c, c->nets[id]->name) == id,
			      "%s not found", c->nets[id]->name);
	CHECK(rf_net_add(c, "bad name", 0, 0, &e) == -EINVAL, "bad name accepted");
	rf_conf_free(c);
	return ok;
}

static void unit_clone_netdel(struct rng *r)
{
	bool ok = true;
	int nfail = 0, k;

	for (k = 0; k < 40; k++) {
		struct rf_conf *c = classify_conf(r), *ref = rf_conf_clone(c);
		u16 victim = 1 + rng_below(r, c->max_id);

		CHECK(conf_equal(c, ref), "clone differs from the original");
		ok &= clone_mutate(c, ref, victim);
		ok &= clone_netdel(c, victim);
		CHECK(conf_equal(c, ref), "original changed");
		rf_conf_free(ref);
		rf_conf_free(c);
	}
	ok &= names_churn(r);
	result("clone_netdel_names", ok);
}

int main(void)
{
	const char *s = getenv("POLICY_SEED");
	struct rng r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	seed = s ? strtoull(s, NULL, 0) : 1;
	r.s = seed;
	printf("policy selftest, POLICY_SEED=%" PRIu64 "\n", seed);
	unit_messages();
	unit_deep_chain();
	unit_del_owner();
	unit_rollback(&r);
	unit_clone_netdel(&r);
	classify_diff(&r);
	validate_diff(&r);
	if (atomic_read(&rf_objects))
		printf("FAIL leak: %d confs/generations at exit\n",
		       atomic_read(&rf_objects));
	if (shim_live_allocs)
		printf("FAIL leak: %ld blocks at exit\n", shim_live_allocs);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || shim_live_allocs || atomic_read(&rf_objects) ? 1 : 0;
}
