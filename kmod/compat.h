/* SPDX-License-Identifier: GPL-2.0 */
/*
 * routefence: every difference between the supported kernels (Debian's 6.1
 * and 6.12, including PREEMPT_RT) lives here. API differences are detected
 * by the presence of the API (macros, or the header tests in kmod/Kbuild
 * that define RF_HAVE_*); behaviour differences, which leave no
 * trace in the headers, by LINUX_VERSION_CODE.
 *
 * The policy core (conf.c, gen.c, lpm.c) also builds in userspace against
 * selftests/lpm/shim, which has no __KERNEL__: only the first part applies
 * there.
 */
#ifndef _RF_COMPAT_H
#define _RF_COMPAT_H

/* 6.12 moved the unaligned access helpers out of asm/. */
#ifdef RF_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#ifdef __KERNEL__
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/inet_dscp.h>
#include <net/ip.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0) || \
	LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#error "routefence supports Linux 6.1 to 6.12 (Debian 12 and 13 kernels)"
#endif

/*
 * The drops group reveals addresses of other users' traffic: only
 * CAP_NET_ADMIN may join it, checked by genetlink when the socket binds.
 * Every supported kernel has the flag (Debian's 6.1 since 6.1.66); without
 * it the group would silently be open to everybody, so refuse to build.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
#error "this kernel lacks GENL_MCAST_CAP_NET_ADMIN (6.1.66 or later needed)"
#endif

/* 6.6 moved a dump's parsed attributes into a struct genl_info. */
#ifdef RF_HAVE_GENL_INFO_DUMP
#define rf_dump_attrs(cb)	(genl_info_dump(cb)->attrs)
#else
#define rf_dump_attrs(cb)	(genl_dumpit_info(cb)->attrs)
#endif

/*
 * 6.6 replaced the ingress mini qdisc by tcx (which holds it). Either
 * member exists only when the kernel has tc ingress hooks at all.
 */
#if defined(RF_HAVE_TCX) && defined(CONFIG_NET_XGRESS)
#define rf_dev_tc_ingress(dev)	(!!rcu_access_pointer((dev)->tcx_ingress))
#elif !defined(RF_HAVE_TCX) && defined(CONFIG_NET_CLS_ACT)
#define rf_dev_tc_ingress(dev)	(!!rcu_access_pointer((dev)->miniq_ingress))
#else
#define rf_dev_tc_ingress(dev)	false
#endif

/*
 * The TOS bits an IPv4 input route lookup uses (ip_route_input_noref()):
 * 6.12 keeps the whole DSCP, so "ip rule ... dscp 46" matches forwarded
 * packets; 6.1 masks it down to the RFC 1349 TOS bits.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define RF_FIB4_INPUT_TOS(tos)	((tos) & INET_DSCP_MASK)
#else
#define RF_FIB4_INPUT_TOS(tos)	((tos) & IPTOS_RT_MASK)
#endif

#endif /* __KERNEL__ */
#endif /* _RF_COMPAT_H */
