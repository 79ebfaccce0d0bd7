-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: memory from the body (in process context: vmalloc for
-- large blocks) grown and freed by callbacks in atomic context
big = {}
for i = 1, 4096 do big[i] = i end	-- an array part of 64 KiB

function grow()
	for i = 4097, 8192 do big[i] = i end
	return #big
end

function drop()
	big = nil
	collectgarbage()
	return 0
end
