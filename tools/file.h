/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy files (load, -batch): reading them whole and splitting their
 * lines into words.
 */
#ifndef _RF_FILE_H
#define _RF_FILE_H

#include <stddef.h>

struct rf_loc;

#define RF_MAX_WORDS	64

/* The whole of @file ("-": stdin), NUL-terminated; NULL on error. */
char *rf_file_read(const struct rf_loc *loc, const char *file, size_t *len);
/* Split @line in place; '#' starts a comment. -1 if too many words. */
int rf_tokenize(char *line, char **argv, int max);

#endif /* _RF_FILE_H */
