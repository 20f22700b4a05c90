// SPDX-License-Identifier: GPL-2.0
/* Printing prefixes for messages (kernel printf extensions). */
#include <linux/kernel.h>

#include "compat.h"

#include "conf.h"

/**
 * rf_pfx_snprint() - format a prefix as text ("10.1.0.0/22", "fd00::/48")
 * @buf: the buffer
 * @size: its size
 * @p: the prefix
 *
 * Return: the number of characters written, as scnprintf().
 */
int rf_pfx_snprint(char *buf, size_t size, const struct rf_pfx *p)
{
	u8 a[16];

	if (rf_pfx_fam(p) == RF_FAM_V4) {
		put_unaligned_be32(p->key.hi >> 32, a);
		return scnprintf(buf, size, "%pI4/%u", a, p->len);
	}
	put_unaligned_be64(p->key.hi, a);
	put_unaligned_be64(p->key.lo, a + 8);
	return scnprintf(buf, size, "%pI6c/%u", a, p->len);
}
