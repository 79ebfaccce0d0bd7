-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/examples/keylocker.lua: the Konami code locks the
-- console keyboard, and unlocks it: while it is locked, no key reaches
-- the console.
--
-- usage: $ sudo lunatik run examples/keylocker
--        <up> <up> <down> <down> <left> <right> <left> <right> <lctrl> <lalt>
--        (locked; the same keys again unlock)
--        $ sudo lunatik stop examples/keylocker

local notifier = require("notifier")

local kbd, notify = notifier.kbd, notifier.notify

-- keycodes of <linux/input-event-codes.h>
local UP, DOWN, LEFT, RIGHT, LCTRL, LALT = 103, 108, 105, 106, 29, 56
local konami = {UP, UP, DOWN, DOWN, LEFT, RIGHT, LEFT, RIGHT, LCTRL, LALT}

local recent = {}	-- the last keys pressed, as many as the code has
local locked = false

-- a key pressed: the code is typed when the last keys are the code
local function press(key)
	table.insert(recent, key)
	if #recent > #konami then
		table.remove(recent, 1)
	end
	for i, code in ipairs(konami) do
		if recent[i] ~= code then
			return
		end
	end
	recent = {}
	locked = not locked
end

-- a keycode event comes first, and stopping it stops the key's others
local function keyboard(event, down, shift, key)
	if event == kbd.KEYCODE and down then
		press(key)
	end
	return locked and notify.STOP or notify.DONE
end

notifier.keyboard(keyboard)
