// SPDX-License-Identifier: GPL-2.0
/*
 * routefence policy model: networks, prefixes, bindings, links and settings
 * of one namespace, with the configuration-time rules. Changes are made to a
 * private struct rf_conf (a clone of the committed one, or a transaction's
 * staging copy); rf_conf_validate() then checks what is only checkable for
 * the whole set (prefix overlap) before the conf is compiled (gen.c).
 */
#include <linux/atomic.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "compat.h"

#include "policy.h"

static atomic64_t rf_pfx_ver = ATOMIC64_INIT(0);
atomic_t rf_objects = ATOMIC_INIT(0);

/**
 * rf_fail() - record an error message and return an error code
 * @e: where the message goes (may be NULL)
 * @err: the error code to return
 * @fmt: printf-style message, without a trailing full stop
 *
 * Return: @err.
 */
int rf_fail(struct rf_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

static void rf_pfx_touch(struct rf_pfxvec *pv)
{
	pv->ver = atomic64_inc_return(&rf_pfx_ver);
}

static int rf_grow(void **v, u32 *cap, u32 n, size_t size)
{
	u32 ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = max_t(u32, 16, *cap * 2);
	p = kvmalloc_array(ncap, size, RF_GFP_POLICY);
	if (!p)
		return -ENOMEM;
	if (*v)
		memcpy(p, *v, n * size);
	kvfree(*v);
	*v = p;
	*cap = ncap;
	return 0;
}

static void *rf_dup_array(const void *v, u32 n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	p = kvmalloc_array(n, size, RF_GFP_POLICY);
	if (p)
		memcpy(p, v, n * size);
	return p;
}

/* An empty policy with the default settings. */
static void rf_conf_init(struct rf_conf *c)
{
	int f;

	memset(c, 0, sizeof(*c));
	c->set.mode = RF_MODE_ENFORCE;
	c->set.unmanaged = RF_UNMANAGED_ACCEPT;
	c->set.drop_events = 100;
	for (f = 0; f < RF_NFAM; f++)
		rf_pfx_touch(&c->pfx[f]);
}

/**
 * rf_conf_alloc() - allocate an empty policy with default settings
 *
 * Return: the policy, or NULL.
 */
struct rf_conf *rf_conf_alloc(void)
{
	struct rf_conf *c;

	c = kvmalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return NULL;
	rf_conf_init(c);
	atomic_inc(&rf_objects);
	return c;
}

static void rf_conf_release(struct rf_conf *c)
{
	int i;

	for (i = 0; i <= RF_NET_ID_MAX; i++)
		kfree(c->nets[i]);
	for (i = 0; i < RF_NFAM; i++)
		kvfree(c->pfx[i].v);
	kvfree(c->devs);
	kvfree(c->links);
}

/**
 * rf_conf_reset() - empty a policy and restore the default settings
 * @c: the policy
 */
void rf_conf_reset(struct rf_conf *c)
{
	rf_conf_release(c);
	rf_conf_init(c);
}

/**
 * rf_conf_free() - free a policy
 * @c: the policy (may be NULL)
 */
void rf_conf_free(struct rf_conf *c)
{
	if (!c)
		return;
	rf_conf_release(c);
	kvfree(c);
	atomic_dec(&rf_objects);
}

static int rf_conf_copy_arrays(struct rf_conf *n, const struct rf_conf *c)
{
	int i;

	for (i = 0; i <= c->max_id; i++) {
		if (!c->nets[i])
			continue;
		n->nets[i] = kmemdup(c->nets[i], sizeof(*c->nets[i]),
				     GFP_KERNEL_ACCOUNT);
		if (!n->nets[i])
			return -ENOMEM;
	}
	for (i = 0; i < RF_NFAM; i++) {
		n->pfx[i].v = rf_dup_array(c->pfx[i].v, c->pfx[i].n,
					   sizeof(struct rf_pfx));
		if (c->pfx[i].n && !n->pfx[i].v)
			return -ENOMEM;
		n->pfx[i].cap = c->pfx[i].n;
	}
	n->devs = rf_dup_array(c->devs, c->ndevs, sizeof(*c->devs));
	n->devcap = c->ndevs;
	n->links = rf_dup_array(c->links, c->nlinks, sizeof(*c->links));
	n->linkcap = c->nlinks;
	if ((c->ndevs && !n->devs) || (c->nlinks && !n->links))
		return -ENOMEM;
	return 0;
}

/**
 * rf_conf_clone() - deep-copy a policy
 * @c: the policy
 *
 * Return: the copy, or NULL.
 */
struct rf_conf *rf_conf_clone(const struct rf_conf *c)
{
	struct rf_conf *n;
	int i;

	n = kvmalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return NULL;
	atomic_inc(&rf_objects);
	memcpy(n, c, sizeof(*n));
	memset(n->nets, 0, sizeof(n->nets));
	for (i = 0; i < RF_NFAM; i++)
		n->pfx[i].v = NULL;
	n->devs = NULL;
	n->links = NULL;
	if (rf_conf_copy_arrays(n, c)) {
		rf_conf_free(n);
		return NULL;
	}
	return n;
}

/**
 * rf_conf_npfx() - count the live prefixes of a policy
 * @c: the policy
 *
 * Return: the number of prefixes of both families.
 */
u32 rf_conf_npfx(const struct rf_conf *c)
{
	return c->pfx[0].n - c->pfx[0].dead + c->pfx[1].n - c->pfx[1].dead;
}

/* ---- networks ---- */

static bool rf_name_valid(const char *name)
{
	size_t len = strnlen(name, RF_NAME_MAX);
	size_t i;

	if (!len || len >= RF_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!isalnum(ch) && ch != '.' && ch != '_' && ch != '-')
			return false;
	}
	return true;
}

