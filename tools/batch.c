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
#include "cmds.h"
#include "err.h"
#include "file.h"

static int run_line(struct rf_ctx *ctx, const struct rf_loc *loc, char *line)
{
	char *argv[RF_MAX_WORDS];
	int argc = rf_tokenize(line, argv, RF_MAX_WORDS);

	if (argc < 0) {
		rf_err(loc, "too many words on the line");
		return RF_EXIT_USAGE;
	}
	if (!argc)
		return RF_EXIT_OK;
	return rf_dispatch(ctx, loc, argc, argv);
}

int rf_batch(struct rf_ctx *ctx, const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	struct rf_loc loc = { file, 0, 0 };
	size_t cap = 0;
	char *line = NULL;
	int ret = RF_EXIT_OK, r;

	if (!f) {
		rf_err(NULL, "cannot open \"%s\": %s", file, strerror(errno));
		return RF_EXIT_USAGE;
	}
	while (getline(&line, &cap, f) >= 0) {
		loc.line++;
		r = run_line(ctx, &loc, line);
		if (r > ret)
			ret = r;
		if (r && !ctx->force)
			break;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}
