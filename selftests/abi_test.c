// SPDX-License-Identifier: GPL-2.0
/*
 * ABI tests of the routefence generic netlink family, through libnl-genl-3
 * and independently of rfence: malformed requests are refused with the
 * right errno, extack message and attribute offset; the happy paths reply
 * as docs/netlink.md says. Each test runs in a fresh network namespace.
 *
 * Without the family the tests skip, unless RF_REQUIRE_MODULE=1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/routefence.h>
#include <linux/rtnetlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "kselftest_harness.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* The kernel's own validation messages (lib/nlattr.c, 6.1). */
#define MSG_UNKNOWN	"Unknown attribute type"
#define MSG_UNSUPP	"Unsupported attribute"
#define MSG_LEN		"invalid attribute length"
#define MSG_POLICY	"Attribute failed policy validation"
#define MSG_RANGE	"integer out of range"
#define MSG_BINRANGE	"binary attribute size out of range"
#define MSG_MASK	"reserved bit set"
#define MSG_NESTED	"NLA_F_NESTED is missing"

/* The module's. */
#define MSG_NAME(n)	"invalid network name \"" n "\" (use 1-31 of A-Z a-z 0-9 . _ -)"
#define MSG_ADDR	"address must be 4 (IPv4) or 16 (IPv6) bytes"
#define MSG_FAMILIES	"source and destination must both be IPv4 or both IPv6 addresses"

/* What the kernel answered to one request. */
struct rf_reply {
	int err;		/* 0, or the positive errno of NLMSG_ERROR/DONE */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	int offs;		/* NLMSGERR_ATTR_OFFS, -1 if none */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1 if none */
	int miss_nest;		/* NLMSGERR_ATTR_MISS_NEST, -1 if none */
	unsigned int seq;	/* the request's sequence number */
	int n;			/* data messages, copied */
	struct nlmsghdr **m;
};

static void rf_reply_free(struct rf_reply *r)
{
	while (r->n)
		free(r->m[--r->n]);
	free(r->m);
	r->m = NULL;
}

/* Parse NLMSG_ERROR or NLMSG_DONE, with its extack TLVs, into @r. */
static void rf_parse_ack(const struct nlmsghdr *nlh, struct rf_reply *r)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = {};
	const char *p = nlmsg_data(nlh);
	int len = nlh->nlmsg_len - NLMSG_HDRLEN;
	int off = sizeof(int);

	r->err = -*(const int *)p;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const void *)p;

		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= len || nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)(p + off),
				    len - off, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(r->msg, sizeof(r->msg), "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		r->offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		r->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		r->miss_nest = nla_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
}

/* Receive one datagram; returns 1 when the answer is complete. */
static int rf_recv(struct nl_sock *sk, struct rf_reply *r)
{
	struct sockaddr_nl peer;
	unsigned char *buf;
	struct nlmsghdr *nlh;
	int len, done = 0;

	len = nl_recv(sk, &peer, &buf, NULL);
	if (len <= 0) {
		r->err = EIO;
		return 1;
	}
	for (nlh = (void *)buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
			rf_parse_ack(nlh, r);
			done = 1;
			continue;
		}
		r->m = realloc(r->m, (r->n + 1) * sizeof(*r->m));
		r->m[r->n] = malloc(nlh->nlmsg_len);
		memcpy(r->m[r->n++], nlh, nlh->nlmsg_len);
	}
	free(buf);
	return done;
}

/* Send @msg (freed) and collect every answer up to the ACK or NLMSG_DONE. */
static int rf_talk(struct nl_sock *sk, struct nl_msg *msg, struct rf_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->offs = r->miss_type = r->miss_nest = -1;
	if (nl_send_auto(sk, msg) < 0)
		r->err = EIO;
	r->seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	while (!r->err && !rf_recv(sk, r))
		;
	return r->err;
}

/* Offset in @msg at which the next attribute will start. */
static int next_off(struct nl_msg *msg)
{
	return NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len);
}

static struct nlattr *rf_attr(const struct nlmsghdr *nlh, int type)
{
	return nla_find(genlmsg_attrdata(nlmsg_data(nlh), 0),
			genlmsg_attrlen(nlmsg_data(nlh), 0), type);
}

static int rf_cmd(const struct nlmsghdr *nlh)
{
	return ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
}

static long rf_u32(const struct nlmsghdr *nlh, int type)
{
	struct nlattr *a = rf_attr(nlh, type);

	return a ? (long)nla_get_u32(a) : -1;
}

static struct nl_sock *rf_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk)
		return NULL;
	if (genl_connect(sk) ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one))) {
		nl_socket_free(sk);
		return NULL;
	}
	nl_socket_enable_msg_peek(sk);
	return sk;
}

FIXTURE(rf) {
	struct nl_sock *sk;
	int fam;
	const char *skip;	/* why the tests cannot run, or NULL */
};

