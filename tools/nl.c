// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for rfence over libmnl.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "rfence.h"
#include "err.h"
#include "nl.h"

#define RF_NL_RCVBUF	(4 * 1024 * 1024)
#define RF_DUMP_TRIES	16

/* Expected types; unlisted attributes are u32. */
static enum mnl_attr_data_type attr_type(int type)
{
	switch (type) {
	case RF_A_NET_NAME: case RF_A_IFNAME: case RF_A_PEER_NAME:
	case RF_A_SRC_NET_NAME: case RF_A_DST_NET_NAME:
	case RF_A_IIFNAME: case RF_A_OIFNAME:
		return MNL_TYPE_NUL_STRING;
	case RF_A_PREFIX: case RF_A_STATS:
		return MNL_TYPE_NESTED;
	case RF_A_SRC: case RF_A_DST:
		return MNL_TYPE_BINARY;
	case RF_A_AUDIT:
		return MNL_TYPE_FLAG;
	default:
		return MNL_TYPE_U32;
	}
}

static enum mnl_attr_data_type prefix_attr_type(int type)
{
	switch (type) {
	case RF_PREFIX_A_ADDR:
		return MNL_TYPE_BINARY;
	case RF_PREFIX_A_LEN:
		return MNL_TYPE_U8;
	case RF_PREFIX_A_NET_NAME:
		return MNL_TYPE_NUL_STRING;
	default:
		return MNL_TYPE_U32;
	}
}

static enum mnl_attr_data_type stats_attr_type(int type)
{
	(void)type;
	return MNL_TYPE_U64;
}

struct parse_ctx {
	const struct nlattr **tb;
	int max;
	enum mnl_attr_data_type (*type)(int type);
};

/* Keep valid known attributes; skip the rest (forward compatible). */
static int parse_cb(const struct nlattr *attr, void *data)
{
	struct parse_ctx *p = data;
	int type = mnl_attr_get_type(attr);

	if (type < 1 || type > p->max)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, p->type(type)) < 0)
		return MNL_CB_OK;
	p->tb[type] = attr;
	return MNL_CB_OK;
}

void rf_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	struct parse_ctx p = { tb, RF_A_MAX, attr_type };

	memset(tb, 0, sizeof(*tb) * (RF_A_MAX + 1));
	mnl_attr_parse(nlh, GENL_HDRLEN, parse_cb, &p);
}

void rf_prefix_attrs(const struct nlattr *nest, const struct nlattr **tb)
{
	struct parse_ctx p = { tb, RF_PREFIX_A_MAX, prefix_attr_type };

	memset(tb, 0, sizeof(*tb) * (RF_PREFIX_A_MAX + 1));
	mnl_attr_parse_nested(nest, parse_cb, &p);
}

bool rf_prefix_get(const struct nlattr **tb, struct rf_prefix *p)
{
	const struct nlattr *addr = tb[RF_PREFIX_A_ADDR];
	uint16_t alen;

	if (!addr || !tb[RF_PREFIX_A_LEN])
		return false;
	alen = mnl_attr_get_payload_len(addr);
	if (alen != 4 && alen != 16)
		return false;
	memset(p, 0, sizeof(*p));
	memcpy(p->addr, mnl_attr_get_payload(addr), alen);
	p->family = alen == 4 ? AF_INET : AF_INET6;
	p->len = mnl_attr_get_u8(tb[RF_PREFIX_A_LEN]);
	return true;
}

void rf_stats_attrs(const struct nlattr *nest, const struct nlattr **tb)
{
	struct parse_ctx p = { tb, RF_STATS_A_MAX, stats_attr_type };

	memset(tb, 0, sizeof(*tb) * (RF_STATS_A_MAX + 1));
	if (nest)
		mnl_attr_parse_nested(nest, parse_cb, &p);
}

uint32_t rf_u32(const struct nlattr **tb, int type, uint32_t def)
{
	return tb[type] ? mnl_attr_get_u32(tb[type]) : def;
}

const char *rf_str(const struct nlattr **tb, int type)
{
	return tb[type] ? mnl_attr_get_str(tb[type]) : NULL;
}

uint64_t rf_u64(const struct nlattr **tb, int type)
{
	return tb[type] ? mnl_attr_get_u64(tb[type]) : 0;
}

static struct nlmsghdr *genl_msg(struct rf_nl *nl, uint16_t type, uint8_t cmd,
				 uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->sbuf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *rf_nl_msg(struct rf_nl *nl, uint8_t cmd, uint16_t flags)
{
	return genl_msg(nl, nl->family, cmd, RF_FAMILY_VERSION, flags);
}

static int ext_ack_cb(const struct nlattr *attr, void *data)
{
	struct rf_nl_err *e = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(e->msg, sizeof(e->msg), "%s", mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			e->off = mnl_attr_get_u32(attr);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			e->miss_type = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/* NLMSG_ERROR: 0 for an ack, -errno otherwise; extack kept in nl->e. */
static int nl_ack(struct rf_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, off, ext_ack_cb, &nl->e);
	if (err->error) {
		nl->e.err = -err->error;
		return err->error;
	}
	if (nl->e.msg[0])
		rf_warn("%s.", nl->e.msg);
	return 0;
}

/* NLMSG_DONE: may carry a dump's error and its extack. */
static int nl_done(struct rf_nl *nl, const struct nlmsghdr *nlh)
{
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		error = *(int *)mnl_nlmsg_get_payload(nlh);
	if (error && (nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		mnl_attr_parse(nlh, sizeof(int), ext_ack_cb, &nl->e);
	if (error < 0) {
		nl->e.err = -error;
		return error;
	}
	return 0;
}

/* 1: want more, 0: done, <0: -errno. */
static int nl_run(struct rf_nl *nl, size_t len, uint32_t seq, mnl_cb_t cb,
		  void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)nl->rbuf;
	int n = len;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		if (seq && (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nl->portid))
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			nl->intr = true;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return nl_ack(nl, nlh);
		if (nlh->nlmsg_type == NLMSG_DONE)
			return nl_done(nl, nlh);
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !cb)
			continue;
		if (cb(nlh, data) < MNL_CB_OK) {
			nl->e.err = errno ? errno : EINVAL;
			return -nl->e.err;
		}
	}
	return 1;
}

static void err_reset(struct rf_nl *nl)
{
	memset(&nl->e, 0, sizeof(nl->e));
	nl->e.miss_type = -1;
	nl->intr = false;
}

static int nl_recv_loop(struct rf_nl *nl, uint32_t seq, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int ret = 1;

	do {
		n = mnl_socket_recvfrom(nl->sk, nl->rbuf, RF_NL_RBUF);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			nl->e.err = errno;
			return -errno;
		}
		ret = nl_run(nl, n, seq, cb, data);
	} while (ret > 0);
	return ret;
}

