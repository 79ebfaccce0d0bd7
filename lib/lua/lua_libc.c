// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The C library functions that Lua uses and the kernel names otherwise
 * (see include/ and lua_kernel.h), and the allocator of Lua states that
 * count their memory against a quota.
 */
#include <linux/llist.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

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
 * Lua aborts only when an error escapes every protected call and the
 * panic function of the state returns: a bug of the C code that called
 * Lua, whose state and stack are lost.
 */
void lua_abort(void)
{
	panic("lua: error outside any protected call\n");
}

/*
 * Blocks of a quota state. Up to LUA_KMALLOC_MAX bytes, and in any size
 * where the state may not sleep, a block comes from kmalloc(); larger
 * blocks of a state that may sleep come from vmalloc(), after a header
 * that remembers how much the block holds. A state counts what its blocks
 * really hold (ksize(), whole pages), so that shrinking a block in place
 * never hides memory from its quota. vmalloc memory is only ever
 * allocated where sleeping is allowed; freed elsewhere (a block from a
 * state's body, freed in a softirq callback) it goes to a workqueue.
 */
#define LUA_KMALLOC_MAX	(PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)

struct lua_vblock {
	union {
		size_t held;			/* while allocated */
		struct llist_node free;		/* once freed */
	};
} __aligned(16);

static LLIST_HEAD(lua_vfreelist);

static void lua_vfreework(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&lua_vfreelist);
	struct lua_vblock *vb, *next;

	llist_for_each_entry_safe(vb, next, list, free)
		vfree(vb);
}

static DECLARE_WORK(lua_vfree, lua_vfreework);

/**
 * lua_flushfrees() - wait for the blocks freed where sleeping is not allowed
 */
void lua_flushfrees(void)
{
	flush_work(&lua_vfree);
}

static struct lua_vblock *lua_vblockof(void *ptr)
{
	return (struct lua_vblock *)ptr - 1;
}

/*
 * kmalloc_size_roundup() of the small sizes, asked on every allocation
 * and free: remembered at the first answer, by steps of 8 bytes, as every
 * kmalloc() size class is a multiple of 8.
 */
static unsigned short lua_smallheld[LUA_QUOTA_SMALL / 8 + 1];

static size_t lua_kmallocheld(size_t size)
{
	unsigned int i;
	size_t held;

	if (size > LUA_QUOTA_SMALL)
		return kmalloc_size_roundup(size);
	i = DIV_ROUND_UP(size, 8);
	held = READ_ONCE(lua_smallheld[i]);
	if (unlikely(!held)) {
		held = kmalloc_size_roundup(i * 8);
		WRITE_ONCE(lua_smallheld[i], held);
	}
	return held;
}

/*
 * The bytes a block of size bytes really holds. A kmalloc() block always
 * holds what kmalloc_size_roundup() says for the size Lua knows it by:
 * it is allocated for that size, grown in place by krealloc() only within
 * its slab object, and moved when shrinking would fit a smaller one. That
 * spares a ksize() on every free.
 */
static size_t lua_held(void *ptr, bool vmem, size_t size)
{
	return vmem ? lua_vblockof(ptr)->held : lua_kmallocheld(size);
}

/* what a new block of size bytes holds, made by lua_blockalloc() or krealloc() */
static size_t lua_wouldhold(size_t size, bool maysleep)
{
	if (maysleep && size > LUA_KMALLOC_MAX)
		return PAGE_ALIGN(sizeof(struct lua_vblock) + size);
	return lua_kmallocheld(size);
}

static void *lua_blockalloc(size_t size, gfp_t gfp)
{
	struct lua_vblock *vb;

	if (!gfpflags_allow_blocking(gfp) || size <= LUA_KMALLOC_MAX)
		return kmalloc(size, gfp | __GFP_NOWARN);
	vb = __vmalloc(sizeof(*vb) + size, gfp | __GFP_NOWARN);
	if (!vb)
		return NULL;
	vb->held = PAGE_ALIGN(sizeof(*vb) + size);
	return vb + 1;
}

static void lua_blockfree(void *ptr, bool vmem, gfp_t gfp)
{
	struct lua_vblock *vb;

	if (!vmem) {
		kfree(ptr);
		return;
	}
	vb = lua_vblockof(ptr);
	if (gfpflags_allow_blocking(gfp)) {
		vfree(vb);
	} else {
		if (llist_add(&vb->free, &lua_vfreelist))
			schedule_work(&lua_vfree);
	}
}

/*
 * A state's freed small blocks wait in a cache of its own to be allocated
 * again: most of what Lua allocates are small objects, which a collection
 * frees in numbers, and the state's lock already serializes its allocator,
 * which kmalloc() pays for again. The cache holds up to half the bytes of
 * the state's live blocks, as a collection lets garbage grow as large as
 * what lives before it starts, and at least LUA_QUOTA_CACHE_MIN bytes.
 * Cached blocks stay counted in the state's quota: an allocation that
 * would go beyond it frees as many of them as it needs first. The last
 * block freed (the state is closed) empties the cache.
 *
 * With KASAN, a cached block is shrunk to its link by krealloc(), in
 * place, so that a use after free beyond its first word is still caught,
 * and grown back to the size it is taken for.
 */
