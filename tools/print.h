/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer per object, for every place an object is printed: "show"
 * (a table row, or a JSON object of a list), "monitor" (an event line, or
 * a JSON object per line) and "save" (the command that recreates it). An
 * object's printer describes each view as a list of columns, attributes
 * with their JSON key and text format, and prints a row with them.
 */
#ifndef _RF_PRINT_H
#define _RF_PRINT_H

#include <stdbool.h>
#include <stdint.h>

struct rf_out;
struct rf_object;
struct nlattr;
struct nlmsghdr;
struct rf_msgs;

enum rf_view {
	RF_VIEW_SHOW,		/* "OBJECT show": table rows, JSON list members */
	RF_VIEW_EVENT,		/* "monitor": one event per line or JSON document */
	RF_VIEW_SAVE,		/* "save": one command per line, text only */
	RF_VIEW_N,
};

/* Where and how rows are printed. */
struct rf_pr {
	struct rf_out *o;
	enum rf_view view;
	bool stats;		/* show: with counters (-s) */
	const char *header;	/* show: text line before the first row */
	const char *event;	/* event: its name, after the timestamp */
	unsigned int rows;	/* rows printed so far */
};

enum rf_col_kind {
	RF_COL_U32,
	RF_COL_STR,
	RF_COL_ENUM,		/* a u32 printed as names[value] */
	RF_COL_PREFIX,		/* a PREFIX nest's ADDR and LEN: "prefix" in text
				 * and JSON, "addr" and "len" in JSON */
};

/* An absent attribute: printed as 0 or @def, unless one of these. */
#define RF_COL_OPT	1	/* absent: not printed */
#define RF_COL_REQ	2	/* absent: the whole row is not printed */

/* One attribute of a row; a list of columns ends with attr 0. */
struct rf_col {
	uint16_t attr;		/* index into tb[] */
	uint8_t kind;		/* enum rf_col_kind */
	uint8_t flags;
	const char *key;	/* JSON key */
	const char *fmt;	/* text format; NULL: JSON only */
	const void *arg;	/* RF_COL_ENUM: names; RF_COL_STR: default */
};

#define RF_U32(attr, flags, key, fmt) \
	{ attr, RF_COL_U32, flags, key, fmt, NULL }
#define RF_STR(attr, flags, key, fmt, def) \
	{ attr, RF_COL_STR, flags, key, fmt, def }
#define RF_ENUM(attr, flags, key, fmt, names) \
	{ attr, RF_COL_ENUM, flags, key, fmt, names }
#define RF_PREFIX(flags, fmt) \
	{ RF_PREFIX_A_ADDR, RF_COL_PREFIX, flags, "prefix", fmt, NULL }
#define RF_END \
	{ 0, 0, 0, NULL, NULL, NULL }

/*
 * Start a row (the header before the first table row, an event's
 * timestamp and name) and print its columns; false, printing nothing, when
 * a required attribute is missing. rf_row_end() ends the row.
 */
bool rf_row_begin(struct rf_pr *pr, const struct nlattr **tb,
		  const struct rf_col *cols);
void rf_row_end(struct rf_pr *pr);
/* Start a row of no columns; its members are the caller's to print. */
void rf_row_open(struct rf_pr *pr);
/* More columns of the current row. */
void rf_cols(struct rf_pr *pr, const struct nlattr **tb, const struct rf_col *cols);
/* Both, for rows that have nothing else. */
void rf_row(struct rf_pr *pr, const struct nlattr **tb, const struct rf_col *cols);

/* The object(s) of one message: a reply, a dump's part, a notification. */
void rf_print_object(const struct rf_object *obj, struct rf_pr *pr,
		     const struct nlmsghdr *nlh);
/* The objects of every message of @m. */
void rf_print_each(const struct rf_object *obj, struct rf_pr *pr,
		   const struct rf_msgs *m);

#endif /* _RF_PRINT_H */
