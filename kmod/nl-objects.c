// SPDX-License-Identifier: GPL-2.0
/*
 * routefence netlink handlers for the policy's objects: networks, prefixes,
 * interface bindings, links and settings (changes, replies, dumps), and EVAL.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"

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

/**
 * rf_nl_net_opt() - the network a request names, if any
 * @w: the request
 * @id_type: the id attribute (RF_A_NET_ID or RF_A_PEER_ID)
 * @name_type: the name attribute
 *
 * Return: the id, 0 if none is named, or a negative error code.
 */
int rf_nl_net_opt(struct rf_wctx *w, int id_type, int name_type)
{
	return rf_nl_net_sel(w->c, w->info->attrs[id_type],
			     w->info->attrs[name_type], w->info->extack);
}

static int rf_nl_net_req(struct rf_wctx *w, int id_type, int name_type)
{
	int id = rf_nl_net_opt(w, id_type, name_type);

	if (id)
		return id;
	return rf_nl_missing(w->info, id_type, id_type == RF_A_PEER_ID ?
			     "peer network (peer-id or peer-name)" :
			     "network (net-id or net-name)");
}

static void rf_nl_ifname(struct net *net, int ifindex, char *buf, size_t size)
{
	struct net_device *dev;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
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

static void *rf_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			    u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &rf_family, NLM_F_MULTI, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

static int rf_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			  u8 cmd, rf_fill_t fill, struct rf_wctx *w)
{
	void *hdr = rf_nl_dump_hdr(skb, cb, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (fill(skb, w)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * The network filter is resolved in the first round rather than in .start:
 * before 6.2, cb->extack is only set while the dump callback runs.
 */
static int rf_nl_dump_filter(struct netlink_callback *cb,
			     const struct rf_conf *c)
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
static struct rf_ns *rf_nl_dump_lock(struct netlink_callback *cb,
				     struct rf_wctx *w, int *err)
{
	struct rf_ns *ns = rf_ns_get(sock_net(cb->skb->sk));

	mutex_lock(&ns->lock);
	memset(w, 0, sizeof(*w));
	w->ns = ns;
	w->c = ns->conf;
	cb->seq = ns->genid + 1;
	*err = rf_dump_ctx(cb)->started ? 0 : rf_nl_dump_filter(cb, w->c);
	if (*err)
		mutex_unlock(&ns->lock);
	return ns;
}

/* ---- networks ---- */

static int rf_fill_net(struct sk_buff *skb, struct rf_wctx *w)
{
	const struct rf_netdef *nd = w->c->nets[w->id];

	if (!nd)
		return rf_nl_put_net(skb, RF_A_NET_ID, w->id, RF_A_NET_NAME,
				     w->name);
	if (rf_nl_put_net(skb, RF_A_NET_ID, w->id, RF_A_NET_NAME, nd->name) ||
	    nla_put_u32(skb, RF_A_DEFAULT_ROUTE, nd->deny_default) ||
	    nla_put_u32(skb, RF_A_PREFIX_COUNT,
			nd->npfx[RF_FAM_V4] + nd->npfx[RF_FAM_V6]) ||
	    nla_put_u32(skb, RF_A_DEV_COUNT, rf_net_ndevs(w->c, w->id)) ||
	    nla_put_u32(skb, RF_A_LINK_COUNT, rf_net_nlinks(w->c, w->id)))
		return -EMSGSIZE;
	if (w->staged)
		return 0;
	return rf_nl_put_stats(skb, rf_ns_net_stats(w->ns, w->id));
}

static int rf_apply_net_new(struct rf_conf *c, struct rf_wctx *w)
{
	struct nlattr **tb = w->info->attrs;
	u16 id = 0;
	u8 deny = 0;
	int ret;

	if (!tb[RF_A_NET_NAME])
		return rf_nl_missing(w->info, RF_A_NET_NAME, "network name");
	if (tb[RF_A_NET_ID])
		id = nla_get_u32(tb[RF_A_NET_ID]);
	if (tb[RF_A_DEFAULT_ROUTE])
		deny = nla_get_u32(tb[RF_A_DEFAULT_ROUTE]);
	ret = rf_net_add(c, nla_data(tb[RF_A_NET_NAME]), id, deny, &w->e);
	if (ret < 0) {
		/* A taken id is the id's fault unless the name is taken too. */
		bool id_taken = id && ret == -EEXIST &&
				!rf_net_find(c, nla_data(tb[RF_A_NET_NAME]));

		return rf_nl_fail(w->info->extack, id_taken ? tb[RF_A_NET_ID] :
				  tb[RF_A_NET_NAME], ret, &w->e);
	}
	w->id = ret;
	return 0;
}

static int rf_apply_net_set(struct rf_conf *c, struct rf_wctx *w)
{
	struct nlattr **tb = w->info->attrs;
	int id = rf_nl_net_req(w, RF_A_NET_ID, RF_A_NET_NAME);

	if (id < 0)
		return id;
	if (!tb[RF_A_DEFAULT_ROUTE])
		return rf_nl_missing(w->info, RF_A_DEFAULT_ROUTE,
				     "default-route setting");
	w->id = id;
	return rf_net_set(c, id, nla_get_u32(tb[RF_A_DEFAULT_ROUTE]));
}

static int rf_apply_net_del(struct rf_conf *c, struct rf_wctx *w)
{
	int id = rf_nl_net_req(w, RF_A_NET_ID, RF_A_NET_NAME);

	if (id < 0)
		return id;
	w->id = id;
	strscpy(w->name, c->nets[id]->name, sizeof(w->name));
	rf_net_del(c, id);
	return 0;
}

static const struct rf_wop rf_net_new_op = {
	.apply = rf_apply_net_new,
	.reply = rf_fill_net,
	.ntf = RF_CMD_NET_NEW_NTF,
};

static const struct rf_wop rf_net_set_op = {
	.apply = rf_apply_net_set,
	.reply = rf_fill_net,
	.ntf = RF_CMD_NET_SET_NTF,
};

static void rf_nl_notify_net_del(struct rf_wctx *w, u8 cmd)
{
	rf_nl_notify(w, cmd, rf_fill_net);
}

static const struct rf_wop rf_net_del_op = {
	.apply = rf_apply_net_del,
	.ntf = RF_CMD_NET_DEL_NTF,
	.notify = rf_nl_notify_net_del,
};

/**
 * rf_nl_net_new_doit() - NET_NEW: create a network
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_net_new_op);
}

/**
 * rf_nl_net_set_doit() - NET_SET: change a network
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_net_set_op);
}

/**
 * rf_nl_net_del_doit() - NET_DEL: delete a network with everything it owns
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_net_del_op);
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
	struct rf_wctx w = { .ns = ns, .info = info };
	int id;

	mutex_lock(&ns->lock);
	w.c = ns->conf;
	id = rf_nl_net_req(&w, RF_A_NET_ID, RF_A_NET_NAME);
	if (id > 0) {
		w.id = id;
		id = rf_nl_reply(&w, rf_fill_net);
	}
	mutex_unlock(&ns->lock);
	return id;
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
	struct rf_wctx w;
	struct rf_ns *ns;
	int err;
	u32 id;

	ns = rf_nl_dump_lock(cb, &w, &err);
	if (err)
		return err;

	for (id = max(ctx->pos, 1U); id <= w.c->max_id; id++) {
		if (!w.c->nets[id] || (ctx->net && ctx->net != id))
			continue;
		w.id = id;
		if (rf_nl_dump_one(skb, cb, RF_CMD_NET_GET, rf_fill_net, &w))
			break;
	}
	ctx->pos = id;
	mutex_unlock(&ns->lock);
	return skb->len;
}

/* ---- prefixes ---- */

static int rf_nl_put_pfx(struct sk_buff *skb, const struct rf_conf *c,
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

static int rf_nl_pfx_alloc(struct rf_wctx *w, bool undo)
{
	struct nlattr *a;
	u32 n = 0;
	int rem;

	nla_for_each_attr(a, genlmsg_data(w->info->genlhdr),
			  genlmsg_len(w->info->genlhdr), rem)
		n += nla_type(a) == RF_A_PREFIX;
	if (!n)
		return rf_nl_missing(w->info, RF_A_PREFIX, "prefix");
	if (n > RF_PREFIX_BATCH_MAX)
		return rf_nl_err(w->info->extack, NULL, -E2BIG,
				 "too many prefixes in one message (%u, at most %u)",
				 n, RF_PREFIX_BATCH_MAX);
	w->pfx = kvmalloc_array(n, sizeof(*w->pfx), GFP_KERNEL);
	if (undo && w->pfx)
		w->undo = kvmalloc_array(n, sizeof(*w->undo), GFP_KERNEL);
	if (!w->pfx || (undo && !w->undo))
		return -ENOMEM;
	return 0;
}

static int rf_nl_pfx_one(struct rf_wctx *w, const struct nlattr *nest,
			 struct rf_pfx *p, bool need_net)
{
	struct netlink_ext_ack *extack = w->info->extack;
	struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	struct nlattr *addr, *len;
	int net, err;

	err = nla_parse_nested(tb, RF_PREFIX_A_MAX, nest, rf_prefix_nl_policy,
			       extack);
	if (err)
		return err;
	addr = tb[RF_PREFIX_A_ADDR];
	len = tb[RF_PREFIX_A_LEN];
	if (!addr || !len) {
		NL_SET_ERR_ATTR_MISS(extack, nest, addr ? RF_PREFIX_A_LEN :
						       RF_PREFIX_A_ADDR);
		return rf_nl_err(extack, nest, -EINVAL, "missing prefix %s",
				 addr ? "length" : "address");
	}
	net = rf_nl_net_sel(w->c, tb[RF_PREFIX_A_NET_ID],
			    tb[RF_PREFIX_A_NET_NAME], extack);
	if (net < 0)
		return net;
	if (!net && need_net) {
		NL_SET_ERR_ATTR_MISS(extack, nest, RF_PREFIX_A_NET_ID);
		return rf_nl_err(extack, nest, -EINVAL,
				 "missing network of prefix (net-id or net-name)");
	}
	err = rf_pfx_parse(p, nla_data(addr), nla_len(addr), nla_get_u8(len),
			   net, &w->e);
	return err ? rf_nl_fail(extack, addr, err, &w->e) : 0;
}

static int rf_apply_prefix_new(struct rf_conf *c, struct rf_wctx *w)
{
	struct rf_pfx_mark m;
	struct nlattr *a;
	int rem, err;

	err = rf_nl_pfx_alloc(w, false);
	if (err)
		return err;
	rf_pfx_mark(c, &m);
	nla_for_each_attr(a, genlmsg_data(w->info->genlhdr),
			  genlmsg_len(w->info->genlhdr), rem) {
		struct rf_pfx *p = &w->pfx[w->npfx];

		if (nla_type(a) != RF_A_PREFIX)
			continue;
		err = rf_nl_pfx_one(w, a, p, true);
		if (!err) {
			err = rf_pfx_add(c, p, &w->e);
			if (err)
				rf_nl_fail(w->info->extack, a, err, &w->e);
		}
		if (err) {
			rf_pfx_rollback(c, &m);
			return err;
		}
		w->npfx++;
	}
	return 0;
}

static int rf_apply_prefix_del(struct rf_conf *c, struct rf_wctx *w)
{
	struct nlattr *a;
	int rem, err;

	err = rf_nl_pfx_alloc(w, true);
	if (err)
		return err;
	nla_for_each_attr(a, genlmsg_data(w->info->genlhdr),
			  genlmsg_len(w->info->genlhdr), rem) {
		struct rf_pfx *p = &w->pfx[w->npfx];

		if (nla_type(a) != RF_A_PREFIX)
			continue;
		err = rf_nl_pfx_one(w, a, p, false);
		if (!err) {
			err = rf_pfx_del(c, p, &w->undo[w->npfx], &w->e);
			if (err)
				rf_nl_fail(w->info->extack, a, err, &w->e);
		}
		if (err) {
			while (w->npfx)
				rf_pfx_undel(c, &w->undo[--w->npfx]);
			return err;
		}
		p->net = w->undo[w->npfx].net;
		w->npfx++;
	}
	return 0;
}

static int rf_fill_prefix_count(struct sk_buff *skb, struct rf_wctx *w)
{
	if (nla_put_u32(skb, RF_A_PREFIX_COUNT, w->npfx) ||
	    nla_put_u32(skb, RF_A_GENERATION, w->ns->genid))
		return -EMSGSIZE;
	return 0;
}

/* Prefix notifications carry as many prefixes as fit in each message. */
static void rf_nl_notify_pfx(struct rf_wctx *w, u8 cmd)
{
	struct sk_buff *skb;
	u32 i = 0;
	void *hdr;

	while (i < w->npfx) {
		skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
		if (!skb)
			return;
		hdr = genlmsg_put(skb, 0, 0, &rf_family, 0, cmd);
		if (!hdr) {
			nlmsg_free(skb);
			return;
		}
		while (i < w->npfx && !rf_nl_put_pfx(skb, w->c, &w->pfx[i]))
			i++;
		genlmsg_end(skb, hdr);
		genl_notify(&rf_family, skb, w->info, RF_GRP_CONFIG,
			    GFP_KERNEL);
	}
}

static const struct rf_wop rf_prefix_new_op = {
	.apply = rf_apply_prefix_new,
	.reply = rf_fill_prefix_count,
	.ntf = RF_CMD_PREFIX_NEW_NTF,
	.notify = rf_nl_notify_pfx,
};

static const struct rf_wop rf_prefix_del_op = {
	.apply = rf_apply_prefix_del,
	.ntf = RF_CMD_PREFIX_DEL_NTF,
	.notify = rf_nl_notify_pfx,
};

/**
 * rf_nl_prefix_new_doit() - PREFIX_NEW: add prefixes, all or none
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_prefix_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_prefix_new_op);
}

/**
 * rf_nl_prefix_del_doit() - PREFIX_DEL: delete prefixes, all or none
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_prefix_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_prefix_del_op);
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
	struct rf_dump_ctx *ctx = rf_dump_ctx(cb);
	struct rf_wctx w;
	void *hdr = NULL;
	struct rf_ns *ns;
	u32 n = 0;
	int err;

	ns = rf_nl_dump_lock(cb, &w, &err);
	if (err)
		return err;

	for (; ctx->fam < RF_NFAM; ctx->fam++, ctx->pos = 0) {
		const struct rf_pfxvec *pv = &w.c->pfx[ctx->fam];

		for (; ctx->pos < pv->n; ctx->pos++) {
			const struct rf_pfx *p = &pv->v[ctx->pos];

			if (ctx->net && p->net != ctx->net)
				continue;
			if (!hdr)
				hdr = rf_nl_dump_hdr(skb, cb,
						     RF_CMD_PREFIX_GET);
			if (!hdr || rf_nl_put_pfx(skb, w.c, p))
				goto out;
			n++;
		}
	}
out:
	if (hdr && n)
		genlmsg_end(skb, hdr);
	else if (hdr)
		genlmsg_cancel(skb, hdr);
	mutex_unlock(&ns->lock);
	return skb->len;
}

/* ---- interface bindings ---- */

static int rf_fill_dev(struct sk_buff *skb, struct rf_wctx *w)
{
	if (nla_put_u32(skb, RF_A_IFINDEX, w->ifindex) ||
	    rf_nl_put_ifname(skb, w->ns->net, RF_A_IFNAME, w->ifindex) ||
	    rf_nl_put_net(skb, RF_A_NET_ID, w->id, RF_A_NET_NAME, w->name))
		return -EMSGSIZE;
	return 0;
}

static int rf_nl_dev_sel(struct rf_wctx *w)
{
	const struct rf_dev *d;
	char ifname[IFNAMSIZ + 8];

	if (!w->info->attrs[RF_A_IFINDEX])
		return rf_nl_missing(w->info, RF_A_IFINDEX, "interface (ifindex)");
	w->ifindex = nla_get_u32(w->info->attrs[RF_A_IFINDEX]);
	d = rf_dev_find(w->c, w->ifindex);
	if (!d) {
		rf_nl_ifname(w->ns->net, w->ifindex, ifname, sizeof(ifname));
		return rf_nl_err(w->info->extack, w->info->attrs[RF_A_IFINDEX],
				 -ENOENT, "interface %s is not bound", ifname);
	}
	w->id = d->net;
	strscpy(w->name, w->c->nets[d->net]->name, sizeof(w->name));
	return 0;
}

static int rf_apply_dev_new(struct rf_conf *c, struct rf_wctx *w)
{
	struct nlattr *ifa = w->info->attrs[RF_A_IFINDEX];
	const struct rf_dev *d;
	char ifname[IFNAMSIZ + 8];
	bool exists;
	int net;

	if (!ifa)
		return rf_nl_missing(w->info, RF_A_IFINDEX, "interface (ifindex)");
	net = rf_nl_net_req(w, RF_A_NET_ID, RF_A_NET_NAME);
	if (net < 0)
		return net;
	w->ifindex = nla_get_u32(ifa);
	rcu_read_lock();
	exists = dev_get_by_index_rcu(w->ns->net, w->ifindex);
	rcu_read_unlock();
	if (!exists)
		return rf_nl_err(w->info->extack, ifa, -ENODEV,
				 "no interface with index %d", w->ifindex);
	rf_nl_ifname(w->ns->net, w->ifindex, ifname, sizeof(ifname));
	d = rf_dev_find(c, w->ifindex);
	if (d)
		return rf_nl_err(w->info->extack, ifa, -EEXIST,
				 "%s is already bound to network %s", ifname,
				 c->nets[d->net]->name);
	w->id = net;
	strscpy(w->name, c->nets[net]->name, sizeof(w->name));
	return rf_dev_add(c, w->ifindex, net, &w->e);
}

static int rf_apply_dev_del(struct rf_conf *c, struct rf_wctx *w)
{
	int err = rf_nl_dev_sel(w);

	return err ?: rf_dev_del(c, w->ifindex, &w->e);
}

static const struct rf_wop rf_dev_new_op = {
	.apply = rf_apply_dev_new,
	.reply = rf_fill_dev,
	.ntf = RF_CMD_DEV_NEW_NTF,
};

static void rf_nl_notify_dev(struct rf_wctx *w, u8 cmd)
{
	rf_nl_notify(w, cmd, rf_fill_dev);
}

static const struct rf_wop rf_dev_del_op = {
	.apply = rf_apply_dev_del,
	.ntf = RF_CMD_DEV_DEL_NTF,
	.notify = rf_nl_notify_dev,
};

/**
 * rf_nl_dev_new_doit() - DEV_NEW: bind an interface to a network
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_dev_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_dev_new_op);
}

/**
 * rf_nl_dev_del_doit() - DEV_DEL: unbind an interface
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_dev_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_dev_del_op);
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
	struct rf_wctx w = { .ns = ns, .info = info };
	int err;

	if (info->attrs[RF_A_NET_ID] || info->attrs[RF_A_NET_NAME])
		return rf_nl_err(info->extack, info->attrs[RF_A_NET_ID] ?:
				 info->attrs[RF_A_NET_NAME], -EINVAL,
				 "a network filter is only for dumps");
	mutex_lock(&ns->lock);
	w.c = ns->conf;
	err = rf_nl_dev_sel(&w);
	if (!err)
		err = rf_nl_reply(&w, rf_fill_dev);
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
	struct rf_wctx w;
	struct rf_ns *ns;
	int err;

	ns = rf_nl_dump_lock(cb, &w, &err);
	if (err)
		return err;
	for (; ctx->pos < w.c->ndevs; ctx->pos++) {
		const struct rf_dev *d = &w.c->devs[ctx->pos];

		if (ctx->net && d->net != ctx->net)
			continue;
		w.ifindex = d->ifindex;
		w.id = d->net;
		strscpy(w.name, w.c->nets[d->net]->name, sizeof(w.name));
		if (rf_nl_dump_one(skb, cb, RF_CMD_DEV_GET, rf_fill_dev, &w))
			break;
	}
	mutex_unlock(&ns->lock);
	return skb->len;
}

/**
 * rf_nl_notify_dev_gone() - tell the config group an interface's binding
 *	went away with the interface
 * @ns: the namespace's state
 * @ifindex: the interface
 * @ifname: its name
 * @net: the network it was bound to
 * @netname: that network's name
 */
void rf_nl_notify_dev_gone(struct rf_ns *ns, int ifindex, const char *ifname,
			   u16 net, const char *netname)
{
	struct rf_wctx *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return;
	w->ns = ns;
	w->c = ns->conf;
	w->ifindex = ifindex;
	w->id = net;
	strscpy(w->name, netname, sizeof(w->name));
	rf_nl_notify(w, RF_CMD_DEV_DEL_NTF, rf_fill_dev);
	kfree(w);
}

/* ---- links ---- */

static int rf_fill_link(struct sk_buff *skb, struct rf_wctx *w)
{
	if (rf_nl_put_net(skb, RF_A_NET_ID, w->id, RF_A_NET_NAME, w->name) ||
	    rf_nl_put_net(skb, RF_A_PEER_ID, w->peer, RF_A_PEER_NAME,
			  w->peer_name))
		return -EMSGSIZE;
	return 0;
}

static int rf_nl_link_sel(struct rf_wctx *w)
{
	int a, b;

	a = rf_nl_net_req(w, RF_A_NET_ID, RF_A_NET_NAME);
	if (a < 0)
		return a;
	b = rf_nl_net_req(w, RF_A_PEER_ID, RF_A_PEER_NAME);
	if (b < 0)
		return b;
	w->id = min(a, b);
	w->peer = max(a, b);
	strscpy(w->name, w->c->nets[w->id]->name, sizeof(w->name));
	strscpy(w->peer_name, w->c->nets[w->peer]->name, sizeof(w->peer_name));
	return 0;
}

static int rf_apply_link_new(struct rf_conf *c, struct rf_wctx *w)
{
	int err = rf_nl_link_sel(w);

	if (!err)
		err = rf_link_add(c, w->id, w->peer, &w->e);
	return err ? rf_nl_fail(w->info->extack, NULL, err, &w->e) : 0;
}

static int rf_apply_link_del(struct rf_conf *c, struct rf_wctx *w)
{
	int err = rf_nl_link_sel(w);

	if (!err)
		err = rf_link_del(c, w->id, w->peer, &w->e);
	return err ? rf_nl_fail(w->info->extack, NULL, err, &w->e) : 0;
}

static void rf_nl_notify_link(struct rf_wctx *w, u8 cmd)
{
	rf_nl_notify(w, cmd, rf_fill_link);
}

static const struct rf_wop rf_link_new_op = {
	.apply = rf_apply_link_new,
	.reply = rf_fill_link,
	.ntf = RF_CMD_LINK_NEW_NTF,
};

static const struct rf_wop rf_link_del_op = {
	.apply = rf_apply_link_del,
	.ntf = RF_CMD_LINK_DEL_NTF,
	.notify = rf_nl_notify_link,
};

/**
 * rf_nl_link_new_doit() - LINK_NEW: link two networks
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_link_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_link_new_op);
}

/**
 * rf_nl_link_del_doit() - LINK_DEL: unlink two networks
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_link_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_link_del_op);
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
	struct rf_wctx w;
	struct rf_ns *ns;
	int err;

	ns = rf_nl_dump_lock(cb, &w, &err);
	if (err)
		return err;
	for (; ctx->pos < w.c->nlinks; ctx->pos++) {
		const struct rf_link *l = &w.c->links[ctx->pos];

		if (ctx->net && l->a != ctx->net && l->b != ctx->net)
			continue;
		w.id = l->a;
		w.peer = l->b;
		strscpy(w.name, w.c->nets[l->a]->name, sizeof(w.name));
		strscpy(w.peer_name, w.c->nets[l->b]->name,
			sizeof(w.peer_name));
		if (rf_nl_dump_one(skb, cb, RF_CMD_LINK_GET, rf_fill_link, &w))
			break;
	}
	mutex_unlock(&ns->lock);
	return skb->len;
}

/* ---- settings ---- */

/**
 * rf_fill_config() - put the settings and the policy's size
 * @skb: the message
 * @w: the context (w->c: the policy)
 *
 * Return: 0 or -EMSGSIZE.
 */
int rf_fill_config(struct sk_buff *skb, struct rf_wctx *w)
{
	const struct rf_conf *c = w->c;

	if (nla_put_u32(skb, RF_A_MODE, c->set.mode) ||
	    nla_put_u32(skb, RF_A_UNMANAGED, c->set.unmanaged) ||
	    nla_put_u32(skb, RF_A_DROP_EVENTS, c->set.drop_events) ||
	    nla_put_u32(skb, RF_A_GENERATION, w->ns->genid) ||
	    nla_put_u32(skb, RF_A_NET_COUNT, c->nnets) ||
	    nla_put_u32(skb, RF_A_PREFIX_COUNT, rf_conf_npfx(c)) ||
	    nla_put_u32(skb, RF_A_DEV_COUNT, c->ndevs) ||
	    nla_put_u32(skb, RF_A_LINK_COUNT, c->nlinks) ||
	    nla_put_u32(skb, RF_A_NO_POLICY, rf_drop_before_policy ?
			RF_NO_POLICY_DROP : RF_NO_POLICY_ACCEPT))
		return -EMSGSIZE;
	return 0;
}

/**
 * rf_nl_notify_config() - send the settings as a notification
 * @w: the change's context
 * @cmd: CONFIG_NTF or COMMIT_NTF
 */
void rf_nl_notify_config(struct rf_wctx *w, u8 cmd)
{
	rf_nl_notify(w, cmd, rf_fill_config);
}

static int rf_apply_config_set(struct rf_conf *c, struct rf_wctx *w)
{
	struct nlattr **tb = w->info->attrs;

	if (!tb[RF_A_MODE] && !tb[RF_A_UNMANAGED] && !tb[RF_A_DROP_EVENTS])
		return rf_nl_err(w->info->extack, NULL, -EINVAL,
				 "nothing to set (mode, unmanaged or drop-events)");
	if (tb[RF_A_MODE])
		c->set.mode = nla_get_u32(tb[RF_A_MODE]);
	if (tb[RF_A_UNMANAGED])
		c->set.unmanaged = nla_get_u32(tb[RF_A_UNMANAGED]);
	if (tb[RF_A_DROP_EVENTS])
		c->set.drop_events = nla_get_u32(tb[RF_A_DROP_EVENTS]);
	return 0;
}

static const struct rf_wop rf_config_set_op = {
	.apply = rf_apply_config_set,
	.reply = rf_fill_config,
	.ntf = RF_CMD_CONFIG_NTF,
};

/**
 * rf_nl_config_set_doit() - CONFIG_SET: change the settings
 * @skb: the request
 * @info: the request's attributes
 *
 * Return: 0 or a negative error code.
 */
int rf_nl_config_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return rf_nl_write(info, &rf_config_set_op);
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
	struct rf_wctx w = { .ns = ns, .info = info };
	int err;

	mutex_lock(&ns->lock);
	w.c = ns->conf;
	err = rf_nl_reply(&w, rf_fill_config);
	mutex_unlock(&ns->lock);
	return err;
}
