// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the kernel and their errors.
 */
#include <errno.h>
#include <string.h>

#include "rfence.h"
#include "err.h"
#include "nl.h"
#include "req.h"

/* Open the socket and resolve the family once. */
int rf_open(struct rf_ctx *ctx, const struct rf_loc *loc)
{
	struct rf_nl *nl;
	int ret;

	if (ctx->nl)
		return 0;
	nl = rf_nl_new();
	if (!nl) {
		rf_err(loc, "out of memory");
		return -ENOMEM;
	}
	ret = rf_nl_connect(nl);
	if (ret) {
		rf_err(loc, "cannot open a generic netlink socket: %s", strerror(-ret));
	} else {
		ret = rf_nl_resolve(nl);
		if (ret == -ENOENT)
			rf_err(loc, "routefence module is not loaded");
		else if (ret)
			rf_err_kernel(loc, &nl->e);
	}
	if (ret) {
		rf_nl_free(nl);
		return ret;
	}
	ctx->nl = nl;
	return 0;
}

void rf_close(struct rf_ctx *ctx)
{
	rf_nl_free(ctx->nl);
	ctx->nl = NULL;
}

struct nlmsghdr *rf_msg(struct rf_ctx *ctx, const struct rf_loc *loc,
			uint8_t cmd, uint16_t flags)
{
	if (rf_open(ctx, loc))
		return NULL;
	return rf_nl_msg(ctx->nl, cmd, flags);
}

int rf_do(struct rf_ctx *ctx, const struct rf_loc *loc, struct nlmsghdr *nlh,
	  mnl_cb_t cb, void *data)
{
	if (rf_nl_talk(ctx->nl, nlh, cb, data)) {
		rf_err_kernel(loc, &ctx->nl->e);
		return RF_EXIT_KERNEL;
	}
	return RF_EXIT_OK;
}

int rf_fetch(struct rf_ctx *ctx, const struct rf_loc *loc,
	     struct nlmsghdr *nlh, struct rf_msgs *m)
{
	if (rf_nl_fetch(ctx->nl, nlh, m)) {
		rf_err_kernel(loc, &ctx->nl->e);
		rf_msgs_free(m);
		return RF_EXIT_KERNEL;
	}
	return RF_EXIT_OK;
}

static const uint8_t op_cmds[] = {
	[RF_OP_NET_ADD]		= RF_CMD_NET_NEW,
	[RF_OP_NET_SET]		= RF_CMD_NET_SET,
	[RF_OP_NET_DEL]		= RF_CMD_NET_DEL,
	[RF_OP_PREFIX_ADD]	= RF_CMD_PREFIX_NEW,
	[RF_OP_PREFIX_DEL]	= RF_CMD_PREFIX_DEL,
	[RF_OP_DEV_ADD]		= RF_CMD_DEV_NEW,
	[RF_OP_DEV_DEL]		= RF_CMD_DEV_DEL,
	[RF_OP_LINK_ADD]	= RF_CMD_LINK_NEW,
	[RF_OP_LINK_DEL]	= RF_CMD_LINK_DEL,
	[RF_OP_CONFIG_SET]	= RF_CMD_CONFIG_SET,
};

uint8_t rf_req_cmd(enum rf_op op)
{
	return op_cmds[op];
}

struct nlmsghdr *rf_req_msg(struct rf_nl *nl, const struct rf_req *req)
{
	struct nlmsghdr *nlh = rf_nl_msg(nl, rf_req_cmd(req->op), NLM_F_ACK);

	req->obj->put(nlh, req);
	return nlh;
}

int rf_req_run(struct rf_ctx *ctx, const struct rf_loc *loc,
	       const struct rf_req *req)
{
	if (rf_open(ctx, loc))
		return RF_EXIT_KERNEL;
	return rf_do(ctx, loc, rf_req_msg(ctx->nl, req), NULL, NULL);
}
