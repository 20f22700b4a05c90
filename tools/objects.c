// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration objects' commands, run the same way for each object
 * through its descriptor: "OBJECT [ show ] [ FILTER ]" prints what the
 * kernel holds, "OBJECT add|set|del ..." parses and sends one write.
 * Files (load, -batch) hold the same write commands.
 */
#include <string.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "nl.h"
#include "out.h"
#include "print.h"
#include "req.h"
#include "text.h"

const struct rf_object *const rf_objects[] = {
	&rf_obj_network, &rf_obj_prefix, &rf_obj_dev, &rf_obj_link,
	&rf_obj_config, NULL
};

/* A list (a JSON array, a table) or a single object. */
static void show_print(struct rf_ctx *ctx, const struct rf_object *obj,
		       const struct rf_msgs *m)
{
	struct rf_pr pr = {
		.o = ctx->out, .view = RF_VIEW_SHOW, .stats = ctx->stats,
		.header = obj->header,
	};
	bool list = !(obj->show_flags & RF_SHOW_SINGLE);

	if (list)
		open_json_array(ctx->out, NULL);
	rf_print_each(obj, &pr, m);
	if (list)
		close_json_array(ctx->out);
	out_end_doc(ctx->out);
}

static int object_show(struct rf_ctx *ctx, const struct rf_object *obj,
		       struct rf_args *a)
{
	struct rf_msgs m = { 0 };
	const char *name = NULL;
	struct nlmsghdr *nlh;
	uint16_t flags = NLM_F_DUMP;
	int ret;

	if (obj->show_parse && !args_done(a) && obj->show_parse(a, &name))
		return RF_EXIT_USAGE;
	if (args_end(a))
		return RF_EXIT_USAGE;
	if ((obj->show_flags & RF_SHOW_SINGLE) ||
	    (name && (obj->show_flags & RF_SHOW_BY_NAME)))
		flags = NLM_F_ACK;
	nlh = rf_msg(ctx, a->loc, obj->get_cmd, flags);
	if (!nlh)
		return RF_EXIT_KERNEL;
	if (name)
		mnl_attr_put_strz(nlh, RF_A_NET_NAME, name);
	ret = rf_fetch(ctx, a->loc, nlh, &m);
	if (ret)
		return ret;
	show_print(ctx, obj, &m);
	rf_msgs_free(&m);
	return RF_EXIT_OK;
}

int rf_object_cmd(struct rf_ctx *ctx, const struct rf_object *obj,
		  struct rf_args *a)
{
	struct rf_req req = { .obj = obj };

	if (args_done(a) || args_match(a, "show"))
		return object_show(ctx, obj, a);
	if (!strcmp(args_peek(a), "help")) {
		obj->usage(stdout);
		return RF_EXIT_OK;
	}
	if (obj->parse(a, &req))
		return RF_EXIT_USAGE;
	return rf_req_run(ctx, a->loc, &req);
}

/* The first two words, quoted as one (an excerpt of them). */
static void not_config(const struct rf_loc *loc, int argc, char **argv)
{
	char words[2 * RF_EXCERPT_MAX + 2];
	size_t total = strlen(argv[0]);

	if (argc > 1)
		total += 1 + strlen(argv[1]);
	snprintf(words, sizeof(words), "%.*s%s%.*s", RF_EXCERPT_MAX + 1, argv[0],
		 argc > 1 ? " " : "", RF_EXCERPT_MAX, argc > 1 ? argv[1] : "");
	rf_err(loc, "not a configuration command %s",
	       rf_excerpt((char[RF_EXCERPT_BUF]){ 0 }, RF_EXCERPT_BUF, words, total));
}

int rf_parse_write(const struct rf_loc *loc, int argc, char **argv,
		   struct rf_req *req)
{
	const struct rf_object *const *obj;
	struct rf_args a = { loc, NULL, argc - 1, argv + 1 };

	for (obj = rf_objects; *obj; obj++) {
		if (strcmp(argv[0], (*obj)->name))
			continue;
		if (argc < 2) {
			rf_err(loc, "missing command after \"%s\"", argv[0]);
			return -1;
		}
		if (!strcmp(argv[1], "show") || !strcmp(argv[1], "help"))
			break;
		a.usage = (*obj)->usage;
		req->obj = *obj;
		return (*obj)->parse(&a, req);
	}
	not_config(loc, argc, argv);
	return -1;
}
