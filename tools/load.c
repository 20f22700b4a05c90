// SPDX-License-Identifier: GPL-2.0
/*
 * rfence load FILE [ check ]: replace the namespace's whole policy with the
 * file's, in one kernel transaction (all or nothing). The whole file is
 * parsed first; then TXN_BEGIN(REPLACE), every command (prefix adds batched,
 * many PREFIX nests per message), TXN_COMMIT (with CHECK: validate only).
 * rfence apply FILE [ check ]: the same without REPLACE: the file's changes
 * on top of the policy in force, in one transaction.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "cmds.h"
#include "err.h"
#include "file.h"
#include "nl.h"
#include "req.h"

#define LOAD_MAX_ERRORS	10
#define BATCH_BYTES	(60 * 1024)
#define NEST_MAX	80	/* bytes of the largest PREFIX nest */
#define NET_MAP_SIZE	8192	/* power of two, > 2 * RF_NET_ID_MAX */

void load_usage(FILE *f)
{
	fputs("Usage: rfence load FILE [ check ]\n"
	      "       rfence apply FILE [ check ]\n"
	      "       rfence save [ FILE ]\n"
	      "       rfence flush\n"
	      "FILE holds rfence commands without the leading \"rfence\", one per line:\n"
	      "network add|set|del, prefix add|del, dev add|del, link add|del, config set.\n", f);
}

struct net_map {
	const char *name;
	uint32_t id;		/* 0: deleted, send the name */
};

struct load {
	struct rf_ctx *ctx;
	const struct rf_loc *caller;	/* where the load command is */
	const char *file;
	bool replace;		/* load (not apply): start from an empty policy */
	struct rf_text text;	/* the file, tokenized in place */
	struct rf_policy pol;	/* its commands */
	struct net_map *map;
	/* the PREFIX_NEW/PREFIX_DEL message being filled */
	struct nlmsghdr *nlh;
	size_t first, count;
	uint32_t offs[RF_PREFIX_BATCH_MAX];
};

