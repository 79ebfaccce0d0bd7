-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: an error whose message fails in the error handler
error(setmetatable({}, {__tostring = function() error("again") end}))
