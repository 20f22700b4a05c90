/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests: open the socket on first use, build and send a request, and
 * report the kernel's refusal at a given location. Each returns an exit
 * status (or NULL) and has printed its error.
 */
#ifndef _RF_REQ_H
#define _RF_REQ_H

#include <stdint.h>
#include <libmnl/libmnl.h>

#include "rfence.h"

struct rf_loc;
struct rf_msgs;

int rf_open(struct rf_ctx *ctx, const struct rf_loc *loc);
void rf_close(struct rf_ctx *ctx);

/* Start a request (opening the socket first); NULL on error. */
struct nlmsghdr *rf_msg(struct rf_ctx *ctx, const struct rf_loc *loc,
			uint8_t cmd, uint16_t flags);
/* Run a request, its replies to @cb. */
int rf_do(struct rf_ctx *ctx, const struct rf_loc *loc, struct nlmsghdr *nlh,
	  mnl_cb_t cb, void *data);
/* Collect the whole answer (a dump is retried when interrupted). */
int rf_fetch(struct rf_ctx *ctx, const struct rf_loc *loc,
	     struct nlmsghdr *nlh, struct rf_msgs *m);

/* The command of a write, and its request on an open socket. */
uint8_t rf_req_cmd(enum rf_op op);
struct nlmsghdr *rf_req_msg(struct rf_nl *nl, const struct rf_req *req);
/* Send one parsed write on its own (outside a transaction). */
int rf_req_run(struct rf_ctx *ctx, const struct rf_loc *loc,
	       const struct rf_req *req);

#endif /* _RF_REQ_H */
