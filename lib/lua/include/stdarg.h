/* SPDX-License-Identifier: MIT */
/* <stdarg.h> for Lua in the kernel. */
#ifndef _LUA_STDARG_H
#define _LUA_STDARG_H

#include <linux/stdarg.h>

#endif
