-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: what handlers that call Lua without protection meet
notanumber = "forty-two"
answer = 42

function fail()
	error("failed")
end

function spin()
	while true do end
end
