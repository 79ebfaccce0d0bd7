/* SPDX-License-Identifier: MIT */
/* <string.h> for Lua in the kernel: the "C" locale collates bytewise. */
#ifndef _LUA_STRING_H
#define _LUA_STRING_H

#include <linux/string.h>

#define strcoll(a, b)	strcmp(a, b)

#endif
