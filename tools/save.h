/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RF_SAVE_H
#define _RF_SAVE_H

#include <stdio.h>

struct rf_msgs;
struct rf_object;

/* config, network, prefix, dev, link: the sections of a saved policy. */
#define RF_SAVE_N	5
extern const struct rf_object *const rf_save_objects[RF_SAVE_N];

/*
 * The policy file of the objects in @m (one set of messages per section,
 * as the kernel answers a dump of each): what "rfence save" writes.
 */
int rf_save_print(FILE *f, const struct rf_msgs *m);

#endif /* _RF_SAVE_H */
