-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: resumed by resume_parent.lua with counter objects
return function(counter)
	counter:bump()
	counter = coroutine.yield()
	counter:bump()
	counter:bump()
end
