/* SPDX-License-Identifier: GPL-2.0 */
/* Knobs and counters of the userspace shim (shim.c). */
#ifndef _SHIM_H
#define _SHIM_H

extern unsigned long shim_cond_resched_calls;
extern long shim_live_allocs;
extern long shim_live_bytes;
extern long shim_fail_countdown;
extern int shim_huge;

#endif
