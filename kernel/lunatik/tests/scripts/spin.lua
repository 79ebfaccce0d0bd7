-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a callback that never ends
function spin()
	while true do end
end
