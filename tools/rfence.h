/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rfence: configure routefence over its generic netlink family.
 *
 * Shared definitions: the context every command gets, the parsed form of
 * one write command (shared by the command line, -batch and load), and the
 * entry points of each object's file.
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

/* Everything a command needs; there are no globals. */
struct rf_ctx {
	struct rf_nl *nl;	/* opened on first use */
	struct rf_out *out;
	bool json;
	bool pretty;
	bool stats;
	bool force;
	bool in_file;		/* running lines of a file: no usage text */
	const char *netns;
	const char *errfile;	/* errors say "FILE:LINE: " while running */
	unsigned int errline;	/* a file; line 0 for the file as a whole */
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

struct rf_req {
	enum rf_op op;
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

struct nlmsghdr;
struct nlattr;

/* Objects: cmd_* runs "rfence OBJECT ...", *_parse fills an rf_req. */
int cmd_network(struct rf_ctx *ctx, int argc, char **argv);
int cmd_prefix(struct rf_ctx *ctx, int argc, char **argv);
int cmd_dev(struct rf_ctx *ctx, int argc, char **argv);
int cmd_link(struct rf_ctx *ctx, int argc, char **argv);
int cmd_config(struct rf_ctx *ctx, int argc, char **argv);
int cmd_stats(struct rf_ctx *ctx, int argc, char **argv);
int cmd_get(struct rf_ctx *ctx, int argc, char **argv);
int cmd_monitor(struct rf_ctx *ctx, int argc, char **argv);
int cmd_load(struct rf_ctx *ctx, int argc, char **argv);
int cmd_save(struct rf_ctx *ctx, int argc, char **argv);
int cmd_flush(struct rf_ctx *ctx, int argc, char **argv);
int cmd_route(struct rf_ctx *ctx, int argc, char **argv);

int network_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
int prefix_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
int dev_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
int link_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
int config_parse(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);

void network_usage(FILE *f);
void prefix_usage(FILE *f);
void dev_usage(FILE *f);
void link_usage(FILE *f);
void config_usage(FILE *f);
void stats_usage(FILE *f);
void get_usage(FILE *f);
void monitor_usage(FILE *f);
void load_usage(FILE *f);
void route_usage(FILE *f);

/* route.c: "monitor routes". */
int route_monitor(struct rf_ctx *ctx, int argc, char **argv);

/* Attributes of one write request (network.c, prefix.c, ...). */
void network_req_put(struct nlmsghdr *nlh, const struct rf_req *req);
void prefix_req_put(struct nlmsghdr *nlh, const struct rf_req *req);
void dev_req_put(struct nlmsghdr *nlh, const struct rf_req *req);
void link_req_put(struct nlmsghdr *nlh, const struct rf_req *req);
void config_req_put(struct nlmsghdr *nlh, const struct rf_req *req);

/* prefix.c: PREFIX nests. */
struct rf_out;
void prefix_nest_put(struct nlmsghdr *nlh, const struct rf_prefix *p,
		     uint32_t net_id, const char *name);
int prefix_get(const struct nlattr *nest, struct rf_prefix *p,
	       uint32_t *net_id, const char **net_name);
void prefix_print(struct rf_out *o, const struct rf_prefix *p, const char *fmt);

/* config.c: the members of a config reply or notification. */
void config_print(struct rf_out *o, const struct nlattr **tb, bool oneline);

/* stats.c: counters of a STATS nest, as a table row or a "-s" line. */
void stats_print(struct rf_out *o, const struct nlattr *nest, bool table);

/* rfence.c: run parsed requests; parse a write command of a file line. */
uint8_t rf_req_cmd(enum rf_op op);
int rf_req_put(struct nlmsghdr *nlh, const struct rf_req *req);
int rf_req_run(struct rf_ctx *ctx, const struct rf_req *req);
int rf_parse_write(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
int rf_dispatch(struct rf_ctx *ctx, int argc, char **argv);

/* batch.c */
#define RF_MAX_WORDS	64
int rf_tokenize(char *line, char **argv, int max);
int rf_batch(struct rf_ctx *ctx, const char *file);

#endif /* _RFENCE_H */
