/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spellings of the ABI: attribute names (JSON keys), the names of enum
 * values as the command line and the output use them.
 */
#ifndef _RF_NAMES_H
#define _RF_NAMES_H

#include <stdint.h>

extern const char *const rf_default_route_names[];
extern const char *const rf_mode_names[];
extern const char *const rf_unmanaged_names[];
extern const char *const rf_no_policy_names[];

/* names[val] of a NULL-terminated list, "unknown" past its end. */
const char *rf_name_of(const char *const *names, uint32_t val);
const char *rf_reason_str(uint32_t reason);
const char *rf_verdict_str(uint32_t verdict);
/* YNL name of a top-level attribute, "unknown" if there is none. */
const char *rf_attr_name(int type);

#endif /* _RF_NAMES_H */
