/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One code path for text and JSON output, iproute2 style:
 *
 *	print_uint(o, PRINT_ANY, "net-id", "%-5u ", id);
 *
 * prints "%-5u " in text mode and "net-id": id in JSON mode. PRINT_FP is
 * text only, PRINT_JSON is JSON only. The JSON is always valid: documents
 * are opened and closed explicitly, strings are escaped.
 */
#ifndef _RF_OUT_H
#define _RF_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
	PRINT_FP	= 1,
	PRINT_JSON	= 2,
	PRINT_ANY	= PRINT_FP | PRINT_JSON,
};

#define RF_OUT_DEPTH	16

struct rf_out {
	FILE *f;
	bool json;
	bool pretty;
	int depth;
	bool has_member[RF_OUT_DEPTH];
};

void out_init(struct rf_out *o, FILE *f, bool json, bool pretty);
bool out_is_json(const struct rf_out *o);

/* JSON framing; a NULL key opens an anonymous value (array element). */
void open_json_object(struct rf_out *o, const char *key);
void close_json_object(struct rf_out *o);
void open_json_array(struct rf_out *o, const char *key);
void close_json_array(struct rf_out *o);
/* End one JSON document (newline) / one text line; flushes. */
void out_end_doc(struct rf_out *o);
void print_nl(struct rf_out *o);

void print_str(struct rf_out *o, int t, const char *key, const char *fmt,
	       const char *val);
void print_uint(struct rf_out *o, int t, const char *key, const char *fmt,
		unsigned int val);
void print_u64(struct rf_out *o, int t, const char *key, const char *fmt,
	       uint64_t val);
void print_bool(struct rf_out *o, int t, const char *key, const char *fmt,
		bool val);
/* JSON null (text: fmt with the given placeholder string). */
void print_null(struct rf_out *o, int t, const char *key, const char *fmt,
		const char *placeholder);
/* Text only, printf-like. */
void print_text(struct rf_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _RF_OUT_H */
