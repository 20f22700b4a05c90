// SPDX-License-Identifier: GPL-2.0
/*
 * routefence netlink objects: networks, prefixes, interface bindings, links,
 * settings and counters. For each: the typed request a write is parsed
 * into (every extack message of a refusal is set while parsing), the change
 * it makes (conf.c), one fill function for its reply, dump and
 * notification, and its read handlers. The table of write operations is at
 * the end; netlink.c runs them.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "bypass.h"
#include "compat.h"
#include "extack.h"
#include "nl-msg.h"
#include "nl-objects.h"

/* ---- selecting networks ---- */

static int rf_nl_net_sel(const struct rf_conf *c, const struct nlattr *ida,
			 const struct nlattr *namea,
			 struct netlink_ext_ack *extack)
{
	u16 id = 0, nid;

	if (ida) {
		id = nla_get_u32(ida);
		if (!c->nets[id])
			return rf_nl_err(extack, ida, -ENOENT,
					 "network id %u does not exist", id);
	}
	if (!namea)
		return id;
	nid = rf_net_find(c, nla_data(namea));
	if (!nid)
		return rf_nl_err(extack, namea, -ENOENT,
				 "network %s does not exist",
				 (const char *)nla_data(namea));
	if (id && nid != id)
		return rf_nl_err(extack, namea, -EINVAL,
				 "network %s has id %u, not %u",
				 c->nets[nid]->name, nid, id);
	return nid;
}

/* The network a request names: its id, or a negative error code. */
static int rf_nl_net_req(struct genl_info *info, const struct rf_conf *c,
			 int id_type, int name_type)
{
	int id = rf_nl_net_sel(c, info->attrs[id_type], info->attrs[name_type],
			       info->extack);

	if (id)
		return id;
	return rf_nl_missing(info->extack, NULL, id_type,
			     id_type == RF_A_PEER_ID ?
			     "peer network (peer-id or peer-name)" :
			     "network (net-id or net-name)");
}

static void rf_nl_ifname(struct net *netns, int ifindex, char *buf,
			 size_t size)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(netns, ifindex);
	if (dev)
		strscpy(buf, dev->name, size);
	else
		snprintf(buf, size, "index %d", ifindex);
	rcu_read_unlock();
}

/* ---- dumps ---- */

struct rf_dump_ctx {
	u32 fam;
	u32 pos;
	u16 net;
	bool started;
};

static struct rf_dump_ctx *rf_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct rf_dump_ctx) > sizeof(cb->ctx));
	return (struct rf_dump_ctx *)cb->ctx;
}

/*
 * The network filter is resolved in the first round rather than in .start:
 * before 6.2, cb->extack is only set while the dump callback runs.
 */
static int rf_dump_filter(struct netlink_callback *cb, const struct rf_conf *c)
{
	struct nlattr **tb = rf_dump_attrs(cb);
	int id;

	if (genl_dumpit_info(cb)->op.cmd == RF_CMD_DEV_GET && tb[RF_A_IFINDEX])
		return rf_nl_err(cb->extack, tb[RF_A_IFINDEX], -EINVAL,
				 "ifindex selects one binding: not for dumps");
	id = rf_nl_net_sel(c, tb[RF_A_NET_ID], tb[RF_A_NET_NAME], cb->extack);
	if (id < 0)
		return id;
	rf_dump_ctx(cb)->net = id;
	rf_dump_ctx(cb)->started = true;
	return 0;
}

/*
 * Lock the namespace for one dump round; the generation marks consistency.
 * On error the lock is not held.
 */
static int rf_dump_lock(struct netlink_callback *cb, struct rf_view *v)
{
	struct rf_ns *ns = rf_ns_get(sock_net(cb->skb->sk));
	int err;

	mutex_lock(&ns->lock);
	*v = (struct rf_view){ .ns = ns, .c = ns->conf };
	cb->seq = ns->genid + 1;
	err = rf_dump_ctx(cb)->started ? 0 : rf_dump_filter(cb, v->c);
	if (err)
		mutex_unlock(&ns->lock);
	return err;
}

/* Put one object (or one message of a list) into a dump. */
static int rf_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		       rf_fill_t fill, const struct rf_view *v,
		       const struct rf_wreq *r, u32 *pos)
{
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  rf_nl_family(), NLM_F_MULTI,
			  genl_dumpit_info(cb)->op.cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	err = fill(skb, v, r, pos);
	if (err && (!pos || !*pos)) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return err;
}