static void *lua_cacheget(struct lua_quota *q, size_t held, size_t size)
{
	void **head = &q->cache[held / 8];
	void *p = *head;

	if (!p)
		return NULL;
	*head = *(void **)p;
	q->cached -= held;
	if (!IS_ENABLED(CONFIG_KASAN))
		return p;
	return krealloc(p, size, q->gfp | __GFP_NOWARN);	/* in place */
}

static bool lua_cacheput(struct lua_quota *q, void *ptr, size_t held)
{
	if (held > LUA_QUOTA_SMALL ||
	    q->cached + held > max(LUA_QUOTA_CACHE_MIN, (q->used - q->cached) / 2))
		return false;
	if (IS_ENABLED(CONFIG_KASAN) &&
	    !krealloc(ptr, sizeof(void *), q->gfp | __GFP_NOWARN))
		return false;	/* KASAN found it freed already */
	*(void **)ptr = q->cache[held / 8];
	q->cache[held / 8] = ptr;
	q->cached += held;
	return true;
}

/*
 * Free cached blocks, the largest first, until at least @bytes are freed
 * or the cache is empty: no more than an allocation needs, as it may run
 * with interrupts off.
 */
static void lua_cachefree(struct lua_quota *q, size_t bytes)
{
	size_t freed = 0;
	void *p;
	int i;

	for (i = ARRAY_SIZE(q->cache) - 1; i > 0 && freed < bytes; i--) {
		while (freed < bytes && (p = q->cache[i])) {
			q->cache[i] = *(void **)p;
			kfree(p);
			freed += i * 8;
		}
	}
	q->cached -= freed;
	q->used -= freed;
}

/* whether a new block of held bytes would take the state beyond its quota */
static bool lua_overquota(struct lua_quota *q, size_t oheld, size_t nheld)
{
	size_t need = q->used - oheld + nheld;

	if (!q->limit || need <= q->limit)
		return false;
	if (!q->cached)
		return true;
	lua_cachefree(q, need - q->limit);
	return q->used - oheld + nheld > q->limit;
}

/**
 * lua_quota_alloc() - a Lua allocator that counts bytes against a limit
 * @ud: a struct lua_quota
 * @ptr: the block, or NULL
 * @osize: its size, or the kind of object to allocate when @ptr is NULL
 * @nsize: the size wanted; 0 to free
 *
 * For lua_newstate(). Allocates with the flags in @ud, which follow the
 * context the state runs in: where they do not allow sleeping, no vmalloc
 * memory is allocated or freed. Growing beyond the limit fails, which Lua
 * reports as "not enough memory"; shrinking never fails, as Lua requires.
 * The small blocks the state frees are kept for it to allocate again,
 * counted in its limit, until it needs their room or is closed.
 *
 * Return: the block, or NULL when freed or when allocation fails.
 */
void *lua_quota_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct lua_quota *q = ud;
	bool maysleep = gfpflags_allow_blocking(q->gfp);
	size_t oheld = 0, nheld;
	bool vmem = false;
	void *p;

	if (ptr) {
		vmem = is_vmalloc_addr(ptr);
		oheld = lua_held(ptr, vmem, osize);
	} else {
		osize = 0;
	}
	if (nsize == 0) {
		if (!ptr)
			return NULL;	/* an empty array, never allocated */
		if (vmem || !lua_cacheput(q, ptr, oheld)) {
			lua_blockfree(ptr, vmem, q->gfp);
			q->used -= oheld;
		}
		if (!--q->blocks)
			lua_cachefree(q, q->cached);	/* the state is closed */
		return NULL;
	}
	nheld = lua_wouldhold(nsize, maysleep);
	if (ptr && nsize <= osize && nheld >= oheld)
		return ptr;	/* a new block would not hold less */
	if (!ptr && nheld <= LUA_QUOTA_SMALL) {
		p = lua_cacheget(q, nheld, nsize);
		if (p) {
			q->blocks++;
			return p;
		}
	}
	if (nsize > osize && lua_overquota(q, oheld, nheld))
		return NULL;
	if (ptr && nsize > osize && !vmem &&
	    (!maysleep || nsize <= LUA_KMALLOC_MAX)) {
		/* kmalloc to kmalloc: grows in place when the slab allows */
		p = krealloc(ptr, nsize, q->gfp | __GFP_NOWARN);
		if (!p)
			return NULL;
	} else {
		p = lua_blockalloc(nsize, q->gfp);
		if (!p && nsize > osize)
			return NULL;
		if (!p) {
			/* a shrink keeps its block, counted as Lua now sizes it */
			q->used = q->used - oheld + lua_held(ptr, vmem, nsize);
			return ptr;
		}
		if (ptr) {
			memcpy(p, ptr, min(osize, nsize));
			lua_blockfree(ptr, vmem, q->gfp);
		}
	}
	/* what the new block holds, as lua_wouldhold() said */
	q->used = q->used - oheld + nheld;
	if (!ptr)
		q->blocks++;
	return p;
}

unsigned int lua_random(void)
{
	return get_random_u32();
}
