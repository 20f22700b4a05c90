// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness over rfence's policy file parser: the code "rfence
 * load" runs on a file before it talks to the kernel (byte checks, lines,
 * words, quotes, every object's parser, the request each command builds).
 *
 * Each input that the parser accepts is applied to a model of the
 * kernel's policy (the requests' netlink attributes, as the kernel reads
 * them: a command the kernel would refuse, such as a second network of the
 * same name, ends the run), the model is dumped as the kernel dumps it and
 * printed by "rfence save"'s own code, and that text must parse again into
 * the same policy and print the same bytes: parse -> save -> parse.
 *
 * Interface names resolve through a table of this harness that accepts
 * what the kernel's dev_valid_name() accepts, so that "dev add" is fuzzed
 * without the interfaces existing. Interfaces are named by their owner,
 * not by the policy file: every input short enough is also taken as the
 * name of a bound interface, which must be saved so that it loads back.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "../rfence.h"
#include "../file.h"
#include "../nl.h"
#include "../req.h"
#include "../save.h"

/* ---- interface names ---------------------------------------------------- */

#define MAX_IFS	64

static char ifnames[MAX_IFS][16];
static unsigned int n_ifs;

/* The kernel's dev_valid_name(); its isspace() also takes 0xa0. */
static bool dev_valid_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!*p || strnlen(name, 16) == 16 || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	for (; *p; p++)
		if (*p == '/' || *p == ':' || *p == ' ' || (*p >= '\t' && *p <= '\r') ||
		    *p == 0xa0)
			return false;
	return true;
}

/* Replaces libc's: every valid name is an interface, indexed from 1. */
unsigned int if_nametoindex(const char *name)
{
	unsigned int i;

	if (!dev_valid_name(name))
		return 0;
	for (i = 0; i < n_ifs; i++)
		if (!strcmp(ifnames[i], name))
			return i + 1;
	if (n_ifs == MAX_IFS)
		return 0;
	strcpy(ifnames[n_ifs], name);
	return ++n_ifs;
}

/* ---- the model of the kernel's policy ----------------------------------- */

struct net {
	char name[RF_NAME_MAX];
	uint32_t dr;
	bool used;
};

struct pfx {
	struct rf_prefix p;
	uint32_t net;
};

struct dev {
	uint32_t ifindex;
	uint32_t net;
};

struct lnk {
	uint32_t a, b;		/* a < b */
};

struct model {
	uint32_t mode, unmanaged, drop_events;
	struct net nets[RF_NET_ID_MAX + 1];
	struct pfx *pfx;
	size_t npfx;
	struct dev *dev;
	size_t ndev;
	struct lnk *lnk;
	size_t nlnk;
};

static struct model *model_new(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (m)
		m->drop_events = 100;
	return m;
}

static void model_free(struct model *m)
{
	if (!m)
		return;
	free(m->pfx);
	free(m->dev);
	free(m->lnk);
	free(m);
}

static uint32_t net_id(const struct model *m, const char *name)
{
	uint32_t i;

	for (i = 1; name && i <= RF_NET_ID_MAX; i++)
		if (m->nets[i].used && !strcmp(m->nets[i].name, name))
			return i;
	return 0;
}

#define GROW(v, n) ((v) = realloc((v), ((n) + 1) * sizeof(*(v))))

static int net_new(struct model *m, const struct nlattr **tb)
{
	const char *name = rf_str(tb, RF_A_NET_NAME);
	uint32_t id = rf_u32(tb, RF_A_NET_ID, 0);

	if (!name || net_id(m, name) || strlen(name) >= RF_NAME_MAX ||
	    id > RF_NET_ID_MAX || (id && m->nets[id].used))
		return -1;
	for (id = id ? id : 1; !id || m->nets[id].used; id++)
		if (id == RF_NET_ID_MAX)
			return -1;
	strcpy(m->nets[id].name, name);
	m->nets[id].dr = rf_u32(tb, RF_A_DEFAULT_ROUTE, 0);
	m->nets[id].used = true;
	return 0;
}

