/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of policy files: which bytes may appear in one (UTF-8, no
 * control characters but tab and CR before LF, a byte-order mark only at
 * the start), how a line splits into words (blanks between words, '#'
 * starting a comment, "quoted words" with \" \\ and \xHH escapes), how a
 * word is written so that it reads back the same, and how a token is
 * quoted in an error message: escaped and cut to a bounded excerpt.
 */
#ifndef _RF_TEXT_H
#define _RF_TEXT_H

#include <stddef.h>
#include <string.h>

struct rf_loc;

/*
 * Check every byte of @buf (@len bytes, @file for errors): 0, with *start
 * past a leading byte-order mark, or -1 after printing where the first
 * byte that cannot appear is and what it is ("FILE:LINE:COLUMN: Error:").
 */
int rf_text_check(const char *file, const char *buf, size_t len, size_t *start);

/*
 * Split a checked @line in place into at most @max words; -1 after an
 * error at @at (the file and line; the column is added).
 */
int rf_tokenize(const struct rf_loc *at, char *line, char **argv, int max);

/* @s as a word of a file: itself, or quoted into *alloc (to be freed). */
const char *rf_quote(const char *s, char **alloc);

/* Bytes of a token an error message quotes at most. */
#define RF_EXCERPT_MAX	40
#define RF_EXCERPT_BUF	(4 * RF_EXCERPT_MAX + 64)

/*
 * "TOKEN" with unprintable bytes escaped; past RF_EXCERPT_MAX bytes,
 * "BEGINNING"... (N bytes), N being @total, the token's whole length.
 */
const char *rf_excerpt(char *buf, size_t size, const char *s, size_t total);

/* An excerpt of @s for an error message, in a buffer of the caller's block. */
#define RF_Q(s) \
	rf_excerpt((char[RF_EXCERPT_BUF]){ 0 }, RF_EXCERPT_BUF, (s), strlen(s))

#endif /* _RF_TEXT_H */
