/* SPDX-License-Identifier: MIT */
/* <stdint.h> for Lua in the kernel. */
#ifndef _LUA_STDINT_H
#define _LUA_STDINT_H

#include <linux/types.h>

#endif
