// SPDX-License-Identifier: GPL-2.0
/*
 * rfence load FILE [ check ]: replace the namespace's whole policy with the
 * file's, in one kernel transaction (all or nothing). The whole file is
 * parsed first; then TXN_BEGIN(REPLACE), every command (prefix adds batched,
 * many PREFIX nests per message), TXN_COMMIT (with CHECK: validate only).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rfence.h"
#include "args.h"
#include "nl.h"
#include "out.h"

#define LOAD_MAX_ERRORS	10
#define BATCH_BYTES	(60 * 1024)
#define NEST_MAX	80	/* bytes of the largest PREFIX nest */
#define NET_MAP_SIZE	8192	/* power of two, > 2 * RF_NET_ID_MAX */

void load_usage(FILE *f)
{
	fputs("Usage: rfence load FILE [ check ]\n"
	      "       rfence save\n"
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
	const char *file;
	char *text;		/* the file, tokenized in place */
	struct rf_req *reqs;
	size_t n, cap;
	struct net_map *map;
	/* the PREFIX_NEW/PREFIX_DEL message being filled */
	struct nlmsghdr *nlh;
	size_t first, count;
	uint32_t offs[RF_PREFIX_BATCH_MAX];
};

static char *read_file(struct rf_ctx *ctx, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap), *p;

	if (!f || !buf) {
		rf_err(ctx, "cannot read \"%s\": %s", file, strerror(errno));
		free(buf);
		return NULL;
	}
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 < cap)
			continue;
		p = realloc(buf, cap *= 2);
		if (!p)
			break;
		buf = p;
	}
	buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

/* Called for every line: it only records where errors should point. */
static void set_line(struct load *l, unsigned int line)
{
	l->ctx->errfile = l->file;
	l->ctx->errline = line;
}

static struct rf_req *new_req(struct load *l)
{
	struct rf_req *r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;

		r = realloc(l->reqs, cap * sizeof(*r));
		if (!r)
			return NULL;
		l->reqs = r;
		l->cap = cap;
	}
	r = &l->reqs[l->n];
	memset(r, 0, sizeof(*r));
	return r;
}

/* Parse one line into the next request; 0 for blank lines too. */
static int parse_line(struct load *l, char *line, unsigned int lineno)
{
	char *argv[RF_MAX_WORDS];
	int argc = rf_tokenize(line, argv, RF_MAX_WORDS);
	struct rf_req *req;

	set_line(l, lineno);
	if (argc < 0) {
		rf_err(l->ctx, "too many words on the line");
		return -1;
	}
	if (!argc)
		return 0;
	req = new_req(l);
	if (!req) {
		rf_err(l->ctx, "out of memory");
		return -1;
	}
	if (rf_parse_write(l->ctx, argc, argv, req))
		return -1;
	req->line = lineno;
	l->n++;
	return 0;
}

/* Syntax errors are reported (up to LOAD_MAX_ERRORS); nothing is sent. */
static int parse_file(struct load *l)
{
	char *line = l->text, *next;
	unsigned int lineno = 0, errors = 0;

	for (; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (parse_line(l, line, ++lineno) && ++errors == LOAD_MAX_ERRORS)
			break;
	}
	l->ctx->errfile = NULL;
	return errors ? -1 : 0;
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
		if (l->reqs[i].op == op && prefix_eq(&l->reqs[i].pfx, &p))
			return l->reqs[i].line;
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
			return l->reqs[l->first + k].line;
	line = line_of_prefix(l, l->first, l->first + l->count,
			      l->reqs[l->first].op);
	return line ? line : l->reqs[l->first].line;
}

static int batch_flush(struct load *l)
{
	int ret;

	if (!l->count)
		return 0;
	ret = rf_nl_talk(l->ctx->nl, l->nlh, NULL, NULL);
	if (ret) {
		set_line(l, batch_line(l));
		rf_nl_perror(l->ctx);
	}
	l->count = 0;
	return ret;
}

/* Add request @i to the PREFIX_NEW/DEL message, sending it when full. */
static int batch_add(struct load *l, size_t i)
{
	const struct rf_req *req = &l->reqs[i];

	if (l->count && (l->reqs[l->first].op != req->op ||
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
	struct nlmsghdr *nlh = rf_nl_msg(l->ctx->nl, rf_req_cmd(req->op), NLM_F_ACK);
	uint32_t id = 0;

	rf_req_put(nlh, req);
	if (rf_nl_talk(l->ctx->nl, nlh, id_cb, &id)) {
		set_line(l, req->line);
		rf_nl_perror(l->ctx);
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

	for (i = 0; i < l->n; i++) {
		const struct rf_req *req = &l->reqs[i];

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
	set_line(l, line_of_prefix(l, 0, l->n, RF_OP_PREFIX_ADD));
	rf_nl_perror(l->ctx);
	return -1;
}

static int apply(struct load *l, bool check)
{
	if (rf_nl_open(l->ctx))
		return RF_EXIT_KERNEL;
	if (txn(l, RF_CMD_TXN_BEGIN, RF_TXN_F_REPLACE)) {
		set_line(l, 0);
		rf_nl_perror(l->ctx);
		return RF_EXIT_KERNEL;
	}
	if (send_all(l)) {
		txn(l, RF_CMD_TXN_ABORT, 0);
		return RF_EXIT_KERNEL;
	}
	return commit(l, check) ? RF_EXIT_KERNEL : RF_EXIT_OK;
}

static struct load *load_new(struct rf_ctx *ctx, const char *file)
{
	struct load *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->ctx = ctx;
	l->file = file;
	l->map = calloc(NET_MAP_SIZE, sizeof(*l->map));
	l->text = read_file(ctx, file);
	if (!l->map || !l->text) {
		free(l->map);
		free(l->text);
		free(l);
		return NULL;
	}
	return l;
}

static void load_free(struct load *l)
{
	free(l->reqs);
	free(l->map);
	free(l->text);
	free(l);
}

static int load_run(struct rf_ctx *ctx, const char *file, bool check)
{
	const char *errfile = ctx->errfile;
	unsigned int errline = ctx->errline;
	bool in_file = ctx->in_file;
	struct load *l;
	int ret;

	l = load_new(ctx, file);
	if (!l)
		return RF_EXIT_USAGE;
	ctx->in_file = true;
	ret = parse_file(l) ? RF_EXIT_USAGE : RF_EXIT_OK;
	ctx->errfile = errfile;
	ctx->errline = errline;
	if (!ret)
		ret = apply(l, check);
	ctx->errfile = errfile;
	ctx->errline = errline;
	ctx->in_file = in_file;
	load_free(l);
	return ret;
}

int cmd_load(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, load_usage, argc, argv };
	const char *file;
	bool check;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		load_usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_done(&a)) {
		missarg(&a, "FILE");
		return RF_EXIT_USAGE;
	}
	file = args_take(&a);
	check = args_match(&a, "check");
	if (args_end(&a))
		return RF_EXIT_USAGE;
	return load_run(ctx, file, check);
}

int cmd_flush(struct rf_ctx *ctx, int argc, char **argv)
{
	struct rf_args a = { ctx, load_usage, argc, argv };
	struct nlmsghdr *nlh;

	if (argc == 1 && !strcmp(argv[0], "help")) {
		load_usage(stdout);
		return RF_EXIT_OK;
	}
	if (args_end(&a))
		return RF_EXIT_USAGE;
	nlh = rf_msg(ctx, RF_CMD_FLUSH, NLM_F_ACK);
	if (!nlh)
		return RF_EXIT_KERNEL;
	return rf_do(ctx, nlh, NULL, NULL);
}
