/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence extack messages: formatted refusals that name what conflicts,
 * kept in a buffer of the requesting task until the ack has copied them.
 */
#ifndef _RF_EXTACK_H
#define _RF_EXTACK_H

#include <linux/netlink.h>

#include "conf.h"

__printf(4, 5)
int rf_nl_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      int err, const char *fmt, ...);
int rf_nl_fail(struct netlink_ext_ack *extack, const struct nlattr *attr,
	       int err, const struct rf_err *e);
int rf_nl_missing(struct netlink_ext_ack *extack, const struct nlattr *nest,
		  int type, const char *what);
void rf_extack_exit(void);

#endif /* _RF_EXTACK_H */