static int net_del(struct model *m, uint32_t id)
{
	size_t i, k;

	if (!id)
		return -1;
	for (i = k = 0; i < m->npfx; i++)
		if (m->pfx[i].net != id)
			m->pfx[k++] = m->pfx[i];
	m->npfx = k;
	for (i = k = 0; i < m->ndev; i++)
		if (m->dev[i].net != id)
			m->dev[k++] = m->dev[i];
	m->ndev = k;
	for (i = k = 0; i < m->nlnk; i++)
		if (m->lnk[i].a != id && m->lnk[i].b != id)
			m->lnk[k++] = m->lnk[i];
	m->nlnk = k;
	memset(&m->nets[id], 0, sizeof(m->nets[id]));
	return 0;
}

static bool prefix_eq(const struct rf_prefix *a, const struct rf_prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* The prefix of a PREFIX nest and its network; index of an equal one. */
static long prefix_find(const struct model *m, const struct nlattr *nest,
			struct pfx *x)
{
	const struct nlattr *tb[RF_PREFIX_A_MAX + 1];
	uint16_t alen;
	size_t i;

	rf_prefix_attrs(nest, tb);
	if (!tb[RF_PREFIX_A_ADDR] || !tb[RF_PREFIX_A_LEN])
		return -2;
	alen = mnl_attr_get_payload_len(tb[RF_PREFIX_A_ADDR]);
	if (alen != 4 && alen != 16)
		return -2;
	memset(x, 0, sizeof(*x));
	memcpy(x->p.addr, mnl_attr_get_payload(tb[RF_PREFIX_A_ADDR]), alen);
	x->p.family = alen == 4 ? AF_INET : AF_INET6;
	x->p.len = mnl_attr_get_u8(tb[RF_PREFIX_A_LEN]);
	x->net = tb[RF_PREFIX_A_NET_ID] ? rf_u32(tb, RF_PREFIX_A_NET_ID, 0) :
		 net_id(m, rf_str(tb, RF_PREFIX_A_NET_NAME));
	for (i = 0; i < m->npfx; i++)
		if (prefix_eq(&m->pfx[i].p, &x->p))
			return i;
	return -1;
}

static int prefix_op(struct model *m, const struct nlmsghdr *nlh, bool add)
{
	const struct nlattr *attr;
	struct pfx x;
	long i;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != RF_A_PREFIX)
			continue;
		i = prefix_find(m, attr, &x);
		if (i == -2 || (add && (i >= 0 || !x.net || !m->nets[x.net].used)) ||
		    (!add && i < 0))
			return -1;
		if (!add) {
			m->pfx[i] = m->pfx[--m->npfx];
			continue;
		}
		if (!GROW(m->pfx, m->npfx))
			return -1;
		m->pfx[m->npfx++] = x;
	}
	return 0;
}

static long dev_find(const struct model *m, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < m->ndev; i++)
		if (m->dev[i].ifindex == ifindex)
			return i;
	return -1;
}

static int dev_op(struct model *m, const struct nlattr **tb, bool add)
{
	uint32_t ifindex = rf_u32(tb, RF_A_IFINDEX, 0);
	uint32_t net = net_id(m, rf_str(tb, RF_A_NET_NAME));
	long i = dev_find(m, ifindex);

	if (!ifindex || ifindex > n_ifs || (add && (i >= 0 || !net)) ||
	    (!add && i < 0))
		return -1;
	if (!add) {
		m->dev[i] = m->dev[--m->ndev];
		return 0;
	}
	if (!GROW(m->dev, m->ndev))
		return -1;
	m->dev[m->ndev++] = (struct dev){ ifindex, net };
	return 0;
}

static int link_op(struct model *m, const struct nlattr **tb, bool add)
{
	uint32_t a = net_id(m, rf_str(tb, RF_A_NET_NAME));
	uint32_t b = net_id(m, rf_str(tb, RF_A_PEER_NAME));
	struct lnk l = { a < b ? a : b, a < b ? b : a };
	size_t i;

	if (!a || !b || a == b)
		return -1;
	for (i = 0; i < m->nlnk; i++)
		if (m->lnk[i].a == l.a && m->lnk[i].b == l.b)
			break;
	if (add == (i < m->nlnk))
		return -1;
	if (!add) {
		m->lnk[i] = m->lnk[--m->nlnk];
		return 0;
	}
	if (!GROW(m->lnk, m->nlnk))
		return -1;
	m->lnk[m->nlnk++] = l;
	return 0;
}

