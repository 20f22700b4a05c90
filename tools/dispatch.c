// SPDX-License-Identifier: GPL-2.0
/*
 * Every command of rfence by name: the configuration objects, run through
 * their descriptors, and the other commands.
 */
#include <string.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "text.h"

void rf_usage(FILE *f)
{
	fputs("Usage: rfence [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       rfence [ -force ] [ -allow-empty ] -batch FILENAME\n"
	      "OBJECT := { network | prefix | dev | link | config | stats | get |\n"
	      "            route | monitor | load | apply | save | flush }\n"
	      "OPTIONS := { -j[son] | -p[retty] | -s[tats] | -n[etns] NAME |\n"
	      "             -b[atch] FILENAME | -force | -allow-empty | -V[ersion] |\n"
	      "             -h[elp] }\n", f);
}

static int cmd_help(struct rf_ctx *ctx, struct rf_args *a)
{
	(void)ctx, (void)a;
	rf_usage(stdout);
	return RF_EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct rf_ctx *ctx, struct rf_args *a);
	void (*usage)(FILE *f);
} cmds[] = {
	{ "stats",	cmd_stats,	stats_usage },
	{ "get",	cmd_get,	get_usage },
	{ "route",	cmd_route,	route_usage },
	{ "monitor",	cmd_monitor,	monitor_usage },
	{ "load",	cmd_load,	load_usage },
	{ "apply",	cmd_apply,	load_usage },
	{ "save",	cmd_save,	load_usage },
	{ "flush",	cmd_flush,	load_usage },
	{ "help",	cmd_help,	rf_usage },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

int rf_dispatch(struct rf_ctx *ctx, const struct rf_loc *loc, int argc,
		char **argv)
{
	struct rf_args a = { loc, NULL, argc - 1, argv + 1 };
	const struct rf_object *const *obj;
	size_t i;

	for (obj = rf_objects; *obj; obj++) {
		if (!strcmp(argv[0], (*obj)->name)) {
			a.usage = (*obj)->usage;
			return rf_object_cmd(ctx, *obj, &a);
		}
	}
	for (i = 0; i < N_CMDS; i++) {
		if (!strcmp(argv[0], cmds[i].name)) {
			a.usage = cmds[i].usage;
			return cmds[i].fn(ctx, &a);
		}
	}
	rf_err(loc, "unknown object %s", RF_Q(argv[0]));
	if (!loc)
		rf_usage(stderr);
	return RF_EXIT_USAGE;
}
