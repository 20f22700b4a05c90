/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy files (load, -batch, save): read whole, every byte checked before
 * any line is used, then line by line; a policy file parsed into requests;
 * a saved policy written atomically.
 */
#ifndef _RF_FILE_H
#define _RF_FILE_H

#include <stddef.h>

struct rf_loc;
struct rf_req;

#define RF_MAX_WORDS	64

/* A file's text, NUL-terminated (it may hold NULs before the end). */
struct rf_text {
	const char *file;	/* its name, for errors */
	char *buf;
	size_t len;
	/* the lines: the next one, and its number */
	char *next;
	unsigned int line;
};

/* Read @file ("-": stdin) whole; errors point at @loc. */
int rf_file_read(const struct rf_loc *loc, const char *file, struct rf_text *t);
void rf_text_free(struct rf_text *t);
/*
 * Write @buf to @file atomically: into a temporary file in the same
 * directory, synced, renamed over @file (a symbolic link's target), the
 * directory synced; a failure leaves @file as it was. A file that is not
 * a regular file (a terminal, a pipe) is written in place.
 */
int rf_file_write(const struct rf_loc *loc, const char *file, const char *buf,
		  size_t len);

/* Check every byte of the text and start at its first line. */
int rf_text_begin(struct rf_text *t);
/* The next line, NUL-terminated in place (t->line its number); NULL at the end. */
char *rf_text_line(struct rf_text *t);

/* The write commands of a policy file, in order. */
struct rf_policy {
	struct rf_req *reqs;
	size_t n, cap;
};

/*
 * Check and parse the text of a policy file (what "rfence load" sends):
 * 0, or -1 after printing each error (up to ten syntax errors).
 */
int rf_policy_parse(struct rf_text *t, struct rf_policy *p);
void rf_policy_free(struct rf_policy *p);

#endif /* _RF_FILE_H */
