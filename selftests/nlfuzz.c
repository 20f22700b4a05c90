// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a spec-driven fuzzer of the routefence generic netlink family.
 *
 * The table of commands and attributes is generated from
 * uapi/routefence.yaml at build time (nlfuzz_gen.py -> nlfuzz_spec.h). Each
 * of several worker processes builds valid-shaped requests for every command
 * and mutates some of them (wrong types and lengths, missing, duplicate,
 * unknown and foreign attributes, out-of-range values, bad strings, truncated
 * and oversized nests, huge prefix batches, unknown commands, random flags,
 * corrupt headers, bit flips), and interleaves transactions that it commits,
 * aborts or abandons by closing its socket. Workers run as root in shared
 * namespaces (--netns), as an unprivileged user there, as root of a new user
 * namespace with a network namespace of its own, and as root of a user
 * namespace talking to a namespace it does not own.
 *
 * What a run asserts, per message: an answer comes (ACK, error or the end
 * of a dump) and is well-formed; an error is a documented errno, never a
 * kernel-internal one; a write from a sender without CAP_NET_ADMIN over the
 * namespace never succeeds. While it runs, the parent watches the kernel log
 * (/dev/kmsg) and stops at the first BUG/WARNING/KASAN/UBSAN/lockdep/RCU
 * report. Every failure prints the seed, the worker, the message number and
 * the message (decoded and in hex). Messages depend only on the seed and the
 * worker, never on the kernel's answers, so "--seed S --worker W" replays one
 * worker's sequence alone.
 *
 * Usage: nlfuzz [--seed N] [--messages N] [--procs N] [--netns NS[,NS...]]
 *               [--worker W] [--timeout S] [-v]
 *
 * Exit: 0 pass, 1 fail, 4 skip (family absent and RF_REQUIRE_MODULE unset).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4

enum fz_type { FZ_U8, FZ_U16, FZ_U32, FZ_U64, FZ_STRING, FZ_BINARY, FZ_NEST,
	       FZ_FLAG, FZ_PAD };

struct fz_attr {
	const char *name;
	int id;
	enum fz_type type;
	unsigned long long min, max, mask;
	int min_len, max_len;
	int nest;		/* index in fz_sets, -1 if not a nest */
	int multi;
};

struct fz_set {
	const char *name;
	int max;		/* highest attribute id */
	const struct fz_attr *attrs;
	int n;
};

struct fz_cmd {
	const char *name;
	int id;
	int has_do, has_dump, admin;
	const int *do_req;
	int n_do;
	const int *dump_req;
	int n_dump;
};

#include "nlfuzz_spec.h"

#define N_SETS		(int)(sizeof(fz_sets) / sizeof(fz_sets[0]))
#define N_CMDS		(int)(sizeof(fz_cmds) / sizeof(fz_cmds[0]))
#define SET_TOP		0	/* the top-level attribute set */
#define LAST_KEEP	4096	/* bytes of each worker's last message kept */
#define MAX_WORKERS	32
#define NAMES		12	/* network names n0..n11 */

/* ---- randomness: splitmix64, one stream per worker ------------------------ */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)	/* 0..n-1 */
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(int percent)
{
	return rnd(100) < (uint32_t)percent;
}

/* ---- the request tree and its serialisation ------------------------------ */

struct node {
	uint16_t type;		/* attribute type, with NLA_F_* bits */
	int len_delta;		/* added to nla_len when serialised */
	bool nest;
	uint8_t *data;		/* leaf payload */
	int len;
	struct node *kids;
	int nkids, cap;
};

struct req {
	int cmd;		/* genl command */
	uint16_t flags;		/* nlmsg_flags */
	uint8_t version;
	uint16_t reserved;
	struct node root;	/* its kids are the top-level attributes */
	int hdr_len_delta;	/* added to nlmsg_len: may lose the answer */
	int cut;		/* serialise only this many bytes (0: all) */
	bool flip;		/* flip bits after the genl header */
	char muts[160];		/* names of the mutations applied */
};

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		perror("nlfuzz: realloc");
		exit(KSFT_FAIL);
	}
	return p;
}

static void buf_put(struct buf *b, const void *d, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (d)
		memcpy(b->p + b->len, d, n);
	else
		memset(b->p + b->len, 0, n);
	b->len += n;
}

static struct node *node_add(struct node *parent, uint16_t type)
{
	struct node *n;

