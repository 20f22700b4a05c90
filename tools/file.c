// SPDX-License-Identifier: GPL-2.0
/*
 * Policy files: read, split into words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "file.h"

char *rf_file_read(const struct rf_loc *loc, const char *file, size_t *lenp)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap), *p;

	if (!f || !buf) {
		rf_err(loc, "cannot read \"%s\": %s", file, strerror(errno));
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
	*lenp = len;
	return buf;
}

int rf_tokenize(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		p += strspn(p, " \t\r\n");
		if (!*p || *p == '#')
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = p;
		p += strcspn(p, " \t\r\n");
		if (*p)
			*p++ = '\0';
	}
}
