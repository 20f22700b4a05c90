/* SPDX-License-Identifier: GPL-2.0 */
/* routefence packet path: the IPv4 and IPv6 forward hooks of a namespace. */
#ifndef _RF_HOOK_H
#define _RF_HOOK_H

struct rf_ns;

int rf_hook_register(struct rf_ns *ns);
void rf_hook_unregister(struct rf_ns *ns);

#endif /* _RF_HOOK_H */
