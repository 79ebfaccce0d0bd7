-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: runtimes created and stopped by a script
local lunatik = require("lunatik")

child = lunatik.runtime("lunatik_test/hello")
forgotten = lunatik.runtime("lunatik_test/hello", false)	-- never stopped

function stop_child()
	child:stop()
	child:stop()	-- a second stop is harmless
	return "stopped"
end

function runtime_in_a_callback()
	local rt <close> = lunatik.runtime("lunatik_test/hello", false)
	return "closed"
end

function bad_child()
	local ok, err = pcall(lunatik.runtime, "../hello")
	return not ok and err:match("cannot run") and "refused"
end

function limited()
	local big = pcall(lunatik.runtime, "lunatik_test/limits", true, {quota = 512 * 1024})
	local rt <close> = lunatik.runtime("lunatik_test/limits", "softirq",
					    {quota = 4 << 20, budget = 1000})
	local bad = pcall(lunatik.runtime, "lunatik_test/hello", true, {quota = -1})
	local badcontext = pcall(lunatik.runtime, "lunatik_test/hello", "sometimes")
	return not big and not bad and not badcontext and "limited"
end
