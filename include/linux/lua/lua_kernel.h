/* SPDX-License-Identifier: MIT */
/*
 * The kernel environment of Lua: what luaconf.h and the library files take
 * from the C library, mapped onto the kernel. Included by lua_dialect.h.
 */
#ifndef lua_kernel_h
#define lua_kernel_h

#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/types.h>

#include "lua_setjmp.h"

unsigned int lua_random(void);

/*
 * A state caches the blocks it frees of the kmalloc() sizes up to
 * LUA_QUOTA_SMALL, up to half the bytes of its other blocks, and at least
 * LUA_QUOTA_CACHE_MIN bytes.
 */
#define LUA_QUOTA_SMALL		256
#define LUA_QUOTA_CACHE_MIN	(32 * 1024)

/**
 * struct lua_quota - the state of lua_quota_alloc(), its @ud
 * @used: bytes the Lua state holds: its blocks, and those in @cache
 * @limit: the most it may hold; 0 for no limit
 * @gfp: the allocation flags, chosen by the context the state runs in
 * @blocks: the state's blocks; none once it is closed
 * @cached: bytes in @cache
 * @cache: small blocks the state freed, to allocate again, a list per
 *	kmalloc() size (in steps of 8 bytes), linked through their first word
 *
 * Zero but for @limit and @gfp before lua_newstate(); the state's own
 * from then on, to be read only (@used) while it lives.
 */
struct lua_quota {
	size_t used;
	size_t limit;
	gfp_t gfp;
	size_t blocks;
	size_t cached;
	void *cache[LUA_QUOTA_SMALL / 8 + 1];
};

void *lua_quota_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void lua_flushfrees(void);

/*
 * The functions that raise errors never return. Saying so lets the compiler
 * drop the code after each call, which objtool would otherwise report as
 * unreachable.
 */
struct lua_State;
int __noreturn lua_error(struct lua_State *L);
int __noreturn luaL_error(struct lua_State *L, const char *fmt, ...);
int __noreturn luaL_argerror(struct lua_State *L, int arg, const char *msg);
int __noreturn luaL_typeerror(struct lua_State *L, int arg, const char *tname);

/* errors unwind with setjmp_<arch>.S */
#define luai_jmpbuf		struct lua_jmpbuf
#define LUAI_THROW(L, c)	lua_longjmp(&(c)->b, 1)
#define LUAI_TRY(L, c, a)			\
	do {					\
		if (lua_setjmp(&(c)->b) == 0) {	\
			a			\
		}				\
	} while (0)

/*
 * Lua stops nesting C calls ("C stack overflow") when less than a quarter
 * of the kernel stack is left, and gives up handling the error ("error in
 * error handling") below an eighth. Pattern matching stops ("pattern too
 * complex") at three eighths, so that the error can still be handled as
 * such. See lua_stack.c.
 */
int lua_cstack_low(void);
int lua_cstack_critical(void);
int lua_cstack_matchlow(void);
#define luai_cstacklow(L)	((void)(L), lua_cstack_low())
#define luai_cstackcritical(L)	((void)(L), lua_cstack_critical())
#define luai_matchstacklow(L)	((void)(L), lua_cstack_matchlow())

/* a state whose panic function jumped out of a Lua error (lua_state.c) */
void lua_recover(struct lua_State *L);

/* luaL_Buffer lives on the stack: keep its inline part small */
#undef LUAL_BUFFERSIZE
#define LUAL_BUFFERSIZE		256

/* ISO C formatting of integers (lua_printf.c) */
int lua_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
#undef l_sprintf
#define l_sprintf(s, sz, f, i)	lua_snprintf(s, sz, f, i)

/* print() writes a line to the kernel log (lbaselib.c), so do warnings */
#define lua_writeline_kernel(s, l)	pr_info("lua: %.*s\n", (int)(l), (s))
#define lua_writestringerror(s, p)	pr_err("lua: " s, (p))

#define luai_makeseed(L)	((void)(L), lua_random())
#define l_randomizePivot()	lua_random()

#define l_signalT		int

#endif