FIXTURE_SETUP(rf)
{
	const char *req = getenv("RF_REQUIRE_MODULE");

	if (unshare(CLONE_NEWNET)) {
		self->skip = "cannot unshare a network namespace (not root?)";
		return;
	}
	self->sk = rf_socket();
	ASSERT_NE(NULL, self->sk);
	self->fam = genl_ctrl_resolve(self->sk, RF_FAMILY_NAME);
	if (self->fam < 0) {
		ASSERT_FALSE(req && !strcmp(req, "1"))
			TH_LOG("family %s not registered: %s", RF_FAMILY_NAME,
			       nl_geterror(self->fam));
		self->skip = "family " RF_FAMILY_NAME " not registered (module not loaded)";
	}
}

FIXTURE_TEARDOWN(rf)
{
	if (self->sk)
		nl_socket_free(self->sk);
}

/* The 6.1 harness runs a test body even when its setup skipped. */
#define NEED_FAMILY() do {					\
	if (self->skip)						\
		SKIP(return, "%s", self->skip);			\
} while (0)

static struct nl_msg *rf_msg(int fam, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0, flags, cmd,
				RF_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* A refusal: errno, extack attribute offset (-1: none) and exact message. */
#define EXPECT_REFUSED(r, errno_, offs_, text) do {				\
	EXPECT_EQ(errno_, (r).err) TH_LOG("extack: \"%s\"", (r).msg);		\
	EXPECT_EQ(offs_, (r).offs) TH_LOG("extack: \"%s\"", (r).msg);		\
	EXPECT_STREQ(text, (r).msg);						\
} while (0)

/* Create network @name (id 0: the kernel picks); returns its id or -errno. */
static long net_new(FIXTURE_DATA(rf) *self, const char *name, unsigned int id)
{
	struct nl_msg *msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	struct rf_reply r;
	long ret;

	if (!msg)
		return -ENOMEM;
	nla_put_string(msg, RF_A_NET_NAME, name);
	if (id)
		nla_put_u32(msg, RF_A_NET_ID, id);
	ret = rf_talk(self->sk, msg, &r) ? -r.err : r.n ? rf_u32(r.m[0], RF_A_NET_ID) : -ENODATA;
	rf_reply_free(&r);
	return ret;
}

/* Number of networks a dump returns, or -errno. */
static int net_count(FIXTURE_DATA(rf) *self)
{
	struct rf_reply r;
	int n;

	if (rf_talk(self->sk, rf_msg(self->fam, RF_CMD_NET_GET, NLM_F_DUMP), &r))
		return -r.err;
	n = r.n;
	rf_reply_free(&r);
	return n;
}

/* Send @msg, which must be refused, and check that nothing was created. */
static void refuse(struct __test_metadata *_metadata, FIXTURE_DATA(rf) *self,
		   struct nl_msg *msg, struct rf_reply *r)
{
	ASSERT_NE(NULL, msg);
	EXPECT_NE(0, rf_talk(self->sk, msg, r));
	EXPECT_EQ(0, r->n);
	rf_reply_free(r);
	EXPECT_EQ(0, net_count(self));
}

/* --- unknown attributes ------------------------------------------------ */

TEST_F(rf, unknown_attr_type)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	off = next_off(msg);
	nla_put_u32(msg, RF_A_MAX + 1, 1);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_UNKNOWN);
}

/* net-new takes net-id, net-name and default-route: src belongs to eval. */
TEST_F(rf, attr_of_other_cmd_above_max)
{
	struct in_addr a = { htonl(0x0a000001) };
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	off = next_off(msg);
	nla_put(msg, RF_A_SRC, sizeof(a), &a);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_UNKNOWN);
}

/* config-set takes mode, unmanaged and drop-events: net-id is below them. */
TEST_F(rf, attr_of_other_cmd_below_max)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_CONFIG_SET, 0);
	off = next_off(msg);
	nla_put_u32(msg, RF_A_NET_ID, 1);
	nla_put_u32(msg, RF_A_MODE, RF_MODE_AUDIT);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_UNSUPP);
}

/* flush takes nothing: the core gives it a reject-all policy. */
TEST_F(rf, attr_to_cmd_without_attrs)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_FLUSH, 0);
	off = next_off(msg);
	nla_put_u32(msg, RF_A_NET_ID, 1);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_POLICY);
}

/* --- wrong types and lengths --------------------------------------------- */

TEST_F(rf, u32_of_two_bytes)
{
	unsigned short id = 5;
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	off = next_off(msg);
	nla_put(msg, RF_A_NET_ID, sizeof(id), &id);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_LEN);
}

TEST_F(rf, name_of_40_chars)
{
	char name[41];
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	memset(name, 'a', 40);
	name[40] = 0;
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	off = next_off(msg);
	nla_put_string(msg, RF_A_NET_NAME, name);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_POLICY);
}

