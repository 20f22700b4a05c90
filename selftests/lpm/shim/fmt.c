// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace rf_pfx_snprint() (kmod/fmt.c uses the kernel's %pI4/%pI6c).
 * IPv4 via inet_ntop; IPv6 reproduces lib/vsprintf.c ip6_compressed_string()
 * exactly: the longest run (>1) of zero words becomes "::", and IPv4-mapped
 * and ISATAP addresses end in dotted quad (glibc's inet_ntop would also
 * print ::a.b.c.d for IPv4-compatible addresses, which the kernel does not).
 */
#include <arpa/inet.h>
#include <stdio.h>

#include <linux/kernel.h>
#include <asm/unaligned.h>

#include "conf.h"

static int ip6c(char *out, const u8 *a)
{
	int colonpos = -1, longest = 1, range = 8, i, j;
	u16 w[8];
	bool v4, needcolon = false;
	char *p = out;

	for (i = 0; i < 8; i++)
		w[i] = a[2 * i] << 8 | a[2 * i + 1];
	v4 = (!w[0] && !w[1] && !w[2] && !w[3] && !w[4] && w[5] == 0xffff) ||
	     ((w[4] | 0x0200) == 0x0200 && w[5] == 0x5efe);
	if (v4)
		range = 6;
	for (i = 0; i < range; i++) {
		int z = 0;

		for (j = i; j < range && !w[j]; j++)
			z++;
		if (z > longest) {
			longest = z;
			colonpos = i;
		}
	}
	for (i = 0; i < range; i++) {
		if (i == colonpos) {
			if (needcolon || i == 0)
				*p++ = ':';
			*p++ = ':';
			needcolon = false;
			i += longest - 1;
			continue;
		}
		if (needcolon)
			*p++ = ':';
		p += sprintf(p, "%x", w[i]);
		needcolon = true;
	}
	if (v4) {
		if (needcolon)
			*p++ = ':';
		p += sprintf(p, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
	}
	*p = 0;
	return p - out;
}

int rf_pfx_snprint(char *buf, size_t size, const struct rf_pfx *p)
{
	char s[64];
	u8 a[16];

	if (rf_pfx_fam(p) == RF_FAM_V4) {
		put_unaligned_be32(p->key.hi >> 32, a);
		inet_ntop(AF_INET, a, s, sizeof(s));
	} else {
		put_unaligned_be64(p->key.hi, a);
		put_unaligned_be64(p->key.lo, a + 8);
		ip6c(s, a);
	}
	return scnprintf(buf, size, "%s/%u", s, p->len);
}
