// SPDX-License-Identifier: GPL-2.0
/*
 * rfence route check: where the routing tables and the policy disagree.
 *
 * Every route and every prefix becomes a "span": its table (0 for the
 * policy's prefixes), family and address range, kept sorted, so that the
 * prefixes containing a block are found by one exact search per prefix
 * length in use and the ones inside it are a contiguous run. The checks:
 *
 * foreign-egress  a route into a network's prefix leaves through an
 *		   interface bound to another network (or an unbound one
 *		   when the owner has bound interfaces). A route less
 *		   specific than the prefix counts only where no more
 *		   specific route of its table takes the prefix's traffic.
 * overlap	   two routes of one table through different networks'
 *		   interfaces cover the same addresses: equal prefixes, or
 *		   nested ones, unless the outer one is an aggregate (its
 *		   network does not own it) around a route its network owns,
 *		   or through a network that owns no prefix of the family.
 * unowned	   a route through a network that owns prefixes of the
 *		   family (or through an unbound interface) to addresses no
 *		   network owns. A network without prefixes of a family owns
 *		   whatever lies behind its interfaces (the internet behind
 *		   an NVA).
 * unrouted	   a network's prefix no route of any table leads to (not
 *		   judged when one table is checked).
 * default-route   a default route, with the networks that may use it and
 *		   those the policy refuses (a note, not a problem).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "routecheck.h"

typedef unsigned __int128 u128;

#define RC_MAIN_TABLE	254

struct span {
	uint32_t table;		/* 0: a policy prefix */
	uint8_t fam;		/* 0: IPv4, 1: IPv6 */
	uint8_t len;
	uint32_t net;		/* owner, or egress network of a path */
	bool owned;		/* path: its network owns all of it */
	bool selected;		/* path: passes the interface filter */
	u128 first, last;
	const void *obj;	/* struct rc_pfx or struct rc_route */
};

struct spans {
	struct span *v;
	size_t n;
	bool has_len[2][129];
};

struct ctx {
	struct rc_policy *pol;
	const struct rc_filter *flt;
	const struct rc_net **byid;
	struct spans pfx;	/* the policy's prefixes */
	struct spans rt;	/* every route of the selected tables */
	struct spans path;	/* unicast non-default routes, per egress network */
	struct rc_result *res;
};

/* ---- addresses --------------------------------------------------------- */

static int width(int fam)
{
	return fam ? 128 : 32;
}

static u128 hostmask(int fam, int len)
{
	int bits = width(fam) - len;

	return bits >= 128 ? ~(u128)0 : (((u128)1 << bits) - 1);
}

static u128 addr_val(const struct rf_prefix *p)
{
	int i, n = p->family == AF_INET ? 4 : 16;
	u128 v = 0;

	for (i = 0; i < n; i++)
		v = v << 8 | p->addr[i];
	return v;
}

static void prefix_set(struct rf_prefix *p, int fam, u128 v, int len)
{
	int i, n = fam ? 16 : 4;

	memset(p, 0, sizeof(*p));
	p->family = fam ? AF_INET6 : AF_INET;
	p->len = len;
	for (i = n - 1; i >= 0; i--, v >>= 8)
		p->addr[i] = (uint8_t)v;
}

static void span_init(struct span *s, uint32_t table, const struct rf_prefix *p,
		      const void *obj)
{
	memset(s, 0, sizeof(*s));
	s->table = table;
	s->fam = p->family == AF_INET6;
	s->len = p->len;
	s->first = addr_val(p) & ~hostmask(s->fam, p->len);
	s->last = s->first | hostmask(s->fam, p->len);
	s->obj = obj;
}

static bool span_contains(const struct span *a, const struct span *b)
{
	return a->table == b->table && a->fam == b->fam && a->len <= b->len &&
	       a->first <= b->first && b->last <= a->last;
}

/* ---- sorted spans ---------------------------------------------------------- */

static int key_cmp(uint32_t ta, int fa, u128 a, int la, const struct span *b)
{
	if (ta != b->table)
		return ta < b->table ? -1 : 1;
	if (fa != b->fam)
		return fa < b->fam ? -1 : 1;
	if (a != b->first)
		return a < b->first ? -1 : 1;
	return la < b->len ? -1 : la > b->len;
}