	if (parent->nkids == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->kids = xrealloc(parent->kids, parent->cap * sizeof(*n));
	}
	n = &parent->kids[parent->nkids++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static void node_set(struct node *n, const void *d, int len)
{
	n->data = xrealloc(n->data, len);
	if (len)
		memcpy(n->data, d, len);
	n->len = len;
}

static void node_free(struct node *n)
{
	int i;

	for (i = 0; i < n->nkids; i++)
		node_free(&n->kids[i]);
	free(n->kids);
	free(n->data);
	memset(n, 0, sizeof(*n));
}

static void node_copy(struct node *dst, const struct node *src)
{
	int i;

	*dst = *src;
	dst->data = NULL;
	dst->kids = NULL;
	dst->nkids = dst->cap = 0;
	node_set(dst, src->data, src->len);
	for (i = 0; i < src->nkids; i++)
		node_copy(node_add(dst, 0), &src->kids[i]);
}

static void node_put(struct buf *b, const struct node *n)
{
	size_t start = b->len, pad;
	struct nlattr a = { .nla_type = n->type };
	int i, len;

	buf_put(b, &a, sizeof(a));
	if (n->nest)
		for (i = 0; i < n->nkids; i++)
			node_put(b, &n->kids[i]);
	else
		buf_put(b, n->data, n->len);
	len = (int)(b->len - start) + n->len_delta;
	((struct nlattr *)(b->p + start))->nla_len = (uint16_t)(len < 0 ? 0 : len);
	pad = NLA_ALIGN(b->len - start) - (b->len - start);
	buf_put(b, NULL, pad);
}

static void req_serialise(const struct req *r, int fam, uint32_t seq,
			  struct buf *b)
{
	struct nlmsghdr h = { .nlmsg_type = fam, .nlmsg_flags = r->flags,
			      .nlmsg_seq = seq };
	struct genlmsghdr g = { .cmd = r->cmd, .version = r->version,
				.reserved = r->reserved };
	size_t start = b->len, i;
	long len;

	buf_put(b, &h, sizeof(h));
	buf_put(b, &g, sizeof(g));
	for (i = 0; i < (size_t)r->root.nkids; i++)
		node_put(b, &r->root.kids[i]);
	if (r->flip) {
		size_t body = start + NLMSG_HDRLEN + GENL_HDRLEN;

		for (i = 0; b->len > body && i < 1 + rnd(4); i++)
			b->p[body + rnd(b->len - body)] ^= 1u << rnd(8);
	}
	if (r->cut && start + r->cut < b->len)
		b->len = start + r->cut;
	len = (long)(b->len - start) + r->hdr_len_delta;
	((struct nlmsghdr *)(b->p + start))->nlmsg_len = len < 0 ? 0 : len;
}

/* ---- valid-shaped values ---------------------------------------------------- */

struct ctx {
	int fam;
	int *ifindex;		/* interfaces of the worker's namespace */
	int nif;
};

/* The interfaces of the current namespace, for ifindex values. */
static void list_ifindexes(struct ctx *c)
{
	struct if_nameindex *ifs = if_nameindex(), *i;

	c->nif = 0;
	for (i = ifs; i && i->if_index; i++) {
		c->ifindex = xrealloc(c->ifindex, (c->nif + 1) * sizeof(int));
		c->ifindex[c->nif++] = i->if_index;
	}
	if (ifs)
		if_freenameindex(ifs);
}

static const struct fz_cmd *cmd_by_id(int id)
{
	int i;

	for (i = 0; i < N_CMDS; i++)
		if (fz_cmds[i].id == id)
			return &fz_cmds[i];
	return NULL;
}

static const struct fz_attr *attr_by_id(int set, int id)
{
	int i;

	for (i = 0; i < fz_sets[set].n; i++)
		if (fz_sets[set].attrs[i].id == id)
			return &fz_sets[set].attrs[i];
	return NULL;
}

static bool is(const struct fz_attr *a, const char *name)
{
	return !strcmp(a->name, name);
}

/* The id of attribute @name of set @set_name (the spec must have it). */
static int attr_id(const char *set_name, const char *name)
{
	int s, i;

	for (s = 0; s < N_SETS; s++)
		for (i = 0; !strcmp(fz_sets[s].name, set_name) && i < fz_sets[s].n; i++)
			if (!strcmp(fz_sets[s].attrs[i].name, name))
				return fz_sets[s].attrs[i].id;
	fprintf(stderr, "nlfuzz: the spec has no attribute %s in %s\n", name, set_name);
	exit(KSFT_FAIL);
}

/* The top-level attribute that may repeat (prefix). */
static const struct fz_attr *multi_attr(void)
{
	int i;

	for (i = 0; i < fz_sets[SET_TOP].n; i++)
		if (fz_sets[SET_TOP].attrs[i].multi)
			return &fz_sets[SET_TOP].attrs[i];
	return NULL;
}

static void put_uint(struct node *n, enum fz_type t, unsigned long long v)
{
	uint8_t u8 = v;
	uint16_t u16 = v;
	uint32_t u32 = v;
	uint64_t u64 = v;

	switch (t) {
	case FZ_U8: node_set(n, &u8, 1); break;
	case FZ_U16: node_set(n, &u16, 2); break;
	case FZ_U32: node_set(n, &u32, 4); break;
	default: node_set(n, &u64, 8); break;
	}
}

static unsigned long long in_range(unsigned long long lo, unsigned long long hi)
{
	if (hi <= lo)
		return lo;
	if (chance(20))
		return chance(50) ? lo : hi;
	if (hi - lo + 1 == 0)	/* the whole u64 range */
		return rnd64();
	return lo + rnd64() % (hi - lo + 1);
}

static void gen_name(char *s)
{
	static const char cs[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	int i, n;

	if (chance(90)) {
		sprintf(s, "n%u", rnd(NAMES));
		return;
	}
	n = 1 + rnd(FZ_NAME_MAX - 1);
	for (i = 0; i < n; i++)
		s[i] = cs[rnd(sizeof(cs) - 1)];
	s[n] = 0;
}

static uint32_t gen_id(void)
{
	return chance(90) ? 1 + rnd(NAMES) : 1 + rnd(FZ_NET_ID_MAX);
}

static uint32_t gen_ifindex(const struct ctx *c)
{
	if (c->nif && chance(85))
		return c->ifindex[rnd(c->nif)];
	return 1 + rnd(64);
}

/* An address of @fam (4 or 16 bytes) in the fuzzer's small address space. */
static void gen_addr(uint8_t *a, int alen)
{
	memset(a, 0, 16);
	if (alen == 4) {
		a[0] = chance(90) ? 10 : rnd(256);
		a[1] = rnd(32);
		a[2] = rnd(256);
		a[3] = chance(50) ? 0 : rnd(256);
	} else {
		a[0] = 0xfd;
		a[1] = rnd(4);
		a[2] = rnd(32);
		a[3] = rnd(256);
		if (chance(30))
			a[15] = rnd(256);
	}
}

static void mask_addr(uint8_t *a, int alen, int plen)
{
	int i;

	for (i = 0; i < alen; i++) {
		int keep = plen - i * 8;

		if (keep <= 0)
			a[i] = 0;
		else if (keep < 8)
			a[i] &= 0xff << (8 - keep);
	}
}

/* One prefix nest: addr, len and an owning network (by id or by name). */
/*
 * Prefix @i of the pool all workers share, so that a prefix one adds is
 * often one another deletes: 10.X.Y.0/24 and fd0X:Y::/48, disjoint.
 */
static int pool_prefix(uint8_t *a, int alen, unsigned int i)
{
	memset(a, 0, 16);
	if (alen == 4) {
		a[0] = 10;
		a[1] = i % 32;
		a[2] = i / 32;
		return 24;
	}
	a[0] = 0xfd;
	a[1] = i % 4;
	a[3] = i / 4;
	return 48;
}

static void gen_prefix(struct node *p, bool own)
{
	int alen = chance(60) ? 4 : 16, plen;
	uint8_t a[16], l;
	char name[FZ_NAME_MAX];
	struct node *n;

	gen_addr(a, alen);
	/* mostly long prefixes: short ones overlap everything */
	if (chance(90))
		plen = alen == 4 ? 16 + rnd(17) : 32 + rnd(97);
	else
		plen = alen == 4 ? 8 + rnd(25) : 16 + rnd(113);
	if (chance(3))
		plen = 0;
	if (chance(97))
		mask_addr(a, alen, plen);
	if (chance(60))
		plen = pool_prefix(a, alen, rnd(64));
	p->nest = true;
	node_set(node_add(p, attr_id("prefix", "addr")), a, alen);
	l = plen;
	node_set(node_add(p, attr_id("prefix", "len")), &l, 1);
	if (!own)
		return;
	if (chance(50)) {
		uint32_t id = gen_id();

		node_set(node_add(p, attr_id("prefix", "net-id")), &id, 4);
	} else {
		gen_name(name);
		n = node_add(p, attr_id("prefix", "net-name"));
		node_set(n, name, strlen(name) + 1);
	}
}

static void gen_value(const struct ctx *c, int set, const struct fz_attr *a,
		      struct node *n, const struct fz_cmd *cmd);

static void gen_nest(const struct ctx *c, const struct fz_attr *a,
		     struct node *n, const struct fz_cmd *cmd)
{
	int i;

	n->nest = true;
	n->type |= NLA_F_NESTED;
	if (!strcmp(fz_sets[a->nest].name, "prefix")) {
		gen_prefix(n, strcmp(cmd->name, "prefix-del") || chance(30));
		n->type = a->id | NLA_F_NESTED;
		return;
	}
	for (i = 0; i < fz_sets[a->nest].n; i++)
		if (chance(50))
			gen_value(c, a->nest, &fz_sets[a->nest].attrs[i],
				  node_add(n, fz_sets[a->nest].attrs[i].id), cmd);
}

static void gen_value(const struct ctx *c, int set, const struct fz_attr *a,
		      struct node *n, const struct fz_cmd *cmd)
{
	char s[FZ_NAME_MAX];
	uint8_t addr[16];
	int alen;

	n->type = a->id;
	switch (a->type) {
	case FZ_NEST:
		gen_nest(c, a, n, cmd);
		return;
	case FZ_FLAG:
	case FZ_PAD:
		node_set(n, NULL, 0);
		return;
	case FZ_STRING:
		gen_name(s);
		node_set(n, s, strlen(s) + 1);
		return;
	case FZ_BINARY:
		/* src and dst of one eval: mostly the same family */
		alen = chance(60) ? 4 : 16;
		gen_addr(addr, alen);
		node_set(n, addr, alen);
		return;
	default:
		break;
	}
	if (is(a, "net-id") || is(a, "peer-id"))
		put_uint(n, a->type, gen_id());
	else if (is(a, "ifindex") || is(a, "iif"))
		put_uint(n, a->type, gen_ifindex(c));
	else if (a->mask)
		put_uint(n, a->type, rnd64() & a->mask & (chance(80) ? ~1ULL : ~0ULL));
	else
		put_uint(n, a->type, in_range(a->min, a->max));
	(void)set;
}

/* eval's src and dst: make them one family, most of the time. */
static void fix_families(struct req *r)
{
	struct node *src = NULL, *dst = NULL;
	uint8_t a[16];
	int i;

	for (i = 0; i < r->root.nkids; i++) {
		struct node *n = &r->root.kids[i];
		const struct fz_attr *fa = attr_by_id(SET_TOP, n->type);

		if (fa && is(fa, "src"))
			src = n;
		if (fa && is(fa, "dst"))
			dst = n;
	}
	if (src && dst && src->len != dst->len && chance(90)) {
		gen_addr(a, src->len);
		node_set(dst, a, src->len);
	}
}

/* Remove the top-level attribute @id from @r, if there. */
static void drop_attr(struct req *r, int id)
{
	int i;

	for (i = 0; i < r->root.nkids; i++) {
		if (r->root.kids[i].type != id)
			continue;
		node_free(&r->root.kids[i]);
		memmove(&r->root.kids[i], &r->root.kids[i + 1],
			(r->root.nkids - i - 1) * sizeof(r->root.kids[0]));
		r->root.nkids--;
		return;
	}
}

/*
 * An object is selected by id or by name: giving both mostly names two
 * different networks, so keep one of them most of the time (net-new takes
 * both: the name of the new network and the id it wants).
 */
static void one_selector(struct req *r, const struct fz_cmd *cmd)
{
	static const char *const pairs[][2] = {
		{ "net-id", "net-name" }, { "peer-id", "peer-name" },
	};
	int i;

	for (i = 0; i < 2; i++) {
		if (!strcmp(cmd->name, "net-new") || chance(10))
			return;
		drop_attr(r, attr_id(fz_sets[SET_TOP].name, pairs[i][chance(50)]));
	}
}

/* net-new mostly names network id N "n<N-1>", so that ids and names agree. */
static void name_by_id(struct req *r, const struct fz_cmd *cmd)
{
	int id_type = attr_id(fz_sets[SET_TOP].name, "net-id");
	int name_type = attr_id(fz_sets[SET_TOP].name, "net-name");
	struct node *id = NULL, *name = NULL;
	uint32_t v;
	char s[16];
	int i;

	if (strcmp(cmd->name, "net-new") || !chance(80))
		return;
	for (i = 0; i < r->root.nkids; i++) {
		if (r->root.kids[i].type == id_type && r->root.kids[i].len == 4)
			id = &r->root.kids[i];
		if (r->root.kids[i].type == name_type)
			name = &r->root.kids[i];
	}
	if (!id || !name)
		return;
	memcpy(&v, id->data, 4);
	if (v < 1 || v > NAMES)
		return;
	snprintf(s, sizeof(s), "n%u", v - 1);
	node_set(name, s, strlen(s) + 1);
}

/* A valid-shaped request of @cmd (its do, or its dump with @dump). */
static void gen_request(const struct ctx *c, const struct fz_cmd *cmd,
			bool dump, struct req *r)
{
	const int *ids = dump ? cmd->dump_req : cmd->do_req;
	int n = dump ? cmd->n_dump : cmd->n_do, i, k, count;

	memset(r, 0, sizeof(*r));
	r->cmd = cmd->id;
	r->version = FZ_FAMILY_VERSION;
	r->flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	for (i = 0; i < n; i++) {
		const struct fz_attr *a = attr_by_id(SET_TOP, ids[i]);

		if (!a || (!a->multi && !chance(80)))
			continue;
		count = 1;
		/* all or none: mostly one or a few, sometimes a huge batch */
		if (a->multi)
			count = chance(70) ? 1 : chance(95) ? 2 + rnd(7) :
				1 + rnd(FZ_PREFIX_BATCH_MAX);
		for (k = 0; k < count; k++)
			gen_value(c, SET_TOP, a, node_add(&r->root, a->id), cmd);
	}
	one_selector(r, cmd);
	name_by_id(r, cmd);
	fix_families(r);
}

/* ---- mutations ---------------------------------------------------------------- */

static void note(struct req *r, const char *what)
{
	size_t l = strlen(r->muts);

	snprintf(r->muts + l, sizeof(r->muts) - l, "%s%s", l ? "," : "", what);
}

/* A random node of the tree (the root's kids and their kids), or NULL. */
static struct node *pick(struct node *root, struct node **parent)
{
	struct node *p = root, *n = NULL;
	int depth;

	for (depth = 0; depth < 3 && p->nkids; depth++) {
		n = &p->kids[rnd(p->nkids)];
		*parent = p;
		if (!n->nest || !n->nkids || chance(50))
			break;
		p = n;
	}
	return n;
}

static void mut_len(struct req *r)
{
	static const int lens[] = { 0, 1, 2, 3, 5, 7, 8, 9, 15, 17, 33, 300 };
	struct node *parent, *n = pick(&r->root, &parent);
	uint8_t junk[300];
	int i;

	if (!n || n->nest)
		return;
	for (i = 0; i < (int)sizeof(junk); i++)
		junk[i] = rnd(256);
	node_set(n, junk, lens[rnd(sizeof(lens) / sizeof(lens[0]))]);
	note(r, "length");
}

static void mut_type(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent);
	uint32_t v = rnd64();

	if (!n)
		return;
	if (n->nest) {		/* a nest becomes a leaf */
		uint16_t type = n->type;

		node_free(n);
		n->type = chance(50) ? type : type & NLA_TYPE_MASK;
		node_set(n, &v, 4);
	} else {		/* a leaf becomes a nest of junk */
		free(n->data);
		n->data = NULL;
		n->len = 0;
		n->nest = true;
		node_set(node_add(n, 1 + rnd(4)), &v, 4);
		if (chance(50))
			n->type |= NLA_F_NESTED;
	}
	note(r, "type");
}

static void mut_drop(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent);
	int i;

	if (!n)
		return;
	i = n - parent->kids;
	node_free(n);
	memmove(&parent->kids[i], &parent->kids[i + 1],
		(parent->nkids - i - 1) * sizeof(*n));
	parent->nkids--;
	note(r, "missing");
}

static void mut_dup(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent), copy;
	int times = chance(90) ? 1 : 1 + rnd(200), i;

