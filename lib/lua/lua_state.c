// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What the kernel needs of Lua's internal state.
 *
 * Pattern matching runs in one C function, so the count hook that bounds
 * a script (Lunatik's instruction budget, its rescheduling) would see one
 * instruction for a match that backtracks for hours: lua_matchstep() counts
 * each step of the matcher as an instruction instead.
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
 * lua_matchstep() - count a step of pattern matching as an instruction
 * @L: the state matching
 *
 * Calls the count hook of @L when its count runs out, as the virtual
 * machine does after an instruction. The hook may raise an error, which
 * ends the match.
 */
void lua_matchstep(lua_State *L)
{
	if (!(L->hookmask & LUA_MASKCOUNT) || --L->hookcount != 0)
		return;
	resethookcount(L);
	luaD_hook(L, LUA_HOOKCOUNT, -1, 0, 0);
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
