/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rfence: configure routefence over its generic netlink family.
 *
 * Shared definitions: the context every command gets, the parsed form of
 * one write command (shared by the command line, -batch and load), the
 * descriptor of each configuration object and the commands' entry points.
 */
#ifndef _RFENCE_H
#define _RFENCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/routefence.h>

#define RFENCE_VERSION	"1.0"

/* Exit statuses. */
enum {
	RF_EXIT_OK	= 0,
	RF_EXIT_USAGE	= 1,	/* syntax or usage error, nothing sent */
	RF_EXIT_KERNEL	= 2,	/* the kernel refused, or the module is absent */
	RF_EXIT_FOUND	= 1,	/* route check: something to report */
};

struct rf_nl;
struct rf_out;
struct rf_args;
struct rf_pr;
struct rf_col;
struct nlmsghdr;
struct nlattr;

/* Everything a command needs; there are no globals. */
struct rf_ctx {
	struct rf_nl *nl;	/* opened on first use */
	struct rf_out *out;
	bool json;
	bool pretty;
	bool stats;
	bool force;
	bool allow_empty;	/* load and -batch accept a file without commands */
	const char *netns;
};

/* An address prefix, host bits zero. */
struct rf_prefix {
	uint8_t addr[16];
	uint8_t len;
	uint8_t family;		/* AF_INET or AF_INET6 */
};

/* Every write command, as parsed from a command line or a file line. */
enum rf_op {
	RF_OP_NET_ADD,
	RF_OP_NET_SET,
	RF_OP_NET_DEL,
	RF_OP_PREFIX_ADD,
	RF_OP_PREFIX_DEL,
	RF_OP_DEV_ADD,
	RF_OP_DEV_DEL,
	RF_OP_LINK_ADD,
	RF_OP_LINK_DEL,
	RF_OP_CONFIG_SET,
};

#define RF_UNSET	(-1)

struct rf_object;

struct rf_req {
	enum rf_op op;
	const struct rf_object *obj;	/* builds its attributes */
	unsigned int line;	/* in a loaded file, 0 otherwise */
	const char *name;	/* network (or the first one of a link) */
	const char *peer;	/* the second network of a link */
	union {
		struct {
			uint32_t id;	/* 0: let the kernel pick */
			int dr;		/* enum rf_default_route or RF_UNSET */
		} net;
		struct rf_prefix pfx;
		uint32_t ifindex;
		struct {
			int mode;	/* enum rf_mode or RF_UNSET */
			int unmanaged;	/* enum rf_unmanaged or RF_UNSET */
			int64_t drop_events;	/* RF_UNSET or 0..RF_DROP_EVENTS_MAX */
		} cfg;
	};
};

/* The sort key of a message: by string, then by number. */
struct rf_key {
	const char *str;
	uint64_t num;
	const struct nlmsghdr *nlh;
};

/* show: a NAME argument makes it a request for that one object. */
#define RF_SHOW_BY_NAME	1
/* show: the object is a singleton (no list, no dump). */
#define RF_SHOW_SINGLE	2

/*
 * A configuration object (network, prefix, dev, link, config): how it is
 * written ("OBJECT add|set|del ...", a file line), shown and printed.
 */
struct rf_object {
	const char *name;
	void (*usage)(FILE *f);
	/* A write command, the command word first, into @req. */
	int (*parse)(struct rf_args *a, struct rf_req *req);
	/* The attributes of a parsed write command. */
	void (*put)(struct nlmsghdr *nlh, const struct rf_req *req);
	/* show: the request, its network filter (NULL: no arguments) */
	uint8_t get_cmd;
	unsigned int show_flags;
	int (*show_parse)(struct rf_args *a, const char **name);
	const char *header;	/* text header of the show table */
	/* How each view prints it (enum rf_view), by rf_print_object(). */
	const struct rf_col *const *cols;
	/* The objects of one message, when not one row of its attributes. */
	void (*print)(struct rf_pr *pr, const struct nlmsghdr *nlh);
	/* save's order of the messages, NULL: the kernel's. */
	void (*save_key)(const struct nlmsghdr *nlh, struct rf_key *key);
};

extern const struct rf_object rf_obj_network;
extern const struct rf_object rf_obj_prefix;
extern const struct rf_object rf_obj_dev;
extern const struct rf_object rf_obj_link;
extern const struct rf_object rf_obj_config;

/* prefix.c: one PREFIX nest, the network by id if known, else by name. */
void prefix_nest_put(struct nlmsghdr *nlh, const struct rf_prefix *p,
		     uint32_t net_id, const char *name);

#endif /* _RFENCE_H */
