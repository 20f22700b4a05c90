// SPDX-License-Identifier: GPL-2.0
/*
 * routefence configuration: networks, prefixes, bindings, links and settings
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
#include <linux/string.h>
#include "compat.h"

#include "conf.h"
#include "prefix.h"

#define RF_COPY_CHUNK	(64 * 1024)

/* A copy of an array, yielding the CPU between chunks of a large one. */
static void *rf_dup_array(const void *v, u32 n, size_t size)
{
	size_t done, len = (size_t)n * size;
	void *p;

	if (!n)
		return NULL;
	p = kvmalloc_array(n, size, RF_GFP_POLICY);
	if (!p)
		return NULL;
	for (done = 0; done < len; done += RF_COPY_CHUNK * size) {
		size_t n = min(len - done, RF_COPY_CHUNK * size);

		memcpy(p + done, v + done, n);
		cond_resched();
	}
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
		rf_pfxs_init(&c->pfx[f]);
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
	int f;

	for (f = 0; f < RF_NFAM; f++)
		rf_pfxs_release(&c->pfx[f]);
	kvfree(c->devs);
	kvfree(c->links);
}

/**
 * rf_conf_reset() - empty a policy and restore the default settings
 * @c: the policy
 */
void rf_conf_reset(struct rf_conf *c)
{
	u32 limit = c->pfx_limit;

	rf_conf_release(c);
	rf_conf_init(c);
	c->pfx_limit = limit;
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

	for (i = 0; i <= RF_NET_ID_MAX; i++)
		if (c->nets[i])
			n->nets[i] = &n->pool[i];
	for (i = 0; i < RF_NFAM; i++)
		if (rf_pfxs_clone(&n->pfx[i], &c->pfx[i]))
			return -ENOMEM;
	n->devs = rf_dup_array(c->devs, c->ndevs, sizeof(*c->devs));
	n->devcap = c->ndevs;
	n->links = rf_dup_array(c->links, c->nlinks, sizeof(*c->links));
	n->linkcap = c->nlinks;
	if ((c->ndevs && !n->devs) || (c->nlinks && !n->links))
		return -ENOMEM;
	return 0;
}

/**
 * rf_conf_clone() - copy a policy
 * @c: the policy
 *
 * Networks, bindings and links are copied; prefixes share their validated
 * chunks with @c (copy-on-write, prefix.c).
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
	for (i = 0; i < RF_NFAM; i++)
		memset(&n->pfx[i], 0, sizeof(n->pfx[i]));
	n->devs = NULL;
	n->links = NULL;
	if (rf_conf_copy_arrays(n, c)) {
		rf_conf_free(n);
		return NULL;
	}
	return n;
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
	nd = &c->pool[id];
	memset(nd, 0, sizeof(*nd));
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
 *
 * Return: 0 or -ENOMEM; on error nothing changed.
 */
int rf_net_del(struct rf_conf *c, u16 id)
{
	int err = rf_pfx_del_net(c, id);

	if (err)
		return err;
	rf_net_del_devs_links(c, id);
	c->nets[id] = NULL;
	c->nnets--;
	while (c->max_id && !c->nets[c->max_id])
		c->max_id--;
	rf_name_rebuild(c);
	return 0;
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

/**
 * rf_conf_validate() - check the overlap rule
 * @c: the policy
 * @e: error message naming both prefixes and both networks
 *
 * A prefix may not equal, contain or be contained in a prefix of another
 * network; nesting within one network is fine, duplicates are not. The
 * prefixes added since the last validation end up validated (prefix.c).
 *
 * Return: 0 or a negative error code (@c is then to be discarded).
 */
int rf_conf_validate(struct rf_conf *c, struct rf_err *e)
{
	int f, err;

	for (f = 0; f < RF_NFAM; f++) {
		err = rf_pfxs_validate(c, f, e);
		if (err)
			return err;
	}
	return 0;
}
