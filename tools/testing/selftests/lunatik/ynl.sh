#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "lunatik" netlink family driven by the kernel's generic YNL client,
# tools/net/ynl/cli.py, from its spec alone: run, list, stop, and the
# kernel's own checks of script names.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 4

require_module lunatik
modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"

src=/lib/modules/$(uname -r)/build/source
[ -d "$src" ] || src=/lib/modules/$(uname -r)/build
cli=$src/tools/net/ynl/cli.py
spec=$src/Documentation/netlink/specs/lunatik.yaml
if [ ! -f "$cli" ] || [ ! -f "$spec" ]; then
	ktap_skip_all "no kernel source with tools/net/ynl and the lunatik spec"
	exit "$KSFT_SKIP"
fi
ynl() {
	python3 "$cli" --spec "$spec" "$@"
}
install_scripts
s=$SCRIPTS

ynl --do run --json "{\"script\": \"$s/hello\", \"context\": \"softirq\"}" &&
	ynl --dump list | grep -q "'script': '$s/hello'"
ktap_test_result "cli.py runs a script, and the dump lists it" test $? -eq 0

ynl --dump list | grep -q "'context': 'softirq'"
ktap_test_result "the dump names the runtime's context" test $? -eq 0

ynl --do stop --json "{\"script\": \"$s/hello\"}" && ! ynl --dump list | grep -q "$s/hello"
ktap_test_result "cli.py stops it" test $? -eq 0

bad=0
for name in ../x /etc/passwd "$s/../$s/hello" "$s//hello" "$s/hello.lua" ""; do
	out=$(ynl --do run --json "{\"script\": \"$name\"}" 2>&1) && bad=1
	echo "# '$name': $(echo "$out" | tail -1)"
	echo "$out" | grep -q "invalid script name" || bad=1
done
[ $bad -eq 0 ] && [ -z "$(listed)" ]
ktap_test_result "the kernel refuses bad script names" test $? -eq 0

ktap_finished