/* Answer a get request with one object. */
static int rf_get_reply(struct genl_info *info, rf_fill_t fill,
			const struct rf_view *v, const struct rf_wreq *r)
{
	struct sk_buff *skb;
	void *hdr;

	skb = rf_nl_msg_new(rf_nl_family(), info->snd_portid, info->snd_seq, 0,
			    info->genlhdr->cmd, &hdr, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	if (fill(skb, v, r, NULL)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return genlmsg_reply(skb, info);
}

/* ---- networks ---- */

static int rf_fill_net(struct sk_buff *skb, const struct rf_view *v,
		       const struct rf_wreq *r, u32 *pos)
{
	const struct rf_netdef *nd = v->c->nets[r->net.id];

	if (!nd)	/* deleted: its id and name */
		return rf_nl_put_net(skb, RF_A_NET_ID, r->net.id, RF_A_NET_NAME,
				     r->net.name);
	if (rf_nl_put_net(skb, RF_A_NET_ID, r->net.id, RF_A_NET_NAME,
			  nd->name) ||
	    nla_put_u32(skb, RF_A_DEFAULT_ROUTE, nd->deny_default) ||
	    nla_put_u32(skb, RF_A_PREFIX_COUNT,
			nd->npfx[RF_FAM_V4] + nd->npfx[RF_FAM_V6]) ||
	    nla_put_u32(skb, RF_A_DEV_COUNT, rf_net_ndevs(v->c, r->net.id)) ||
	    nla_put_u32(skb, RF_A_LINK_COUNT, rf_net_nlinks(v->c, r->net.id)))
		return -EMSGSIZE;
	if (v->staged)
		return 0;
	return rf_nl_put_stats(skb, rf_ns_counters(v->ns, r->net.id));
}

static int rf_parse_net_new(struct rf_wreq *r, const struct rf_conf *c)
{
	struct nlattr **tb = r->info->attrs;

	if (!tb[RF_A_NET_NAME])
		return rf_nl_missing(r->info->extack, NULL, RF_A_NET_NAME,
				     "network name");
	nla_strscpy(r->net.name, tb[RF_A_NET_NAME], sizeof(r->net.name));
	if (tb[RF_A_NET_ID])
		r->net.id = nla_get_u32(tb[RF_A_NET_ID]);
	if (tb[RF_A_DEFAULT_ROUTE])
		r->net.deny = nla_get_u32(tb[RF_A_DEFAULT_ROUTE]);
	/* A taken id is the id's fault unless the name is taken too. */
	r->bad = tb[RF_A_NET_NAME];
	if (r->net.id && c->nets[r->net.id] && !rf_net_find(c, r->net.name))
		r->bad = tb[RF_A_NET_ID];
	return 0;
}

static int rf_apply_net_new(struct rf_conf *c, struct rf_wreq *r,
			    struct rf_err *e)
{
	int id = rf_net_add(c, r->net.name, r->net.id, r->net.deny, e);

	if (id < 0)
		return id;
	r->net.id = id;
	return 0;
}

static int rf_parse_net_sel(struct rf_wreq *r, const struct rf_conf *c)
{
	int id = rf_nl_net_req(r->info, c, RF_A_NET_ID, RF_A_NET_NAME);

	if (id < 0)
		return id;
	r->net.id = id;
	strscpy(r->net.name, c->nets[id]->name, sizeof(r->net.name));
	return 0;
}

static int rf_parse_net_set(struct rf_wreq *r, const struct rf_conf *c)
{
	struct nlattr *dr = r->info->attrs[RF_A_DEFAULT_ROUTE];
	int err = rf_parse_net_sel(r, c);

	if (err)
		return err;
	if (!dr)
		return rf_nl_missing(r->info->extack, NULL, RF_A_DEFAULT_ROUTE,
				     "default-route setting");
	r->net.deny = nla_get_u32(dr);
	return 0;
}

static int rf_apply_net_set(struct rf_conf *c, struct rf_wreq *r,
			    struct rf_err *e)
{
	return rf_net_set(c, r->net.id, r->net.deny);
}

static int rf_apply_net_del(struct rf_conf *c, struct rf_wreq *r,
			    struct rf_err *e)
{
	return rf_net_del(c, r->net.id);
}

/**
 * rf_nl_net_get_doit() - NET_GET: one network
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct rf_view v = { .ns = ns };
	struct rf_wreq r = { .info = info };
	int err;

	mutex_lock(&ns->lock);
	v.c = ns->conf;
	err = rf_parse_net_sel(&r, v.c);
	if (!err)
		err = rf_get_reply(info, rf_fill_net, &v, &r);
	mutex_unlock(&ns->lock);
	return err;
}

/**
 * rf_nl_net_get_dumpit() - NET_GET dump: every network, by id
 * @skb: the reply
 * @cb: the dump
 *
 * Return: the reply's length, 0 when done.
 */
int rf_nl_net_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rf_dump_ctx *ctx = rf_dump_ctx(cb);
	struct rf_wreq r = { };
	struct rf_view v;
	int err;
	u32 id;

	err = rf_dump_lock(cb, &v);
	if (err)
		return err;
	for (id = max(ctx->pos, 1U); id <= v.c->max_id; id++) {
		if (!v.c->nets[id] || (ctx->net && ctx->net != id))
			continue;
		r.net.id = id;
		if (rf_dump_one(skb, cb, rf_fill_net, &v, &r, NULL))
			break;
	}
	ctx->pos = id;
	mutex_unlock(&v.ns->lock);
	return skb->len;
}

/* ---- prefixes ---- */

static int rf_put_pfx(struct sk_buff *skb, const struct rf_conf *c,
		      const struct rf_pfx *p)
{
	struct nlattr *nest = nla_nest_start(skb, RF_A_PREFIX);

	if (!nest)
		return -EMSGSIZE;
	if (rf_nl_put_addr(skb, RF_PREFIX_A_ADDR, rf_pfx_fam(p), &p->key) ||
	    nla_put_u8(skb, RF_PREFIX_A_LEN, p->len) ||
	    rf_nl_put_net(skb, RF_PREFIX_A_NET_ID, p->net, RF_PREFIX_A_NET_NAME,
			  c->nets[p->net]->name)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The request's prefixes from *pos on, as many as fit. */
static int rf_fill_prefix(struct sk_buff *skb, const struct rf_view *v,
			  const struct rf_wreq *r, u32 *pos)
{
	for (; *pos < r->pfx.n; ++*pos)
		if (rf_put_pfx(skb, v->c, &r->pfx.v[*pos]))
			return -EMSGSIZE;
	return 0;
}

static int rf_fill_prefix_count(struct sk_buff *skb, const struct rf_view *v,
				const struct rf_wreq *r, u32 *pos)
{
	if (nla_put_u32(skb, RF_A_PREFIX_COUNT, r->pfx.n) ||
	    nla_put_u32(skb, RF_A_GENERATION, v->ns->genid))
		return -EMSGSIZE;
	return 0;
}

static int rf_pfx_alloc(struct rf_wreq *r, bool undo)
{
	struct genl_info *info = r->info;
	struct nlattr *a;
	u32 n = 0;
	int rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		n += nla_type(a) == RF_A_PREFIX;
	if (!n)
		return rf_nl_missing(info->extack, NULL, RF_A_PREFIX, "prefix");
	if (n > RF_PREFIX_BATCH_MAX)
		return rf_nl_err(info->extack, NULL, -E2BIG,
				 "too many prefixes in one message (%u, at most %u)",
				 n, RF_PREFIX_BATCH_MAX);
	r->pfx.v = kvmalloc_array(n, sizeof(*r->pfx.v), GFP_KERNEL);
	r->pfx.nests = kvmalloc_array(n, sizeof(*r->pfx.nests), GFP_KERNEL);
	if (undo)
		r->pfx.undo = kvmalloc_array(n, sizeof(*r->pfx.undo),
					     GFP_KERNEL);
	if (!r->pfx.v || !r->pfx.nests || (undo && !r->pfx.undo))
		return -ENOMEM;
	return 0;
}

static int rf_parse_pfx_one(struct rf_wreq *r, const struct rf_conf *c,
			    const struct nlattr *nest, struct rf_pfx *p,
			    bool need_net)
{
	struct netlink_ext_ack *extack = r->info->extack;
	struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	struct nlattr *addr, *len;
	struct rf_err e;
	int net, err;

	/* The nest was validated with the request (nl-spec.c). */
	err = nla_parse_nested(tb, RF_PREFIX_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	addr = tb[RF_PREFIX_A_ADDR];
	len = tb[RF_PREFIX_A_LEN];
	if (!addr || !len)
		return rf_nl_missing(extack, nest,
				     addr ? RF_PREFIX_A_LEN : RF_PREFIX_A_ADDR,
				     addr ? "prefix length" : "prefix address");
	net = rf_nl_net_sel(c, tb[RF_PREFIX_A_NET_ID],
			    tb[RF_PREFIX_A_NET_NAME], extack);
	if (net < 0)
		return net;
	if (!net && need_net)
		return rf_nl_missing(extack, nest, RF_PREFIX_A_NET_ID,
				     "network of prefix (net-id or net-name)");
	err = rf_pfx_parse(p, nla_data(addr), nla_len(addr), nla_get_u8(len),
			   net, &e);
	return err ? rf_nl_fail(extack, addr, err, &e) : 0;
}

static int rf_parse_pfx(struct rf_wreq *r, const struct rf_conf *c,
			bool add)
{
	struct genl_info *info = r->info;
	struct nlattr *a;
	int rem, err;

	err = rf_pfx_alloc(r, !add);
	if (err)
		return err;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != RF_A_PREFIX)
			continue;
		err = rf_parse_pfx_one(r, c, a, &r->pfx.v[r->pfx.n], add);
		if (err)
			return err;
		r->pfx.nests[r->pfx.n++] = a;
	}
	return 0;
}

static int rf_parse_prefix_new(struct rf_wreq *r, const struct rf_conf *c)
{
	return rf_parse_pfx(r, c, true);
}

static int rf_parse_prefix_del(struct rf_wreq *r, const struct rf_conf *c)
{
	return rf_parse_pfx(r, c, false);
}

static int rf_apply_prefix_new(struct rf_conf *c, struct rf_wreq *r,
			       struct rf_err *e)
{
	u32 failed = 0;
	int err;

	err = rf_pfx_add_all(c, r->pfx.v, r->pfx.n, &failed, e);
	if (err && r->pfx.nests)
		r->bad = r->pfx.nests[failed];
	return err;
}

static int rf_apply_prefix_del(struct rf_conf *c, struct rf_wreq *r,
			       struct rf_err *e)
{
	u32 failed = 0;
	int err;

	err = rf_pfx_del_all(c, r->pfx.v, r->pfx.n, r->pfx.undo, &failed, e);
	if (err && r->pfx.nests)
		r->bad = r->pfx.nests[failed];
	return err;
}

/*
 * Put the prefixes from the dump's position on into one message, as many as
 * fit; the position moves past them.
 */
static void rf_dump_prefixes(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct rf_conf *c)
{
	struct rf_dump_ctx *ctx = rf_dump_ctx(cb);
	void *hdr = NULL;
	u32 n = 0;

	for (; ctx->fam < RF_NFAM; ctx->fam++, ctx->pos = 0) {
		const struct rf_pset *set = &c->pfx[ctx->fam].set;
		const struct rf_pfx *p;
		struct rf_ppos pos;

		rf_pset_seek(set, ctx->pos, &pos);
		for (; (p = rf_pset_at(set, &pos)); rf_pset_next(set, &pos),
		     ctx->pos++) {
			if (!p->net || (ctx->net && p->net != ctx->net))
				continue;
			if (!hdr)
				hdr = genlmsg_put(skb,
						  NETLINK_CB(cb->skb).portid,
						  cb->nlh->nlmsg_seq,
						  rf_nl_family(), NLM_F_MULTI,
						  RF_CMD_PREFIX_GET);
			if (!hdr || rf_put_pfx(skb, c, p))
				goto out;
			n++;
		}
	}
out:
	if (hdr && n) {
		genl_dump_check_consistent(cb, hdr);
		genlmsg_end(skb, hdr);
	} else if (hdr) {
		genlmsg_cancel(skb, hdr);
	}
}

/**
 * rf_nl_prefix_get_dumpit() - PREFIX_GET dump: many prefixes per message
 * @skb: the reply
 * @cb: the dump
 *
 * Return: the reply's length, 0 when done.
 */
int rf_nl_prefix_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rf_view v;
	int err;

	err = rf_dump_lock(cb, &v);
	if (err)
		return err;
	rf_dump_prefixes(skb, cb, v.c);
	mutex_unlock(&v.ns->lock);
	return skb->len;
}

/* ---- interface bindings ---- */

static int rf_fill_dev(struct sk_buff *skb, const struct rf_view *v,
		       const struct rf_wreq *r, u32 *pos)
{
	if (nla_put_u32(skb, RF_A_IFINDEX, r->dev.ifindex) ||
	    (r->dev.ifname[0] ?
	     nla_put_string(skb, RF_A_IFNAME, r->dev.ifname) :
	     rf_nl_put_ifname(skb, v->ns->netns, RF_A_IFNAME,
			      r->dev.ifindex)) ||
	    rf_nl_put_net(skb, RF_A_NET_ID, r->dev.net, RF_A_NET_NAME,
			  r->dev.name))
		return -EMSGSIZE;
	return 0;
}

/* The binding of the request's interface. */
static int rf_parse_dev_sel(struct rf_wreq *r, const struct rf_conf *c)
{
	struct nlattr *ifa = r->info->attrs[RF_A_IFINDEX];
	const struct rf_dev *d;
	char ifname[IFNAMSIZ + 8];

	if (!ifa)
		return rf_nl_missing(r->info->extack, NULL, RF_A_IFINDEX,
				     "interface (ifindex)");
	r->dev.ifindex = nla_get_u32(ifa);
	d = rf_dev_find(c, r->dev.ifindex);
	if (!d) {
		rf_nl_ifname(genl_info_net(r->info), r->dev.ifindex, ifname,
			     sizeof(ifname));
		return rf_nl_err(r->info->extack, ifa, -ENOENT,
				 "interface %s is not bound", ifname);
	}
	r->dev.net = d->net;
	strscpy(r->dev.name, c->nets[d->net]->name, sizeof(r->dev.name));
	return 0;
}

static int rf_parse_dev_new(struct rf_wreq *r, const struct rf_conf *c)
{
	struct nlattr *ifa = r->info->attrs[RF_A_IFINDEX];
	struct net *netns = genl_info_net(r->info);
	char ifname[IFNAMSIZ + 8];
	const struct rf_dev *d;
	bool exists;
	int net;

	if (!ifa)
		return rf_nl_missing(r->info->extack, NULL, RF_A_IFINDEX,
				     "interface (ifindex)");
	net = rf_nl_net_req(r->info, c, RF_A_NET_ID, RF_A_NET_NAME);
	if (net < 0)
		return net;
	r->dev.ifindex = nla_get_u32(ifa);
	rcu_read_lock();
	exists = dev_get_by_index_rcu(netns, r->dev.ifindex);
	rcu_read_unlock();
	if (!exists)
		return rf_nl_err(r->info->extack, ifa, -ENODEV,
				 "no interface with index %d", r->dev.ifindex);
	d = rf_dev_find(c, r->dev.ifindex);
	if (d) {
		rf_nl_ifname(netns, r->dev.ifindex, ifname, sizeof(ifname));
		return rf_nl_err(r->info->extack, ifa, -EEXIST,
				 "%s is already bound to network %s", ifname,
				 c->nets[d->net]->name);
	}
	r->dev.net = net;
	strscpy(r->dev.name, c->nets[net]->name, sizeof(r->dev.name));
	return 0;
}

static int rf_apply_dev_new(struct rf_conf *c, struct rf_wreq *r,
			    struct rf_err *e)
{
	return rf_dev_add(c, r->dev.ifindex, r->dev.net, e);
}

static int rf_apply_dev_del(struct rf_conf *c, struct rf_wreq *r,
			    struct rf_err *e)
{
	const struct rf_dev *d = rf_dev_find(c, r->dev.ifindex);

	if (d && !r->info) {	/* an interface that went away */
		r->dev.net = d->net;
		strscpy(r->dev.name, c->nets[d->net]->name,
			sizeof(r->dev.name));
	}
	return rf_dev_del(c, r->dev.ifindex, e);
}

/**
 * rf_nl_dev_get_doit() - DEV_GET: one binding
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct nlattr *sel = info->attrs[RF_A_NET_ID] ?:
			     info->attrs[RF_A_NET_NAME];
	struct rf_view v = { .ns = ns };
	struct rf_wreq r = { .info = info };
	int err;

	if (sel)
		return rf_nl_err(info->extack, sel, -EINVAL,
				 "a network filter is only for dumps");
	mutex_lock(&ns->lock);
	v.c = ns->conf;
	err = rf_parse_dev_sel(&r, v.c);
	if (!err)
		err = rf_get_reply(info, rf_fill_dev, &v, &r);
	mutex_unlock(&ns->lock);
	return err;
}

/**
 * rf_nl_dev_get_dumpit() - DEV_GET dump: the bindings, by ifindex
 * @skb: the reply
 * @cb: the dump
 *
 * Return: the reply's length, 0 when done.
 */
int rf_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rf_dump_ctx *ctx = rf_dump_ctx(cb);
	struct rf_wreq r = { };
	struct rf_view v;
	int err;

	err = rf_dump_lock(cb, &v);
	if (err)
		return err;
	for (; ctx->pos < v.c->ndevs; ctx->pos++) {
		const struct rf_dev *d = &v.c->devs[ctx->pos];

		if (ctx->net && d->net != ctx->net)
			continue;
		r.dev.ifindex = d->ifindex;
		r.dev.net = d->net;
		strscpy(r.dev.name, v.c->nets[d->net]->name,
			sizeof(r.dev.name));
		if (rf_dump_one(skb, cb, rf_fill_dev, &v, &r, NULL))
			break;
	}
	mutex_unlock(&v.ns->lock);
	return skb->len;
}

