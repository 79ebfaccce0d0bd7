/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * setjmp/longjmp for Lua's error handling on x86_64.
 *
 * The buffer holds the callee-saved registers, the stack pointer of the
 * caller of lua_setjmp() and its return address:
 *	0 rbx, 8 rbp, 16 r12, 24 r13, 32 r14, 40 r15, 48 rsp, 56 rip
 *
 * lua_longjmp() does not jump indirectly: it rebuilds the stack as it was
 * when lua_setjmp() was entered and returns from there, so it needs no
 * ENDBR at the landing site under IBT and no retpoline. Under KASAN it
 * first has the stack it abandons cleaned (lua_stack.c).
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>

SYM_FUNC_START(lua_setjmp)
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rdx		/* the caller's stack pointer */
	movq	%rdx, 48(%rdi)
	movq	(%rsp), %rdx		/* where to return to */
	movq	%rdx, 56(%rdi)
	xorl	%eax, %eax
	RET
SYM_FUNC_END(lua_setjmp)

SYM_FUNC_START(lua_longjmp)
#if defined(CONFIG_KASAN_GENERIC) && defined(CONFIG_KASAN_STACK)
	pushq	%rdi
	pushq	%rsi
	call	lua_unpoison_stack	/* (env) */
	popq	%rsi
	popq	%rdi
#endif
	movl	$1, %eax
	testl	%esi, %esi		/* longjmp(env, 0) returns 1 */
	cmovnel	%esi, %eax
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	pushq	56(%rdi)
	UNWIND_HINT_FUNC		/* as on entry to lua_setjmp */
	RET
SYM_FUNC_END(lua_longjmp)
