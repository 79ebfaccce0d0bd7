#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "completion" Lua module, through the REPL of the lunatik tool:
# loaded by require(); wait() times out, or returns at once after
# complete(), once per complete(); wait(0) only checks; a negative timeout
# is an error; a softirq runtime may complete but not sleep in wait().
# (A wait interrupted by a signal or by kthread_stop(), which returns nil
# and "interrupt", is tested by thread.sh, where a kernel thread waits.)

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 10

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"

install_scripts

# modular, it is unloaded for require() to load it
require_binding lunatik_completion
unloaded=$?

# each chunk returns a tag, then its results
run_chunks <<'LUA'
completion = require("completion")
return "loaded", type(completion)
c = completion.new()
c:complete()
return "once", c:wait()
c:complete() c:complete()
return "twice", c:wait(10), c:wait(10), c:wait(10)
c:complete()
return "poll", c:wait(0), c:wait(0)
function fails(f) local ok, e = pcall(f) return ok and "no error" or e end
return "negative", fails(function() return c:wait(-1) end), fails(function() return c:wait(math.mininteger) end)
do local x <close> = completion.new() closed = x end
return "closed", fails(function() closed:complete() end), fails(function() return c.wait(42) end)
rt = require("lunatik").runtime("selftest_lunatik/completion_atomic", false)
rt:resume(c)
rt:stop()
return "atomic", c:wait(0), c:wait(0)
return "end", "still here"
LUA

[ $unloaded -eq 0 ] && [ "$(value loaded)" = table ] && present lunatik_completion
ktap_test_result "require(\"completion\") loads lunatik_completion" test $? -eq 0

start=$(date +%s%N)
got=$(timeout 60 "$(lunatik_tool)" <<<'return require("completion").new():wait(100)')
ms=$((($(date +%s%N) - start) / 1000000))
echo "# wait(100) returned '$got' after $ms ms"
[ "$got" = "$(printf 'nil\ttimeout')" ] && [ $ms -ge 100 ]
ktap_test_result "wait(100) on a fresh completion times out after 100 ms" test $? -eq 0

[ "$(value once)" = true ]
ktap_test_result "complete() then wait() returns true" test $? -eq 0

start=$(date +%s%N)
got=$(timeout 60 "$(lunatik_tool)" <<<'local c = require("completion").new() c:complete() return c:wait(30000)')
ms=$((($(date +%s%N) - start) / 1000000))
echo "# wait(30000) after complete() returned '$got' after $ms ms"
[ "$got" = true ] && [ $ms -lt 30000 ]
ktap_test_result "wait() after complete() does not wait for its timeout" test $? -eq 0

[ "$(value twice)" = "$(printf 'true\ttrue\tnil\ttimeout')" ]
ktap_test_result "two complete() let two waits succeed, not three" test $? -eq 0

[ "$(value poll)" = "$(printf 'true\tnil\ttimeout')" ]
ktap_test_result "wait(0) checks without sleeping" test $? -eq 0

[ "$(grep -o 'negative timeout' <<<"$(value negative)" | wc -l)" -eq 2 ]
ktap_test_result "a negative timeout is an error" test $? -eq 0

[[ "$(value closed)" == *"object already released"*"completion expected"* ]]
ktap_test_result "a closed completion or another value is no completion" test $? -eq 0

[ "$(value atomic)" = "$(printf 'true\tnil\ttimeout')" ]
ktap_test_result "a softirq runtime completes, and cannot sleep in wait()" test $? -eq 0

[ "$(value end)" = "still here" ] && [ ! -s "$CHUNKS_ERR" ]
ktap_test_result "the session ran to its end without errors" test $? -eq 0
rm -f "$CHUNKS_ERR"

ktap_finished
