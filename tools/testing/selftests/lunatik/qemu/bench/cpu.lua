-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make bench (bench_vm.sh), CPU-bound: calls, integer arithmetic and
-- loops, nothing allocated. Integers only, so that the kernel's Lua and
-- lua5.4 run the same code.
local function fib(n)
	if n < 2 then
		return n
	end
	return fib(n - 1) + fib(n - 2)
end

local function collatz(limit)
	local longest = 0
	for i = 1, limit do
		local n, steps = i, 0
		while n ~= 1 do
			if n % 2 == 0 then
				n = n // 2
			else
				n = 3 * n + 1
			end
			steps = steps + 1
		end
		if steps > longest then
			longest = steps
		end
	end
	return longest
end

return fib(27) + collatz(100000)
