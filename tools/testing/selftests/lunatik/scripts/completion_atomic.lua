-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A softirq runtime's script for completion.sh: what such a runtime may
-- and may not do with the "completion" module.
return function(c)
	local ok, err = pcall(c.wait, c, 10)
	assert(not ok and err:find("completion.wait: cannot sleep in a softirq runtime", 1, true), err)
	assert(c:wait(0) == nil)
	c:complete()
	assert(c:wait(0) == true)
	c:complete()
end
