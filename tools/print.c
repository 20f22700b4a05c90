// SPDX-License-Identifier: GPL-2.0
/*
 * Rows of objects in the three views: show, event (monitor), save.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <libmnl/libmnl.h>

#include "rfence.h"
#include "args.h"
#include "names.h"
#include "nl.h"
#include "out.h"
#include "print.h"
#include "text.h"

static void timestamp(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ld", (long)tv.tv_usec);
}

static bool present(const struct nlattr **tb, const struct rf_col *c)
{
	struct rf_prefix p;

	if (c->kind == RF_COL_PREFIX)
		return rf_prefix_get(tb, &p);
	return tb[c->attr];
}

static void print_prefix(struct rf_out *o, const struct nlattr **tb,
			 const char *fmt)
{
	char buf[RF_PREFIX_STRLEN], addr[INET6_ADDRSTRLEN];
	struct rf_prefix p;

	if (!rf_prefix_get(tb, &p))
		return;
	rf_prefix_fmt(&p, buf, sizeof(buf));
	inet_ntop(p.family, p.addr, addr, sizeof(addr));
	print_str(o, fmt ? PRINT_ANY : PRINT_JSON, "prefix", fmt, buf);
	print_str(o, PRINT_JSON, "addr", NULL, addr);
	print_uint(o, PRINT_JSON, "len", NULL, p.len);
}

/* A string; in a saved file, as a word that reads back the same. */
static void print_string(struct rf_pr *pr, int t, const struct rf_col *c,
			 const char *s)
{
	const char *q = s;
	char *quoted = NULL;

	if (pr->view == RF_VIEW_SAVE)
		q = rf_quote(s, &quoted);
	print_str(pr->o, t, c->key, c->fmt, q ? q : s);
	free(quoted);
}

static void print_col(struct rf_pr *pr, const struct nlattr **tb,
		      const struct rf_col *c)
{
	const struct nlattr *attr = tb[c->attr];
	int t = c->fmt ? PRINT_ANY : PRINT_JSON;
	uint32_t v = attr && c->kind != RF_COL_STR ? mnl_attr_get_u32(attr) : 0;
	struct rf_out *o = pr->o;

	if (!present(tb, c) && (c->flags & RF_COL_OPT))
		return;
	switch (c->kind) {
	case RF_COL_U32:
		print_uint(o, t, c->key, c->fmt, v);
		break;
	case RF_COL_STR:
		print_string(pr, t, c, attr ? mnl_attr_get_str(attr) :
			     c->arg ? c->arg : "");
		break;
	case RF_COL_ENUM:
		print_str(o, t, c->key, c->fmt, rf_name_of(c->arg, v));
		break;
	case RF_COL_PREFIX:
		print_prefix(o, tb, c->fmt);
		break;
	}
}

void rf_row_open(struct rf_pr *pr)
{
	char ts[64];

	switch (pr->view) {
	case RF_VIEW_SHOW:
		if (!pr->rows && pr->header)
			print_text(pr->o, "%s", pr->header);
		open_json_object(pr->o, NULL);
		break;
	case RF_VIEW_EVENT:
		timestamp(ts, sizeof(ts));
		open_json_object(pr->o, NULL);
		print_str(pr->o, PRINT_ANY, "timestamp", "[%s] ", ts);
		print_str(pr->o, PRINT_ANY, "event", "%s", pr->event);
		break;
	default:
		break;
	}
	pr->rows++;
}

bool rf_row_begin(struct rf_pr *pr, const struct nlattr **tb,
		  const struct rf_col *cols)
{
	const struct rf_col *c;

	for (c = cols; c->attr; c++)
		if ((c->flags & RF_COL_REQ) && !present(tb, c))
			return false;
	rf_row_open(pr);
	rf_cols(pr, tb, cols);
	return true;
}

void rf_cols(struct rf_pr *pr, const struct nlattr **tb, const struct rf_col *cols)
{
	const struct rf_col *c;

	for (c = cols; c->attr; c++)
		print_col(pr, tb, c);
}

void rf_row_end(struct rf_pr *pr)
{
	print_nl(pr->o);
	close_json_object(pr->o);
	if (pr->view == RF_VIEW_EVENT)
		out_end_doc(pr->o);
}

void rf_row(struct rf_pr *pr, const struct nlattr **tb, const struct rf_col *cols)
{
	if (rf_row_begin(pr, tb, cols))
		rf_row_end(pr);
}

void rf_print_object(const struct rf_object *obj, struct rf_pr *pr,
		     const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[RF_A_MAX + 1];

	if (obj->print) {
		obj->print(pr, nlh);
		return;
	}
	rf_attrs(nlh, tb);
	rf_row(pr, tb, obj->cols[pr->view]);
}

struct each {
	const struct rf_object *obj;
	struct rf_pr *pr;
};

static int each_cb(const struct nlmsghdr *nlh, void *data)
{
	struct each *e = data;

	rf_print_object(e->obj, e->pr, nlh);
	return MNL_CB_OK;
}

void rf_print_each(const struct rf_object *obj, struct rf_pr *pr,
		   const struct rf_msgs *m)
{
	struct each e = { obj, pr };

	rf_msgs_each(m, each_cb, &e);
}