	if (!n)
		return;
	node_copy(&copy, n);
	for (i = 0; i < times; i++)
		node_copy(node_add(parent, 0), &copy);
	node_free(&copy);
	note(r, "duplicate");
}

static void mut_unknown(struct req *r, const struct ctx *c)
{
	struct node *parent = &r->root, *n;
	uint32_t v = rnd64();
	int type;

	if (chance(40) && r->root.nkids) {
		n = &r->root.kids[rnd(r->root.nkids)];
		if (n->nest)
			parent = n;
	}
	switch (rnd(3)) {
	case 0:
		type = fz_sets[SET_TOP].max + 1 + rnd(4);
		break;
	case 1:
		type = rnd(0x4000);
		break;
	default:	/* an attribute of the family the command does not take */
		type = 1 + rnd(fz_sets[SET_TOP].max);
		if (parent == &r->root) {
			const struct fz_cmd *cmd = cmd_by_id(r->cmd);

			n = node_add(parent, type);
			gen_value(c, SET_TOP, attr_by_id(SET_TOP, type), n,
				  cmd ? cmd : &fz_cmds[0]);
			note(r, "foreign");
			return;
		}
	}
	node_set(node_add(parent, type), &v, 1 + rnd(8));
	note(r, "unknown-attr");
}

static void mut_range(struct req *r)
{
	static const unsigned long long vals[] = {
		0, 1, 2, 4095, 4096, 65535, 65536, 0x7fffffff, 0x80000000,
		0xffffffff, 129, 255, 1000001
	};
	struct node *parent, *n = pick(&r->root, &parent);
	unsigned long long v = vals[rnd(sizeof(vals) / sizeof(vals[0]))];

	if (!n || n->nest || !(n->len == 1 || n->len == 2 || n->len == 4 || n->len == 8))
		return;
	memcpy(n->data, &v, n->len);
	note(r, "range");
}

