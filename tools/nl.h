/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink helpers: one generic netlink socket with NETLINK_CAP_ACK and
 * NETLINK_EXT_ACK, the routefence family and its multicast groups resolved
 * through nlctrl, requests with extack capture, dumps with NLM_F_DUMP_INTR
 * retry.
 */
#ifndef _RF_NL_H
#define _RF_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/routefence.h>

struct rf_prefix;

#define RF_NL_SBUF	(128 * 1024)
#define RF_NL_RBUF	(64 * 1024)

/* The last error the kernel sent back, with its extended ack. */
struct rf_nl_err {
	int err;		/* positive errno, 0 if none */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" if none */
	uint32_t off;		/* NLMSGERR_ATTR_OFFS, 0 if none */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1 if none */
};

struct rf_nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t grp_config;	/* multicast group ids, 0 if absent */
	uint32_t grp_drops;
	bool intr;		/* NLM_F_DUMP_INTR seen in this exchange */
	char *sbuf;
	char *rbuf;
	struct rf_nl_err e;
};

/* A socket: allocate, connect (-errno), resolve the family (-ENOENT when
 * there is no routefence family, else -errno with the kernel's answer in
 * nl->e), free.
 */
struct rf_nl *rf_nl_new(void);
int rf_nl_connect(struct rf_nl *nl);
int rf_nl_resolve(struct rf_nl *nl);
void rf_nl_free(struct rf_nl *nl);

/* Start a routefence request in the send buffer. */
struct nlmsghdr *rf_nl_msg(struct rf_nl *nl, uint8_t cmd, uint16_t flags);

/* Send @nlh, pass replies to @cb until the ack; 0 or -errno (in nl->e). */
int rf_nl_talk(struct rf_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* An answer's messages, collected so that nothing is printed before it is
 * complete (a retried dump prints nothing twice, an error prints no output).
 */
struct rf_msgs {
	char *buf;
	size_t len;
	size_t cap;
};

/* Collect the answer to @nlh (dumps retry on NLM_F_DUMP_INTR). */
int rf_nl_fetch(struct rf_nl *nl, struct nlmsghdr *nlh, struct rf_msgs *m);
int rf_msgs_each(const struct rf_msgs *m, mnl_cb_t cb, void *data);
/* Append a copy of @nlh to the struct rf_msgs @m (an mnl_cb_t). */
int rf_msgs_add(const struct nlmsghdr *nlh, void *m);
void rf_msgs_free(struct rf_msgs *m);
int rf_nl_subscribe(struct rf_nl *nl, uint32_t group);
/* Receive and dispatch whatever arrives (monitor); -errno on error. */
int rf_nl_recv(struct rf_nl *nl, mnl_cb_t cb, void *data);

/* Parse a routefence message / a PREFIX or STATS nest into tb[]. */
void rf_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb);
void rf_prefix_attrs(const struct nlattr *nest, const struct nlattr **tb);
void rf_stats_attrs(const struct nlattr *nest, const struct nlattr **tb);
/* The address and length of a PREFIX nest's tb[]; false if either is
 * missing or bad.
 */
bool rf_prefix_get(const struct nlattr **tb, struct rf_prefix *p);

uint32_t rf_u32(const struct nlattr **tb, int type, uint32_t def);
const char *rf_str(const struct nlattr **tb, int type);
uint64_t rf_u64(const struct nlattr **tb, int type);

#endif /* _RF_NL_H */