static u32 rf_name_slot(const char *name)
{
	u32 h = 2166136261U;

	while (*name)
		h = (h ^ (u8)*name++) * 16777619U;
	return h & (RF_NAME_HASH - 1);
}

static void rf_name_insert(struct rf_conf *c, u16 id)
{
	u32 i = rf_name_slot(c->nets[id]->name);

	while (c->byname[i])
		i = (i + 1) & (RF_NAME_HASH - 1);
	c->byname[i] = id;
}

static void rf_name_rebuild(struct rf_conf *c)
{
	u16 id;

	memset(c->byname, 0, sizeof(c->byname));
	for (id = 1; id <= c->max_id; id++)
		if (c->nets[id])
			rf_name_insert(c, id);
}

/**
 * rf_net_find() - look a network up by name
 * @c: the policy
 * @name: the name
 *
 * Return: its id, or 0.
 */
u16 rf_net_find(const struct rf_conf *c, const char *name)
{
	u32 i = rf_name_slot(name);
	u16 id;

	while ((id = c->byname[i])) {
		if (!strcmp(c->nets[id]->name, name))
			return id;
		i = (i + 1) & (RF_NAME_HASH - 1);
	}
	return 0;
}

static u16 rf_net_free_id(const struct rf_conf *c)
{
	u16 id;

	for (id = 1; id <= RF_NET_ID_MAX; id++)
		if (!c->nets[id])
			return id;
	return 0;
}

/**
 * rf_net_add() - create a network
 * @c: the policy
 * @name: its name, 1-31 characters of [A-Za-z0-9._-]
 * @id: its id, or 0 for the lowest free one
 * @deny: whether it may not use a default route
 * @e: error message
 *
 * Return: the new network's id, or a negative error code.
 */
int rf_net_add(struct rf_conf *c, const char *name, u16 id, u8 deny,
	       struct rf_err *e)
{
	struct rf_netdef *nd;

	if (!rf_name_valid(name))
		return rf_fail(e, -EINVAL,
			       "invalid network name \"%s\" (use 1-31 of A-Z a-z 0-9 . _ -)",
			       name);
	if (rf_net_find(c, name))
		return rf_fail(e, -EEXIST, "network %s already exists", name);
	if (id > RF_NET_ID_MAX)
		return rf_fail(e, -ERANGE, "network id %u is out of range (1-%u)",
			       id, RF_NET_ID_MAX);
	if (id && c->nets[id])
		return rf_fail(e, -EEXIST, "network id %u is already used by network %s",
			       id, c->nets[id]->name);
	if (!id)
		id = rf_net_free_id(c);
	if (!id)
		return rf_fail(e, -ENOSPC, "no free network id (at most %u networks)",
			       RF_NET_ID_MAX);
	nd = kzalloc(sizeof(*nd), GFP_KERNEL_ACCOUNT);
	if (!nd)
		return -ENOMEM;
	strscpy(nd->name, name, sizeof(nd->name));
	nd->id = id;
	nd->deny_default = deny;
	c->nets[id] = nd;
	c->nnets++;
	c->max_id = max(c->max_id, id);
	rf_name_insert(c, id);
	return id;
}

