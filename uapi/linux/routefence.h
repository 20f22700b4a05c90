/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * routefence: forwarding policy between routing domains (networks).
 *
 * Generic netlink family "routefence", version 1. This header is the ABI;
 * uapi/routefence.yaml describes the same ABI as a YNL spec, and
 * `make check` proves the two (and the kernel's policies) agree.
 *
 * Conventions: commands and attributes are numbered from 1; requests and
 * their replies share a command id, notifications have their own ids.
 */
#ifndef _UAPI_LINUX_ROUTEFENCE_H
#define _UAPI_LINUX_ROUTEFENCE_H

#define RF_FAMILY_NAME		"routefence"
#define RF_FAMILY_VERSION	1

#define RF_MCGRP_CONFIG		"config"
#define RF_MCGRP_DROPS		"drops"

#define RF_NAME_MAX		32	/* including the terminating NUL */
#define RF_NET_ID_MAX		4095
#define RF_DROP_EVENTS_MAX	1000000

/* Limits on one message's list of prefixes (RF_A_PREFIX is multi-attr). */
#define RF_PREFIX_BATCH_MAX	8192

enum rf_default_route {
	RF_DEFAULT_ROUTE_ALLOW,
	RF_DEFAULT_ROUTE_DENY,
};

enum rf_mode {
	RF_MODE_ENFORCE,
	RF_MODE_AUDIT,
};

enum rf_unmanaged {
	RF_UNMANAGED_ACCEPT,
	RF_UNMANAGED_DROP,
};

enum rf_no_policy {
	RF_NO_POLICY_ACCEPT,
	RF_NO_POLICY_DROP,
};

enum rf_verdict {
	RF_VERDICT_ACCEPT,
	RF_VERDICT_DROP,
};

enum rf_reason {
	RF_REASON_NONE,
	RF_REASON_NOT_LINKED,
	RF_REASON_DEFAULT_ROUTE,
	RF_REASON_SPOOFED,
	RF_REASON_UNMANAGED,
	RF_REASON_NO_POLICY,

	__RF_REASON_MAX,
	RF_REASON_MAX = __RF_REASON_MAX - 1
};

/* RF_A_TXN_FLAGS */
enum rf_txn_flags {
	/* TXN_BEGIN: start from an empty policy (default settings) */
	RF_TXN_F_REPLACE	= 1U << 0,
	/* TXN_COMMIT: validate and build everything, then discard */
	RF_TXN_F_CHECK		= 1U << 1,
};
#define RF_TXN_F_ALL		(RF_TXN_F_REPLACE | RF_TXN_F_CHECK)

/* Top-level attributes, shared by all commands (each command has its own policy). */
enum rf_attrs {
	RF_A_NET_ID = 1,	/* u32: network id, 1..RF_NET_ID_MAX */
	RF_A_NET_NAME,		/* string: network name, [A-Za-z0-9._-]{1,31} */
	RF_A_DEFAULT_ROUTE,	/* u32: enum rf_default_route */
	RF_A_PREFIX,		/* nest (enum rf_prefix_attrs), multi-attr */
	RF_A_IFINDEX,		/* u32: interface index */
	RF_A_IFNAME,		/* string: interface name (replies only) */
	RF_A_PEER_ID,		/* u32: the other network of a link */
	RF_A_PEER_NAME,		/* string: the other network of a link */
	RF_A_MODE,		/* u32: enum rf_mode */
	RF_A_UNMANAGED,		/* u32: enum rf_unmanaged */
	RF_A_DROP_EVENTS,	/* u32: drop reports per second, 0 = off */
	RF_A_TXN_FLAGS,		/* u32: enum rf_txn_flags */
	RF_A_GENERATION,	/* u32: policy generation (bumped by every commit) */
	RF_A_STATS,		/* nest (enum rf_stats_attrs) */
	RF_A_SRC,		/* binary: source address, 4 or 16 bytes */
	RF_A_DST,		/* binary: destination address, 4 or 16 bytes */
	RF_A_IIF,		/* u32: ingress ifindex */
	RF_A_OIF,		/* u32: egress ifindex */
	RF_A_VERDICT,		/* u32: enum rf_verdict */
	RF_A_REASON,		/* u32: enum rf_reason */
	RF_A_SRC_NET_ID,	/* u32: source network id */
	RF_A_SRC_NET_NAME,	/* string: source network name */
	RF_A_DST_NET_ID,	/* u32: destination network id */
	RF_A_DST_NET_NAME,	/* string: destination network name */
	RF_A_ROUTE_PLEN,	/* u32: prefix length of the kernel's route */
	RF_A_AUDIT,		/* flag: a violation forwarded by audit mode */
	RF_A_PREFIX_COUNT,	/* u32: number of prefixes (network replies) */
	RF_A_DEV_COUNT,		/* u32: number of bound interfaces */
	RF_A_LINK_COUNT,	/* u32: number of links */
	RF_A_IIFNAME,		/* string: ingress interface name */
	RF_A_OIFNAME,		/* string: egress interface name */
	RF_A_NET_COUNT,		/* u32: number of networks (config replies) */
	RF_A_NO_POLICY,		/* u32: enum rf_no_policy (config replies) */

	__RF_A_MAX,
	RF_A_MAX = __RF_A_MAX - 1
};

/* Attributes of one prefix, nested in RF_A_PREFIX. */
enum rf_prefix_attrs {
	RF_PREFIX_A_ADDR = 1,	/* binary: 4 (IPv4) or 16 (IPv6) bytes, host bits zero */
	RF_PREFIX_A_LEN,	/* u8: prefix length, 0..32 or 0..128 */
	RF_PREFIX_A_NET_ID,	/* u32: owning network id */
	RF_PREFIX_A_NET_NAME,	/* string: owning network name */

	__RF_PREFIX_A_MAX,
	RF_PREFIX_A_MAX = __RF_PREFIX_A_MAX - 1
};

/* Counters, nested in RF_A_STATS. All u64. */
enum rf_stats_attrs {
	RF_STATS_A_PAD = 1,
	RF_STATS_A_FWD_PACKETS,		/* forwarded packets */
	RF_STATS_A_FWD_BYTES,		/* forwarded bytes */
	RF_STATS_A_NOT_LINKED,		/* violations: no link between S and D */
	RF_STATS_A_DEFAULT_ROUTE,	/* violations: S may not use a default route */
	RF_STATS_A_SPOOFED,		/* violations: source not in S's prefixes */
	RF_STATS_A_UNMANAGED,		/* unmanaged packets dropped */
	RF_STATS_A_NO_POLICY,		/* dropped before the first commit */

	__RF_STATS_A_MAX,
	RF_STATS_A_MAX = __RF_STATS_A_MAX - 1
};

enum rf_cmds {
	RF_CMD_NET_NEW = 1,
	RF_CMD_NET_SET,
	RF_CMD_NET_DEL,
	RF_CMD_NET_GET,
	RF_CMD_PREFIX_NEW,
	RF_CMD_PREFIX_DEL,
	RF_CMD_PREFIX_GET,
	RF_CMD_DEV_NEW,
	RF_CMD_DEV_DEL,
	RF_CMD_DEV_GET,
	RF_CMD_LINK_NEW,
	RF_CMD_LINK_DEL,
	RF_CMD_LINK_GET,
	RF_CMD_CONFIG_SET,
	RF_CMD_CONFIG_GET,
	RF_CMD_STATS_GET,
	RF_CMD_STATS_RESET,
	RF_CMD_EVAL,
	RF_CMD_FLUSH,
	RF_CMD_TXN_BEGIN,
	RF_CMD_TXN_COMMIT,
	RF_CMD_TXN_ABORT,

	/* notifications */
	RF_CMD_NET_NEW_NTF,
	RF_CMD_NET_SET_NTF,
	RF_CMD_NET_DEL_NTF,
	RF_CMD_PREFIX_NEW_NTF,
	RF_CMD_PREFIX_DEL_NTF,
	RF_CMD_DEV_NEW_NTF,
	RF_CMD_DEV_DEL_NTF,
	RF_CMD_LINK_NEW_NTF,
	RF_CMD_LINK_DEL_NTF,
	RF_CMD_CONFIG_NTF,
	RF_CMD_COMMIT_NTF,
	RF_CMD_DROP_NTF,

	__RF_CMD_MAX,
	RF_CMD_MAX = __RF_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_ROUTEFENCE_H */
