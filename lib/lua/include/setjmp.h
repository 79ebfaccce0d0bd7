/* SPDX-License-Identifier: MIT */
/*
 * <setjmp.h> for Lua in the kernel: Lua raises errors with longjmp().
 * The buffer holds the callee-saved registers, the stack pointer and the
 * return address; the functions are per architecture (setjmp_<arch>.S).
 */
#ifndef _LUA_SETJMP_H
#define _LUA_SETJMP_H

#if defined(CONFIG_X86_64)
#define LUA_JMPBUF_WORDS	8	/* rbx rbp r12 r13 r14 r15 rsp rip */
#define LUA_JMPBUF_SP		6
#else
#error "Lua has no setjmp/longjmp for this architecture"
#endif

typedef unsigned long jmp_buf[LUA_JMPBUF_WORDS];

/* setjmp_<arch>.S */
int lua_setjmp(jmp_buf env) __attribute__((__returns_twice__));
void lua_longjmp(jmp_buf env, int val) __attribute__((__noreturn__));

/* lua_stack.c: for lua_longjmp() under KASAN */
void lua_unpoison_stack(jmp_buf env);

#define setjmp(env)		lua_setjmp(env)
#define longjmp(env, val)	lua_longjmp(env, val)

#endif