static void mut_string(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent);
	char s[300];
	int len = 1 + rnd(sizeof(s) - 1), i;

	if (!n || n->nest)
		return;
	for (i = 0; i < len; i++)
		s[i] = chance(90) ? 'a' + rnd(26) : rnd(256);
	switch (rnd(4)) {
	case 0:
		node_set(n, s, len);		/* no NUL */
		break;
	case 1:
		node_set(n, "", 1);		/* empty */
		break;
	case 2:
		s[len - 1] = 0;			/* long or odd characters */
		node_set(n, s, len);
		break;
	default:
		s[0] = 'x';
		s[1] = 0;			/* NUL inside */
		node_set(n, s, len);
	}
	note(r, "string");
}

static void mut_nest_flags(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent);

	if (!n)
		return;
	n->type ^= chance(70) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
	note(r, "nla-flags");
}

static void mut_trunc_nest(struct req *r)
{
	struct node *parent, *n = pick(&r->root, &parent);

	if (!n)
		return;
	n->len_delta = chance(50) ? -(int)(1 + rnd(12)) : 1 + rnd(64);
	note(r, "nla-len");
}

/* Many prefix nests: at, just above or far above the batch limit. */
static void mut_huge(struct req *r, const struct ctx *c)
{
	static const int counts[] = { FZ_PREFIX_BATCH_MAX, FZ_PREFIX_BATCH_MAX + 1,
				      3 * FZ_PREFIX_BATCH_MAX };
	const struct fz_attr *a = multi_attr();
	const struct fz_cmd *cmd = cmd_by_id(r->cmd);
	int i, n = counts[rnd(3)];

	if (!a)
		return;
	for (i = 0; i < n; i++)
		gen_value(c, SET_TOP, a, node_add(&r->root, a->id),
			  cmd ? cmd : &fz_cmds[0]);
	note(r, "huge-count");
}

/* One nest holding thousands of attributes (nla_len may wrap). */
static void mut_big_nest(struct req *r)
{
	const struct fz_attr *a = multi_attr();
	struct node *n = node_add(&r->root, (a ? a->id : 1) | NLA_F_NESTED);
	uint32_t v = 1;
	int i, count = 100 + rnd(20000);

	n->nest = true;
	for (i = 0; i < count; i++)
		node_set(node_add(n, 1 + rnd(4)), &v, 4);
	note(r, "big-nest");
}

static void mut_cmd(struct req *r)
{
	switch (rnd(3)) {
	case 0:
		r->cmd = 0;
		break;
	case 1:
		r->cmd = fz_cmds[N_CMDS - 1].id + 1 + rnd(8);
		break;
	default:
		r->cmd = rnd(256);
	}
	note(r, "command");
}

static void mut_flags(struct req *r)
{
	static const uint16_t bits[] = {
		NLM_F_DUMP, NLM_F_ECHO, NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
		NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND, NLM_F_REPLACE,
		NLM_F_MULTI, NLM_F_DUMP_INTR, 0x8000, 0x4000,
	};
	int i;

	for (i = 0; i < 1 + (int)rnd(3); i++)
		r->flags ^= bits[rnd(sizeof(bits) / sizeof(bits[0]))];
	r->flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (chance(20))
		r->version = rnd(256);
	if (chance(10))
		r->reserved = rnd(65536);
	note(r, "flags");
}

static void mutate(struct req *r, const struct ctx *c)
{
	int i, n = 1 + rnd(3);

	for (i = 0; i < n; i++) {
		switch (rnd(17)) {
		case 0: case 1: mut_len(r); break;
		case 2: mut_type(r); break;
		case 3: case 4: mut_drop(r); break;
		case 5: mut_dup(r); break;
		case 6: case 7: mut_unknown(r, c); break;
		case 8: mut_range(r); break;
		case 9: mut_string(r); break;
		case 10: mut_nest_flags(r); break;
		case 11: mut_trunc_nest(r); break;
		case 12:
			if (chance(10))
				mut_huge(r, c);
			else
				mut_big_nest(r);
			break;
		case 13: mut_cmd(r); break;
		case 14: mut_flags(r); break;
		case 15:
			r->flip = true;
			note(r, "bit-flip");
			break;
		default:
			if (chance(50)) {
				r->cut = 1 + rnd(64);
				note(r, "truncated");
			} else {
				r->hdr_len_delta = chance(50) ? -(int)rnd(24) : 1 + rnd(64);
				note(r, "nlmsg-len");
			}
		}
	}
}

/* ---- shared state: counters and every worker's last message ------------------ */

enum role { ROOT_SHARED, UNPRIV_SHARED, USERNS_OWN, USERNS_SHARED, N_ROLES };

static const char *const role_names[] = {
	"root in a shared namespace", "unprivileged user in a shared namespace",
	"root of a new user namespace, own network namespace",
	"root of a new user namespace, shared network namespace",
};

/* Roles by worker index: every role is present from four workers on. */
static const enum role role_order[] = {
	ROOT_SHARED, ROOT_SHARED, UNPRIV_SHARED, USERNS_OWN, USERNS_SHARED,
	ROOT_SHARED,
};

struct worker_state {
	pid_t pid;
	enum role role;
	unsigned long msgno;		/* number of the last message sent */
	unsigned long sent, ok, refused, dumps, lost_ok, too_big;
	unsigned long commits, aborts, abandoned, no_extack;
	unsigned long err[140];		/* refusals by errno */
	unsigned long cmd_sent[64], cmd_ok[64];	/* by command id */
	int last_len;			/* the last message, as sent */
	int last_full_len;
	uint8_t last[LAST_KEEP];
	char last_muts[160];
	char last_cmd[48];
};

