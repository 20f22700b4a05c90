// SPDX-License-Identifier: GPL-2.0
/*
 * rfence: main, global options and the object dispatch table.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

#define NETNS_RUN_DIR	"/var/run/netns"

static void usage(FILE *f)
{
	fputs("Usage: rfence [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       rfence [ -force ] -batch FILENAME\n"
	      "OBJECT := { network | prefix | dev | link | config | stats | get |\n"
	      "            route | monitor | load | save | flush }\n"
	      "OPTIONS := { -j[son] | -p[retty] | -s[tats] | -n[etns] NAME |\n"
	      "             -b[atch] FILENAME | -force | -V[ersion] | -h[elp] }\n", f);
}

static int cmd_help(struct rf_ctx *ctx, int argc, char **argv)
{
	(void)ctx, (void)argc, (void)argv;
	usage(stdout);
	return RF_EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct rf_ctx *ctx, int argc, char **argv);
	/* write commands a loaded file may hold (load.c) */
	int (*parse)(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req);
} objects[] = {
	{ "network",	cmd_network,	network_parse },
	{ "prefix",	cmd_prefix,	prefix_parse },
	{ "dev",	cmd_dev,	dev_parse },
	{ "link",	cmd_link,	link_parse },
	{ "config",	cmd_config,	config_parse },
	{ "stats",	cmd_stats,	NULL },
	{ "get",	cmd_get,	NULL },
	{ "route",	cmd_route,	NULL },
	{ "monitor",	cmd_monitor,	NULL },
	{ "load",	cmd_load,	NULL },
	{ "save",	cmd_save,	NULL },
	{ "flush",	cmd_flush,	NULL },
	{ "help",	cmd_help,	NULL },
};

#define N_OBJECTS (sizeof(objects) / sizeof(objects[0]))

int rf_dispatch(struct rf_ctx *ctx, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < N_OBJECTS; i++)
		if (!strcmp(argv[0], objects[i].name))
			return objects[i].fn(ctx, argc - 1, argv + 1);
	rf_err(ctx, "unknown object \"%s\"", argv[0]);
	if (!ctx->in_file)
		usage(stderr);
	return RF_EXIT_USAGE;
}

