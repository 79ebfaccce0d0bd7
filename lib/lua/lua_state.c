// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What the kernel needs of Lua's internal state.
 *
 * Pattern matching runs in one C function, so the tick that bounds a
 * script (Lunatik's budget, its rescheduling) would see one step for a
 * match that backtracks for hours: lua_matchstep() counts each step of
 * the matcher instead.
 *
 * A Lua error raised outside any protected call reaches the panic function
 * of the state. Kernel code that runs Lua for a caller (lunatik_run())
 * long-jumps from there back to its own recovery point; lua_recover() then
 * makes the state usable again.
 */
#define LUA_CORE

#include "lprefix.h"

#include "lua.h"

#include "ldebug.h"
#include "ldo.h"
#include "lstate.h"

/**
 * lua_matchstep() - count a step of pattern matching
 * @L: the state matching
 *
 * A step of the tick count (lua_settick()), as a call or a jump of the
 * virtual machine is: the tick function may raise an error, which ends
 * the match.
 */
void lua_matchstep(lua_State *L)
{
	luai_stepcall(L);
}

/**
 * lua_recover() - make a state usable after its panic function jumped out
 * @L: the main thread of the state, where no Lua code runs any more
 *
 * A panic leaves the thread that raised the error reset, and whatever was
 * running on the main thread abandoned: its count of nested C calls, its
 * hooks (off if the error came from a hook) and its stack. Resets the main
 * thread to an empty stack, as a new state's.
 */
void lua_recover(lua_State *L)
{
	lua_closethread(L, NULL);
	L->allowhook = 1;
	lua_settop(L, 0);
}