/* ---- links ---- */

static int rf_fill_link(struct sk_buff *skb, const struct rf_view *v,
			const struct rf_wreq *r, u32 *pos)
{
	if (rf_nl_put_net(skb, RF_A_NET_ID, r->link.a, RF_A_NET_NAME,
			  r->link.aname) ||
	    rf_nl_put_net(skb, RF_A_PEER_ID, r->link.b, RF_A_PEER_NAME,
			  r->link.bname))
		return -EMSGSIZE;
	return 0;
}

static void rf_link_names(struct rf_wreq *r, const struct rf_conf *c)
{
	strscpy(r->link.aname, c->nets[r->link.a]->name,
		sizeof(r->link.aname));
	strscpy(r->link.bname, c->nets[r->link.b]->name,
		sizeof(r->link.bname));
}

static int rf_parse_link(struct rf_wreq *r, const struct rf_conf *c)
{
	int a, b;

	a = rf_nl_net_req(r->info, c, RF_A_NET_ID, RF_A_NET_NAME);
	if (a < 0)
		return a;
	b = rf_nl_net_req(r->info, c, RF_A_PEER_ID, RF_A_PEER_NAME);
	if (b < 0)
		return b;
	r->link.a = min(a, b);
	r->link.b = max(a, b);
	rf_link_names(r, c);
	return 0;
}

