// SPDX-License-Identifier: GPL-2.0
/*
 * The text of policy files: bytes, words, quoting, excerpts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "text.h"

#define BOM	"\xef\xbb\xbf"

static const char *const c0_names[] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
	"BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
	"CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
};

enum { UTF8_OK, UTF8_BAD_LEAD, UTF8_BAD_SEQ, UTF8_TRUNCATED };

/*
 * The UTF-8 sequence at @s (@n > 0 bytes left): UTF8_OK with its code
 * point and length, or why not with the length of what shows it (the lead
 * byte up to the first wrong one, or all that is left when the input ends
 * in the middle of a sequence).
 */
static int utf8_seq(const unsigned char *s, size_t n, uint32_t *cp,
		    size_t *len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t want, i;

	*len = 1;
	*cp = s[0];
	if (s[0] < 0x80)
		return UTF8_OK;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		want = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		want = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		want = 4;
	else
		return UTF8_BAD_LEAD;
	if (s[0] == 0xe0)
		lo = 0xa0;		/* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f;		/* UTF-16 surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;		/* overlong */
	else if (s[0] == 0xf4)
		hi = 0x8f;		/* past U+10FFFF */
	*cp = s[0] & (0x7f >> want);
	for (i = 1; i < want; i++, lo = 0x80, hi = 0xbf) {
		*len = i + 1;
		if (i == n) {
			*len = n;
			return UTF8_TRUNCATED;
		}
		if (s[i] < lo || s[i] > hi)
			return UTF8_BAD_SEQ;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return UTF8_OK;
}

static void bad_utf8(const unsigned char *s, int why, size_t len, char *buf,
		     size_t size)
{
	size_t i, k;

	if (why == UTF8_BAD_LEAD) {
		snprintf(buf, size, "invalid UTF-8 byte 0x%02x", s[0]);
		return;
	}
	k = snprintf(buf, size, "%s UTF-8 sequence",
		     why == UTF8_TRUNCATED ? "truncated" : "invalid");
	for (i = 0; i < len && k < size; i++)
		k += snprintf(buf + k, size - k, " 0x%02x", s[i]);
	if (why == UTF8_TRUNCATED && k < size)
		snprintf(buf + k, size - k, " at the end of the file");
}

/*
 * What the character at @s (@n bytes left, *len its length) is when it may
 * not be in a policy file, in @buf; NULL when it may.
 */
static const char *bad_char(const unsigned char *s, size_t n, size_t *len,
			    char *buf, size_t size)
{
	uint32_t cp;
	int why = utf8_seq(s, n, &cp, len);

	if (why != UTF8_OK)
		bad_utf8(s, why, *len, buf, size);
	else if (cp == '\t' || cp == '\n' || (cp == '\r' && n > 1 && s[1] == '\n'))
		return NULL;
	else if (cp == 0)
		snprintf(buf, size, "NUL byte (0x00)");
	else if (cp == '\r')
		snprintf(buf, size, "control character CR (0x0d) not followed by LF");
	else if (cp < 0x20)
		snprintf(buf, size, "control character %s (0x%02x)", c0_names[cp], cp);
	else if (cp == 0x7f)
		snprintf(buf, size, "control character DEL (0x7f)");
	else if (cp >= 0x80 && cp <= 0x9f)
		snprintf(buf, size, "control character U+%04X", cp);
	else if (cp == 0xfeff)
		snprintf(buf, size, "byte-order mark (U+FEFF) not at the start of the file");
	else
		return NULL;
	return buf;
}

int rf_text_check(const char *file, const char *buf, size_t len, size_t *start)
{
	const unsigned char *s = (const unsigned char *)buf;
	struct rf_loc loc = { file, 1, 1 };
	size_t i = 0, n;
	char why[96];

	if (len >= 3 && !memcmp(buf, BOM, 3))
		i = 3;
	*start = i;
	while (i < len) {
		/* printable ASCII, most of any policy file: always fine */
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			i++;
			loc.col++;
			continue;
		}
		if (bad_char(s + i, len - i, &n, why, sizeof(why))) {
			rf_err(&loc, "%s", why);
			return -1;
		}
		i += n;
		loc.col++;
		if (s[i - 1] == '\n') {
			loc.line++;
			loc.col = 1;
		}
	}
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Counts characters: every byte but UTF-8 continuation bytes. */
static unsigned int chars(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of the @n characters at @s, for a message. */
static int nbytes(const char *s, int n)
{
	int i = 0;

	while (s[i] && n) {
		i++;
		if (!s[i] || chars(s[i]))
			n--;
	}
	return i;
}

/*
 * The escape at @q (a backslash) into *out; its length, or 0 after an
 * error at @loc.
 */
static int unescape(const struct rf_loc *loc, const char *q, char *out)
{
	int v;

	if (q[1] == '"' || q[1] == '\\') {
		*out = q[1];
		return 2;
	}
	if (q[1] != 'x') {
		rf_err(loc, "unknown escape \\%.*s in a quoted word "
		       "(use \\\", \\\\ or \\xHH)", nbytes(q + 1, 1), q + 1);
		return 0;
	}
	v = hex(q[2]) < 0 || hex(q[3]) < 0 ? -1 : hex(q[2]) << 4 | hex(q[3]);
	if (v < 0)
		rf_err(loc, "invalid escape \\x%.*s in a quoted word (\\xHH "
		       "takes two hexadecimal digits)", nbytes(q + 2, 2), q + 2);
	else if (!v)
		rf_err(loc, "NUL byte (\\x00) in a quoted word");
	*out = v;
	return v > 0 ? 4 : 0;
}

/*
 * The quoted word at @p (its opening quote, at column *col), unescaped in
 * place and NUL-terminated; returns where it ends (a blank or the end of
 * the line) and moves *col there, or NULL after an error.
 */
static char *unquote(const struct rf_loc *at, char *p, unsigned int *col)
{
	struct rf_loc loc = *at;
	char *out = p, *q = p + 1;
	unsigned int c = *col + 1;
	int n;

	while (*q != '"') {
		loc.col = c;
		if (!*q || *q == '\n' || (*q == '\r' && q[1] == '\n')) {
			loc.col = *col;
			rf_err(&loc, "quote (\") not closed");
			return NULL;
		}
		if (*q != '\\') {
			c += chars(*q);
			*out++ = *q++;
			continue;
		}
		n = unescape(&loc, q, out++);
		if (!n)
			return NULL;
		q += n;
		c += n;
	}
	q++;
	c++;
	if (*q && !blank(*q)) {
		loc.col = c;
		rf_err(&loc, "a closing quote (\") must end the word");
		return NULL;
	}
	*out = '\0';
	*col = c;
	return q;
}

int rf_tokenize(const struct rf_loc *at, char *line, char **argv, int max)
{
	unsigned int col = 1;
	char *p = line;
	int argc = 0;

	for (;;) {
		while (blank(*p)) {
			p++;
			col++;
		}
		if (!*p || *p == '#')
			return argc;
		if (argc == max) {
			rf_err(at, "too many words on the line");
			return -1;
		}
		argv[argc++] = p;
		if (*p == '"') {
			p = unquote(at, p, &col);
			if (!p)
				return -1;
		} else {
			for (; *p && !blank(*p); p++)
				col += chars(*p);
		}
		if (*p) {
			*p++ = '\0';
			col++;
		}
	}
}

/*
 * Append the character at @s (@n bytes left) to @out at *k as a quoted word
 * holds it: " and \ escaped, a space (and a tab, unless @tab) as it is, a
 * byte that a file cannot hold as \xHH; returns the bytes of @s it took.
 */
static size_t put_char(const char *s, size_t n, char *out, size_t *k, bool tab)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = 1;
	char why[96];

	if (*s == '"' || *s == '\\') {
		out[(*k)++] = '\\';
	} else if (*s == '\n' || *s == '\r' || (*s == '\t' && tab) ||
		   (*s != '\t' && bad_char(u, n, &len, why, sizeof(why)))) {
		*k += sprintf(out + *k, "\\x%02x", u[0]);
		return 1;
	}
	memcpy(out + *k, s, len);
	*k += len;
	return len;
}

/* Must @s be quoted to be read back as one word of a file? */
static bool needs_quotes(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char why[96];
	size_t i, len;

	if (!n || *s == '#' || *s == '"')
		return true;
	for (i = 0; i < n; i += len)
		if (blank(s[i]) || bad_char(u + i, n - i, &len, why, sizeof(why)))
			return true;
	return false;
}

const char *rf_quote(const char *s, char **alloc)
{
	size_t n = strlen(s), i = 0, k = 0;
	char *out;

	*alloc = NULL;
	if (!needs_quotes(s, n))
		return s;
	out = malloc(4 * n + 3);
	if (!out)
		return NULL;
	out[k++] = '"';
	while (i < n)
		i += put_char(s + i, n - i, out, &k, false);
	out[k++] = '"';
	out[k] = '\0';
	*alloc = out;
	return out;
}

const char *rf_excerpt(char *buf, size_t size, const char *s, size_t total)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strnlen(s, RF_EXCERPT_MAX + 4), i = 0, k = 0, len;
	char tmp[4 * RF_EXCERPT_MAX + 8];
	uint32_t cp;

	tmp[k++] = '"';
	while (i < n) {
		/* a whole character, or one byte of what is not one */
		if (utf8_seq(u + i, n - i, &cp, &len) != UTF8_OK)
			len = 1;
		if (i + len > RF_EXCERPT_MAX)
			break;
		i += put_char(s + i, n - i, tmp, &k, true);
	}
	tmp[k++] = '"';
	tmp[k] = '\0';
	if (i < total)
		snprintf(buf, size, "%s... (%zu bytes)", tmp, total);
	else
		snprintf(buf, size, "%s", tmp);
	return buf;
}