/**
 * rf_net_set() - change a network's default-route setting
 * @c: the policy
 * @id: an existing network
 * @deny: whether it may not use a default route
 *
 * Return: 0.
 */
int rf_net_set(struct rf_conf *c, u16 id, u8 deny)
{
	c->nets[id]->deny_default = deny;
	return 0;
}

static void rf_net_del_pfx(struct rf_conf *c, u16 id)
{
	int f;
	u32 i;

	for (f = 0; f < RF_NFAM; f++) {
		struct rf_pfxvec *pv = &c->pfx[f];

		if (!c->nets[id]->npfx[f])
			continue;
		for (i = 0; i < pv->n; i++) {
			if (!(i & 0xffff))
				cond_resched();
			if (pv->v[i].net != id)
				continue;
			pv->v[i].net = 0;
			pv->dead++;
		}
		rf_pfx_touch(pv);
	}
}

static void rf_net_del_devs_links(struct rf_conf *c, u16 id)
{
	u32 i, j;

	for (i = 0, j = 0; i < c->ndevs; i++)
		if (c->devs[i].net != id)
			c->devs[j++] = c->devs[i];
	c->ndevs = j;
	for (i = 0, j = 0; i < c->nlinks; i++) {
		const struct rf_link *l = &c->links[i];

		if (l->a == id || l->b == id)
			c->nets[l->a == id ? l->b : l->a]->nlinks--;
		else
			c->links[j++] = *l;
	}
	c->nlinks = j;
}

/**
 * rf_net_del() - delete a network with its prefixes, bindings and links
 * @c: the policy
 * @id: an existing network
 */
void rf_net_del(struct rf_conf *c, u16 id)
{
	rf_net_del_pfx(c, id);
	rf_net_del_devs_links(c, id);
	kfree(c->nets[id]);
	c->nets[id] = NULL;
	c->nnets--;
	while (c->max_id && !c->nets[c->max_id])
		c->max_id--;
	rf_name_rebuild(c);
}

/**
 * rf_net_ndevs() - count the interfaces bound to a network
 * @c: the policy
 * @id: the network
 *
 * Return: the count.
 */
u32 rf_net_ndevs(const struct rf_conf *c, u16 id)
{
	u32 i, n = 0;

	for (i = 0; i < c->ndevs; i++)
		n += c->devs[i].net == id;
	return n;
}

/**
 * rf_net_nlinks() - count the links of a network
 * @c: the policy
 * @id: the network
 *
 * Kept up to date by link add and delete, so that a dump of every network
 * does not scan every link for each of them.
 *
 * Return: the count, 0 for a free id.
 */
u32 rf_net_nlinks(const struct rf_conf *c, u16 id)
{
	return c->nets[id] ? c->nets[id]->nlinks : 0;
}

/* ---- prefixes ---- */

static void rf_key_mask(struct rf_key *k, unsigned int len)
{
	if (len == 0) {
		k->hi = 0;
		k->lo = 0;
	} else if (len < 64) {
		k->hi &= ~0ULL << (64 - len);
		k->lo = 0;
	} else if (len == 64) {
		k->lo = 0;
	} else if (len < 128) {
		k->lo &= ~0ULL << (128 - len);
	}
}

/**
 * rf_pfx_fam() - the address family of a prefix
 * @p: the prefix
 *
 * Return: RF_FAM_V4 or RF_FAM_V6.
 */
int rf_pfx_fam(const struct rf_pfx *p)
{
	return p->seq & RF_PFX_V6 ? RF_FAM_V6 : RF_FAM_V4;
}

/**
 * rf_pfx_parse() - build a prefix from an address and a length
 * @p: the result
 * @addr: 4 (IPv4) or 16 (IPv6) bytes in network order
 * @alen: 4 or 16
 * @len: the prefix length
 * @net: the owning network id
 * @e: error message
 *
 * Refuses lengths longer than the address and prefixes with host bits set.
 *
 * Return: 0 or a negative error code.
 */