static struct worker_state *ws;	/* MAP_SHARED, one per worker */

/* ---- reporting ----------------------------------------------------------------- */

static unsigned long long opt_seed;
static unsigned long opt_messages = 20000;
static int opt_procs = 6, opt_timeout = 60, opt_verbose, opt_worker = -1;
static char *opt_netns[8];
static int n_netns;

static void hexdump(const uint8_t *p, int len, int full)
{
	int i;

	for (i = 0; i < len; i++)
		fprintf(stderr, "%s%02x", i % 32 ? (i % 4 ? "" : " ") : "\n#     ",
			p[i]);
	if (full > len)
		fprintf(stderr, "\n#     ... (%d bytes in all)", full);
	fputc('\n', stderr);
}

static void decode_attrs(const uint8_t *p, int len, int depth)
{
	while (len >= 4) {
		const struct nlattr *a = (const void *)p;
		int alen = a->nla_len, shown = alen < len ? alen : len;

		fprintf(stderr, "#   %*stype %u%s%s len %u%s\n", depth * 2, "",
			a->nla_type & NLA_TYPE_MASK,
			a->nla_type & NLA_F_NESTED ? " NESTED" : "",
			a->nla_type & NLA_F_NET_BYTEORDER ? " NET_BYTEORDER" : "",
			alen, alen > len ? " (beyond the end)" : "");
		if (alen < 4)
			return;
		if (a->nla_type & NLA_F_NESTED && depth < 3)
			decode_attrs(p + 4, shown - 4, depth + 1);
		p += NLA_ALIGN(alen);
		len -= NLA_ALIGN(alen);
	}
}

static void show_message(int w)
{
	const struct worker_state *s = &ws[w];
	int off = 0;

	fprintf(stderr, "# worker %d (%s), message %lu: %s%s%s\n", w,
		role_names[s->role], s->msgno, s->last_cmd,
		s->last_muts[0] ? ", mutations: " : " (valid-shaped)", s->last_muts);
	/* each message of the datagram, as far as it was kept */
	while (off + NLMSG_HDRLEN + GENL_HDRLEN <= s->last_len) {
		const struct nlmsghdr *h = (const void *)(s->last + off);
		const struct genlmsghdr *g = NLMSG_DATA(h);
		int len = h->nlmsg_len, body;

		if (len > s->last_len - off)
			len = s->last_len - off;
		body = len - NLMSG_HDRLEN - GENL_HDRLEN;
		fprintf(stderr, "#   nlmsg_len %u flags 0x%x seq %u, cmd %u version %u\n",
			h->nlmsg_len, h->nlmsg_flags, h->nlmsg_seq, g->cmd,
			g->version);
		if (body > 0)
			decode_attrs(s->last + off + NLMSG_HDRLEN + GENL_HDRLEN, body, 0);
		if (h->nlmsg_len < NLMSG_HDRLEN)
			break;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	fprintf(stderr, "#   bytes:");
	hexdump(s->last, s->last_len, s->last_full_len);
}

static int self_index = -1;

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "# nlfuzz: FAIL seed=%llu", opt_seed);
	if (self_index >= 0)
		fprintf(stderr, " worker=%d message=%lu", self_index,
			ws[self_index].msgno);
	fprintf(stderr, ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (self_index >= 0) {
		show_message(self_index);
		fprintf(stderr, "# replay: nlfuzz --seed %llu --messages %lu --procs %d --worker %d%s%s\n",
			opt_seed, opt_messages, opt_procs, self_index,
			n_netns ? " --netns " : "", n_netns ? opt_netns[0] : "");
	}
	exit(KSFT_FAIL);
}

/* ---- talking to the kernel ------------------------------------------------------- */

struct sock {
	struct nl_sock *sk;
	uint32_t seq;
};

static int sock_open(struct sock *s)
{
	int one = 1, fd, size = 8 << 20;
	struct timeval tv = { .tv_sec = opt_timeout };

	s->sk = nl_socket_alloc();
	if (!s->sk || nl_connect(s->sk, NETLINK_GENERIC))
		return -1;
	fd = nl_socket_get_fd(s->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* as large as allowed: FORCE as root, else capped by [rw]mem_max */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	nl_socket_disable_auto_ack(s->sk);
	nl_socket_disable_seq_check(s->sk);
	nl_socket_enable_msg_peek(s->sk);
	s->seq = 1000;
	return 0;
}

static void sock_close(struct sock *s)
{
	nl_socket_free(s->sk);
	s->sk = NULL;
}

/* Errnos a refusal may carry; anything else is a finding. */
static bool errno_documented(int e)
{
	switch (e) {
	case EINVAL: case ERANGE: case EPERM: case EOPNOTSUPP: case ENOENT:
	case EEXIST: case EBUSY: case ENOMEM: case E2BIG: case ENOSPC:
	case ENODEV: case ENETUNREACH: case EADDRNOTAVAIL: case EMSGSIZE:
	case ENOBUFS: case EAFNOSUPPORT: case EMLINK: case ENOTEMPTY:
	case ENOTCONN: case ENODATA: case EOVERFLOW:
		return true;
	}
	return false;
}

struct answer {
	bool done;
	int err;		/* positive errno, 0 ok, -1 no answer */
	bool extack_msg;
	int data;		/* data messages */
};

/* Check that a data message is a well-formed genl message of ours. */
static void check_data(const struct nlmsghdr *h, int fam)
{
	int len = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(h) + GENL_HDRLEN;

	if (h->nlmsg_type != fam)
		fail("answer of type %u, expected the family (%d) or an ack",
		     h->nlmsg_type, fam);
	if (len < 0)
		fail("answer shorter than a genl header (%u bytes)", h->nlmsg_len);
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			fail("malformed attribute (type %u, len %u of %d left) in an answer",
			     a->nla_type, a->nla_len, len);
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
}

static void parse_ack(const struct nlmsghdr *h, struct answer *a)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	int off = sizeof(*e), len = h->nlmsg_len - NLMSG_HDRLEN;
	const uint8_t *p = NLMSG_DATA(h);

	a->err = -e->error;
	if (h->nlmsg_type == NLMSG_DONE) {
		a->err = -*(const int *)p;
		off = sizeof(int);
	} else if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *t = (const void *)(p + off);

		if (t->nla_len < NLA_HDRLEN)
			break;
		if ((t->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			a->extack_msg = true;
		off += NLA_ALIGN(t->nla_len);
	}
}

/*
 * Wait for the answers (ACK, error, end of dump) to the @n requests sent
 * with sequence numbers @first..: the parts of a dump and the answers to
 * the requests after it in the same datagram interleave. Other sequence
 * numbers are stale and skipped. Return: 0, -ETIMEDOUT (the unanswered
 * have !done) or -ENOBUFS (the receive queue overran).
 */
static int wait_answers(struct sock *s, uint32_t first, int n, int fam,
			struct answer *a)
{
	struct sockaddr_nl peer;
	unsigned char *buf;
	int i, len, left = n;

	for (i = 0; i < n; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].err = -1;
	}
	while (left) {
		struct nlmsghdr *h;

		len = nl_recv(s->sk, &peer, &buf, NULL);
		if (len == -NLE_NOMEM || len == -NLE_MSG_OVERFLOW)
			return -ENOBUFS;
		if (len <= 0)
			return -ETIMEDOUT;
		for (h = (void *)buf; nlmsg_ok(h, len); h = nlmsg_next(h, &len)) {
			uint32_t k = h->nlmsg_seq - first;

			if (k >= (uint32_t)n || a[k].done)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
				parse_ack(h, &a[k]);
				a[k].done = true;
				left--;
				continue;
			}
			check_data(h, fam);
			a[k].data++;
		}
		free(buf);
	}
	return 0;
}

