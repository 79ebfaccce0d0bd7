-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: ways around the instruction budget of a softirq runtime

-- made while the body runs in process context
local spinner = coroutine.create(function() while true do end end)

function body_coroutine()
	local ok, err = coroutine.resume(spinner)
	return err
end

-- each coroutine runs less than the budget, all of them much more
function many_coroutines()
	for i = 1, 1000 do
		coroutine.wrap(function() for j = 1, 2000 do end end)()
	end
	return "survived"
end

function pcall_loop()
	while true do pcall(function() while true do end end) end
end

-- about 2^25 steps of backtracking in one call of string.find
function backtrack()
	local s = string.rep("a", 25)
	return string.find(s, string.rep("a?", 25) .. s)
end

-- loops whose turn is a test's jump, not OP_JMP
function repeat_until()
	local x = 0
	repeat x = x + 1 until x < 0
end

function until_equal()
	repeat local x = 0 until x == 1
end

-- a generic for whose iterator is a C function, which is no step
function c_iterator()
	for _ in rawlen, {1} do end
end

function loop(n)
	for i = 1, n do end
	return n
end