int rf_pfx_parse(struct rf_pfx *p, const void *addr, int alen, u8 len,
		 u16 net, struct rf_err *e)
{
	struct rf_key k;

	memset(p, 0, sizeof(*p));
	if (alen == 4) {
		p->key.hi = (u64)get_unaligned_be32(addr) << 32;
	} else if (alen == 16) {
		p->key.hi = get_unaligned_be64(addr);
		p->key.lo = get_unaligned_be64(addr + 8);
		p->seq = RF_PFX_V6;
	} else {
		return rf_fail(e, -EINVAL, "address must be 4 (IPv4) or 16 (IPv6) bytes");
	}
	p->len = len;
	p->net = net;
	if (len > alen * 8) {
		p->len = alen * 8;
		return rf_fail(e, -EINVAL, "prefix length %u is longer than %u",
			       len, alen * 8);
	}
	k = p->key;
	rf_key_mask(&k, len);
	if (k.hi != p->key.hi || k.lo != p->key.lo) {
		char buf[64], good[64];
		struct rf_pfx m = *p;

		m.key = k;
		rf_pfx_snprint(buf, sizeof(buf), p);
		rf_pfx_snprint(good, sizeof(good), &m);
		return rf_fail(e, -EINVAL, "%s has host bits set (did you mean %s?)",
			       buf, good);
	}
	return 0;
}

/**
 * rf_pfx_add() - add a prefix (its overlap is checked at commit)
 * @c: the policy
 * @p: the prefix, from rf_pfx_parse(); its @seq is assigned here
 * @e: error message
 *
 * Return: 0 or a negative error code.
 */
int rf_pfx_add(struct rf_conf *c, struct rf_pfx *p, struct rf_err *e)
{
	int f = rf_pfx_fam(p);
	struct rf_pfxvec *pv = &c->pfx[f];

	if (!p->net || p->net > RF_NET_ID_MAX || !c->nets[p->net])
		return rf_fail(e, -ENOENT, "network id %u does not exist",
			       p->net);
	if (rf_grow((void **)&pv->v, &pv->cap, pv->n, sizeof(*p)))
		return -ENOMEM;
	p->seq = (p->seq & RF_PFX_V6) | (++c->pfx_seq & ~RF_PFX_V6);
	pv->v[pv->n++] = *p;
	c->nets[p->net]->npfx[f]++;
	rf_pfx_touch(pv);
	return 0;
}

static int rf_pfx_cmp_sort(const void *a, const void *b)
{
	return rf_pfx_cmp(a, b);
}

/* A live entry equal to @p, in the sorted head (binary search) or the tail. */
static struct rf_pfx *rf_pfx_find_any(struct rf_pfxvec *pv,
				      const struct rf_pfx *p)
{
	u32 lo = 0, hi = pv->sorted;
	u32 i;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int r = rf_pfx_cmp(&pv->v[mid], p);

		if (!r && pv->v[mid].net)
			return &pv->v[mid];
		if (!r)
			break;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = pv->n; i > pv->sorted; i--)
		if (pv->v[i - 1].net && !rf_pfx_cmp(&pv->v[i - 1], p))
			return &pv->v[i - 1];
	return NULL;
}

/*
 * The entry @p names: if @p gives a network, prefer that network's entry (a
 * transaction may hold a conflicting duplicate until its commit refuses it).
 */
static struct rf_pfx *rf_pfx_find(struct rf_pfxvec *pv, const struct rf_pfx *p)
{
	struct rf_pfx *q = rf_pfx_find_any(pv, p);
	u32 i;

	if (!q || !p->net || q->net == p->net)
		return q;
	for (i = pv->sorted; i < pv->n; i++)
		if (pv->v[i].net == p->net && !rf_pfx_cmp(&pv->v[i], p))
			return &pv->v[i];
	return q;
}

/**
 * rf_pfx_rollback() - forget the prefixes added since a mark
 * @c: the policy
 * @m: the mark, from rf_pfx_mark()
 */
void rf_pfx_rollback(struct rf_conf *c, const struct rf_pfx_mark *m)
{
	int f;

	for (f = 0; f < RF_NFAM; f++) {
		struct rf_pfxvec *pv = &c->pfx[f];

		while (pv->n > m->n[f]) {
			const struct rf_pfx *p = &pv->v[--pv->n];

			if (p->net)
				c->nets[p->net]->npfx[f]--;
			else
				pv->dead--;
		}
		rf_pfx_touch(pv);
	}
	c->pfx_seq = m->seq;
}

