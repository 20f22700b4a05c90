// SPDX-License-Identifier: GPL-2.0
/*
 * rfence: main and the global options.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "rfence.h"
#include "cmds.h"
#include "err.h"
#include "out.h"
#include "req.h"
#include "text.h"

#define NETNS_RUN_DIR	"/var/run/netns"

static int netns_switch(const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];
	int fd, ret;

	if (!*name || strchr(name, '/') || strlen(name) > 255) {
		rf_err(NULL, "invalid network namespace name %s", RF_Q(name));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rf_err(NULL, "cannot open network namespace %s: %s", RF_Q(name),
		       strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0)
		rf_err(NULL, "cannot switch to network namespace %s: %s", RF_Q(name),
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
	else if (!strcmp(o, "-allow-empty"))
		ctx->allow_empty = true;
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
			rf_usage(stdout);
			return -(RF_EXIT_OK + 1);
		}
		if (!strcmp(o, "-n") || !strcmp(o, "-netns") ||
		    !strcmp(o, "-b") || !strcmp(o, "-batch")) {
			if (i + 1 >= argc) {
				rf_err(NULL, "missing value after %s", RF_Q(argv[i]));
				return -(RF_EXIT_USAGE + 1);
			}
			if (o[1] == 'n')
				ctx->netns = argv[++i];
			else
				op->batch = argv[++i];
			continue;
		}
		rf_err(NULL, "unknown option %s", RF_Q(argv[i]));
		rf_usage(stderr);
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
		rf_err(NULL, "-batch takes no OBJECT (%s)", RF_Q(argv[i]));
		return RF_EXIT_USAGE;
	}
	if (!op.batch && i >= argc) {
		rf_usage(stderr);
		return RF_EXIT_USAGE;
	}
	if (ctx->netns && netns_switch(ctx->netns))
		return RF_EXIT_USAGE;
	out_init(ctx->out, stdout, ctx->json, ctx->pretty);
	if (op.batch)
		return rf_batch(ctx, op.batch);
	return rf_dispatch(ctx, NULL, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	struct rf_out out;
	struct rf_ctx ctx = { .out = &out };
	int ret;

	out_init(&out, stdout, false, false);
	ret = run(&ctx, argc, argv);
	rf_close(&ctx);
	if (fflush(stdout) && !ret)
		ret = RF_EXIT_USAGE;
	return ret;
}
