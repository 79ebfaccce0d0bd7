/* SPDX-License-Identifier: MIT */
/* <stddef.h> for Lua in the kernel. */
#ifndef _LUA_STDDEF_H
#define _LUA_STDDEF_H

#include <linux/stddef.h>
#include <linux/types.h>

#endif