TEST_F(rf, name_of_31_chars)
{
	char name[RF_NAME_MAX];

	NEED_FAMILY();
	memset(name, 'a', RF_NAME_MAX - 1);
	name[RF_NAME_MAX - 1] = 0;
	EXPECT_EQ(1, net_new(self, name, 0));
}

TEST_F(rf, name_not_nul_terminated)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	off = next_off(msg);
	nla_put(msg, RF_A_NET_NAME, 3, "pc1");
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_POLICY);
}

TEST_F(rf, name_without_payload)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	off = next_off(msg);
	nla_put(msg, RF_A_NET_NAME, 0, NULL);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_POLICY);
}

/* Passes the policy (a NUL-terminated string), refused by the module. */
TEST_F(rf, name_empty)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	off = next_off(msg);
	nla_put_string(msg, RF_A_NET_NAME, "");
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_NAME(""));
}

TEST_F(rf, name_bad_chars)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	off = next_off(msg);
	nla_put_string(msg, RF_A_NET_NAME, "pc 1");
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_NAME("pc 1"));
}

/* EVAL 10.1.0.1 -> 10.9.0.5 with addresses of the given lengths. */
static struct nl_msg *eval_msg(int fam, int slen, int dlen, int *soff, int *doff)
{
	struct nl_msg *msg = rf_msg(fam, RF_CMD_EVAL, 0);
	unsigned char a[20] = { 10, 1, 0, 1 }, b[20] = { 10, 9, 0, 5 };

	*soff = next_off(msg);
	nla_put(msg, RF_A_SRC, slen, a);
	*doff = next_off(msg);
	nla_put(msg, RF_A_DST, dlen, b);
	return msg;
}

/* Within the policy's 4..16 bytes: the module refuses them. */
TEST_F(rf, addr_of_5_bytes)
{
	struct rf_reply r;
	int soff, doff;

	NEED_FAMILY();
	refuse(_metadata, self, eval_msg(self->fam, 5, 5, &soff, &doff), &r);
	EXPECT_REFUSED(r, EINVAL, soff, MSG_ADDR);
}

TEST_F(rf, addr_of_3_and_17_bytes)
{
	struct rf_reply r;
	int soff, doff;

	NEED_FAMILY();
	refuse(_metadata, self, eval_msg(self->fam, 3, 4, &soff, &doff), &r);
	EXPECT_REFUSED(r, ERANGE, soff, MSG_BINRANGE);
	refuse(_metadata, self, eval_msg(self->fam, 4, 17, &soff, &doff), &r);
	EXPECT_REFUSED(r, ERANGE, doff, MSG_BINRANGE);
}

TEST_F(rf, addr_families_differ)
{
	struct rf_reply r;
	int soff, doff;

	NEED_FAMILY();
	refuse(_metadata, self, eval_msg(self->fam, 4, 16, &soff, &doff), &r);
	EXPECT_REFUSED(r, EINVAL, doff, MSG_FAMILIES);
}

/* A prefix nest: addr (@alen bytes), len; returns offsets of both. */
static void put_prefix(struct nl_msg *msg, int alen, int plen, int *aoff, int *loff)
{
	unsigned char addr[20] = { 10, 1 };
	struct nlattr *nest = nla_nest_start(msg, RF_A_PREFIX | NLA_F_NESTED);

	*aoff = next_off(msg);
	nla_put(msg, RF_PREFIX_A_ADDR, alen, addr);
	*loff = next_off(msg);
	if (plen >= 0)
		nla_put_u8(msg, RF_PREFIX_A_LEN, plen);
	nla_put_string(msg, RF_PREFIX_A_NET_NAME, "pc1");
	nla_nest_end(msg, nest);
}

TEST_F(rf, prefix_len_out_of_range)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int aoff, loff;

	NEED_FAMILY();
	ASSERT_EQ(1, net_new(self, "pc1", 0));
	msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	put_prefix(msg, 16, 129, &aoff, &loff);
	ASSERT_EQ(ERANGE, rf_talk(self->sk, msg, &r));
	EXPECT_REFUSED(r, ERANGE, loff, MSG_RANGE);
	rf_reply_free(&r);
}

TEST_F(rf, prefix_addr_of_5_bytes)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int aoff, loff;

	NEED_FAMILY();
	ASSERT_EQ(1, net_new(self, "pc1", 0));
	msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	put_prefix(msg, 5, 16, &aoff, &loff);
	ASSERT_EQ(EINVAL, rf_talk(self->sk, msg, &r));
	EXPECT_REFUSED(r, EINVAL, aoff, MSG_ADDR);
	rf_reply_free(&r);
}

