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

/**
 * lua_quota_alloc() - a Lua allocator that counts bytes against a limit
 * @ud: a struct lua_quota
 * @ptr: the block, or NULL
 * @osize: its size, or the kind of object to allocate when @ptr is NULL
 * @nsize: the size wanted; 0 to free
 *
 * For lua_newstate(). Growing beyond the limit fails, which Lua reports as
 * "not enough memory".
 *
 * Return: the block, or NULL when freed or when allocation fails.
 */
void *lua_quota_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct lua_quota *q = ud;
	void *p;

	if (!ptr)
		osize = 0;
	if (nsize == 0) {
		kvfree(ptr);
		q->used -= osize;
		return NULL;
	}
	if (q->limit && nsize > osize && q->used - osize + nsize > q->limit)
		return NULL;
	p = kvrealloc(ptr, nsize, q->gfp | __GFP_NOWARN);
	if (p)
		q->used = q->used - osize + nsize;
	return p;
}

unsigned int lua_random(void)
{
	return get_random_u32();
}
