/* SPDX-License-Identifier: MIT */
/* <locale.h> for Lua in the kernel: the "C" locale is the only one. */
#ifndef _LUA_LOCALE_H
#define _LUA_LOCALE_H
#endif
