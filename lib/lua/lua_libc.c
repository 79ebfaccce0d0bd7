// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The C library functions that Lua uses and the kernel names otherwise
 * (see include/ and lua_kernel.h).
 */
#include <linux/bug.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "include/stdlib.h"
#include "lua_kernel.h"

void *lua_realloc(void *ptr, size_t size)
{
	return kvrealloc(ptr, size, GFP_KERNEL | __GFP_NOWARN);
}

void lua_free(void *ptr)
{
	kvfree(ptr);
}

/* Lua aborts only when an error escapes every protected call: a C bug */
void lua_abort(void)
{
	BUG();
}

unsigned int lua_random(void)
{
	return get_random_u32();
}