/**
 * rf_pfx_mark() - remember where the prefix lists end
 * @c: the policy
 * @m: the mark, for rf_pfx_rollback()
 */
void rf_pfx_mark(const struct rf_conf *c, struct rf_pfx_mark *m)
{
	m->n[RF_FAM_V4] = c->pfx[RF_FAM_V4].n;
	m->n[RF_FAM_V6] = c->pfx[RF_FAM_V6].n;
	m->seq = c->pfx_seq;
}

/**
 * rf_pfx_undel() - restore a prefix deleted by rf_pfx_del()
 * @c: the policy
 * @u: what rf_pfx_del() recorded
 */
void rf_pfx_undel(struct rf_conf *c, const struct rf_pfx_undo *u)
{
	int f = rf_pfx_fam(u->p);

	u->p->net = u->net;
	c->nets[u->net]->npfx[f]++;
	c->pfx[f].dead--;
	rf_pfx_touch(&c->pfx[f]);
}

/**
 * rf_pfx_del() - delete a prefix
 * @c: the policy
 * @p: the prefix; if its @net is set, that network must own it
 * @u: records what was deleted, for rf_pfx_undel()
 * @e: error message
 *
 * Return: 0 or a negative error code.
 */
int rf_pfx_del(struct rf_conf *c, const struct rf_pfx *p, struct rf_pfx_undo *u,
	       struct rf_err *e)
{
	int f = rf_pfx_fam(p);
	struct rf_pfxvec *pv = &c->pfx[f];
	struct rf_pfx *q = rf_pfx_find(pv, p);
	char buf[64];

	rf_pfx_snprint(buf, sizeof(buf), p);
	if (!q)
		return rf_fail(e, -ENOENT, "prefix %s does not exist", buf);
	if (p->net && q->net != p->net)
		return rf_fail(e, -ENOENT, "prefix %s belongs to network %s",
			       buf, c->nets[q->net]->name);
	u->p = q;
	u->net = q->net;
	c->nets[q->net]->npfx[f]--;
	q->net = 0;
	pv->dead++;
	rf_pfx_touch(pv);
	return 0;
}

/* ---- interface bindings ---- */

/**
 * rf_dev_find() - look an interface binding up
 * @c: the policy
 * @ifindex: the interface
 *
 * Return: the binding, or NULL.
 */
const struct rf_dev *rf_dev_find(const struct rf_conf *c, int ifindex)
{
	u32 i;

	for (i = 0; i < c->ndevs; i++)
		if (c->devs[i].ifindex == ifindex)
			return &c->devs[i];
	return NULL;
}

/**
 * rf_dev_add() - bind an interface to a network
 * @c: the policy
 * @ifindex: the interface
 * @net: an existing network
 * @e: error message
 *
 * Bindings are kept sorted by ifindex.
 *
 * Return: 0 or a negative error code.
 */
int rf_dev_add(struct rf_conf *c, int ifindex, u16 net, struct rf_err *e)
{
	const struct rf_dev *d = rf_dev_find(c, ifindex);
	u32 i;

	if (d)
		return rf_fail(e, -EEXIST,
			       "interface %d is already bound to network %s",
			       ifindex, c->nets[d->net]->name);
	if (rf_grow((void **)&c->devs, &c->devcap, c->ndevs, sizeof(*d)))
		return -ENOMEM;
	for (i = c->ndevs; i && c->devs[i - 1].ifindex > ifindex; i--)
		c->devs[i] = c->devs[i - 1];
	c->devs[i].ifindex = ifindex;
	c->devs[i].net = net;
	c->ndevs++;
	return 0;
}

/**
 * rf_dev_del() - unbind an interface
 * @c: the policy
 * @ifindex: the interface
 * @e: error message
 *
 * Return: 0 or -ENOENT.
 */
int rf_dev_del(struct rf_conf *c, int ifindex, struct rf_err *e)
{
	u32 i;

	for (i = 0; i < c->ndevs; i++)
		if (c->devs[i].ifindex == ifindex)
			break;
	if (i == c->ndevs)
		return rf_fail(e, -ENOENT, "interface %d is not bound",
			       ifindex);
	memmove(&c->devs[i], &c->devs[i + 1],
		(c->ndevs - i - 1) * sizeof(c->devs[0]));
	c->ndevs--;
	return 0;
}