int rf_nl_talk(struct rf_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	err_reset(nl);
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0) {
		nl->e.err = errno;
		return -errno;
	}
	return nl_recv_loop(nl, nlh->nlmsg_seq, cb, data);
}

int rf_nl_recv(struct rf_nl *nl, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int ret;

	err_reset(nl);
	n = mnl_socket_recvfrom(nl->sk, nl->rbuf, RF_NL_RBUF);
	if (n < 0) {
		nl->e.err = errno;
		return -errno;
	}
	ret = nl_run(nl, n, 0, cb, data);
	return ret < 0 ? ret : 0;
}

int rf_msgs_add(const struct nlmsghdr *nlh, void *data)
{
	struct rf_msgs *m = data;
	size_t need = MNL_ALIGN(nlh->nlmsg_len);

	if (m->len + need > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : RF_NL_RBUF;
		char *buf;

		while (cap < m->len + need)
			cap *= 2;
		buf = realloc(m->buf, cap);
		if (!buf)
			return MNL_CB_ERROR;
		m->buf = buf;
		m->cap = cap;
	}
	memcpy(m->buf + m->len, nlh, nlh->nlmsg_len);
	m->len += need;
	return MNL_CB_OK;
}

int rf_msgs_each(const struct rf_msgs *m, mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->buf;
	int n = m->len;

	for (; m->buf && mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n))
		if (cb(nlh, data) < MNL_CB_OK)
			return -EINVAL;
	return 0;
}

void rf_msgs_free(struct rf_msgs *m)
{
	free(m->buf);
	memset(m, 0, sizeof(*m));
}

/* Collect the answer to a do or dump request; dumps retry on DUMP_INTR. */
int rf_nl_fetch(struct rf_nl *nl, struct nlmsghdr *nlh, struct rf_msgs *m)
{
	int ret, tries = 0;

	do {
		m->len = 0;
		nlh->nlmsg_seq = ++nl->seq;
		ret = rf_nl_talk(nl, nlh, rf_msgs_add, m);
	} while (!ret && nl->intr && ++tries < RF_DUMP_TRIES);
	if (!ret && nl->intr) {
		snprintf(nl->e.msg, sizeof(nl->e.msg),
			 "dump interrupted %d times by concurrent changes", tries);
		nl->e.err = EINTR;
		ret = -EINTR;
	}
	return ret;
}

int rf_nl_subscribe(struct rf_nl *nl, uint32_t group)
{
	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}

struct family_info {
	struct rf_nl *nl;
	bool found;
};

static void mcast_group(struct rf_nl *nl, const struct nlattr *grp)
{
	const struct nlattr *a, *name = NULL, *id = NULL;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			name = a;
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			id = a;
	}
	if (!name || !id)
		return;
	if (!strcmp(mnl_attr_get_str(name), RF_MCGRP_CONFIG))
		nl->grp_config = mnl_attr_get_u32(id);
	else if (!strcmp(mnl_attr_get_str(name), RF_MCGRP_DROPS))
		nl->grp_drops = mnl_attr_get_u32(id);
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *grp;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0) {
			fi->nl->family = mnl_attr_get_u16(attr);
			fi->found = true;
		}
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(grp, attr)
			mcast_group(fi->nl, grp);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
}

int rf_nl_resolve(struct rf_nl *nl)
{
	struct family_info fi = { nl, false };
	struct nlmsghdr *nlh;
	int ret;

	nlh = genl_msg(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RF_FAMILY_NAME);
	ret = rf_nl_talk(nl, nlh, family_cb, &fi);
	if (!ret && !fi.found)
		ret = -ENOENT;
	return ret;
}

struct rf_nl *rf_nl_new(void)
{
	struct rf_nl *nl = calloc(1, sizeof(*nl));

	if (!nl)
		return NULL;
	nl->sbuf = malloc(RF_NL_SBUF);
	nl->rbuf = malloc(RF_NL_RBUF);
	if (!nl->sbuf || !nl->rbuf) {
		rf_nl_free(nl);
		return NULL;
	}
	return nl;
}

int rf_nl_connect(struct rf_nl *nl)
{
	int one = 1, rcvbuf = RF_NL_RCVBUF;

	nl->sk = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sk);
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Big enough for monitor bursts; FORCE only works with privilege. */
	if (setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVBUF,
			   &rcvbuf, sizeof(rcvbuf));
	return 0;
}

void rf_nl_free(struct rf_nl *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->sbuf);
	free(nl->rbuf);
	free(nl);
}
