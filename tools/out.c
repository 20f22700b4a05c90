// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON writer behind iproute2-style print_*() calls.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "out.h"

void out_init(struct rf_out *o, FILE *f, bool json, bool pretty)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->json = json;
	o->pretty = pretty;
}

bool out_is_json(const struct rf_out *o)
{
	return o->json;
}

static bool wants(const struct rf_out *o, int t)
{
	return o->json ? (t & PRINT_JSON) : (t & PRINT_FP);
}

static void indent(struct rf_out *o, int depth)
{
	if (!o->pretty)
		return;
	fputc('\n', o->f);
	while (depth-- > 0)
		fputs("    ", o->f);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Separator, indentation and key of the next member at this depth. */
static void member(struct rf_out *o, const char *key)
{
	if (o->depth > 0) {
		if (o->has_member[o->depth])
			fputc(',', o->f);
		o->has_member[o->depth] = true;
		indent(o, o->depth);
	}
	if (key) {
		json_string(o->f, key);
		fputs(o->pretty ? ": " : ":", o->f);
	}
}

static void open_json(struct rf_out *o, const char *key, char c)
{
	if (!o->json)
		return;
	member(o, key);
	fputc(c, o->f);
	if (o->depth < RF_OUT_DEPTH - 1)
		o->depth++;
	o->has_member[o->depth] = false;
}

static void close_json(struct rf_out *o, char c)
{
	if (!o->json)
		return;
	if (o->has_member[o->depth])
		indent(o, o->depth - 1);
	if (o->depth > 0)
		o->depth--;
	fputc(c, o->f);
}

void open_json_object(struct rf_out *o, const char *key)
{
	open_json(o, key, '{');
}

void close_json_object(struct rf_out *o)
{
	close_json(o, '}');
}

void open_json_array(struct rf_out *o, const char *key)
{
	open_json(o, key, '[');
}

void close_json_array(struct rf_out *o)
{
	close_json(o, ']');
}

void out_end_doc(struct rf_out *o)
{
	if (o->json)
		fputc('\n', o->f);
	fflush(o->f);
}

void print_nl(struct rf_out *o)
{
	if (!o->json)
		fputc('\n', o->f);
}

void print_text(struct rf_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

void print_str(struct rf_out *o, int t, const char *key, const char *fmt,
	       const char *val)
{
	if (!wants(o, t))
		return;
	if (!o->json) {
		fprintf(o->f, fmt, val);
		return;
	}
	member(o, key);
	json_string(o->f, val);
}

void print_uint(struct rf_out *o, int t, const char *key, const char *fmt,
		unsigned int val)
{
	if (!wants(o, t))
		return;
	if (!o->json) {
		fprintf(o->f, fmt, val);
		return;
	}
	member(o, key);
	fprintf(o->f, "%u", val);
}

void print_u64(struct rf_out *o, int t, const char *key, const char *fmt,
	       uint64_t val)
{
	if (!wants(o, t))
		return;
	if (!o->json) {
		fprintf(o->f, fmt, val);
		return;
	}
	member(o, key);
	fprintf(o->f, "%" PRIu64, val);
}

void print_bool(struct rf_out *o, int t, const char *key, const char *fmt,
		bool val)
{
	if (!wants(o, t))
		return;
	if (!o->json) {
		fprintf(o->f, fmt, val ? "true" : "false");
		return;
	}
	member(o, key);
	fputs(val ? "true" : "false", o->f);
}

void print_null(struct rf_out *o, int t, const char *key, const char *fmt,
		const char *placeholder)
{
	if (!wants(o, t))
		return;
	if (!o->json) {
		fprintf(o->f, fmt, placeholder);
		return;
	}
	member(o, key);
	fputs("null", o->f);
}
