// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lua and the kernel stack.
 *
 * Lua recurses on the C stack whenever C calls Lua (metamethods, pcall,
 * coroutines, gsub callbacks, the parser). Counting nested calls cannot
 * bound the stack they take, as a level costs from a hundred bytes to a few
 * KiB, so Lua asks lua_cstack_low() before each nested call and raises "C
 * stack overflow" when a quarter of the stack is left; the error handling
 * that follows may go down to an eighth.
 *
 * Lua errors longjmp over the frames between the error and the pcall that
 * catches it. Under KASAN those frames never unpoison their stack
 * redzones: lua_longjmp() has lua_unpoison_stack() clear the shadow of the
 * stack it abandons first.
 */
#include <linux/kasan.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>

#include "include/setjmp.h"
#include "lua_kernel.h"

#define LUA_CSTACK_RESERVE	(THREAD_SIZE / 4)

/* bytes left below the stack pointer; ULONG_MAX on a stack we don't know */
static unsigned long lua_cstack_room(void)
{
	unsigned long sp = current_stack_pointer;
	unsigned long low = (unsigned long)task_stack_page(current);

	if (sp - low < THREAD_SIZE)
		return sp - low;
#ifdef CONFIG_X86_64
	/* softirqs and interrupts run on the CPU's IRQ stack */
	low = (unsigned long)this_cpu_read(pcpu_hot.hardirq_stack_ptr) + 8 -
	      IRQ_STACK_SIZE;
	if (sp - low < IRQ_STACK_SIZE)
		return sp - low;
#endif
	return ULONG_MAX;
}

int lua_cstack_low(void)
{
	return lua_cstack_room() < LUA_CSTACK_RESERVE;
}

int lua_cstack_critical(void)
{
	return lua_cstack_room() < LUA_CSTACK_RESERVE / 2;
}

int lua_cstack_matchlow(void)
{
	return lua_cstack_room() < LUA_CSTACK_RESERVE * 3 / 2;
}

#if defined(CONFIG_KASAN_GENERIC) && defined(CONFIG_KASAN_STACK)
void lua_unpoison_stack(struct lua_jmpbuf *env)
{
	unsigned long granule = 1UL << KASAN_SHADOW_SCALE_SHIFT;
	unsigned long from = round_down(current_stack_pointer, granule);
	unsigned long to = env->regs[LUA_JMPBUF_SP];

	if (to > from)
		__memset(kasan_mem_to_shadow((void *)from), 0,
			 (to - from) >> KASAN_SHADOW_SCALE_SHIFT);
}
#endif