/* Send @b to the kernel as it is: 0 or an errno. */
static int raw_send(struct sock *s, const struct buf *b)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(nl_socket_get_fd(s->sk), b->p, b->len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return errno;
	return 0;
}

/* A request whose answer must come: config-get; drains what is stale. */
static int sync_sock(struct sock *s, int fam)
{
	const struct fz_cmd *cmd = NULL;
	struct answer a;
	struct buf b = {};
	struct req r;
	int i, err;

	for (i = 0; i < N_CMDS && !cmd; i++)
		if (!strcmp(fz_cmds[i].name, "config-get"))
			cmd = &fz_cmds[i];
	memset(&r, 0, sizeof(r));
	r.cmd = cmd->id;
	r.version = FZ_FAMILY_VERSION;
	r.flags = NLM_F_REQUEST | NLM_F_ACK;
	req_serialise(&r, fam, ++s->seq, &b);
	err = raw_send(s, &b);
	free(b.p);
	if (err)
		return -err;
	return wait_answers(s, s->seq, 1, fam, &a);
}

/* ---- a worker -------------------------------------------------------------------- */

struct worker {
	int idx;
	enum role role;
	struct ctx c;
	struct sock s;
	struct nl_sock *rt;	/* rtnetlink, for interface churn */
	struct worker_state *st;
	bool txn;		/* a transaction is (probably) open */
};

static bool header_intact(const struct req *r)
{
	return !r->hdr_len_delta && !r->cut;
}

static void record(struct worker *w, const struct buf *b, const struct req *r,
		   const char *cmdname)
{
	struct worker_state *st = w->st;

	st->last_full_len = b->len;
	st->last_len = b->len < LAST_KEEP ? b->len : LAST_KEEP;
	memcpy(st->last, b->p, st->last_len);
	snprintf(st->last_muts, sizeof(st->last_muts), "%s", r->muts);
	snprintf(st->last_cmd, sizeof(st->last_cmd), "%s", cmdname);
}

/* The name of command @id into @buf (48 bytes), which it returns. */
static const char *cmd_name(int id, char *buf)
{
	const struct fz_cmd *c = cmd_by_id(id);

	if (c)
		snprintf(buf, 48, "%s", c->name);
	else
		snprintf(buf, 48, "command %d", id);
	return buf;
}

static bool write_refused_role(enum role r)
{
	return r == UNPRIV_SHARED || r == USERNS_SHARED;
}

static bool is_dump(const struct req *r)
{
	return (r->flags & NLM_F_DUMP) == NLM_F_DUMP;
}

static void judge(struct worker *w, const struct req *r, const struct answer *a)
{
	const struct fz_cmd *cmd = cmd_by_id(r->cmd);
	struct worker_state *st = w->st;

	if (r->cmd >= 0 && r->cmd < 64)
		st->cmd_sent[r->cmd]++;
	if (a->err == 0) {
		st->ok++;
		if (r->cmd >= 0 && r->cmd < 64)
			st->cmd_ok[r->cmd]++;
		if (cmd && cmd->admin && write_refused_role(w->role))
			fail("%s succeeded for a sender without CAP_NET_ADMIN over the namespace",
			     cmd->name);
		return;
	}
	st->refused++;
	if (a->err > 0 && a->err < (int)(sizeof(st->err) / sizeof(st->err[0])))
		st->err[a->err]++;
	if (!errno_documented(a->err))
		fail("refused with errno %d (%s), not one a netlink client can expect",
		     a->err, strerror(a->err));
	if (a->extack_msg)
		return;
	st->no_extack++;
	/*
	 * The generic netlink core refuses a missing permission (EPERM) and
	 * an unknown command or dump (EOPNOTSUPP) without a message, the
	 * netlink core a dump while the socket has one running (EBUSY);
	 * memory shortage may have none. Every other refusal explains itself.
	 */
	if (a->err == EBUSY && is_dump(r))
		return;
	if (a->err != EPERM && a->err != EOPNOTSUPP && a->err != ENOMEM &&
	    a->err != ENOBUFS && a->err != EMSGSIZE)
		fail("refused with %s and no extack message",
		     strerrorname_np(a->err) ?: "?");
}

/*
 * Send @n requests in one datagram (the kernel runs them in turn) and
 * judge every answer. Only the last one may have a lying length.
 */
static void send_reqs(struct worker *w, struct req *r, int n)
{
	uint32_t first = w->s.seq + 1;
	struct answer a[4];
	struct buf b = {};
	char what[48];
	int i, err, nwait;

	for (i = 0; i < n; i++)
		req_serialise(&r[i], w->c.fam, ++w->s.seq, &b);
	w->st->msgno += n;
	w->st->sent += n;
	if (n == 1)
		cmd_name(r->cmd, what);
	else
		snprintf(what, sizeof(what), "%d requests in one datagram", n);
	record(w, &b, &r[n - 1], what);
	if (opt_verbose) {
		self_index = w->idx;
		show_message(w->idx);
	}
	err = raw_send(&w->s, &b);
	free(b.p);
	if (err) {
		if (err == EMSGSIZE || err == ENOBUFS || err == ENOMEM) {
			w->st->too_big++;	/* over the socket's send buffer */
			return;
		}
		fail("send: %s", strerror(err));
	}
	/* The kernel drops a message whose length lies, silently. */
	nwait = header_intact(&r[n - 1]) ? n : n - 1;
	err = wait_answers(&w->s, first, nwait, w->c.fam, a);
	if (err == -ENOBUFS) {
		w->st->lost_ok += n;
		if (sync_sock(&w->s, w->c.fam))
			fail("no answer after a receive queue overrun");
		return;
	}
	for (i = 0; err && i < nwait; i++)
		if (!a[i].done)
			fail("no answer to seq %u (request %d of %d) within %d s",
			     first + i, i + 1, n, opt_timeout);
	for (i = 0; i < nwait; i++) {
		if (is_dump(&r[i]))
			w->st->dumps++;
		judge(w, &r[i], &a[i]);
	}
	if (nwait < n) {
		w->st->lost_ok++;
		if (sync_sock(&w->s, w->c.fam))
			fail("no answer to a config-get after a message with a bad length");
	}
}

static void send_req(struct worker *w, struct req *r)
{
	send_reqs(w, r, 1);
}

static const struct fz_cmd *cmd_named(const char *name)
{
	int i;

	for (i = 0; i < N_CMDS; i++)
		if (!strcmp(fz_cmds[i].name, name))
			return &fz_cmds[i];
	return NULL;
}