static int config_set(struct model *m, const struct nlattr **tb)
{
	m->mode = rf_u32(tb, RF_A_MODE, m->mode);
	m->unmanaged = rf_u32(tb, RF_A_UNMANAGED, m->unmanaged);
	m->drop_events = rf_u32(tb, RF_A_DROP_EVENTS, m->drop_events);
	return 0;
}

/* A write request, as the kernel would take it; -1 if it would refuse. */
static int apply(struct model *m, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RF_A_MAX + 1];
	uint32_t id;

	rf_attrs(nlh, tb);
	id = net_id(m, rf_str(tb, RF_A_NET_NAME));
	switch (g->cmd) {
	case RF_CMD_NET_NEW:
		return net_new(m, tb);
	case RF_CMD_NET_SET:
		if (!id)
			return -1;
		m->nets[id].dr = rf_u32(tb, RF_A_DEFAULT_ROUTE, m->nets[id].dr);
		return 0;
	case RF_CMD_NET_DEL:
		return net_del(m, id);
	case RF_CMD_PREFIX_NEW:
	case RF_CMD_PREFIX_DEL:
		return prefix_op(m, nlh, g->cmd == RF_CMD_PREFIX_NEW);
	case RF_CMD_DEV_NEW:
	case RF_CMD_DEV_DEL:
		return dev_op(m, tb, g->cmd == RF_CMD_DEV_NEW);
	case RF_CMD_LINK_NEW:
	case RF_CMD_LINK_DEL:
		return link_op(m, tb, g->cmd == RF_CMD_LINK_NEW);
	case RF_CMD_CONFIG_SET:
		return config_set(m, tb);
	}
	return -1;
}

/* ---- the model's dumps, as the kernel sends them --------------------------- */

static char msgbuf[65536];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	nlh->nlmsg_type = 0x20;
	nlh->nlmsg_flags = NLM_F_MULTI;
	g->cmd = cmd;
	g->version = RF_FAMILY_VERSION;
	return nlh;
}

/* qsort(), which wants an array even of nothing. */
static void sort(void *v, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	if (n)
		qsort(v, n, size, cmp);
}

static int prefix_cmp(const void *x, const void *y)
{
	const struct pfx *a = x, *b = y;
	int d;

	if (a->p.family != b->p.family)
		return a->p.family == AF_INET ? -1 : 1;
	d = memcmp(a->p.addr, b->p.addr, sizeof(a->p.addr));
	return d ? d : a->p.len - b->p.len;
}

static void dump_config(const struct model *m, struct rf_msgs *out)
{
	struct nlmsghdr *nlh = msg_start(RF_CMD_CONFIG_GET);

	mnl_attr_put_u32(nlh, RF_A_MODE, m->mode);
	mnl_attr_put_u32(nlh, RF_A_UNMANAGED, m->unmanaged);
	mnl_attr_put_u32(nlh, RF_A_DROP_EVENTS, m->drop_events);
	mnl_attr_put_u32(nlh, RF_A_GENERATION, 1);
	rf_msgs_add(nlh, out);
}

static void dump_nets(const struct model *m, struct rf_msgs *out)
{
	struct nlmsghdr *nlh;
	uint32_t i;

	for (i = 1; i <= RF_NET_ID_MAX; i++) {
		if (!m->nets[i].used)
			continue;
		nlh = msg_start(RF_CMD_NET_GET);
		mnl_attr_put_u32(nlh, RF_A_NET_ID, i);
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, m->nets[i].name);
		mnl_attr_put_u32(nlh, RF_A_DEFAULT_ROUTE, m->nets[i].dr);
		rf_msgs_add(nlh, out);
	}
}