/* rfence refuses host bits itself; the kernel must too, naming the fix. */
TEST_F(rf, prefix_host_bits)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int aoff, loff;

	NEED_FAMILY();
	ASSERT_EQ(1, net_new(self, "pc1", 0));
	msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	put_prefix(msg, 4, 8, &aoff, &loff);
	ASSERT_EQ(EINVAL, rf_talk(self->sk, msg, &r));
	EXPECT_REFUSED(r, EINVAL, aoff,
		       "10.1.0.0/8 has host bits set (did you mean 10.0.0.0/8?)");
	rf_reply_free(&r);
}

/* libnl sets NLA_F_NESTED itself: build the nest by hand. */
TEST_F(rf, prefix_nest_without_nested_flag)
{
	struct { struct nlattr a; unsigned char len[4]; } in = {
		{ .nla_len = NLA_HDRLEN + 1, .nla_type = RF_PREFIX_A_LEN }, { 8 },
	};
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	off = next_off(msg);
	nla_put(msg, RF_A_PREFIX, sizeof(in), &in);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_NESTED);
}

/* --- missing required attributes ------------------------------------------ */

TEST_F(rf, net_new_without_name)
{
	struct nl_msg *msg;
	struct rf_reply r;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_u32(msg, RF_A_DEFAULT_ROUTE, RF_DEFAULT_ROUTE_DENY);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, -1, "missing network name");
	EXPECT_EQ(RF_A_NET_NAME, r.miss_type);
	EXPECT_EQ(-1, r.miss_nest);
}

TEST_F(rf, eval_without_dst)
{
	struct in_addr a = { htonl(0x0a010001) };
	struct nl_msg *msg;
	struct rf_reply r;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_EVAL, 0);
	nla_put(msg, RF_A_SRC, sizeof(a), &a);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, -1, "missing destination address");
	EXPECT_EQ(RF_A_DST, r.miss_type);
	EXPECT_EQ(-1, r.miss_nest);
}

TEST_F(rf, prefix_without_len)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int aoff, loff, nest;

	NEED_FAMILY();
	ASSERT_EQ(1, net_new(self, "pc1", 0));
	msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	nest = next_off(msg);
	put_prefix(msg, 4, -1, &aoff, &loff);
	ASSERT_EQ(EINVAL, rf_talk(self->sk, msg, &r));
	EXPECT_REFUSED(r, EINVAL, nest, "missing prefix length");
	EXPECT_EQ(RF_PREFIX_A_LEN, r.miss_type);
	EXPECT_EQ(nest, r.miss_nest);
	rf_reply_free(&r);
}

/* --- transactions -------------------------------------------------------- */

/* Send a transaction command with @flags (0: none); returns 0 or errno. */
static int txn(struct nl_sock *sk, int fam, int cmd, unsigned int flags,
	       struct rf_reply *r)
{
	struct nl_msg *msg = rf_msg(fam, cmd, 0);

	if (flags)
		nla_put_u32(msg, RF_A_TXN_FLAGS, flags);
	return rf_talk(sk, msg, r);
}

/* NET_NEW @name through @sk; returns 0 or errno, the message in @r. */
static int net_new_on(struct nl_sock *sk, int fam, const char *name,
		      struct rf_reply *r)
{
	struct nl_msg *msg = rf_msg(fam, RF_CMD_NET_NEW, 0);

	nla_put_string(msg, RF_A_NET_NAME, name);
	return rf_talk(sk, msg, r);
}

