// SPDX-License-Identifier: GPL-2.0
/*
 * rfence save: print the namespace's policy as a file that "rfence load"
 * accepts and that reproduces it exactly, in a deterministic order:
 * settings, networks (by id, with their ids), prefixes (IPv4 first, by
 * address then length), devs (by name), links (by ids). Each object is
 * printed by its own printer, as "show" and "monitor" print it. The dumps
 * are retried until the policy generation did not change while reading.
 */
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "file.h"
#include "nl.h"
#include "out.h"
#include "print.h"
#include "req.h"
#include "save.h"

#define SAVE_TRIES	16

/* The sections of a saved policy, in order. */
const struct rf_object *const rf_save_objects[RF_SAVE_N] = {
	&rf_obj_config, &rf_obj_network, &rf_obj_prefix, &rf_obj_dev,
	&rf_obj_link,
};

struct keys {
	const struct rf_object *obj;
	struct rf_key *v;
	size_t n, cap;
};

static int key_cb(const struct nlmsghdr *nlh, void *data)
{
	struct keys *k = data;
	struct rf_key *v;

	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		v = realloc(k->v, k->cap * sizeof(*v));
		if (!v)
			return MNL_CB_ERROR;
		k->v = v;
	}
	v = &k->v[k->n++];
	memset(v, 0, sizeof(*v));
	v->nlh = nlh;
	k->obj->save_key(nlh, v);
	return MNL_CB_OK;
}

static int key_cmp(const void *x, const void *y)
{
	const struct rf_key *a = x, *b = y;
	int d = strcmp(a->str ? a->str : "", b->str ? b->str : "");

	if (d)
		return d;
	return a->num < b->num ? -1 : a->num > b->num;
}

/* One section: in the kernel's order, or sorted by the object's key. */
static int print_section(struct rf_out *o, const struct rf_object *obj,
			 const struct rf_msgs *m)
{
	struct rf_pr pr = { .o = o, .view = RF_VIEW_SAVE };
	struct keys k = { .obj = obj };
	size_t i;

	if (!obj->save_key) {
		rf_print_each(obj, &pr, m);
		return 0;
	}
	if (rf_msgs_each(m, key_cb, &k)) {
		free(k.v);
		return -1;
	}
	if (k.n)	/* qsort() wants an array, even of nothing */
		qsort(k.v, k.n, sizeof(*k.v), key_cmp);
	for (i = 0; i < k.n; i++)
		rf_print_object(obj, &pr, k.v[i].nlh);
	free(k.v);
	return 0;
}

int rf_save_print(FILE *f, const struct rf_msgs *m)
{
	struct rf_out o;
	int i;

	out_init(&o, f, false, false);
	for (i = 0; i < RF_SAVE_N; i++)
		if (print_section(&o, rf_save_objects[i], &m[i]))
			return -1;
	return 0;
}

static int generation_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	uint32_t *gen = data;

	rf_attrs(nlh, tb);
	*gen = rf_u32(tb, RF_A_GENERATION, 0);
	return MNL_CB_OK;
}

/* The section's objects: a dump, or the config's reply. */
static int fetch(struct rf_ctx *ctx, const struct rf_loc *loc,
		 const struct rf_object *obj, struct rf_msgs *m)
{
	uint16_t flags = obj->show_flags & RF_SHOW_SINGLE ? NLM_F_ACK : NLM_F_DUMP;
	struct nlmsghdr *nlh = rf_msg(ctx, loc, obj->get_cmd, flags);

	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_fetch(ctx, loc, nlh, m);
}

static void free_all(struct rf_msgs *m)
{
	int i;

	for (i = 0; i < RF_SAVE_N; i++)
		rf_msgs_free(&m[i]);
}

/* Every section, and the generation they were read at. */
static int fetch_all(struct rf_ctx *ctx, const struct rf_loc *loc,
		     struct rf_msgs *m, uint32_t *gen)
{
	int i, ret = RF_EXIT_OK;

	free_all(m);
	for (i = 0; i < RF_SAVE_N && !ret; i++)
		ret = fetch(ctx, loc, rf_save_objects[i], &m[i]);
	if (!ret)
		rf_msgs_each(&m[0], generation_cb, gen);
	return ret;
}

/* One consistent snapshot: the generation is the same before and after. */
static int snapshot(struct rf_ctx *ctx, const struct rf_loc *loc,
		    struct rf_msgs *m)
{
	struct rf_msgs now = { 0 };
	uint32_t before = 0, after = 0;
	int ret, tries = 0;

	do {
		ret = fetch_all(ctx, loc, m, &before);
		if (!ret)
			ret = fetch(ctx, loc, &rf_obj_config, &now);
		if (!ret)
			rf_msgs_each(&now, generation_cb, &after);
		rf_msgs_free(&now);
	} while (!ret && before != after && ++tries < SAVE_TRIES);
	if (!ret && before != after) {
		rf_err(loc, "the policy kept changing while it was read");
		ret = RF_EXIT_KERNEL;
	}
	return ret;
}

int cmd_save(struct rf_ctx *ctx, struct rf_args *a)
{
	struct rf_msgs m[RF_SAVE_N] = { { 0 } };
	const char *file = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (!args_done(a))
		file = args_take(a);
	if (args_end(a))
		return RF_EXIT_USAGE;
	ret = snapshot(ctx, a->loc, m);
	if (!ret) {
		f = open_memstream(&buf, &len);
		if (!f || rf_save_print(f, m))
			ret = RF_EXIT_USAGE;
		if (f)
			fclose(f);
	}
	if (!ret && (!file || !strcmp(file, "-")))
		fwrite(buf, 1, len, stdout);
	else if (!ret && rf_file_write(a->loc, file, buf, len))
		ret = RF_EXIT_USAGE;
	free(buf);
	free_all(m);
	return ret;
}
