// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing helpers; names, addresses and prefixes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "rfence.h"
#include "args.h"
#include "err.h"
#include "text.h"

static int usage_err(struct rf_args *a)
{
	if (a->usage && !a->loc)
		a->usage(stderr);
	return -1;
}

int invarg(struct rf_args *a, const char *what, const char *tok)
{
	rf_err(a->loc, "%s %s", what, RF_Q(tok));
	return usage_err(a);
}

int missarg(struct rf_args *a, const char *what)
{
	rf_err(a->loc, "missing %s", what);
	return usage_err(a);
}

int duparg(struct rf_args *a, const char *kw)
{
	rf_err(a->loc, "duplicate \"%s\"", kw);
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
		rf_err(a->loc, "missing value after \"%s\"", kw);
		return usage_err(a);
	}
	*val = args_take(a);
	return 0;
}

/* A network name where one must be. */
int args_name(struct rf_args *a, const char **name)
{
	if (args_done(a))
		return missarg(a, "network name");
	*name = args_take(a);
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
		rf_err(a->loc, "invalid %s %s (expected %u..%u)", kw, RF_Q(s), min,
		       max);
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
	rf_err(a->loc, "invalid %s %s (expected %s or %s)", kw, RF_Q(s),
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
		rf_err(a->loc, "interface %s does not exist", RF_Q(s));
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
	if (args_value(a, "network", name))
		return -1;
	if (!rf_name_valid(*name))
		return invarg(a, "invalid network name", *name);
	return 0;
}

int args_end(struct rf_args *a)
{
	if (!args_done(a))
		return invarg(a, "unknown argument", args_peek(a));
	return 0;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * A loop, not strspn(): that builds a table on every call, and a policy
 * file names a network on almost every line.
 */
bool rf_name_valid(const char *name)
{
	size_t n;

	for (n = 0; name[n]; n++)
		if (n + 1 >= RF_NAME_MAX || !name_char(name[n]))
			return false;
	return n > 0;
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