TEST_F(rf, txn_belongs_to_one_socket)
{
	struct nl_sock *other;
	struct rf_reply r;
	char busy[64];

	NEED_FAMILY();
	other = rf_socket();
	ASSERT_NE(NULL, other);
	ASSERT_EQ(0, txn(self->sk, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
	rf_reply_free(&r);
	snprintf(busy, sizeof(busy), "transaction in progress (port %u)",
		 nl_socket_get_local_port(self->sk));

	EXPECT_EQ(EBUSY, txn(self->sk, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
	EXPECT_STREQ("this socket already has an open transaction", r.msg);
	rf_reply_free(&r);
	EXPECT_EQ(EBUSY, txn(other, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
	EXPECT_STREQ(busy, r.msg);
	rf_reply_free(&r);
	EXPECT_EQ(EBUSY, net_new_on(other, self->fam, "intruder", &r));
	EXPECT_STREQ(busy, r.msg);
	rf_reply_free(&r);
	EXPECT_EQ(EBUSY, txn(other, self->fam, RF_CMD_TXN_COMMIT, 0, &r));
	EXPECT_STREQ(busy, r.msg);
	rf_reply_free(&r);

	/* staged: invisible to reads until the commit */
	EXPECT_EQ(1, net_new(self, "pc1", 0));
	EXPECT_EQ(0, net_count(self));
	ASSERT_EQ(0, txn(self->sk, self->fam, RF_CMD_TXN_COMMIT, 0, &r));
	rf_reply_free(&r);
	EXPECT_EQ(1, net_count(self));

	/* the transaction ended with the commit: others may write again */
	EXPECT_EQ(0, net_new_on(other, self->fam, "pc2", &r));
	rf_reply_free(&r);
	nl_socket_free(other);
}

TEST_F(rf, txn_abandoned_by_its_socket_is_discarded)
{
	struct nl_sock *gone;
	struct rf_reply r;

	NEED_FAMILY();
	gone = rf_socket();
	ASSERT_NE(NULL, gone);
	ASSERT_EQ(0, txn(gone, self->fam, RF_CMD_TXN_BEGIN, RF_TXN_F_REPLACE,
			 &r));
	rf_reply_free(&r);
	ASSERT_EQ(0, net_new_on(gone, self->fam, "staged", &r));
	rf_reply_free(&r);
	nl_socket_free(gone);

	EXPECT_EQ(ENOENT, txn(self->sk, self->fam, RF_CMD_TXN_COMMIT, 0, &r));
	EXPECT_STREQ("no transaction is open", r.msg);
	rf_reply_free(&r);
	EXPECT_EQ(0, net_count(self));
	EXPECT_EQ(1, net_new(self, "pc1", 0));
}

/*
 * A socket that reuses the port of a closing one does not inherit its
 * transaction, however soon it comes: 50 rounds of close-and-rebind.
 */
TEST_F(rf, txn_not_inherited_through_a_reused_port)
{
	struct rf_reply r;
	uint32_t port;
	int round, err;

	NEED_FAMILY();
	for (round = 0; round < 50; round++) {
		struct nl_sock *a = nl_socket_alloc(), *b = nl_socket_alloc();

		ASSERT_NE(NULL, a);
		ASSERT_NE(NULL, b);
		port = 0x52460000u + round;
		nl_socket_set_local_port(a, port);
		ASSERT_EQ(0, genl_connect(a));
		ASSERT_EQ(0, txn(a, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
		rf_reply_free(&r);
		ASSERT_EQ(0, net_new_on(a, self->fam, "staged", &r));
		rf_reply_free(&r);
		nl_socket_free(a);
		nl_socket_set_local_port(b, port);
		while ((err = genl_connect(b)) == -NLE_EXIST)
			;
		ASSERT_EQ(0, err);
		err = txn(b, self->fam, RF_CMD_TXN_COMMIT, 0, &r);
		rf_reply_free(&r);
		EXPECT_NE(0, err) TH_LOG("round %d: the new socket committed", round);
		nl_socket_free(b);
		EXPECT_EQ(0, net_count(self));
	}
}

TEST_F(rf, txn_check_changes_nothing_and_ends_it)
{
	struct rf_reply r;

	NEED_FAMILY();
	ASSERT_EQ(0, txn(self->sk, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
	rf_reply_free(&r);
	EXPECT_EQ(1, net_new(self, "pc1", 0));
	EXPECT_EQ(0, txn(self->sk, self->fam, RF_CMD_TXN_COMMIT,
			 RF_TXN_F_CHECK, &r));
	rf_reply_free(&r);
	EXPECT_EQ(0, net_count(self));
	EXPECT_EQ(ENOENT, txn(self->sk, self->fam, RF_CMD_TXN_COMMIT, 0, &r));
	rf_reply_free(&r);
}

TEST_F(rf, txn_flag_of_the_other_command)
{
	struct rf_reply r;

	NEED_FAMILY();
	EXPECT_EQ(EINVAL, txn(self->sk, self->fam, RF_CMD_TXN_BEGIN,
			      RF_TXN_F_CHECK, &r));
	EXPECT_STREQ("the check flag is not for beginning", r.msg);
	rf_reply_free(&r);
	ASSERT_EQ(0, txn(self->sk, self->fam, RF_CMD_TXN_BEGIN, 0, &r));
	rf_reply_free(&r);
	EXPECT_EQ(EINVAL, txn(self->sk, self->fam, RF_CMD_TXN_COMMIT,
			      RF_TXN_F_REPLACE, &r));
	EXPECT_STREQ("the replace flag is not for committing", r.msg);
	rf_reply_free(&r);
}

/* --- unknown flag bits, out-of-range ids and enums ------------------------ */

TEST_F(rf, txn_begin_unknown_flag)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_TXN_BEGIN, 0);
	off = next_off(msg);
	nla_put_u32(msg, RF_A_TXN_FLAGS, 0x80);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, EINVAL, off, MSG_MASK);

	/* nothing was begun: a write from another socket goes through */
	EXPECT_EQ(1, net_new(self, "pc1", 0));
}

TEST_F(rf, net_id_out_of_range)
{
	static const unsigned int bad[] = { 0, RF_NET_ID_MAX + 1 };
	struct nl_msg *msg;
	struct rf_reply r;
	unsigned int i;
	int off;

	NEED_FAMILY();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
		nla_put_string(msg, RF_A_NET_NAME, "pc1");
		off = next_off(msg);
		nla_put_u32(msg, RF_A_NET_ID, bad[i]);
		refuse(_metadata, self, msg, &r);
		EXPECT_REFUSED(r, ERANGE, off, MSG_RANGE);
	}
	EXPECT_EQ(RF_NET_ID_MAX, net_new(self, "pc1", RF_NET_ID_MAX));
}

TEST_F(rf, peer_id_out_of_range)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_LINK_NEW, 0);
	nla_put_u32(msg, RF_A_NET_ID, 1);
	off = next_off(msg);
	nla_put_u32(msg, RF_A_PEER_ID, RF_NET_ID_MAX + 1);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, ERANGE, off, MSG_RANGE);
}

TEST_F(rf, default_route_out_of_range)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	off = next_off(msg);
	nla_put_u32(msg, RF_A_DEFAULT_ROUTE, 7);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, ERANGE, off, MSG_RANGE);
}

TEST_F(rf, drop_events_out_of_range)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int off;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_CONFIG_SET, 0);
	off = next_off(msg);
	nla_put_u32(msg, RF_A_DROP_EVENTS, RF_DROP_EVENTS_MAX + 1);
	refuse(_metadata, self, msg, &r);
	EXPECT_REFUSED(r, ERANGE, off, MSG_RANGE);
}