/* Several PREFIX nests per message, as the kernel packs them. */
static void dump_prefixes(struct model *m, struct rf_msgs *out)
{
	struct nlmsghdr *nlh = NULL;
	struct nlattr *nest;
	size_t i;

	sort(m->pfx, m->npfx, sizeof(*m->pfx), prefix_cmp);
	for (i = 0; i < m->npfx; i++) {
		const struct pfx *x = &m->pfx[i];

		if (!nlh)
			nlh = msg_start(RF_CMD_PREFIX_GET);
		nest = mnl_attr_nest_start(nlh, RF_A_PREFIX);
		mnl_attr_put(nlh, RF_PREFIX_A_ADDR, x->p.family == AF_INET ? 4 : 16,
			     x->p.addr);
		mnl_attr_put_u8(nlh, RF_PREFIX_A_LEN, x->p.len);
		mnl_attr_put_u32(nlh, RF_PREFIX_A_NET_ID, x->net);
		mnl_attr_put_strz(nlh, RF_PREFIX_A_NET_NAME, m->nets[x->net].name);
		mnl_attr_nest_end(nlh, nest);
		if (i % 7 == 6) {
			rf_msgs_add(nlh, out);
			nlh = NULL;
		}
	}
	if (nlh)
		rf_msgs_add(nlh, out);
}

static void dump_devs(const struct model *m, struct rf_msgs *out)
{
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < m->ndev; i++) {
		nlh = msg_start(RF_CMD_DEV_GET);
		mnl_attr_put_u32(nlh, RF_A_IFINDEX, m->dev[i].ifindex);
		mnl_attr_put_strz(nlh, RF_A_IFNAME, ifnames[m->dev[i].ifindex - 1]);
		mnl_attr_put_u32(nlh, RF_A_NET_ID, m->dev[i].net);
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, m->nets[m->dev[i].net].name);
		rf_msgs_add(nlh, out);
	}
}

static void dump_links(const struct model *m, struct rf_msgs *out)
{
	struct nlmsghdr *nlh;
	size_t i;

	for (i = 0; i < m->nlnk; i++) {
		nlh = msg_start(RF_CMD_LINK_GET);
		mnl_attr_put_u32(nlh, RF_A_NET_ID, m->lnk[i].a);
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, m->nets[m->lnk[i].a].name);
		mnl_attr_put_u32(nlh, RF_A_PEER_ID, m->lnk[i].b);
		mnl_attr_put_strz(nlh, RF_A_PEER_NAME, m->nets[m->lnk[i].b].name);
		rf_msgs_add(nlh, out);
	}
}

/* What "rfence save" prints for the model, in *text (malloc'd). */
static size_t save(struct model *m, char **text)
{
	struct rf_msgs msgs[RF_SAVE_N] = { { 0 } };
	size_t len = 0;
	FILE *f;
	int i;

	dump_config(m, &msgs[0]);
	dump_nets(m, &msgs[1]);
	dump_prefixes(m, &msgs[2]);
	dump_devs(m, &msgs[3]);
	dump_links(m, &msgs[4]);
	*text = NULL;
	f = open_memstream(text, &len);
	if (!f || rf_save_print(f, msgs))
		abort();
	fclose(f);
	for (i = 0; i < RF_SAVE_N; i++)
		rf_msgs_free(&msgs[i]);
	return len;
}

/* ---- parse, apply, compare -------------------------------------------------- */

static struct rf_nl *nl;
static FILE *devnull;

/* The policy a file's text makes, or NULL if rfence or the kernel refuse. */
static struct model *load(const char *data, size_t size)
{
	struct rf_text t = { .file = "fuzz" };
	struct rf_policy p = { 0 };
	struct model *m = NULL;
	FILE *err = stderr;
	size_t i;
	int ret;

