// SPDX-License-Identifier: GPL-2.0
/*
 * Error reporting: where (the location argument) and what.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "names.h"
#include "nl.h"

static void where(const struct rf_loc *loc)
{
	if (!loc || !loc->file)
		return;
	if (loc->line && loc->col)
		fprintf(stderr, "%s:%u:%u: ", loc->file, loc->line, loc->col);
	else if (loc->line)
		fprintf(stderr, "%s:%u: ", loc->file, loc->line);
	else
		fprintf(stderr, "%s: ", loc->file);
}

void rf_err(const struct rf_loc *loc, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	where(loc);
	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void rf_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("Warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void rf_err_kernel(const struct rf_loc *loc, const struct rf_nl_err *e)
{
	size_t n = strlen(e->msg);

	if (n)
		rf_err(loc, "%s%s", e->msg, e->msg[n - 1] == '.' ? "" : ".");
	else if (e->err == EPERM)
		rf_err(loc, "permission denied: changing routefence needs CAP_NET_ADMIN");
	else if (e->miss_type >= 0)
		rf_err(loc, "missing attribute %s", rf_attr_name(e->miss_type));
	else
		rf_err(loc, "kernel answers: %s", strerror(e->err));
}
