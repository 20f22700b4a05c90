/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deliberately naive longest-prefix-match oracle: one hash set of
 * (masked key, length) and the list of lengths present; a lookup probes
 * every present length, longest first (what ipset hash:net does). It
 * shares no code with kmod/lpm.c.
 */
#ifndef _LPM_ORACLE_H
#define _LPM_ORACLE_H

#include <linux/types.h>
#include "../../kmod/lpm.h"

struct oracle;

struct oracle *oracle_new(const struct rf_pfx *pfx, u32 n);
u16 oracle_lookup(const struct oracle *o, const struct rf_key *k);
void oracle_free(struct oracle *o);

/* @k with everything after the first @len bits cleared. */
struct rf_key key_mask(struct rf_key k, u32 len);

#endif
