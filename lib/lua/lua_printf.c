// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * snprintf() for Lua (l_sprintf in lua_kernel.h).
 *
 * Lua formats one conversion at a time ("%5.2s", "%-+8lld"...). The
 * kernel's vsnprintf() differs from ISO C on integers: an empty precision
 * ("%.d") is taken as none rather than 0, precision 0 still prints "0" for
 * zero, precision does not turn the '0' flag off, and "%#x" prints "0x0"
 * for zero. Integers are therefore formatted here, by ISO C rules; the
 * other conversions go to vsnprintf() with an empty precision made "0".
 *
 * Pointers ("table: 0x...", "%p") must tell objects apart without showing
 * kernel addresses: they are hashed with a key drawn once per boot. The
 * kernel's own "%p" prints "(____ptrval____)" for every pointer until the
 * random generator is ready, which would make all tables look the same.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/string.h>
#include <linux/types.h>

#include "lua_kernel.h"

struct lua_spec {
	bool left, plus, space, alt, zero;
	int width;
	int prec;		/* -1: none */
	bool longlong;
	char conv;
};

/* parse "%[flags][width][.prec][ll]conv"; false if fmt is anything else */
static bool lua_parse_spec(const char *fmt, struct lua_spec *sp)
{
	const char *p = fmt + 1;

	if (fmt[0] != '%')
		return false;
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; p++) {
		if (*p == '-')
			sp->left = true;
		else if (*p == '+')
			sp->plus = true;
		else if (*p == ' ')
			sp->space = true;
		else if (*p == '#')
			sp->alt = true;
		else if (*p == '0')
			sp->zero = true;
		else
			break;
	}
	while (isdigit(*p))
		sp->width = sp->width * 10 + (*p++ - '0');
	if (*p == '.') {
		sp->prec = 0;
		for (p++; isdigit(*p); p++)
			sp->prec = sp->prec * 10 + (*p - '0');
	}
	if (p[0] == 'l' && p[1] == 'l') {
		sp->longlong = true;
		p += 2;
	}
	sp->conv = *p;
	return sp->conv != '\0' && p[1] == '\0';
}

/* append @n copies of @c, or the @n bytes of @s, as snprintf() would */
static void lua_put(char *buf, size_t size, size_t *len, const char *s,
		    char c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, (*len)++)
		if (*len + 1 < size)
			buf[*len] = s ? s[i] : c;
}

static int lua_format_int(char *buf, size_t size, const struct lua_spec *sp,
			  long long value)
{
	const char *xdigits = sp->conv == 'X' ? "0123456789ABCDEF" :
						"0123456789abcdef";
	bool is_signed = sp->conv == 'd' || sp->conv == 'i';
	unsigned int base = 10;
	unsigned long long v = value;
	char digits[24];
	const char *prefix = "";
	size_t nd = 0, zeros = 0, pad = 0, body, len = 0;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X')
		base = 16;
	if (is_signed && value < 0) {
		v = 0ULL - v;
		prefix = "-";
	} else if (is_signed && sp->plus) {
		prefix = "+";
	} else if (is_signed && sp->space) {
		prefix = " ";
	} else if (sp->alt && base == 16 && v != 0) {
		prefix = sp->conv == 'X' ? "0X" : "0x";
	}

	if (v != 0 || sp->prec != 0) {
		do {
			digits[nd++] = xdigits[v % base];
			v /= base;
		} while (v);
	}
	if (sp->prec > 0 && (size_t)sp->prec > nd)
		zeros = sp->prec - nd;
	/* "%#o" makes the first digit a 0 */
	if (sp->alt && base == 8 && zeros == 0 && (nd == 0 || digits[nd - 1] != '0'))
		zeros = 1;

	body = strlen(prefix) + zeros + nd;
	if (sp->width > 0 && (size_t)sp->width > body)
		pad = sp->width - body;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!sp->left)
		lua_put(buf, size, &len, NULL, ' ', pad);
	lua_put(buf, size, &len, prefix, 0, strlen(prefix));
	lua_put(buf, size, &len, NULL, '0', zeros);
	while (nd > 0) {
		nd--;
		lua_put(buf, size, &len, &digits[nd], 0, 1);
	}
	if (sp->left)
		lua_put(buf, size, &len, NULL, ' ', pad);
	if (size > 0)
		buf[min(len, size - 1)] = '\0';
	return len;
}

static siphash_key_t lua_pointer_key;

static void lua_format_pointer(char *buf, size_t size, const void *p)
{
	get_random_once(&lua_pointer_key, sizeof(lua_pointer_key));
	snprintf(buf, size, "0x%016llx",
		 siphash_1u64((uintptr_t)p, &lua_pointer_key));
}

int lua_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct lua_spec sp;
	char fixed[32];
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (!lua_parse_spec(fmt, &sp))
		sp.conv = '\0';	/* not a single conversion: vsnprintf() */
	if (sp.conv && strchr("diouxX", sp.conv)) {
		long long v = sp.longlong ? va_arg(ap, long long) :
					    va_arg(ap, int);

		n = lua_format_int(buf, size, &sp, v);
	} else if (sp.conv == 'p') {
		char hash[24];

		lua_format_pointer(hash, sizeof(hash), va_arg(ap, void *));
		n = snprintf(buf, size, sp.left ? "%-*s" : "%*s", sp.width, hash);
	} else {
		const char *dot = strchr(fmt, '.');

		/* "%.s" means precision 0 in ISO C, none in the kernel */
		if (dot && !isdigit(dot[1]) && strlen(fmt) + 2 <= sizeof(fixed)) {
			size_t at = dot - fmt + 1;

			memcpy(fixed, fmt, at);
			fixed[at] = '0';
			strscpy(fixed + at + 1, dot + 1, sizeof(fixed) - at - 1);
			fmt = fixed;
		}
		n = vsnprintf(buf, size, fmt, ap);
	}
	va_end(ap);
	return n;
}
