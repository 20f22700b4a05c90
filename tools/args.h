/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument parsing helpers: exact keywords (no prefix matching), a cursor
 * over argv, and invarg/missarg/duparg-style errors that name the bad token
 * and, on the command line, print the command's usage. Errors return -1;
 * nothing exits.
 */
#ifndef _RF_ARGS_H
#define _RF_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rf_loc;
struct rf_prefix;

typedef void (*rf_usage_t)(FILE *f);

struct rf_args {
	const struct rf_loc *loc;	/* errors point there; NULL: the command
					 * line, errors add the usage */
	rf_usage_t usage;
	int argc;
	char **argv;
};

static inline bool args_done(const struct rf_args *a)
{
	return a->argc <= 0;
}

static inline const char *args_peek(const struct rf_args *a)
{
	return a->argc > 0 ? a->argv[0] : NULL;
}

const char *args_take(struct rf_args *a);
bool args_match(struct rf_args *a, const char *kw);
int args_value(struct rf_args *a, const char *kw, const char **val);
int args_name(struct rf_args *a, const char **name);
int args_u32(struct rf_args *a, const char *kw, uint32_t min, uint32_t max,
	     uint32_t *val);
int args_choice(struct rf_args *a, const char *kw, const char *const *names,
		int *val);
int args_ifname(struct rf_args *a, const char *kw, uint32_t *ifindex);
int args_network(struct rf_args *a, const char **name);
int args_end(struct rf_args *a);

int invarg(struct rf_args *a, const char *what, const char *tok);
int missarg(struct rf_args *a, const char *what);
int duparg(struct rf_args *a, const char *kw);

bool rf_name_valid(const char *name);
int rf_prefix_parse(const char *s, struct rf_prefix *p, const char **why);
void rf_prefix_fmt(const struct rf_prefix *p, char *buf, size_t len);
int rf_addr_parse(const char *s, uint8_t *addr, int *family);

#define RF_PREFIX_STRLEN	64

#endif /* _RF_ARGS_H */
