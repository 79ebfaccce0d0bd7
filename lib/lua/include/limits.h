/* SPDX-License-Identifier: MIT */
/*
 * <limits.h> for Lua in the kernel. Lua tests these limits in #if
 * directives, where the kernel's definitions (which contain casts) cannot
 * be evaluated: redefine them as plain constants of the same values.
 */
#ifndef _LUA_LIMITS_H
#define _LUA_LIMITS_H

#include <linux/limits.h>

#undef INT_MAX
#undef INT_MIN
#undef UINT_MAX
#undef LONG_MAX
#undef LONG_MIN
#undef ULONG_MAX
#undef LLONG_MAX
#undef LLONG_MIN
#undef ULLONG_MAX

#define CHAR_BIT	8
#define UCHAR_MAX	255
#define INT_MAX		2147483647
#define INT_MIN		(-INT_MAX - 1)
#define UINT_MAX	4294967295U
#define LONG_MAX	9223372036854775807L
#define LONG_MIN	(-LONG_MAX - 1L)
#define ULONG_MAX	18446744073709551615UL
#define LLONG_MAX	9223372036854775807LL
#define LLONG_MIN	(-LLONG_MAX - 1LL)
#define ULLONG_MAX	18446744073709551615ULL

#endif
