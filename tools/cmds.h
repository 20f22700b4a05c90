/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands: "rfence OBJECT ARGS..." runs OBJECT's command with a
 * cursor over ARGS (errors point at its location, usage is OBJECT's).
 */
#ifndef _RF_CMDS_H
#define _RF_CMDS_H

#include <stdio.h>

struct rf_ctx;
struct rf_args;
struct rf_loc;
struct rf_object;
struct rf_req;

int cmd_stats(struct rf_ctx *ctx, struct rf_args *a);
void stats_usage(FILE *f);
int cmd_get(struct rf_ctx *ctx, struct rf_args *a);
void get_usage(FILE *f);
int cmd_monitor(struct rf_ctx *ctx, struct rf_args *a);
void monitor_usage(FILE *f);
int cmd_route(struct rf_ctx *ctx, struct rf_args *a);
void route_usage(FILE *f);
/* route.c: "monitor routes ARGS...", the words after "routes" in @a. */
int route_monitor(struct rf_ctx *ctx, struct rf_args *a);
int cmd_load(struct rf_ctx *ctx, struct rf_args *a);
int cmd_apply(struct rf_ctx *ctx, struct rf_args *a);
int cmd_save(struct rf_ctx *ctx, struct rf_args *a);
int cmd_flush(struct rf_ctx *ctx, struct rf_args *a);
void load_usage(FILE *f);

/* objects.c: the configuration objects. */
extern const struct rf_object *const rf_objects[];
/* "OBJECT [ show ] ...", "OBJECT help", "OBJECT add|set|del ...". */
int rf_object_cmd(struct rf_ctx *ctx, const struct rf_object *obj,
		  struct rf_args *a);
/* A write command of a file line ("network add ..."), parsed into @req. */
int rf_parse_write(const struct rf_loc *loc, int argc, char **argv,
		   struct rf_req *req);

/* dispatch.c: every command by name. */
void rf_usage(FILE *f);
int rf_dispatch(struct rf_ctx *ctx, const struct rf_loc *loc, int argc,
		char **argv);

/* batch.c: rfence -batch FILE. */
int rf_batch(struct rf_ctx *ctx, const char *file);

#endif /* _RF_CMDS_H */
