/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RF_STATS_H
#define _RF_STATS_H

#include <stdbool.h>

struct rf_out;
struct nlattr;

/*
 * The counters of a STATS nest as the "stats" JSON object; text: the cells
 * of a table row (@table), or an indented line of "key value" pairs after
 * a show row (-s), which the row's end terminates.
 */
void stats_print(struct rf_out *o, const struct nlattr *nest, bool table);

#endif /* _RF_STATS_H */
