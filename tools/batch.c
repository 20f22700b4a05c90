// SPDX-License-Identifier: GPL-2.0
/*
 * rfence -batch FILE: run commands one by one, like ip -batch. Stops at the
 * first failure (reported as FILE:LINE) unless -force; the exit status is
 * the worst of all commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rfence.h"
#include "args.h"

/* Split @line in place; '#' starts a comment. -1 if too many words. */
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

static int run_line(struct rf_ctx *ctx, char *line)
{
	char *argv[RF_MAX_WORDS];
	int argc = rf_tokenize(line, argv, RF_MAX_WORDS);

	if (argc < 0) {
		rf_err(ctx, "too many words on the line");
		return RF_EXIT_USAGE;
	}
	if (!argc)
		return RF_EXIT_OK;
	return rf_dispatch(ctx, argc, argv);
}

int rf_batch(struct rf_ctx *ctx, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	unsigned int lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	int ret = RF_EXIT_OK, r;

	if (!f) {
		rf_err(ctx, "cannot open \"%s\": %s", file, strerror(errno));
		return RF_EXIT_USAGE;
	}
	ctx->in_file = true;
	while (getline(&line, &cap, f) >= 0) {
		ctx->errfile = file;
		ctx->errline = ++lineno;
		r = run_line(ctx, line);
		if (r > ret)
			ret = r;
		if (r && !ctx->force)
			break;
	}
	ctx->errfile = NULL;
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