/* ---- links ---- */

static int rf_link_cmp(const struct rf_link *x, u16 a, u16 b)
{
	if (x->a != a)
		return x->a < a ? -1 : 1;
	if (x->b != b)
		return x->b < b ? -1 : 1;
	return 0;
}

/* The first position whose link is not below (a, b): a binary search. */
static u32 rf_link_pos(const struct rf_conf *c, u16 a, u16 b)
{
	u32 lo = 0, hi = c->nlinks;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (rf_link_cmp(&c->links[mid], a, b) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * rf_link_add() - link two networks
 * @c: the policy
 * @a: an existing network
 * @b: another existing network
 * @e: error message
 *
 * Return: 0 or a negative error code.
 */
int rf_link_add(struct rf_conf *c, u16 a, u16 b, struct rf_err *e)
{
	u32 i;

	if (a == b)
		return rf_fail(e, -EINVAL, "cannot link network %s to itself",
			       c->nets[a]->name);
	if (a > b)
		swap(a, b);
	i = rf_link_pos(c, a, b);
	if (i < c->nlinks && !rf_link_cmp(&c->links[i], a, b))
		return rf_fail(e, -EEXIST, "networks %s and %s are already linked",
			       c->nets[a]->name, c->nets[b]->name);
	if (rf_grow((void **)&c->links, &c->linkcap, c->nlinks,
		    sizeof(c->links[0])))
		return -ENOMEM;
	memmove(&c->links[i + 1], &c->links[i],
		(c->nlinks - i) * sizeof(c->links[0]));
	c->links[i].a = a;
	c->links[i].b = b;
	c->nlinks++;
	c->nets[a]->nlinks++;
	c->nets[b]->nlinks++;
	return 0;
}

/**
 * rf_link_del() - unlink two networks
 * @c: the policy
 * @a: an existing network
 * @b: another existing network
 * @e: error message
 *
 * Return: 0 or -ENOENT.
 */
int rf_link_del(struct rf_conf *c, u16 a, u16 b, struct rf_err *e)
{
	u32 i;

	if (a > b)
		swap(a, b);
	i = rf_link_pos(c, a, b);
	if (i == c->nlinks || rf_link_cmp(&c->links[i], a, b))
		return rf_fail(e, -ENOENT, "networks %s and %s are not linked",
			       c->nets[a]->name, c->nets[b]->name);
	memmove(&c->links[i], &c->links[i + 1],
		(c->nlinks - i - 1) * sizeof(c->links[0]));
	c->nlinks--;
	c->nets[a]->nlinks--;
	c->nets[b]->nlinks--;
	return 0;
}

/* ---- commit-time validation ---- */

static void rf_pfx_compact(struct rf_pfxvec *pv)
{
	u32 i, j, sorted = 0;

	if (!pv->dead)
		return;
	for (i = 0, j = 0; i < pv->n; i++) {
		if (!pv->v[i].net)
			continue;
		sorted += i < pv->sorted;
		pv->v[j++] = pv->v[i];
	}
	pv->sorted = sorted;
	pv->n = j;
	pv->dead = 0;
}

#define RF_SORT_RUN	4096

static void rf_pfx_merge_runs(const struct rf_pfx *in, struct rf_pfx *out,
			      u32 lo, u32 mid, u32 hi)
{
	u32 i = lo, j = mid, k = lo;

	while (i < mid && j < hi)
		out[k++] = rf_pfx_cmp(&in[i], &in[j]) <= 0 ? in[i++] : in[j++];
	while (i < mid)
		out[k++] = in[i++];
	while (j < hi)
		out[k++] = in[j++];
}

/*
 * Bottom-up merge sort that yields the CPU between runs: sorting a million
 * prefixes must not stall the kernel. Sorts v[from..n) when @from > 0 and
 * v[0..from) is already sorted.
 */
static int rf_pfx_msort(struct rf_pfxvec *pv, u32 from)
{
	struct rf_pfx *a = pv->v, *b;
	u32 n = pv->n, w, lo;

	for (lo = from; lo < n; lo += RF_SORT_RUN) {
		sort(a + lo, min(RF_SORT_RUN, n - lo), sizeof(*a),
		     rf_pfx_cmp_sort, NULL);
		cond_resched();
	}
	b = kvmalloc_array(n, sizeof(*b), RF_GFP_POLICY);
	if (!b)
		return -ENOMEM;
	for (w = RF_SORT_RUN; w < n - from; w *= 2) {
		memcpy(b, a, from * sizeof(*a));
		for (lo = from; lo < n; lo += 2 * w) {
			rf_pfx_merge_runs(a, b, lo, min(lo + w, n),
					  min(lo + 2 * w, n));
			cond_resched();
		}
		swap(a, b);
	}
	if (from && from < n) {
		rf_pfx_merge_runs(a, b, 0, from, n);
		swap(a, b);
	}
	if (a != pv->v)
		pv->cap = n;
	kvfree(b);
	pv->v = a;
	return 0;
}

static int rf_pfx_sort(struct rf_pfxvec *pv)
{
	int err;

	rf_pfx_compact(pv);
	/* Compaction keeps relative order, so the sorted run stays sorted. */
	if (pv->sorted >= pv->n)
		return 0;
	err = rf_pfx_msort(pv, pv->sorted);
	if (!err)
		pv->sorted = pv->n;
	return err;
}

static bool rf_pfx_contains(const struct rf_pfx *outer, const struct rf_pfx *p)
{
	struct rf_key k = p->key;

	if (outer->len > p->len)
		return false;
	rf_key_mask(&k, outer->len);
	return k.hi == outer->key.hi && k.lo == outer->key.lo;
}

/* Report a conflict, naming the more recently configured prefix first. */
static int rf_pfx_conflict(const struct rf_conf *c, const struct rf_pfx *x,
			   const struct rf_pfx *y, struct rf_err *e)
{
	char bx[64], by[64];

	if ((x->seq & ~RF_PFX_V6) < (y->seq & ~RF_PFX_V6))
		swap(x, y);
	rf_pfx_snprint(bx, sizeof(bx), x);
	rf_pfx_snprint(by, sizeof(by), y);
	if (x->net == y->net)
		return rf_fail(e, -EEXIST, "%s already exists in network %s",
			       bx, c->nets[x->net]->name);
	return rf_fail(e, -EEXIST, "%s of network %s overlaps %s of network %s",
		       bx, c->nets[x->net]->name, by, c->nets[y->net]->name);
}

/*
 * One pass over the sorted prefixes with a stack of the prefixes containing
 * the current one. Prefixes are either disjoint or nested, so only the
 * innermost container can belong to another network without an earlier
 * prefix already having conflicted.
 */
static int rf_pfx_sweep(const struct rf_conf *c, const struct rf_pfxvec *pv,
			struct rf_err *e)
{
	u32 *stack, top = 0, i;
	int err = 0;

	/* At most one prefix of each length 0..128 contains another. */
	stack = kmalloc_array(129, sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;
	for (i = 0; i < pv->n; i++) {
		const struct rf_pfx *p = &pv->v[i], *q;

		while (top && !rf_pfx_contains(&pv->v[stack[top - 1]], p))
			top--;
		q = top ? &pv->v[stack[top - 1]] : NULL;
		if (q && (q->len == p->len || q->net != p->net)) {
			err = rf_pfx_conflict(c, p, q, e);
			break;
		}
		stack[top++] = i;
		if (!(i & 0xffff))
			cond_resched();
	}
	kfree(stack);
	return err;
}

/**
 * rf_conf_validate() - sort the prefixes and check the overlap rule
 * @c: the policy
 * @e: error message naming both prefixes and both networks
 *
 * A prefix may not equal, contain or be contained in a prefix of another
 * network; nesting within one network is fine, duplicates are not.
 *
 * Return: 0 or a negative error code.
 */
int rf_conf_validate(struct rf_conf *c, struct rf_err *e)
{
	int f, err;

	for (f = 0; f < RF_NFAM; f++) {
		struct rf_pfxvec *pv = &c->pfx[f];

		if (pv->checked == pv->ver)
			continue;
		err = rf_pfx_sort(pv);
		if (!err)
			err = rf_pfx_sweep(c, pv, e);
		if (err)
			return err;
		pv->checked = pv->ver;
	}
	return 0;
}