/* txn-begin, txn-commit or txn-abort, valid-shaped (flags chosen here). */
static void txn_req(struct worker *w, const char *name)
{
	const struct fz_cmd *cmd = cmd_named(name);
	struct req r;
	uint32_t f = 0;

	if (!cmd)
		return;
	memset(&r, 0, sizeof(r));
	r.cmd = cmd->id;
	r.version = FZ_FAMILY_VERSION;
	r.flags = NLM_F_REQUEST | NLM_F_ACK;
	if (cmd->n_do) {
		/* replace on begin now and then, check on commit now and then */
		f = !strcmp(name, "txn-begin") ? (chance(3) ? 1 : 0) :
						   (chance(15) ? 2 : 0);
		if (f || chance(30))
			node_set(node_add(&r.root, cmd->do_req[0]), &f, 4);
	}
	send_req(w, &r);
	node_free(&r.root);
	if (!strcmp(name, "txn-begin"))
		w->txn = true;
	else if (!strcmp(name, "txn-commit"))
		w->st->commits++, w->txn = false;
	else
		w->st->aborts++, w->txn = false;
}

static void reopen(struct worker *w)
{
	if (w->txn)
		w->st->abandoned++;
	w->txn = false;
	sock_close(&w->s);
	if (sock_open(&w->s))
		fail("cannot open a netlink socket again");
}

/*
 * In a namespace of its own, create and delete dummy interfaces fz0..fz3
 * between requests: bound interfaces disappear under the policy, during
 * transactions too.
 */
static void link_churn(struct worker *w)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	bool add = chance(50);
	struct nlattr *li;
	struct nl_msg *m;
	char name[16];

	snprintf(name, sizeof(name), "fz%u", rnd(4));
	m = nlmsg_alloc_simple(add ? RTM_NEWLINK : RTM_DELLINK,
			       NLM_F_REQUEST | (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	if (!m || nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) ||
	    nla_put_string(m, IFLA_IFNAME, name))
		fail("cannot build an rtnetlink request");
	if (add) {
		li = nla_nest_start(m, IFLA_LINKINFO);
		nla_put_string(m, IFLA_INFO_KIND, "dummy");
		nla_nest_end(m, li);
	}
	nl_send_sync(w->rt, m);		/* EEXIST and ENODEV are fine */
	list_ifindexes(&w->c);
}

static bool ends_with(const char *s, const char *end)
{
	size_t l = strlen(s), e = strlen(end);

	return l >= e && !strcmp(s + l - e, end);
}

/*
 * Which command: the writes that build a policy (*-new, *-set) half of the
 * time, so that the namespaces hold one worth checking afterwards; those
 * that wipe it (flush, stats-reset) rarely; a command without a do or a
 * dump (a notification) now and then.
 */
static const struct fz_cmd *pick_cmd(void)
{
	const struct fz_cmd *cmd;
	bool build = chance(50);

	for (;;) {
		cmd = &fz_cmds[rnd(N_CMDS)];
		if (!cmd->has_do && !cmd->has_dump && !chance(5))
			continue;
		if (build && !ends_with(cmd->name, "-new") &&
		    !ends_with(cmd->name, "-set"))
			continue;
		if ((!strcmp(cmd->name, "flush") || !strcmp(cmd->name, "stats-reset")) &&
		    !chance(5))
			continue;
		return cmd;
	}
}

/*
 * A request for a command with a do or a dump, mutated 40% of the time;
 * now and then two to four of them in one datagram.
 */
static void fuzz_one(struct worker *w)
{
	int i, n = chance(3) ? 2 + rnd(3) : 1;
	struct req r[4];

	for (i = 0; i < n; i++) {
		const struct fz_cmd *cmd = pick_cmd();

		gen_request(&w->c, cmd, cmd->has_dump && (!cmd->has_do || chance(50)),
			    &r[i]);
		if (chance(40))
			mutate(&r[i], &w->c);
		if (i < n - 1)		/* a lying length ends the datagram */
			r[i].cut = r[i].hdr_len_delta = 0;
	}
	send_reqs(w, r, n);
	for (i = 0; i < n; i++)
		node_free(&r[i].root);
}

static void worker_loop(struct worker *w, unsigned long n)
{
	unsigned long i;
	uint32_t x;

	for (i = 0; i < n; i++) {
		x = rnd(1000);
		if (x < 30)
			txn_req(w, "txn-begin");
		else if (x < 50)
			txn_req(w, "txn-commit");
		else if (x < 60)
			txn_req(w, "txn-abort");
		else if (x < 70)
			reopen(w);
		else if (x < 80 && w->rt)
			link_churn(w);
		else
			fuzz_one(w);
	}
}

/* ---- setting up a worker's identity and namespace --------------------------------- */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok ? 0 : -1;
}

static void drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		fail("cannot become nobody: %s", strerror(errno));
	prctl(PR_SET_DUMPABLE, 1);
}

/* Become root of a new user namespace (mapped to our current ids). */
static void new_userns(int extra_flags)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER | extra_flags))
		fail("unshare(CLONE_NEWUSER): %s", strerror(errno));
	snprintf(map, sizeof(map), "0 %u 1", uid);
	if (write_file("/proc/self/uid_map", map))
		fail("uid_map: %s", strerror(errno));
	write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", gid);
	if (write_file("/proc/self/gid_map", map))
		fail("gid_map: %s", strerror(errno));
}

static void enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		fail("cannot enter network namespace %s: %s", name, strerror(errno));
	close(fd);
}

static void worker_setup(struct worker *w)
{
	const char *ns = n_netns ? opt_netns[w->idx % n_netns] : NULL;

	if (w->role != USERNS_OWN && ns)
		enter_netns(ns);
	switch (w->role) {
	case UNPRIV_SHARED:
		drop_to_nobody();
		break;
	case USERNS_OWN:
		drop_to_nobody();
		new_userns(CLONE_NEWNET);
		break;
	case USERNS_SHARED:	/* the socket is opened before */
	case ROOT_SHARED:
	case N_ROLES:
		break;
	}
	if (w->role == USERNS_OWN) {
		w->rt = nl_socket_alloc();
		if (!w->rt || nl_connect(w->rt, NETLINK_ROUTE))
			fail("cannot open an rtnetlink socket");
	}
	list_ifindexes(&w->c);
	if (sock_open(&w->s))
		fail("cannot open a netlink socket");
	if (w->role == USERNS_SHARED)
		new_userns(0);
	w->c.fam = genl_ctrl_resolve(w->s.sk, FZ_FAMILY_NAME);
	if (w->c.fam < 0)
		fail("family %s not found in the worker's namespace", FZ_FAMILY_NAME);
}

static unsigned long quota(int idx)
{
	unsigned long q = opt_messages / opt_procs;

	return q + ((unsigned long)idx < opt_messages % opt_procs);
}

static void run_worker(int idx)
{
	struct worker w = { .idx = idx };

	self_index = idx;
	w.st = &ws[idx];
	w.role = w.st->role;
	rng_state = opt_seed * 1000003ULL + idx;
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	worker_setup(&w);
	worker_loop(&w, quota(idx));
	if (w.txn)
		w.st->abandoned++;	/* closing with a transaction open */
	sock_close(&w.s);
	exit(KSFT_PASS);
}

/* ---- the parent: start workers, watch the kernel log, add up ---------------------- */

static const char *const splat[] = {
	"BUG:", "WARNING:", "KASAN", "UBSAN", "Oops", "general protection",
	"Call Trace", "unreferenced object", "blocked for more than",
	"detected stall", "rcu: INFO", "Kernel panic", "lockdep",
};

