// SPDX-License-Identifier: GPL-2.0
/*
 * rfence save: print the namespace's policy as a file that "rfence load"
 * accepts and that reproduces it exactly, in a deterministic order:
 * settings, networks (by id, with their ids), prefixes (IPv4 first, by
 * address then length), devs (by name), links (by ids). The dumps are
 * retried until the policy generation did not change while reading.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"

#define SAVE_TRIES	16

struct row {
	const char *a, *b;	/* dev: ifname, network; link: net, peer */
	uint32_t ka, kb;	/* link: sort keys */
};

struct rows {
	struct row *v;
	size_t n;
};

static int config_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	uint32_t *gen = data;

	rf_attrs(nlh, tb);
	*gen = rf_u32(tb, RF_A_GENERATION, 0);
	return MNL_CB_OK;
}

static int config_line(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	fprintf(data, "config set mode %s unmanaged %s drop-events %u\n",
		rf_name_of(rf_mode_names, rf_u32(tb, RF_A_MODE, 0)),
		rf_name_of(rf_unmanaged_names, rf_u32(tb, RF_A_UNMANAGED, 0)),
		rf_u32(tb, RF_A_DROP_EVENTS, 0));
	return MNL_CB_OK;
}

static int network_line(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];
	const char *name;

	rf_attrs(nlh, tb);
	name = rf_str(tb, RF_A_NET_NAME);
	if (!name)
		return MNL_CB_OK;
	fprintf(data, "network add %s id %u default-route %s\n", name,
		rf_u32(tb, RF_A_NET_ID, 0),
		rf_name_of(rf_default_route_names, rf_u32(tb, RF_A_DEFAULT_ROUTE, 0)));
	return MNL_CB_OK;
}

static int prefix_lines(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	char buf[RF_PREFIX_STRLEN];
	struct rf_prefix p;
	const char *name;
	uint32_t id;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != RF_A_PREFIX ||
		    prefix_get(attr, &p, &id, &name) || !name)
			continue;
		rf_prefix_fmt(&p, buf, sizeof(buf));
		fprintf(data, "prefix add %s network %s\n", buf, name);
	}
	return MNL_CB_OK;
}

static int row_add(struct rows *r, const char *a, const char *b, uint32_t ka,
		   uint32_t kb)
{
	struct row *v = realloc(r->v, (r->n + 1) * sizeof(*v));

	if (!v)
		return MNL_CB_ERROR;
	v[r->n++] = (struct row){ a, b, ka, kb };
	r->v = v;
	return MNL_CB_OK;
}

static int dev_row(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	if (!tb[RF_A_IFNAME] || !tb[RF_A_NET_NAME])
		return MNL_CB_OK;
	return row_add(data, rf_str(tb, RF_A_IFNAME), rf_str(tb, RF_A_NET_NAME), 0, 0);
}

static int link_row(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	if (!tb[RF_A_NET_NAME] || !tb[RF_A_PEER_NAME])
		return MNL_CB_OK;
	return row_add(data, rf_str(tb, RF_A_NET_NAME), rf_str(tb, RF_A_PEER_NAME),
		       rf_u32(tb, RF_A_NET_ID, 0), rf_u32(tb, RF_A_PEER_ID, 0));
}

static int dev_cmp(const void *x, const void *y)
{
	return strcmp(((const struct row *)x)->a, ((const struct row *)y)->a);
}

static int link_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;

	if (a->ka != b->ka)
		return a->ka < b->ka ? -1 : 1;
	return a->kb < b->kb ? -1 : a->kb > b->kb;
}

/* Dump @cmd; print its lines (@cb) or collect rows, sort and print them. */
static int section(struct rf_ctx *ctx, FILE *f, uint8_t cmd, mnl_cb_t cb,
		   const char *fmt, int (*cmp)(const void *, const void *))
{
	struct nlmsghdr *nlh = rf_msg(ctx, cmd, NLM_F_DUMP);
	struct rf_msgs m = { 0 };
	struct rows r = { 0 };
	size_t i;
	int ret;

	if (!nlh)
		return RF_EXIT_KERNEL;
	ret = rf_fetch(ctx, nlh, &m);
	if (ret)
		return ret;
	rf_msgs_each(&m, cb, fmt ? (void *)&r : (void *)f);
	if (fmt) {
		qsort(r.v, r.n, sizeof(*r.v), cmp);
		for (i = 0; i < r.n; i++)
			fprintf(f, fmt, r.v[i].a, r.v[i].b);
	}
	free(r.v);
	rf_msgs_free(&m);
	return RF_EXIT_OK;
}

static int config(struct rf_ctx *ctx, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = rf_msg(ctx, RF_CMD_CONFIG_GET, NLM_F_ACK);

	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_do(ctx, nlh, cb, data);
}

static int save_once(struct rf_ctx *ctx, FILE *f, uint32_t *gen)
{
	return config(ctx, config_cb, gen) ?:
	       config(ctx, config_line, f) ?:
	       section(ctx, f, RF_CMD_NET_GET, network_line, NULL, NULL) ?:
	       section(ctx, f, RF_CMD_PREFIX_GET, prefix_lines, NULL, NULL) ?:
	       section(ctx, f, RF_CMD_DEV_GET, dev_row, "dev add %s network %s\n",
		       dev_cmp) ?:
	       section(ctx, f, RF_CMD_LINK_GET, link_row, "link add %s %s\n",
		       link_cmp);
}

/* One consistent snapshot: the generation is the same before and after. */
static int snapshot(struct rf_ctx *ctx, char **buf, size_t *len)
{
	uint32_t before, after;
	int ret, tries = 0;
	FILE *f;

	do {
		free(*buf);
		*buf = NULL;
		f = open_memstream(buf, len);
		if (!f)
			return RF_EXIT_USAGE;
		ret = save_once(ctx, f, &before);
		fclose(f);
		if (!ret)
			ret = config(ctx, config_cb, &after);
	} while (!ret && before != after && ++tries < SAVE_TRIES);
	if (!ret && before != after) {
		rf_err(ctx, "the policy kept changing while it was read");
		ret = RF_EXIT_KERNEL;
	}
	return ret;
}

int cmd_save(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, load_usage, argc, argv };
	char *buf = NULL;
	size_t len = 0;
	int ret;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		load_usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_end(&a))
		return RF_EXIT_USAGE;
	ret = snapshot(ctx, &buf, &len);
	if (!ret)
		fwrite(buf, 1, len, stdout);
	free(buf);
	return ret;
}