	t.buf = malloc(size + 1);
	if (!t.buf)
		return NULL;
	memcpy(t.buf, data, size);
	t.buf[size] = '\0';
	t.len = size;
	stderr = devnull;	/* the parser's errors */
	ret = rf_policy_parse(&t, &p);
	fflush(devnull);
	stderr = err;
	if (!ret)
		m = model_new();
	for (i = 0; m && i < p.n; i++) {
		if (apply(m, rf_req_msg(nl, &p.reqs[i]))) {
			model_free(m);
			m = NULL;
		}
	}
	rf_policy_free(&p);
	rf_text_free(&t);
	return m;
}

static int dev_cmp(const void *x, const void *y)
{
	const struct dev *a = x, *b = y;

	return a->ifindex < b->ifindex ? -1 : a->ifindex > b->ifindex;
}

static int lnk_cmp(const void *x, const void *y)
{
	const struct lnk *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static bool same_policy(struct model *a, struct model *b)
{
	sort(a->pfx, a->npfx, sizeof(*a->pfx), prefix_cmp);
	sort(b->pfx, b->npfx, sizeof(*b->pfx), prefix_cmp);
	sort(a->dev, a->ndev, sizeof(*a->dev), dev_cmp);
	sort(b->dev, b->ndev, sizeof(*b->dev), dev_cmp);
	sort(a->lnk, a->nlnk, sizeof(*a->lnk), lnk_cmp);
	sort(b->lnk, b->nlnk, sizeof(*b->lnk), lnk_cmp);
	return a->mode == b->mode && a->unmanaged == b->unmanaged &&
	       a->drop_events == b->drop_events &&
	       !memcmp(a->nets, b->nets, sizeof(a->nets)) &&
	       a->npfx == b->npfx && a->ndev == b->ndev && a->nlnk == b->nlnk &&
	       (!a->npfx || !memcmp(a->pfx, b->pfx, a->npfx * sizeof(*a->pfx))) &&
	       (!a->ndev || !memcmp(a->dev, b->dev, a->ndev * sizeof(*a->dev))) &&
	       (!a->nlnk || !memcmp(a->lnk, b->lnk, a->nlnk * sizeof(*a->lnk)));
}

/* Named so that a crash's stack says which property broke. */
static __attribute__((noinline, noreturn)) void saved_policy_does_not_load(
	const char *text, size_t len)
{
	fprintf(stderr, "saved policy refused:\n%.*s\n", (int)len, text);
	abort();
}

static __attribute__((noinline, noreturn)) void saved_policy_differs(
	const char *text, size_t len, const char *text2, size_t len2)
{
	fprintf(stderr, "saved:\n%.*s\nsaved again:\n%.*s\n", (int)len, text,
		(int)len2, text2);
	abort();
}

/* @m saved, then loaded, must be @m again, and save to the same bytes. */
static void round_trip(struct model *m)
{
	struct model *m2;
	char *text, *text2;
	size_t len, len2;

	len = save(m, &text);
	m2 = load(text, len);
	if (!m2)
		saved_policy_does_not_load(text, len);
	len2 = save(m2, &text2);
	if (!same_policy(m, m2) || len != len2 || memcmp(text, text2, len))
		saved_policy_differs(text, len, text2, len2);
	free(text);
	free(text2);
	model_free(m2);
}

/* Any name the kernel takes for an interface is saved so that it loads. */
static void check_ifname(const uint8_t *data, size_t size)
{
	struct model *m;

	if (size >= sizeof(ifnames[0]))
		return;
	n_ifs = 0;
	snprintf(ifnames[0], sizeof(ifnames[0]), "%.*s", (int)size, data);
	if (!dev_valid_name(ifnames[0]))
		return;
	n_ifs = 1;
	m = model_new();
	if (!m)
		return;
	m->dev = malloc(sizeof(*m->dev));
	if (m->dev) {
		m->nets[1] = (struct net){ "n", 0, true };
		m->dev[m->ndev++] = (struct dev){ 1, 1 };
		round_trip(m);
	}
	model_free(m);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	nl = rf_nl_new();
	devnull = fopen("/dev/null", "w");
	return nl && devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model *m;

	check_ifname(data, size);
	n_ifs = 0;
	m = load((const char *)data, size);
	if (m)
		round_trip(m);
	model_free(m);
	return 0;
}