/* The kernel's refusal, at @line of the file (0: the file as a whole). */
static void kernel_err(struct load *l, unsigned int line)
{
	struct rf_loc loc = { l->file, line, 0 };

	rf_err_kernel(&loc, &l->ctx->nl->e);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* The slot of @name, or the empty slot where it belongs (NULL: full). */
static struct net_map *map_slot(struct load *l, const char *name)
{
	uint32_t i = name_hash(name) & (NET_MAP_SIZE - 1), n;

	for (n = 0; n < NET_MAP_SIZE; n++, i = (i + 1) & (NET_MAP_SIZE - 1))
		if (!l->map[i].name || !strcmp(l->map[i].name, name))
			return &l->map[i];
	return NULL;
}

/* The id of a network the file created, 0 if unknown (send the name). */
static uint32_t map_get(struct load *l, const char *name)
{
	struct net_map *m = name ? map_slot(l, name) : NULL;

	return m ? m->id : 0;
}

static void map_set(struct load *l, const char *name, uint32_t id)
{
	struct net_map *m = map_slot(l, name);

	if (!m)
		return;
	m->name = name;
	m->id = id;
}

static bool prefix_eq(const struct rf_prefix *a, const struct rf_prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* The first "ADDR/LEN" a kernel message names. */
static bool first_prefix(const char *msg, struct rf_prefix *p)
{
	char buf[sizeof(((struct rf_nl_err *)0)->msg)], *tok, *save;
	const char *why;

	snprintf(buf, sizeof(buf), "%s", msg);
	for (tok = strtok_r(buf, " ,;()'\"", &save); tok;
	     tok = strtok_r(NULL, " ,;()'\"", &save))
		if (strchr(tok, '/') && !rf_prefix_parse(tok, p, &why))
			return true;
	return false;
}

/* The line of the last request in [from, to) that the error message names. */
static unsigned int line_of_prefix(struct load *l, size_t from, size_t to,
				   enum rf_op op)
{
	struct rf_prefix p;
	size_t i;

	if (!first_prefix(l->ctx->nl->e.msg, &p))
		return 0;
	for (i = to; i-- > from;)
		if (l->pol.reqs[i].op == op && prefix_eq(&l->pol.reqs[i].pfx, &p))
			return l->pol.reqs[i].line;
	return 0;
}

/* Which line of the batch the kernel refused: by offset, then by name. */
static unsigned int batch_line(struct load *l)
{
	uint32_t off = l->ctx->nl->e.off;
	unsigned int line;
	size_t k;

	for (k = l->count; off && k-- > 0;)
		if (off >= l->offs[k])
			return l->pol.reqs[l->first + k].line;
	line = line_of_prefix(l, l->first, l->first + l->count,
			      l->pol.reqs[l->first].op);
	return line ? line : l->pol.reqs[l->first].line;
}

static int batch_flush(struct load *l)
{
	int ret;

	if (!l->count)
		return 0;
	ret = rf_nl_talk(l->ctx->nl, l->nlh, NULL, NULL);
	if (ret) {
		kernel_err(l, batch_line(l));
	}
	l->count = 0;
	return ret;
}

/* Add request @i to the PREFIX_NEW/DEL message, sending it when full. */
static int batch_add(struct load *l, size_t i)
{
	const struct rf_req *req = &l->pol.reqs[i];

	if (l->count && (l->pol.reqs[l->first].op != req->op ||
			 l->count == RF_PREFIX_BATCH_MAX ||
			 l->nlh->nlmsg_len + NEST_MAX > BATCH_BYTES) &&
	    batch_flush(l))
		return -1;
	if (!l->count) {
		l->nlh = rf_nl_msg(l->ctx->nl, rf_req_cmd(req->op), NLM_F_ACK);
		l->first = i;
	}
	l->offs[l->count++] = l->nlh->nlmsg_len;
	prefix_nest_put(l->nlh, &req->pfx, map_get(l, req->name), req->name);
	return 0;
}

static int id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	rf_attrs(nlh, tb);
	*(uint32_t *)data = rf_u32(tb, RF_A_NET_ID, 0);
	return MNL_CB_OK;
}

static int send_one(struct load *l, const struct rf_req *req)
{
	struct nlmsghdr *nlh = rf_req_msg(l->ctx->nl, req);
	uint32_t id = 0;

	if (rf_nl_talk(l->ctx->nl, nlh, id_cb, &id)) {
		kernel_err(l, req->line);
		return -1;
	}
	if (req->op == RF_OP_NET_ADD)
		map_set(l, req->name, id);
	else if (req->op == RF_OP_NET_DEL)
		map_set(l, req->name, 0);
	return 0;
}

static int send_all(struct load *l)
{
	size_t i;
	int ret;

	for (i = 0; i < l->pol.n; i++) {
		const struct rf_req *req = &l->pol.reqs[i];

		if (req->op == RF_OP_PREFIX_ADD || req->op == RF_OP_PREFIX_DEL)
			ret = batch_add(l, i);
		else
			ret = batch_flush(l) ?: send_one(l, req);
		if (ret)
			return -1;
	}
	return batch_flush(l);
}

static int txn(struct load *l, uint8_t cmd, uint32_t flags)
{
	struct nlmsghdr *nlh = rf_nl_msg(l->ctx->nl, cmd, NLM_F_ACK);

	if (flags)
		mnl_attr_put_u32(nlh, RF_A_TXN_FLAGS, flags);
	return rf_nl_talk(l->ctx->nl, nlh, NULL, NULL);
}

/* Commit-time errors (overlaps) go to the line that added the prefix. */
static int commit(struct load *l, bool check)
{
	if (!txn(l, RF_CMD_TXN_COMMIT, check ? RF_TXN_F_CHECK : 0))
		return 0;
	kernel_err(l, line_of_prefix(l, 0, l->pol.n, RF_OP_PREFIX_ADD));
	return -1;
}

static int apply(struct load *l, bool check)
{
	if (rf_open(l->ctx, l->caller))
		return RF_EXIT_KERNEL;
	if (txn(l, RF_CMD_TXN_BEGIN, l->replace ? RF_TXN_F_REPLACE : 0)) {
		kernel_err(l, 0);
		return RF_EXIT_KERNEL;
	}
	if (send_all(l)) {
		txn(l, RF_CMD_TXN_ABORT, 0);
		return RF_EXIT_KERNEL;
	}
	return commit(l, check) ? RF_EXIT_KERNEL : RF_EXIT_OK;
}

static struct load *load_new(struct rf_ctx *ctx, const struct rf_loc *caller,
			     const char *file)
{
	struct load *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->ctx = ctx;
	l->caller = caller;
	l->file = file;
	l->map = calloc(NET_MAP_SIZE, sizeof(*l->map));
	if (!l->map || rf_file_read(caller, file, &l->text)) {
		free(l->map);
		free(l);
		return NULL;
	}
	return l;
}

static void load_free(struct load *l)
{
	rf_policy_free(&l->pol);
	rf_text_free(&l->text);
	free(l->map);
	free(l);
}

/*
 * A file without commands is refused: it is what a failed "rfence save >
 * FILE" leaves behind, and loading it would remove every rule.
 */
static int parse(struct rf_ctx *ctx, struct load *l)
{
	if (rf_policy_parse(&l->text, &l->pol))
		return -1;
	if (!l->pol.n && !ctx->allow_empty) {
		if (l->replace)
			rf_err(l->caller, "%s holds no policy; \"rfence flush\" removes the policy",
			       l->file);
		else
			rf_err(l->caller, "%s holds no commands", l->file);
		return -1;
	}
	return 0;
}

static int load_run(struct rf_ctx *ctx, const struct rf_loc *caller,
		    const char *file, bool replace, bool check)
{
	struct load *l;
	int ret;

	l = load_new(ctx, caller, file);
	if (!l)
		return RF_EXIT_USAGE;
	l->replace = replace;
	ret = parse(ctx, l) ? RF_EXIT_USAGE : RF_EXIT_OK;
	if (!ret)
		ret = apply(l, check);
	load_free(l);
	return ret;
}

static int load_cmd(struct rf_ctx *ctx, struct rf_args *a, bool replace)
{
	const char *file;
	bool check;

	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_done(a)) {
		missarg(a, "FILE");
		return RF_EXIT_USAGE;
	}
	file = args_take(a);
	check = args_match(a, "check");
	if (args_end(a))
		return RF_EXIT_USAGE;
	return load_run(ctx, a->loc, file, replace, check);
}

int cmd_load(struct rf_ctx *ctx, struct rf_args *a)
{
	return load_cmd(ctx, a, true);
}

int cmd_apply(struct rf_ctx *ctx, struct rf_args *a)
{
	return load_cmd(ctx, a, false);
}

int cmd_flush(struct rf_ctx *ctx, struct rf_args *a)
{
	struct nlmsghdr *nlh;

	if (a->argc == 1 && !strcmp(a->argv[0], "help")) {
		a->usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_end(a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, a->loc, RF_CMD_FLUSH, NLM_F_ACK);
	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_do(ctx, a->loc, nlh, NULL, NULL);
}
