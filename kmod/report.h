/* SPDX-License-Identifier: GPL-2.0 */
/* routefence drop reports: violations told to the drops group. */
#ifndef _RF_REPORT_H
#define _RF_REPORT_H

#include <linux/skbuff.h>

#include "gen.h"
#include "ns.h"

int rf_report_put_packet(struct sk_buff *skb, struct net *netns,
			 const struct rf_gen *g, const struct rf_pkt *p,
			 const struct rf_decision *d);
void rf_report_drop(struct rf_ns *ns, const struct rf_gen *g,
		    const struct rf_pkt *p, const struct rf_decision *d);

#endif /* _RF_REPORT_H */