static int rf_apply_link_new(struct rf_conf *c, struct rf_wreq *r,
			     struct rf_err *e)
{
	return rf_link_add(c, r->link.a, r->link.b, e);
}

static int rf_apply_link_del(struct rf_conf *c, struct rf_wreq *r,
			     struct rf_err *e)
{
	return rf_link_del(c, r->link.a, r->link.b, e);
}

/**
 * rf_nl_link_get_dumpit() - LINK_GET dump: the links, ordered
 * @skb: the reply
 * @cb: the dump
 *
 * Return: the reply's length, 0 when done.
 */
int rf_nl_link_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rf_dump_ctx *ctx = rf_dump_ctx(cb);
	struct rf_wreq r = { };
	struct rf_view v;
	int err;

	err = rf_dump_lock(cb, &v);
	if (err)
		return err;
	for (; ctx->pos < v.c->nlinks; ctx->pos++) {
		const struct rf_link *l = &v.c->links[ctx->pos];

		if (ctx->net && l->a != ctx->net && l->b != ctx->net)
			continue;
		r.link.a = l->a;
		r.link.b = l->b;
		rf_link_names(&r, v.c);
		if (rf_dump_one(skb, cb, rf_fill_link, &v, &r, NULL))
			break;
	}
	mutex_unlock(&v.ns->lock);
	return skb->len;
}

