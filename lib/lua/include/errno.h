/* SPDX-License-Identifier: MIT */
/* <errno.h> for Lua in the kernel: error codes only, there is no errno. */
#ifndef _LUA_ERRNO_H
#define _LUA_ERRNO_H

#include <linux/errno.h>

#endif
