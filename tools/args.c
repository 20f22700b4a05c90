// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing helpers and the spellings of the ABI's enums.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rfence.h"
#include "args.h"

const char *const rf_default_route_names[] = { "allow", "deny", NULL };
const char *const rf_mode_names[] = { "enforce", "audit", NULL };
const char *const rf_unmanaged_names[] = { "accept", "drop", NULL };
const char *const rf_no_policy_names[] = { "accept", "drop", NULL };

static const char *const reason_names[] = {
	[RF_REASON_NONE]		= "none",
	[RF_REASON_NOT_LINKED]		= "not-linked",
	[RF_REASON_DEFAULT_ROUTE]	= "default-route",
	[RF_REASON_SPOOFED]		= "spoofed",
	[RF_REASON_UNMANAGED]		= "unmanaged",
	[RF_REASON_NO_POLICY]		= "no-policy",
};

void rf_err(const struct rf_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (ctx->errfile && ctx->errline)
		fprintf(stderr, "%s:%u: ", ctx->errfile, ctx->errline);
	else if (ctx->errfile)
		fprintf(stderr, "%s: ", ctx->errfile);
	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage_err(struct rf_args *a)
{
	if (a->usage && !a->ctx->in_file)
		a->usage(stderr);
	return -1;
}

int invarg(struct rf_args *a, const char *what, const char *tok)
{
	rf_err(a->ctx, "%s \"%s\"", what, tok);
	return usage_err(a);
}

int missarg(struct rf_args *a, const char *what)
{
	rf_err(a->ctx, "missing %s", what);
	return usage_err(a);
}

int duparg(struct rf_args *a, const char *kw)
{
	rf_err(a->ctx, "duplicate \"%s\"", kw);
	return usage_err(a);
}

const char *args_take(struct rf_args *a)
{
	if (a->argc <= 0)
		return NULL;
	a->argc--;
	return *a->argv++;
}

bool args_match(struct rf_args *a, const char *kw)
{
	if (a->argc <= 0 || strcmp(*a->argv, kw))
		return false;
	args_take(a);
	return true;
}

/* The value following keyword @kw, which the caller just consumed. */
int args_value(struct rf_args *a, const char *kw, const char **val)
{
	if (args_done(a)) {
		rf_err(a->ctx, "missing value after \"%s\"", kw);
		return usage_err(a);
	}
	*val = args_take(a);
	return 0;
}

int args_name(struct rf_args *a, const char *kw, const char **name)
{
	if (args_value(a, kw, name))
		return -1;
	if (!rf_name_valid(*name))
		return invarg(a, "invalid network name", *name);
	return 0;
}

int args_u32(struct rf_args *a, const char *kw, uint32_t min, uint32_t max,
	     uint32_t *val)
{
	unsigned long v;
	const char *s;
	char *end;

	if (args_value(a, kw, &s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < min || v > max) {
		rf_err(a->ctx, "invalid %s \"%s\" (expected %u..%u)", kw, s, min, max);
		return usage_err(a);
	}
	*val = v;
	return 0;
}

int args_choice(struct rf_args *a, const char *kw, const char *const *names,
		int *val)
{
	const char *s;
	int i;

	if (args_value(a, kw, &s))
		return -1;
	for (i = 0; names[i]; i++) {
		if (!strcmp(s, names[i])) {
			*val = i;
			return 0;
		}
	}
	rf_err(a->ctx, "invalid %s \"%s\" (expected %s or %s)", kw, s,
	       names[0], names[1]);
	return usage_err(a);
}

int args_ifname(struct rf_args *a, const char *kw, uint32_t *ifindex)
{
	const char *s;

	if (args_value(a, kw, &s))
		return -1;
	*ifindex = if_nametoindex(s);
	if (!*ifindex) {
		rf_err(a->ctx, "interface \"%s\" does not exist", s);
		return -1;
	}
	return 0;
}

/* "network NAME", the only argument left. */
int args_network(struct rf_args *a, const char **name)
{
	if (!args_match(a, "network")) {
		if (args_done(a))
			return missarg(a, "\"network NAME\"");
		return invarg(a, "unknown argument", args_peek(a));
	}
	return args_name(a, "network", name);
}

int args_end(struct rf_args *a)
{
	if (!args_done(a))
		return invarg(a, "unknown argument", args_peek(a));
	return 0;
}

const char *rf_name_of(const char *const *names, uint32_t val)
{
	uint32_t i;

	for (i = 0; names[i]; i++)
		if (i == val)
			return names[i];
	return "unknown";
}

const char *rf_reason_str(uint32_t reason)
{
	if (reason > RF_REASON_MAX)
		return "unknown";
	return reason_names[reason];
}

const char *rf_verdict_str(uint32_t verdict)
{
	return verdict == RF_VERDICT_ACCEPT ? "accept" : "drop";
}

bool rf_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= RF_NAME_MAX)
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789._-") == n;
}

int rf_addr_parse(const char *s, uint8_t *addr, int *family)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static bool host_bits_zero(const struct rf_prefix *p)
{
	int bytes = p->family == AF_INET ? 4 : 16;
	int i;

	for (i = 0; i < bytes; i++) {
		int bits = p->len - i * 8;
		uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : 0xff << (8 - bits);

		if (p->addr[i] & ~mask)
			return false;
	}
	return true;
}

/* "ADDR/LEN" or a bare address (a host prefix). */
int rf_prefix_parse(const char *s, struct rf_prefix *p, const char **why)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	unsigned long len;
	char *end;
	int family;

	*why = "invalid prefix";
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if (slash)
		buf[slash - s] = '\0';
	if (rf_addr_parse(buf, p->addr, &family))
		return -1;
	p->family = family;
	len = family == AF_INET ? 32 : 128;
	if (slash) {
		unsigned long max = len;

		len = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end || len > max)
			return -1;
	}
	p->len = len;
	*why = "host bits set in prefix";
	return host_bits_zero(p) ? 0 : -1;
}

void rf_prefix_fmt(const struct rf_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family, p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
}
