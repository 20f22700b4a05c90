/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting, iproute2 style: "Error: <what>" on stderr, prefixed
 * with the place in a file it concerns ("FILE:LINE: ", "FILE: ") when a
 * command comes from a file. The place is an argument of every call.
 */
#ifndef _RF_ERR_H
#define _RF_ERR_H

struct rf_nl_err;

/* Where an error points; a NULL location is the command line. */
struct rf_loc {
	const char *file;	/* NULL: the command line */
	unsigned int line;	/* 0: the file as a whole */
	unsigned int col;	/* 0: the line as a whole */
};

/* "[FILE:[LINE:[COL:]] ]Error: <fmt>\n" on stderr, after flushing stdout. */
void rf_err(const struct rf_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "Warning: <fmt>\n" on stderr. */
void rf_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The kernel's refusal: its extack message, or a readable fallback. */
void rf_err_kernel(const struct rf_loc *loc, const struct rf_nl_err *e);

#endif /* _RF_ERR_H */
