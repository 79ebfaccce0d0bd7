/* SPDX-License-Identifier: MIT */
/*
 * The kernel environment of Lua: what luaconf.h and the library files take
 * from the C library, mapped onto the kernel. Included by lua_dialect.h.
 */
#ifndef lua_kernel_h
#define lua_kernel_h

#include <linux/printk.h>

unsigned int lua_random(void);

/*
 * The functions that raise errors never return. Saying so lets the compiler
 * drop the code after each call, which objtool would otherwise report as
 * unreachable.
 */
struct lua_State;
int lua_error(struct lua_State *L) __attribute__((__noreturn__));
int luaL_error(struct lua_State *L, const char *fmt, ...)
	__attribute__((__noreturn__));
int luaL_argerror(struct lua_State *L, int arg, const char *extramsg)
	__attribute__((__noreturn__));
int luaL_typeerror(struct lua_State *L, int arg, const char *tname)
	__attribute__((__noreturn__));

/*
 * Lua stops nesting C calls ("C stack overflow") when less than a quarter
 * of the kernel stack is left, and gives up handling that error ("error in
 * error handling") below an eighth: see lua_stack.c. Pattern matching
 * recurses in C too: its depth is bounded separately (lstrlib.c).
 */
int lua_cstack_low(void);
int lua_cstack_critical(void);
#define luai_cstacklow(L)	((void)(L), lua_cstack_low())
#define luai_cstackcritical(L)	((void)(L), lua_cstack_critical())
#define MAXCCALLS		64	/* depth of pattern matching */

/* luaL_Buffer lives on the stack: keep its inline part small */
#undef LUAL_BUFFERSIZE
#define LUAL_BUFFERSIZE		256

/*
 * Dispatch opcodes with a switch: objtool cannot follow the computed gotos
 * of Lua's jump table, and retpolines would make each of them slow.
 */
#define LUA_USE_JUMPTABLE	0

/* print() and warnings go to the kernel log */
#define lua_writestring(s, l)	printk(KERN_CONT "%.*s", (int)(l), (s))
#define lua_writeline()		printk(KERN_CONT "\n")
#define lua_writestringerror(s, p)	printk(KERN_ERR "lua: " s, (p))

#define luai_makeseed(L)	((void)(L), lua_random())
#define l_randomizePivot()	lua_random()

#define l_signalT		int

#endif
