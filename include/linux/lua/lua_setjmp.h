/* SPDX-License-Identifier: MIT */
/*
 * setjmp/longjmp for Lua in the kernel. Lua raises errors with a long jump;
 * lua_kernel.h points its LUAI_TRY and LUAI_THROW at the functions here,
 * written per architecture (lib/lua/setjmp_<arch>.S). Embedders use them to
 * recover from a panic raised outside any protected call.
 */
#ifndef _LINUX_LUA_SETJMP_H
#define _LINUX_LUA_SETJMP_H

#include <linux/compiler.h>

#if defined(CONFIG_X86_64)
#define LUA_JMPBUF_WORDS	8	/* rbx rbp r12 r13 r14 r15 rsp rip */
#define LUA_JMPBUF_SP		6
#else
#error "Lua has no setjmp/longjmp for this architecture"
#endif

/* the callee-saved registers, the stack pointer and the return address */
struct lua_jmpbuf {
	unsigned long regs[LUA_JMPBUF_WORDS];
};

int lua_setjmp(struct lua_jmpbuf *env) __attribute__((__returns_twice__));
void __noreturn lua_longjmp(struct lua_jmpbuf *env, int val);

/* lua_stack.c: for lua_longjmp() under KASAN */
void lua_unpoison_stack(struct lua_jmpbuf *env);

#endif