/* --- happy paths ---------------------------------------------------------- */

TEST_F(rf, net_new_replies_with_id)
{
	struct nl_msg *msg;
	struct rf_reply r;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	nla_put_u32(msg, RF_A_DEFAULT_ROUTE, RF_DEFAULT_ROUTE_DENY);
	ASSERT_EQ(0, rf_talk(self->sk, msg, &r));
	ASSERT_EQ(1, r.n);
	EXPECT_EQ(RF_CMD_NET_NEW, rf_cmd(r.m[0]));
	EXPECT_EQ(1, rf_u32(r.m[0], RF_A_NET_ID));
	ASSERT_NE(NULL, rf_attr(r.m[0], RF_A_NET_NAME));
	EXPECT_STREQ("pc1", nla_get_string(rf_attr(r.m[0], RF_A_NET_NAME)));
	EXPECT_EQ(RF_DEFAULT_ROUTE_DENY, rf_u32(r.m[0], RF_A_DEFAULT_ROUTE));
	EXPECT_EQ(0, rf_u32(r.m[0], RF_A_PREFIX_COUNT));
	rf_reply_free(&r);

	/* the lowest free id, unless one is given */
	EXPECT_EQ(7, net_new(self, "pc7", 7));
	EXPECT_EQ(2, net_new(self, "pc2", 0));
	EXPECT_EQ(-EEXIST, net_new(self, "pc2", 0));
	EXPECT_EQ(-EEXIST, net_new(self, "other", 7));
	EXPECT_EQ(3, net_count(self));
}

static int count_cmd(const struct rf_reply *r, int cmd)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		n += rf_cmd(r->m[i]) == cmd;
	return n;
}

TEST_F(rf, echo_returns_notification)
{
	struct nl_msg *msg;
	struct rf_reply r;
	int i;

	NEED_FAMILY();
	msg = rf_msg(self->fam, RF_CMD_NET_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "pc1");
	ASSERT_EQ(0, rf_talk(self->sk, msg, &r));
	EXPECT_EQ(0, count_cmd(&r, RF_CMD_NET_NEW_NTF));
	rf_reply_free(&r);

	msg = rf_msg(self->fam, RF_CMD_NET_NEW, NLM_F_ECHO);
	nla_put_string(msg, RF_A_NET_NAME, "pc2");
	ASSERT_EQ(0, rf_talk(self->sk, msg, &r));
	EXPECT_EQ(1, count_cmd(&r, RF_CMD_NET_NEW));
	ASSERT_EQ(1, count_cmd(&r, RF_CMD_NET_NEW_NTF));
	for (i = 0; i < r.n; i++) {
		if (rf_cmd(r.m[i]) != RF_CMD_NET_NEW_NTF)
			continue;
		EXPECT_EQ(2, rf_u32(r.m[i], RF_A_NET_ID));
		ASSERT_NE(NULL, rf_attr(r.m[i], RF_A_NET_NAME));
		EXPECT_STREQ("pc2", nla_get_string(rf_attr(r.m[i], RF_A_NET_NAME)));
		/* the echoed copy answers this request */
		EXPECT_EQ(nl_socket_get_local_port(self->sk), r.m[i]->nlmsg_pid);
		EXPECT_EQ(r.seq, r.m[i]->nlmsg_seq);
	}
	rf_reply_free(&r);
}

