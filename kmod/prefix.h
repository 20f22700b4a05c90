/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence prefixes of a configuration: staging additions and deletions,
 * and validating them (the overlap rule) incrementally or in bulk. The
 * prefix API that callers use is in conf.h; this is what conf.c needs.
 */
#ifndef _RF_PREFIX_H
#define _RF_PREFIX_H

#include "conf.h"

void rf_pfxs_init(struct rf_pfxs *x);
void rf_pfxs_release(struct rf_pfxs *x);
int rf_pfxs_clone(struct rf_pfxs *dst, const struct rf_pfxs *src);
u32 rf_pfxs_count(const struct rf_pfxs *x);
int rf_pfx_del_net(struct rf_conf *c, u16 id);
int rf_pfxs_validate(struct rf_conf *c, int f, struct rf_err *e);

#endif /* _RF_PREFIX_H */