/* A line of a loaded file: a write command of network, prefix, ... */
int rf_parse_write(struct rf_ctx *ctx, int argc, char **argv, struct rf_req *req)
{
	size_t i;

	for (i = 0; i < N_OBJECTS; i++) {
		if (strcmp(argv[0], objects[i].name))
			continue;
		if (!objects[i].parse)
			break;
		if (argc < 2) {
			rf_err(ctx, "missing command after \"%s\"", argv[0]);
			return -1;
		}
		if (!strcmp(argv[1], "show") || !strcmp(argv[1], "help"))
			break;
		return objects[i].parse(ctx, argc - 1, argv + 1, req);
	}
	rf_err(ctx, "not a configuration command \"%s%s%s\"", argv[0],
	       argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return -1;
}

static const uint8_t op_cmds[] = {
	[RF_OP_NET_ADD]		= RF_CMD_NET_NEW,
	[RF_OP_NET_SET]		= RF_CMD_NET_SET,
	[RF_OP_NET_DEL]		= RF_CMD_NET_DEL,
	[RF_OP_PREFIX_ADD]	= RF_CMD_PREFIX_NEW,
	[RF_OP_PREFIX_DEL]	= RF_CMD_PREFIX_DEL,
	[RF_OP_DEV_ADD]		= RF_CMD_DEV_NEW,
	[RF_OP_DEV_DEL]		= RF_CMD_DEV_DEL,
	[RF_OP_LINK_ADD]	= RF_CMD_LINK_NEW,
	[RF_OP_LINK_DEL]	= RF_CMD_LINK_DEL,
	[RF_OP_CONFIG_SET]	= RF_CMD_CONFIG_SET,
};

uint8_t rf_req_cmd(enum rf_op op)
{
	return op_cmds[op];
}

int rf_req_put(struct nlmsghdr *nlh, const struct rf_req *req)
{
	switch (req->op) {
	case RF_OP_NET_ADD: case RF_OP_NET_SET: case RF_OP_NET_DEL:
		network_req_put(nlh, req);
		break;
	case RF_OP_PREFIX_ADD: case RF_OP_PREFIX_DEL:
		prefix_req_put(nlh, req);
		break;
	case RF_OP_DEV_ADD: case RF_OP_DEV_DEL:
		dev_req_put(nlh, req);
		break;
	case RF_OP_LINK_ADD: case RF_OP_LINK_DEL:
		link_req_put(nlh, req);
		break;
	case RF_OP_CONFIG_SET:
		config_req_put(nlh, req);
		break;
	}
	return 0;
}

/* Send one parsed write command on its own (outside a transaction). */
int rf_req_run(struct rf_ctx *ctx, const struct rf_req *req)
{
	struct nlmsghdr *nlh = rf_msg(ctx, rf_req_cmd(req->op), NLM_F_ACK);

	if (!nlh)
		return RF_EXIT_KERNEL;
	rf_req_put(nlh, req);
	return rf_do(ctx, nlh, NULL, NULL);
}

static int netns_switch(struct rf_ctx *ctx, const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];
	int fd, ret;

	if (!*name || strchr(name, '/') || strlen(name) > 255) {
		rf_err(ctx, "invalid network namespace name \"%s\"", name);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rf_err(ctx, "cannot open network namespace \"%s\": %s", name,
		       strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0)
		rf_err(ctx, "cannot switch to network namespace \"%s\": %s", name,
		       strerror(errno));
	close(fd);
	return ret;
}

struct opts {
	const char *batch;
};

/* Options taking no value; "--x" is accepted for "-x". */
static bool flag_opt(struct rf_ctx *ctx, const char *o)
{
	if (!strcmp(o, "-j") || !strcmp(o, "-json"))
		ctx->json = true;
	else if (!strcmp(o, "-p") || !strcmp(o, "-pretty"))
		ctx->pretty = true;
	else if (!strcmp(o, "-s") || !strcmp(o, "-stats"))
		ctx->stats = true;
	else if (!strcmp(o, "-force"))
		ctx->force = true;
	else
		return false;
	return true;
}

/* Parses options; returns the index of OBJECT, or -(exit status + 1). */
static int parse_opts(struct rf_ctx *ctx, struct opts *op, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + (argv[i][1] == '-');

		if (flag_opt(ctx, o))
			continue;
		if (!strcmp(o, "-V") || !strcmp(o, "-version")) {
			printf("rfence %s (routefence netlink family version %d)\n",
			       RFENCE_VERSION, RF_FAMILY_VERSION);
			return -(RF_EXIT_OK + 1);
		}
		if (!strcmp(o, "-h") || !strcmp(o, "-help")) {
			usage(stdout);
			return -(RF_EXIT_OK + 1);
		}
		if (!strcmp(o, "-n") || !strcmp(o, "-netns") ||
		    !strcmp(o, "-b") || !strcmp(o, "-batch")) {
			if (i + 1 >= argc) {
				rf_err(ctx, "missing value after \"%s\"", argv[i]);
				return -(RF_EXIT_USAGE + 1);
			}
			if (o[1] == 'n')
				ctx->netns = argv[++i];
			else
				op->batch = argv[++i];
			continue;
		}
		rf_err(ctx, "unknown option \"%s\"", argv[i]);
		usage(stderr);
		return -(RF_EXIT_USAGE + 1);
	}
	return i;
}

static int run(struct rf_ctx *ctx, int argc, char **argv)
{
	struct opts op = { NULL };
	int i = parse_opts(ctx, &op, argc, argv);

	if (i < 0)
		return -i - 1;
	if (op.batch && i < argc) {
		rf_err(ctx, "-batch takes no OBJECT (\"%s\")", argv[i]);
		return RF_EXIT_USAGE;
	}
	if (!op.batch && i >= argc) {
		usage(stderr);
		return RF_EXIT_USAGE;
	}
	if (ctx->netns && netns_switch(ctx, ctx->netns))
		return RF_EXIT_USAGE;
	out_init(ctx->out, stdout, ctx->json, ctx->pretty);
	if (op.batch)
		return rf_batch(ctx, op.batch);
	return rf_dispatch(ctx, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	struct rf_out out;
	struct rf_ctx ctx = { .out = &out };
	int ret;

	out_init(&out, stdout, false, false);
	ret = run(&ctx, argc, argv);
	rf_nl_close(&ctx);
	if (fflush(stdout) && !ret)
		ret = RF_EXIT_USAGE;
	return ret;
}