/*
 * Formatted refusals of tasks failing at the same time each name their own
 * objects: a message outlives its request until the ack has copied it.
 */
#define EXTACK_TASKS	4
#define EXTACK_ROUNDS	300

static int extack_task(int fam, int i)
{
	char name[16], want[64];
	struct nl_sock *sk = rf_socket();
	struct rf_reply r;
	int k, bad = 0;

	if (!sk)
		return 2;
	snprintf(name, sizeof(name), "task%d", i);
	snprintf(want, sizeof(want), "network %s already exists", name);
	if (net_new_on(sk, fam, name, &r))
		return 3;
	rf_reply_free(&r);
	for (k = 0; k < EXTACK_ROUNDS; k++) {
		net_new_on(sk, fam, name, &r);
		bad += r.err != EEXIST || strcmp(r.msg, want);
		rf_reply_free(&r);
	}
	nl_socket_free(sk);
	return bad ? 1 : 0;
}

TEST_F(rf, extack_of_concurrent_tasks)
{
	pid_t pid[EXTACK_TASKS];
	int i, status;

	NEED_FAMILY();
	for (i = 0; i < EXTACK_TASKS; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i])
			_exit(extack_task(self->fam, i));
	}
	for (i = 0; i < EXTACK_TASKS; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status))
			TH_LOG("task %d got another task's message or none", i);
	}
}

TEST_F(rf, dump_networks)
{
	static const char * const names[] = { "c", "a", "b" };
	struct nl_msg *msg;
	struct rf_reply r;
	unsigned int seq;
	int i;

	NEED_FAMILY();
	for (i = 0; i < 3; i++)
		ASSERT_EQ(i + 1, net_new(self, names[i], 0));
	msg = rf_msg(self->fam, RF_CMD_NET_GET, NLM_F_DUMP);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, rf_talk(self->sk, msg, &r));
	ASSERT_EQ(3, r.n);
	seq = r.m[0]->nlmsg_seq;
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(i + 1, rf_u32(r.m[i], RF_A_NET_ID));
		EXPECT_STREQ(names[i], nla_get_string(rf_attr(r.m[i], RF_A_NET_NAME)));
		EXPECT_EQ(seq, r.m[i]->nlmsg_seq);
		EXPECT_TRUE(r.m[i]->nlmsg_flags & NLM_F_MULTI);
		EXPECT_FALSE(r.m[i]->nlmsg_flags & NLM_F_DUMP_INTR);
	}
	rf_reply_free(&r);
}

/*
 * A dump spanning a change is flagged NLM_F_DUMP_INTR: read the first part
 * of a long dump, create a network from another socket, read the rest. A
 * fresh socket read with 8 KiB buffers gets dump parts of at most 8 KiB.
 */
TEST_F(rf, dump_interrupted_by_change)
{
	int i, len, n = 0, intr = 0, before = 0, done = 0;
	unsigned char buf[8192];
	struct nlmsghdr *nlh;
	struct nl_sock *dump;
	struct nl_msg *msg;
	char name[16];

	NEED_FAMILY();
	for (i = 1; i <= 300; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		ASSERT_EQ(i, net_new(self, name, 0));
	}
	dump = rf_socket();
	ASSERT_NE(NULL, dump);
	msg = rf_msg(self->fam, RF_CMD_NET_GET, NLM_F_DUMP);
	ASSERT_LE(0, nl_send_auto(dump, msg));
	nlmsg_free(msg);
	for (i = 0; !done; i++) {
		len = recv(nl_socket_get_fd(dump), buf, sizeof(buf), MSG_TRUNC);
		ASSERT_LT(0, len);
		ASSERT_GE((int)sizeof(buf), len);
		for (nlh = (void *)buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				break;
			}
			n++;
			intr |= !!(nlh->nlmsg_flags & NLM_F_DUMP_INTR);
		}
		if (i)
			continue;
		ASSERT_FALSE(done) TH_LOG("the dump fit in one read");
		EXPECT_FALSE(intr);
		before = n;
		ASSERT_EQ(301, net_new(self, "late", 0));
	}
	EXPECT_LT(before, n);
	EXPECT_TRUE(intr);
	nl_socket_free(dump);
}

/* Create dummy interface rf0 with 10.9.0.1/24, so that 10.9.0.0/24 is routed. */
static int dummy_route(void)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ifreq ifr = { .ifr_name = "rf0" };
	struct sockaddr_in *sin = (void *)&ifr.ifr_addr;
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg = NULL;
	struct nlattr *info;
	int fd, ret = -1;

	if (!sk || nl_connect(sk, NETLINK_ROUTE))
		goto out;
	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) ||
	    nla_put_string(msg, IFLA_IFNAME, ifr.ifr_name))
		goto out;
	info = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "dummy");
	nla_nest_end(msg, info);
	ret = nl_send_sync(sk, msg);	/* frees msg */
	msg = NULL;
	if (ret)
		goto out;
	ret = -1;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		goto out;
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0x0a090001);
	if (!ioctl(fd, SIOCSIFADDR, &ifr)) {
		sin->sin_addr.s_addr = htonl(0xffffff00);
		if (!ioctl(fd, SIOCSIFNETMASK, &ifr) && !ioctl(fd, SIOCGIFFLAGS, &ifr)) {
			ifr.ifr_flags |= IFF_UP;
			ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
		}
	}
	close(fd);
