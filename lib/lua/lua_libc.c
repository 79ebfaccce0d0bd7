// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The C library functions that Lua uses and the kernel names otherwise
 * (see include/ and lua_kernel.h).
 */
#include <linux/panic.h>
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

/*
 * Lua aborts only when an error escapes every protected call, which is a
 * bug of the C code that called it: the state and the stack are lost.
 */
void lua_abort(void)
{
	panic("lua: error outside any protected call\n");
}

unsigned int lua_random(void)
{
	return get_random_u32();
}
