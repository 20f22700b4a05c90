/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_SCHED_H
#define _SHIM_LINUX_SCHED_H

extern unsigned long shim_cond_resched_calls;
#define cond_resched()	((void)shim_cond_resched_calls++)

#endif
