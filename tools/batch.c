// SPDX-License-Identifier: GPL-2.0
/*
 * rfence -batch FILE: run commands one by one, like ip -batch. Every byte
 * of the file is checked before the first command runs; a file without
 * commands is refused (unless -allow-empty). Stops at the first failure
 * (reported as FILE:LINE) unless -force; the exit status is the worst of
 * all commands.
 */
#include "rfence.h"
#include "cmds.h"
#include "err.h"
#include "file.h"
#include "text.h"

static int run_line(struct rf_ctx *ctx, const struct rf_loc *loc, char *line,
		    unsigned int *commands)
{
	char *argv[RF_MAX_WORDS];
	int argc = rf_tokenize(loc, line, argv, RF_MAX_WORDS);

	if (argc < 0)
		return RF_EXIT_USAGE;
	if (!argc)
		return RF_EXIT_OK;
	++*commands;
	return rf_dispatch(ctx, loc, argc, argv);
}

static int run_lines(struct rf_ctx *ctx, struct rf_text *t)
{
	struct rf_loc loc = { t->file, 0, 0 };
	int ret = RF_EXIT_OK, r;
	unsigned int commands = 0;
	char *line;

	while ((line = rf_text_line(t))) {
		loc.line = t->line;
		r = run_line(ctx, &loc, line, &commands);
		if (r > ret)
			ret = r;
		if (r && !ctx->force)
			return ret;
	}
	if (!commands && !ctx->allow_empty) {
		rf_err(NULL, "%s holds no commands", t->file);
		return RF_EXIT_USAGE;
	}
	return ret;
}

int rf_batch(struct rf_ctx *ctx, const char *file)
{
	struct rf_text t;
	int ret;

	if (rf_file_read(NULL, file, &t))
		return RF_EXIT_USAGE;
	ret = rf_text_begin(&t) ? RF_EXIT_USAGE : run_lines(ctx, &t);
	rf_text_free(&t);
	return ret;
}
