/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument parsing helpers: exact keywords (no prefix matching), a cursor
 * over argv, and invarg/missarg/duparg-style errors that name the bad token
 * and print the object's usage. Errors return -1; nothing exits.
 */
#ifndef _RF_ARGS_H
#define _RF_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rf_ctx;
struct rf_prefix;

typedef void (*rf_usage_t)(FILE *f);

struct rf_args {
	struct rf_ctx *ctx;
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
int args_name(struct rf_args *a, const char *kw, const char **name);
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

/* Print "Error: ..." (with the FILE:LINE prefix of the context). */
void rf_err(const struct rf_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Spellings shared by the parser and the printers. */
extern const char *const rf_default_route_names[];
extern const char *const rf_mode_names[];
extern const char *const rf_unmanaged_names[];
extern const char *const rf_no_policy_names[];
const char *rf_name_of(const char *const *names, uint32_t val);
const char *rf_reason_str(uint32_t reason);
const char *rf_verdict_str(uint32_t verdict);

bool rf_name_valid(const char *name);
int rf_prefix_parse(const char *s, struct rf_prefix *p, const char **why);
void rf_prefix_fmt(const struct rf_prefix *p, char *buf, size_t len);
int rf_addr_parse(const char *s, uint8_t *addr, int *family);

#define RF_PREFIX_STRLEN	64

#endif /* _RF_ARGS_H */
