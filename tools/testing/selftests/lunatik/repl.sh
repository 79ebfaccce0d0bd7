#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The REPL of the lunatik tool, fed on stdin: values, errors that do not
# end the session, multi-line chunks, state kept between lines, and the
# REPL runtime freed when the tool exits.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 5

require_module lunatik
modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"

err=$(mktemp)
out=$(lunatik 2>"$err" <<'LUA'
return 42
x = 20
return x + 1, "one", nil
foo()
function twice(n)
	return n * 2
end
return twice(x)
return "still here"
LUA
)
status=$?
echo "$out" | sed 's/^/# stdout: /'
sed 's/^/# stderr: /' "$err"

[ "$(echo "$out" | sed -n 1p)" = 42 ]
ktap_test_result "an expression's value is printed" test $? -eq 0

[ "$(echo "$out" | sed -n 2p)" = "$(printf '21\tone\tnil')" ]
ktap_test_result "globals stay between lines; several values are tab-separated" test $? -eq 0

grep -q "attempt to call a nil value (global 'foo')" "$err" &&
	[ "$(echo "$out" | sed -n 4p)" = "still here" ] && [ $status -eq 0 ]
ktap_test_result "an error is printed and the session goes on" test $? -eq 0

[ "$(echo "$out" | sed -n 3p)" = 40 ]
ktap_test_result "a multi-line chunk runs once complete" test $? -eq 0
rm -f "$err"

# the REPL runtime holds the lunatik module once it requires it: the
# reference goes when the tool exits and its socket closes
refs() {
	cat /sys/module/lunatik/refcnt
}
before=$(refs)
coproc REPL { lunatik 2>&1; }
echo 'return require("lunatik") ~= nil' >&"${REPL[1]}"
read -r -t 60 answer <&"${REPL[0]}"
during=$(refs)
exec {REPL[1]}>&-
wait "$REPL_PID"
after=$(refs)
echo "# require: $answer; lunatik refcnt before $before, during $during, after $after"
[ "$answer" = true ] && [ "$during" -eq $((before + 1)) ] && [ "$after" -eq "$before" ]
ktap_test_result "the REPL runtime is freed when the tool exits" test $? -eq 0

ktap_finished