/* Read what the kernel logged since the last call; the splat line if any. */
static bool kmsg_splat(int fd, char *line, size_t size)
{
	char rec[2048];
	ssize_t n;
	size_t i;

	if (fd < 0)
		return false;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			return false;
		rec[n] = 0;
		for (i = 0; i < sizeof(splat) / sizeof(splat[0]); i++) {
			char *msg = strchr(rec, ';');

			if (msg && strstr(msg, splat[i])) {
				snprintf(line, size, "%s", msg + 1);
				line[strcspn(line, "\n")] = 0;
				return true;
			}
		}
	}
}

static void stop_all(void)
{
	int i;

	for (i = 0; i < opt_procs; i++)
		if (ws[i].pid > 0)
			kill(ws[i].pid, SIGKILL);
	while (wait(NULL) > 0)
		;
}

static void summary(double secs)
{
	struct worker_state t = {};
	int i, e;

	for (i = 0; i < opt_procs; i++) {
		t.sent += ws[i].sent;
		t.ok += ws[i].ok;
		t.refused += ws[i].refused;
		t.dumps += ws[i].dumps;
		t.lost_ok += ws[i].lost_ok;
		t.too_big += ws[i].too_big;
		t.commits += ws[i].commits;
		t.aborts += ws[i].aborts;
		t.abandoned += ws[i].abandoned;
		t.no_extack += ws[i].no_extack;
		for (e = 0; e < 140; e++)
			t.err[e] += ws[i].err[e];
	}
	printf("# nlfuzz: seed=%llu messages=%lu procs=%d netns=%d in %.1f s (%.0f/s)\n",
	       opt_seed, t.sent, opt_procs, n_netns, secs, t.sent / (secs ? secs : 1));
	printf("# nlfuzz: ok=%lu refused=%lu dumps=%lu unanswered-by-design=%lu too-big=%lu\n",
	       t.ok, t.refused, t.dumps, t.lost_ok, t.too_big);
	printf("# nlfuzz: transactions: commit requests=%lu aborts=%lu abandoned=%lu\n",
	       t.commits, t.aborts, t.abandoned);
	printf("# nlfuzz: refusals by errno:");
	for (e = 0; e < 140; e++)
		if (t.err[e])
			printf(" %s=%lu", strerrorname_np(e) ?: "?", t.err[e]);
	printf("\n# nlfuzz: refusals without an extack message: %lu\n", t.no_extack);
	printf("# nlfuzz: accepted/answered by command:");
	for (e = 0; e < N_CMDS; e++) {
		unsigned long ok = 0, sent = 0;
		int id = fz_cmds[e].id;

		for (i = 0; i < opt_procs && id < 64; i++) {
			ok += ws[i].cmd_ok[id];
			sent += ws[i].cmd_sent[id];
		}
		if (sent)
			printf(" %s %lu/%lu", fz_cmds[e].name, ok, sent);
	}
	printf("\n");
}

static int run_all(void)
{
	char line[512];
	struct timespec t0, t1;
	int i, status, left, rc = KSFT_PASS, kfd;
	pid_t pid;

	kfd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kfd >= 0)
		lseek(kfd, 0, SEEK_END);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < opt_procs; i++) {
		if (opt_worker >= 0 && i != opt_worker)
			continue;
		pid = fork();
		if (pid < 0) {
			perror("fork");
			stop_all();
			return KSFT_FAIL;
		}
		if (!pid)
			run_worker(i);
		ws[i].pid = pid;
	}
	left = opt_worker >= 0 ? 1 : opt_procs;
	while (left) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			left--;
			if (!WIFEXITED(status) || WEXITSTATUS(status)) {
				for (i = 0; i < opt_procs && ws[i].pid != pid; i++)
					;
				fprintf(stderr, "# nlfuzz: worker %d failed (status 0x%x)\n",
					i, status);
				rc = KSFT_FAIL;
			}
			continue;
		}
		if (kmsg_splat(kfd, line, sizeof(line))) {
			fprintf(stderr, "# nlfuzz: FAIL seed=%llu: the kernel reported: %s\n",
				opt_seed, line);
			fprintf(stderr, "# the last message of each worker:\n");
			for (i = 0; i < opt_procs; i++)
				if (ws[i].pid > 0 && ws[i].last_len)
					show_message(i);
			stop_all();
			return KSFT_FAIL;
		}
		usleep(20000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	usleep(200000);		/* reports of the last messages */
	if (kmsg_splat(kfd, line, sizeof(line))) {
		fprintf(stderr, "# nlfuzz: FAIL seed=%llu: the kernel reported: %s\n",
			opt_seed, line);
		for (i = 0; i < opt_procs; i++)
			if (ws[i].last_len)
				show_message(i);
		rc = KSFT_FAIL;
	}
	summary(t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: nlfuzz [--seed N] [--messages N] [--procs N] [--netns NS[,NS...]]\n"
			"              [--worker W] [--timeout S] [-v]\n");
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	int i;

	opt_seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-v")) {
			opt_verbose = 1;
			continue;
		}
		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--seed"))
			opt_seed = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--messages"))
			opt_messages = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--procs"))
			opt_procs = atoi(v);
		else if (!strcmp(a, "--worker"))
			opt_worker = atoi(v);
		else if (!strcmp(a, "--timeout"))
			opt_timeout = atoi(v);
		else if (!strcmp(a, "--netns")) {
			char *s = strdup(v), *tok;

			for (tok = strtok(s, ","); tok && n_netns < 8; tok = strtok(NULL, ","))
				opt_netns[n_netns++] = tok;
		} else {
			usage();
		}
	}
	if (opt_procs < 1 || opt_procs > MAX_WORKERS || opt_worker >= opt_procs)
		usage();
}

/* Skip (or fail with RF_REQUIRE_MODULE=1) when the family is absent. */
static int family_present(void)
{
	const char *req = getenv("RF_REQUIRE_MODULE");
	struct sock s;
	int fam;

	if (sock_open(&s)) {
		perror("nlfuzz: netlink socket");
		return KSFT_FAIL;
	}
	fam = genl_ctrl_resolve(s.sk, FZ_FAMILY_NAME);
	sock_close(&s);
	if (fam >= 0)
		return KSFT_PASS;
	fprintf(stderr, "# nlfuzz: family %s not registered\n", FZ_FAMILY_NAME);
	return req && !strcmp(req, "1") ? KSFT_FAIL : KSFT_SKIP;
}

int main(int argc, char **argv)
{
	int i, rc;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = family_present();
	if (rc)
		return rc;
	ws = mmap(NULL, MAX_WORKERS * sizeof(*ws), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ws == MAP_FAILED) {
		perror("mmap");
		return KSFT_FAIL;
	}
	for (i = 0; i < opt_procs; i++)
		ws[i].role = role_order[i % (sizeof(role_order) / sizeof(role_order[0]))];
	printf("# nlfuzz: seed=%llu messages=%lu procs=%d (replay with --seed %llu)\n",
	       opt_seed, opt_messages, opt_procs, opt_seed);
	for (i = 0; i < opt_procs; i++)
		printf("# nlfuzz: worker %d: %s%s%s\n", i, role_names[ws[i].role],
		       n_netns && ws[i].role != USERNS_OWN ? " " : "",
		       n_netns && ws[i].role != USERNS_OWN ? opt_netns[i % n_netns] : "");
	return run_all();
}