static int span_cmp(const void *x, const void *y)
{
	const struct span *a = x;

	return key_cmp(a->table, a->fam, a->first, a->len, y);
}

void *rc_grow(void *v, size_t n, size_t size)
{
	/* capacity is 2(n+1) after a growth at n: grow when n+1 is a power of 2 */
	return v && (n & (n + 1)) ? v : realloc(v, (n + 1) * 2 * size);
}

static int spans_add(struct spans *s, const struct span *sp)
{
	struct span *v = rc_grow(s->v, s->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->v = v;
	s->v[s->n++] = *sp;
	s->has_len[sp->fam][sp->len] = true;
	return 0;
}

static void spans_sort(struct spans *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), span_cmp);
}

/* The first span whose key is not below (table, fam, first, len). */
static size_t spans_lower(const struct spans *s, uint32_t table, int fam,
			  u128 first, int len)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(table, fam, first, len, &s->v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

typedef bool (*span_pred)(const struct span *s, const void *arg);

/*
 * Call @fn for every span of @table containing the block @b (@b's own
 * prefix included) that @pred accepts; stop when @fn returns true.
 */
static bool each_outer(const struct spans *s, uint32_t table, const struct span *b,
		       bool (*fn)(const struct span *s, void *arg), void *arg)
{
	int len;

	for (len = 0; len <= b->len; len++) {
		u128 first = b->first & ~hostmask(b->fam, len);
		size_t i;

		if (!s->has_len[b->fam][len])
			continue;
		i = spans_lower(s, table, b->fam, first, len);
		for (; i < s->n && !key_cmp(table, b->fam, first, len, &s->v[i]); i++)
			if (fn(&s->v[i], arg))
				return true;
	}
	return false;
}

/* Call @fn for every span of @table strictly inside the block @b. */
static bool each_inner(const struct spans *s, uint32_t table, const struct span *b,
		       bool (*fn)(const struct span *s, void *arg), void *arg)
{
	size_t i = spans_lower(s, table, b->fam, b->first, b->len + 1);

	for (; i < s->n && s->v[i].table == table && s->v[i].fam == b->fam &&
	     s->v[i].first <= b->last; i++)
		if (s->v[i].len > b->len && fn(&s->v[i], arg))
			return true;
	return false;
}

struct cover {
	span_pred pred;
	const void *arg;
	u128 cur;		/* the first address not covered yet */
	u128 end;		/* the block's last address */
	bool done;		/* covered up to the end */
	bool gap;		/* a gap before the end: [cur, gap_end] */
	u128 gap_end;
};

static bool cover_outer(const struct span *s, void *arg)
{
	struct cover *c = arg;

	if (c->pred && !c->pred(s, c->arg))
		return false;
	c->done = true;
	return true;
}

static bool cover_inner(const struct span *s, void *arg)
{
	struct cover *c = arg;

	if (c->pred && !c->pred(s, c->arg))
		return false;
	if (s->first > c->cur) {
		c->gap = true;
		c->gap_end = s->first - 1;
		return true;
	}
	if (s->last >= c->end) {
		c->done = true;
		return true;
	}
	if (s->last >= c->cur)
		c->cur = s->last + 1;
	return false;
}

/* The largest aligned block at @start that ends by @end. */
static void block_at(int fam, u128 start, u128 end, int min_len,
		     struct rf_prefix *p)
{
	int len;

	for (len = min_len; len < width(fam); len++) {
		u128 m = hostmask(fam, len);

		if (!(start & m) && start + m <= end)
			break;
	}
	prefix_set(p, fam, start, len);
}

/*
 * Is the block @b covered by spans of @table that @pred accepts (NULL:
 * all)? If not and @gap is given, it gets the first uncovered block.
 */
static bool covered(const struct spans *s, uint32_t table, const struct span *b,
		    span_pred pred, const void *arg, struct rf_prefix *gap)
{
	struct cover c = { .pred = pred, .arg = arg, .cur = b->first, .end = b->last };

	if (each_outer(s, table, b, cover_outer, &c))
		return true;
	each_inner(s, table, b, cover_inner, &c);
	if (c.done)
		return true;
	if (gap)
		block_at(b->fam, c.cur, c.gap ? c.gap_end : b->last, b->len, gap);
	return false;
}

/* ---- the policy ------------------------------------------------------------ */

const struct rc_net *rc_net_get(const struct rc_policy *pol, uint32_t id)
{
	size_t i;

	for (i = 0; i < pol->n_nets; i++)
		if (pol->nets[i].id == id)
			return &pol->nets[i];
	return NULL;
}

static const struct rc_net *net_of(const struct ctx *c, uint32_t id)
{
	return id && id <= RF_NET_ID_MAX ? c->byid[id] : NULL;
}

static int net_id_cmp(const void *x, const void *y)
{
	const struct rc_net *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

static int dev_cmp(const void *x, const void *y)
{
	const struct rc_dev *a = x, *b = y;

	return a->ifindex < b->ifindex ? -1 : a->ifindex > b->ifindex;
}

static int link_cmp(const void *x, const void *y)
{
	const struct rc_link *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static uint32_t dev_net(const struct rc_policy *pol, uint32_t ifindex)
{
	struct rc_dev key = { ifindex, 0 }, *d;

	d = bsearch(&key, pol->devs, pol->n_devs, sizeof(key), dev_cmp);
	return d ? d->net : 0;
}

static bool linked(const struct rc_policy *pol, uint32_t a, uint32_t b)
{
	struct rc_link key = { a < b ? a : b, a < b ? b : a };

	return bsearch(&key, pol->links, pol->n_links, sizeof(key), link_cmp);
}

static int policy_index(struct ctx *c)
{
	struct rc_policy *pol = c->pol;
	struct rc_net *n;
	size_t i;

	c->byid = calloc(RF_NET_ID_MAX + 1, sizeof(*c->byid));
	if (!c->byid)
		return -ENOMEM;
	qsort(pol->nets, pol->n_nets, sizeof(*pol->nets), net_id_cmp);
	for (i = 0; i < pol->n_nets; i++)
		if (pol->nets[i].id <= RF_NET_ID_MAX)
			c->byid[pol->nets[i].id] = &pol->nets[i];
	for (i = 0; i < pol->n_links; i++)
		if (pol->links[i].a > pol->links[i].b)
			pol->links[i] = (struct rc_link){ pol->links[i].b, pol->links[i].a };
	qsort(pol->devs, pol->n_devs, sizeof(*pol->devs), dev_cmp);
	qsort(pol->links, pol->n_links, sizeof(*pol->links), link_cmp);
	for (i = 0; i < pol->n_devs; i++) {
		n = (struct rc_net *)net_of(c, pol->devs[i].net);
		if (n)
			n->bound = true;
	}
	for (i = 0; i < pol->n_pfx; i++) {
		struct span s;

		span_init(&s, 0, &pol->pfx[i].p, &pol->pfx[i]);
		s.net = pol->pfx[i].net;
		n = (struct rc_net *)net_of(c, s.net);
		if (n)
			n->has_pfx[s.fam] = true;
		if (spans_add(&c->pfx, &s))
			return -ENOMEM;
	}
	spans_sort(&c->pfx);
	return 0;
}

/* ---- the routes ---------------------------------------------------------- */

static bool route_selected(const struct rc_filter *flt, const struct rc_route *r)
{
	size_t i;

	if (!flt->ifindex)
		return true;
	for (i = 0; i < r->n_nh; i++)
		if (r->nh[i].oif == flt->ifindex)
			return true;
	return false;
}

static bool pfx_of_net(const struct span *s, const void *arg)
{
	return s->net == *(const uint32_t *)arg;
}

/* One path per route and egress network (ECMP inside a network is one). */
static int route_paths(struct ctx *c, const struct rc_route *r, const struct span *rs)
{
	size_t i, j;

	for (i = 0; i < r->n_nh; i++) {
		struct span p = *rs;

		for (j = 0; j < i && r->nh[j].net != r->nh[i].net; j++)
			;
		if (j < i)
			continue;
		p.net = r->nh[i].net;
		p.selected = route_selected(c->flt, r);
		p.owned = p.net && covered(&c->pfx, 0, &p, pfx_of_net, &p.net, NULL);
		if (spans_add(&c->path, &p))
			return -ENOMEM;
	}
	return 0;
}

/* IPv6 link-local routes (fe80::/10): never forwarded. */
static bool link_local(const struct rc_route *r)
{
	return r->dst.family == AF_INET6 && r->dst.len >= 10 &&
	       r->dst.addr[0] == 0xfe && (r->dst.addr[1] & 0xc0) == 0x80;
}

static int routes_index(struct ctx *c, struct rc_route *routes, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct rc_route *r = &routes[i];
		struct span s;

		if (c->flt->table && r->table != c->flt->table)
			continue;
		for (j = 0; j < r->n_nh; j++)
			r->nh[j].net = dev_net(c->pol, r->nh[j].oif);
		span_init(&s, r->table, &r->dst, r);
		if (spans_add(&c->rt, &s))
			return -ENOMEM;
		if (r->type == RTN_UNICAST && r->dst.len && r->n_nh &&
		    !link_local(r) && route_paths(c, r, &s))
			return -ENOMEM;
	}
	spans_sort(&c->rt);
	spans_sort(&c->path);
	return 0;
}

/* ---- findings ------------------------------------------------------------- */

static struct rc_finding *finding_add(struct ctx *c, enum rc_kind kind,
				      const struct span *path)
{
	struct rc_result *res = c->res;
	struct rc_finding *f = rc_grow(res->v, res->n, sizeof(*f));

	if (!f)
		return NULL;
	res->v = f;
	f = &res->v[res->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	if (path) {
		f->route = path->obj;
		f->net = path->net;
	}
	if (kind != RC_DEFAULT_ROUTE)
		res->problems++;
	return f;
}

struct foreign {
	struct ctx *c;
	const struct span *path;
	int err;
};

static bool longer_than(const struct span *s, const void *arg)
{
	return s->len > *(const uint8_t *)arg;
}

/*
 * Do routes more specific than @path take all of @pfx's traffic? If not,
 * @part gets the first block that @path carries.
 */
static bool shadowed(const struct ctx *c, const struct span *path,
		     const struct span *pfx, struct rf_prefix *part)
{
	return covered(&c->rt, path->table, pfx, longer_than, &path->len, part);
}

static bool foreign_pfx(const struct span *pfx, void *arg)
{
	struct foreign *fo = arg;
	const struct span *path = fo->path;
	const struct rc_net *owner = net_of(fo->c, pfx->net);
	bool covers = pfx->len > path->len;
	struct rf_prefix part = { 0 };
	struct rc_finding *f;

	if (pfx->net == path->net || !owner)
		return false;
	if (!path->net && !owner->bound)
		return false;
	if (covers && shadowed(fo->c, path, pfx, &part))
		return false;
	f = finding_add(fo->c, RC_FOREIGN_EGRESS, path);
	if (!f) {
		fo->err = -ENOMEM;
		return true;
	}
	f->owner = pfx->net;
	f->pfx = ((const struct rc_pfx *)pfx->obj)->p;
	f->covers = covers;
	f->part = part;
	return false;
}

static int check_foreign(struct ctx *c, const struct span *path)
{
	struct foreign fo = { c, path, 0 };
	struct span b = *path;

	b.table = 0;
	each_outer(&c->pfx, 0, &b, foreign_pfx, &fo);
	if (!fo.err)
		each_inner(&c->pfx, 0, &b, foreign_pfx, &fo);
	return fo.err;
}

static int check_unowned(struct ctx *c, const struct span *path)
{
	const struct rc_net *n = net_of(c, path->net);
	struct span b = *path;
	struct rf_prefix gap;
	struct rc_finding *f;

	if (n && !n->has_pfx[path->fam])
		return 0;
	b.table = 0;
	if (covered(&c->pfx, 0, &b, NULL, NULL, &gap))
		return 0;
	f = finding_add(c, RC_UNOWNED, path);
	if (!f)
		return -ENOMEM;
	f->pfx = gap;
	return 0;
}

/* Is the pair (@outer contains @inner, different networks) an overlap? */
static bool overlapping(const struct ctx *c, const struct span *outer,
			const struct span *inner)
{
	const struct rc_net *on = net_of(c, outer->net);

	if (outer->len == inner->len)
		return true;
	if (outer->owned)
		return true;
	return !inner->owned && on && on->has_pfx[outer->fam];
}

static int overlap_pair(struct ctx *c, const struct span *outer,
			const struct span *inner)
{
	struct rc_finding *f;

	if (outer->net == inner->net || !(outer->selected || inner->selected) ||
	    !overlapping(c, outer, inner))
		return 0;
	f = finding_add(c, RC_OVERLAP, inner);
	if (!f)
		return -ENOMEM;
	f->with = outer->obj;
	f->with_net = outer->net;
	return 0;
}

/* One sweep over the sorted paths with a stack of the enclosing ones. */
static int check_overlaps(struct ctx *c)
{
	size_t *stack, depth = 0, i, j;
	int ret = 0;

	stack = malloc((c->path.n + 1) * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	for (i = 0; i < c->path.n && !ret; i++) {
		const struct span *p = &c->path.v[i];

		while (depth && !span_contains(&c->path.v[stack[depth - 1]], p))
			depth--;
		for (j = 0; j < depth && !ret; j++)
			ret = overlap_pair(c, &c->path.v[stack[j]], p);
		stack[depth++] = i;
	}
	free(stack);
	return ret;
}

static int check_paths(struct ctx *c)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < c->path.n && !ret; i++) {
		if (!c->path.v[i].selected)
			continue;
		ret = check_foreign(c, &c->path.v[i]) ?:
		      check_unowned(c, &c->path.v[i]);
	}
	return ret ?: check_overlaps(c);
}

/* ---- unrouted prefixes ------------------------------------------------------ */

struct leads {
	const struct rc_net *net;
};

static bool leads_to(const struct span *s, void *arg)
{
	const struct leads *l = arg;

	return s->net == l->net->id || (!s->net && !l->net->bound);
}

static bool table_routes_to(const struct ctx *c, uint32_t table,
			    const struct span *pfx, const struct rc_net *n)
{
	struct leads l = { n };
	struct span b = *pfx;

	b.table = table;
	return each_outer(&c->path, table, &b, leads_to, &l) ||
	       each_inner(&c->path, table, &b, leads_to, &l);
}

static bool routed(const struct ctx *c, const struct span *pfx,
		   const struct rc_net *n)
{
	size_t i = 0;

	/* the paths are sorted by table: visit each table once */
	while (i < c->path.n) {
		uint32_t t = c->path.v[i].table;

		if (table_routes_to(c, t, pfx, n))
			return true;
		i = spans_lower(&c->path, t + 1, 0, 0, 0);
		if (t == UINT32_MAX)
			break;
	}
	return false;
}

/* The route of @table the first address of @pfx follows, if any. */
static const struct span *lpm(const struct ctx *c, uint32_t table,
			      const struct span *pfx)
{
	int len;

	for (len = width(pfx->fam); len >= 0; len--) {
		u128 first = pfx->first & ~hostmask(pfx->fam, len);
		size_t i = spans_lower(&c->rt, table, pfx->fam, first, len);

		if (i < c->rt.n && !key_cmp(table, pfx->fam, first, len, &c->rt.v[i]))
			return &c->rt.v[i];
	}
	return NULL;
}

static int check_unrouted(struct ctx *c)
{
	uint32_t only = c->flt->ifindex ? dev_net(c->pol, c->flt->ifindex) : 0;
	uint32_t table = RC_MAIN_TABLE;
	size_t i;

	for (i = 0; i < c->pfx.n; i++) {
		const struct span *p = &c->pfx.v[i];
		const struct rc_net *n = net_of(c, p->net);
		const struct span *via;
		struct rc_finding *f;

		if (!n || (c->flt->ifindex && p->net != only) || routed(c, p, n))
			continue;
		f = finding_add(c, RC_UNROUTED, NULL);
		if (!f)
			return -ENOMEM;
		f->net = p->net;
		f->pfx = ((const struct rc_pfx *)p->obj)->p;
		via = lpm(c, table, p);
		if (via) {
			f->with = via->obj;
			f->with_net = f->with->n_nh ? f->with->nh[0].net : 0;
		}
	}
	return 0;
}

/* ---- default routes ------------------------------------------------------- */

static int refusal_add(struct rc_finding *f, uint32_t net, uint32_t reason,
		       uint32_t egress)
{
	struct rc_refusal *v = realloc(f->refused, (f->n_refused + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[f->n_refused++] = (struct rc_refusal){ net, reason, egress };
	f->refused = v;
	return 0;
}

static int allowed_add(struct rc_finding *f, uint32_t net)
{
	uint32_t *v = realloc(f->allowed, (f->n_allowed + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[f->n_allowed++] = net;
	f->allowed = v;
	return 0;
}

/* What the packet path does to @n's packets following @r. */
static int judge(const struct ctx *c, struct rc_finding *f,
		 const struct rc_route *r, const struct rc_net *n)
{
	size_t i;

	for (i = 0; i < r->n_nh; i++) {
		uint32_t e = r->nh[i].net;

		if (e && e != n->id && !linked(c->pol, n->id, e))
			return refusal_add(f, n->id, RF_REASON_NOT_LINKED, e);
	}
	if (n->deny_default)
		return refusal_add(f, n->id, RF_REASON_DEFAULT_ROUTE, 0);
	return allowed_add(f, n->id);
}

static int check_default(struct ctx *c, const struct span *s)
{
	const struct rc_route *r = s->obj;
	struct rc_finding *f;
	size_t i;
	int ret = 0;

	if (r->type != RTN_UNICAST || !r->n_nh || !route_selected(c->flt, r))
		return 0;
	f = finding_add(c, RC_DEFAULT_ROUTE, s);
	if (!f)
		return -ENOMEM;
	f->net = r->nh[0].net;
	for (i = 0; i < c->pol->n_nets && !ret; i++)
		ret = judge(c, f, r, &c->pol->nets[i]);
	return ret;
}

static int check_defaults(struct ctx *c)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < c->rt.n && !ret; i++)
		if (!c->rt.v[i].len)
			ret = check_default(c, &c->rt.v[i]);
	return ret;
}

/* ---- order and entry point ---------------------------------------------------- */

static void finding_key(const struct rc_finding *f, struct span *s)
{
	if (f->route)
		span_init(s, f->route->table, &f->route->dst, NULL);
	else
		span_init(s, 0, &f->pfx, NULL);
}

/* Routes before unrouted prefixes; IPv4 first, then table and prefix. */
static int finding_cmp(const void *x, const void *y)
{
	const struct rc_finding *a = x, *b = y;
	struct span sa, sb;
	int d;

	if (!a->route != !b->route)
		return a->route ? -1 : 1;
	finding_key(a, &sa);
	finding_key(b, &sb);
	if (sa.fam != sb.fam)
		return sa.fam < sb.fam ? -1 : 1;
	d = span_cmp(&sa, &sb);
	if (d)
		return d;
	if (a->route && a->route->metric != b->route->metric)
		return a->route->metric < b->route->metric ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->net != b->net)
		return a->net < b->net ? -1 : 1;
	span_init(&sa, 0, &a->pfx, NULL);
	span_init(&sb, 0, &b->pfx, NULL);
	return span_cmp(&sa, &sb);
}

int rc_check(struct rc_policy *pol, struct rc_route *routes, size_t n_routes,
	     const struct rc_filter *flt, struct rc_result *res)
{
	struct ctx c = { .pol = pol, .flt = flt, .res = res };
	int ret;

	memset(res, 0, sizeof(*res));
	ret = policy_index(&c) ?:
	      routes_index(&c, routes, n_routes) ?:
	      check_defaults(&c) ?:
	      check_paths(&c) ?:
	      (flt->table ? 0 : check_unrouted(&c));
	if (!ret && res->n)
		qsort(res->v, res->n, sizeof(*res->v), finding_cmp);
	free(c.byid);
	free(c.pfx.v);
	free(c.rt.v);
	free(c.path.v);
	if (ret)
		rc_result_free(res);
	return ret;
}

void rc_result_free(struct rc_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->v[i].allowed);
		free(res->v[i].refused);
	}
	free(res->v);
	memset(res, 0, sizeof(*res));
}

const char *rc_kind_name(enum rc_kind kind)
{
	static const char *const names[] = {
		[RC_FOREIGN_EGRESS]	= "foreign-egress",
		[RC_OVERLAP]		= "overlap",
		[RC_UNOWNED]		= "unowned",
		[RC_UNROUTED]		= "unrouted",
		[RC_DEFAULT_ROUTE]	= "default-route",
	};

	return kind <= RC_DEFAULT_ROUTE ? names[kind] : "?";
}