out:
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret;
}

static int prefix_new(FIXTURE_DATA(rf) *self, const char *net, unsigned char a,
		      unsigned char b, int plen)
{
	struct nl_msg *msg = rf_msg(self->fam, RF_CMD_PREFIX_NEW, 0);
	unsigned char addr[4] = { a, b };
	struct nlattr *nest;
	struct rf_reply r;

	nest = nla_nest_start(msg, RF_A_PREFIX | NLA_F_NESTED);
	nla_put(msg, RF_PREFIX_A_ADDR, 4, addr);
	nla_put_u8(msg, RF_PREFIX_A_LEN, plen);
	nla_put_string(msg, RF_PREFIX_A_NET_NAME, net);
	nla_nest_end(msg, nest);
	rf_talk(self->sk, msg, &r);
	rf_reply_free(&r);
	return r.err;
}

TEST_F(rf, eval)
{
	struct rf_reply r;
	struct nl_msg *msg;
	int soff, doff;

	NEED_FAMILY();
	ASSERT_EQ(ENETUNREACH, rf_talk(self->sk, eval_msg(self->fam, 4, 4, &soff, &doff), &r));
	EXPECT_REFUSED(r, ENETUNREACH, doff, "no route to 10.9.0.5");
	rf_reply_free(&r);

	ASSERT_EQ(0, dummy_route());
	ASSERT_EQ(0, rf_talk(self->sk, eval_msg(self->fam, 4, 4, &soff, &doff), &r));
	ASSERT_EQ(1, r.n);
	EXPECT_EQ(RF_CMD_EVAL, rf_cmd(r.m[0]));
	EXPECT_EQ(RF_VERDICT_ACCEPT, rf_u32(r.m[0], RF_A_VERDICT));
	EXPECT_EQ(RF_REASON_NONE, rf_u32(r.m[0], RF_A_REASON));
	EXPECT_EQ(24, rf_u32(r.m[0], RF_A_ROUTE_PLEN));
	EXPECT_EQ(if_nametoindex("rf0"), rf_u32(r.m[0], RF_A_OIF));
	ASSERT_NE(NULL, rf_attr(r.m[0], RF_A_OIFNAME));
	EXPECT_STREQ("rf0", nla_get_string(rf_attr(r.m[0], RF_A_OIFNAME)));
	EXPECT_EQ(NULL, rf_attr(r.m[0], RF_A_SRC_NET_ID));
	EXPECT_EQ(NULL, rf_attr(r.m[0], RF_A_AUDIT));
	rf_reply_free(&r);

	ASSERT_EQ(1, net_new(self, "a", 0));
	ASSERT_EQ(2, net_new(self, "b", 0));
	ASSERT_EQ(0, prefix_new(self, "a", 10, 1, 16));
	ASSERT_EQ(0, prefix_new(self, "b", 10, 9, 24));
	ASSERT_EQ(0, rf_talk(self->sk, eval_msg(self->fam, 4, 4, &soff, &doff), &r));
	ASSERT_EQ(1, r.n);
	EXPECT_EQ(RF_VERDICT_DROP, rf_u32(r.m[0], RF_A_VERDICT));
	EXPECT_EQ(RF_REASON_NOT_LINKED, rf_u32(r.m[0], RF_A_REASON));
	EXPECT_EQ(1, rf_u32(r.m[0], RF_A_SRC_NET_ID));
	EXPECT_EQ(2, rf_u32(r.m[0], RF_A_DST_NET_ID));
	rf_reply_free(&r);

	msg = rf_msg(self->fam, RF_CMD_LINK_NEW, 0);
	nla_put_string(msg, RF_A_NET_NAME, "a");
	nla_put_string(msg, RF_A_PEER_NAME, "b");
	ASSERT_EQ(0, rf_talk(self->sk, msg, &r));
	rf_reply_free(&r);
	ASSERT_EQ(0, rf_talk(self->sk, eval_msg(self->fam, 4, 4, &soff, &doff), &r));
	ASSERT_EQ(1, r.n);
	EXPECT_EQ(RF_VERDICT_ACCEPT, rf_u32(r.m[0], RF_A_VERDICT));
	EXPECT_EQ(RF_REASON_NONE, rf_u32(r.m[0], RF_A_REASON));
	rf_reply_free(&r);
}

TEST_HARNESS_MAIN