/* ---- settings ---- */

#define RF_SET_MODE		BIT(0)
#define RF_SET_UNMANAGED	BIT(1)
#define RF_SET_DROP_EVENTS	BIT(2)

#define RF_BYPASS_MAX	32

/* The interfaces that may bypass the policy (at most RF_BYPASS_MAX). */
static int rf_put_bypass(struct sk_buff *skb, struct net *netns)
{
	struct rf_bypass *b;
	struct nlattr *nest;
	u32 n, i;
	int err = 0;

	if (!rf_bypass_scan(netns, NULL, 0))
		return 0;
	b = kmalloc_array(RF_BYPASS_MAX, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	n = min_t(u32, rf_bypass_scan(netns, b, RF_BYPASS_MAX), RF_BYPASS_MAX);
	for (i = 0; i < n && !err; i++) {
		nest = nla_nest_start(skb, RF_A_BYPASS);
		if (!nest ||
		    nla_put_u32(skb, RF_BYPASS_A_IFINDEX, b[i].ifindex) ||
		    nla_put_string(skb, RF_BYPASS_A_IFNAME, b[i].ifname) ||
		    nla_put_u32(skb, RF_BYPASS_A_KINDS, b[i].kinds))
			err = -EMSGSIZE;
		else
			nla_nest_end(skb, nest);
	}
	kfree(b);
	return err;
}

/**
 * rf_fill_config() - put the settings and the size of the policy
 * @skb: the message
 * @v: the configuration
 * @r: unused
 * @pos: unused
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_fill_config(struct sk_buff *skb, const struct rf_view *v,
		   const struct rf_wreq *r, u32 *pos)
{
	const struct rf_conf *c = v->c;

	if (nla_put_u32(skb, RF_A_MODE, c->set.mode) ||
	    nla_put_u32(skb, RF_A_UNMANAGED, c->set.unmanaged) ||
	    nla_put_u32(skb, RF_A_DROP_EVENTS, c->set.drop_events) ||
	    nla_put_u32(skb, RF_A_GENERATION, v->ns->genid) ||
	    nla_put_u32(skb, RF_A_NET_COUNT, c->nnets) ||
	    nla_put_u32(skb, RF_A_PREFIX_COUNT, rf_conf_npfx(c)) ||
	    nla_put_u32(skb, RF_A_DEV_COUNT, c->ndevs) ||
	    nla_put_u32(skb, RF_A_LINK_COUNT, c->nlinks) ||
	    nla_put_u32(skb, RF_A_NO_POLICY, rf_drop_before_policy ?
			RF_NO_POLICY_DROP : RF_NO_POLICY_ACCEPT))
		return -EMSGSIZE;
	return rf_put_bypass(skb, v->ns->netns);
}

static int rf_parse_config_set(struct rf_wreq *r, const struct rf_conf *c)
{
	struct nlattr **tb = r->info->attrs;

	if (!tb[RF_A_MODE] && !tb[RF_A_UNMANAGED] && !tb[RF_A_DROP_EVENTS])
		return rf_nl_err(r->info->extack, NULL, -EINVAL,
				 "nothing to set (mode, unmanaged or drop-events)");
	if (tb[RF_A_MODE]) {
		r->set.has |= RF_SET_MODE;
		r->set.v.mode = nla_get_u32(tb[RF_A_MODE]);
	}
	if (tb[RF_A_UNMANAGED]) {
		r->set.has |= RF_SET_UNMANAGED;
		r->set.v.unmanaged = nla_get_u32(tb[RF_A_UNMANAGED]);
	}
	if (tb[RF_A_DROP_EVENTS]) {
		r->set.has |= RF_SET_DROP_EVENTS;
		r->set.v.drop_events = nla_get_u32(tb[RF_A_DROP_EVENTS]);
	}
	return 0;
}

static int rf_apply_config_set(struct rf_conf *c, struct rf_wreq *r,
			       struct rf_err *e)
{
	if (r->set.has & RF_SET_MODE)
		c->set.mode = r->set.v.mode;
	if (r->set.has & RF_SET_UNMANAGED)
		c->set.unmanaged = r->set.v.unmanaged;
	if (r->set.has & RF_SET_DROP_EVENTS)
		c->set.drop_events = r->set.v.drop_events;
	return 0;
}

static int rf_apply_flush(struct rf_conf *c, struct rf_wreq *r,
			  struct rf_err *e)
{
	rf_conf_reset(c);
	return 0;
}

/**
 * rf_nl_config_get_doit() - CONFIG_GET: the settings
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_config_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct rf_view v = { .ns = ns };
	int err;

	mutex_lock(&ns->lock);
	v.c = ns->conf;
	err = rf_get_reply(info, rf_fill_config, &v, NULL);
	mutex_unlock(&ns->lock);
	return err;
}

/* ---- counters ---- */

static int rf_fill_stats(struct sk_buff *skb, const struct rf_view *v,
			 const struct rf_wreq *r, u32 *pos)
{
	if (r->net.id &&
	    rf_nl_put_net(skb, RF_A_NET_ID, r->net.id, RF_A_NET_NAME,
			  r->net.name))
		return -EMSGSIZE;
	return rf_nl_put_stats(skb, rf_ns_counters(v->ns, r->net.id));
}

/**
 * rf_nl_stats_get_doit() - STATS_GET: the counters of the namespace or of
 *	one network
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));
	struct rf_view v = { .ns = ns };
	struct rf_wreq r = { .info = info };
	int id;

	mutex_lock(&ns->lock);
	v.c = ns->conf;
	id = rf_nl_net_sel(v.c, info->attrs[RF_A_NET_ID],
			   info->attrs[RF_A_NET_NAME], info->extack);
	if (id > 0) {
		r.net.id = id;
		strscpy(r.net.name, v.c->nets[id]->name, sizeof(r.net.name));
	}
	if (id >= 0)
		id = rf_get_reply(info, rf_fill_stats, &v, &r);
	mutex_unlock(&ns->lock);
	return id;
}

/**
 * rf_nl_stats_reset_doit() - STATS_RESET: zero every counter
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0.
 */
int rf_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct rf_ns *ns = rf_ns_get(genl_info_net(info));

	mutex_lock(&ns->lock);
	rf_ns_stats_reset(ns);
	mutex_unlock(&ns->lock);
	return 0;
}

/* ---- the write operations ---- */

static const struct rf_wop rf_wops[] = {
	[RF_CMD_NET_NEW] = {
		.parse = rf_parse_net_new,
		.apply = rf_apply_net_new,
		.reply = rf_fill_net,
		.fill = rf_fill_net,
		.ntf = RF_CMD_NET_NEW_NTF,
	},
	[RF_CMD_NET_SET] = {
		.parse = rf_parse_net_set,
		.apply = rf_apply_net_set,
		.reply = rf_fill_net,
		.fill = rf_fill_net,
		.ntf = RF_CMD_NET_SET_NTF,
	},
	[RF_CMD_NET_DEL] = {
		.parse = rf_parse_net_sel,
		.apply = rf_apply_net_del,
		.fill = rf_fill_net,
		.ntf = RF_CMD_NET_DEL_NTF,
	},
	[RF_CMD_PREFIX_NEW] = {
		.parse = rf_parse_prefix_new,
		.apply = rf_apply_prefix_new,
		.reply = rf_fill_prefix_count,
		.fill = rf_fill_prefix,
		.ntf = RF_CMD_PREFIX_NEW_NTF,
	},
	[RF_CMD_PREFIX_DEL] = {
		.parse = rf_parse_prefix_del,
		.apply = rf_apply_prefix_del,
		.fill = rf_fill_prefix,
		.ntf = RF_CMD_PREFIX_DEL_NTF,
	},
	[RF_CMD_DEV_NEW] = {
		.parse = rf_parse_dev_new,
		.apply = rf_apply_dev_new,
		.reply = rf_fill_dev,
		.fill = rf_fill_dev,
		.ntf = RF_CMD_DEV_NEW_NTF,
	},
	[RF_CMD_DEV_DEL] = {
		.parse = rf_parse_dev_sel,
		.apply = rf_apply_dev_del,
		.fill = rf_fill_dev,
		.ntf = RF_CMD_DEV_DEL_NTF,
	},
	[RF_CMD_LINK_NEW] = {
		.parse = rf_parse_link,
		.apply = rf_apply_link_new,
		.reply = rf_fill_link,
		.fill = rf_fill_link,
		.ntf = RF_CMD_LINK_NEW_NTF,
	},
	[RF_CMD_LINK_DEL] = {
		.parse = rf_parse_link,
		.apply = rf_apply_link_del,
		.fill = rf_fill_link,
		.ntf = RF_CMD_LINK_DEL_NTF,
	},
	[RF_CMD_CONFIG_SET] = {
		.parse = rf_parse_config_set,
		.apply = rf_apply_config_set,
		.reply = rf_fill_config,
		.fill = rf_fill_config,
		.ntf = RF_CMD_CONFIG_NTF,
	},
	[RF_CMD_FLUSH] = {
		.apply = rf_apply_flush,
		.fill = rf_fill_config,
		.ntf = RF_CMD_COMMIT_NTF,
	},
};

/* An interface went away: its binding goes too (no request to parse). */
const struct rf_wop rf_dev_gone_op = {
	.apply = rf_apply_dev_del,
	.fill = rf_fill_dev,
	.ntf = RF_CMD_DEV_DEL_NTF,
};

/**
 * rf_wop_get() - the write operation of a command
 * @cmd: a command the op table routes to rf_nl_write_doit()
 *
 * Return: the operation, or NULL.
 */
const struct rf_wop *rf_wop_get(u8 cmd)
{
	if (cmd >= ARRAY_SIZE(rf_wops) || !rf_wops[cmd].apply)
		return NULL;
	return &rf_wops[cmd];
}

/**
 * rf_wreq_free() - free what parsing a request allocated
 * @r: the request
 */
void rf_wreq_free(struct rf_wreq *r)
{
	if (r->op && r->op->fill == rf_fill_prefix) {
		kvfree(r->pfx.v);
		kvfree(r->pfx.undo);
		kvfree(r->pfx.nests);
	}
	kfree(r);
}
