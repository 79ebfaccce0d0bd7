#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "lunatik" netlink family driven by the kernel's generic YNL client,
# tools/net/ynl/cli.py and its library, from the spec alone: run, list,
# stop, and the kernel's own checks of script names.

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
install_scripts
s=$SCRIPTS

# cli.py as a user runs it, once; then the same library (tools/net/ynl/lib,
# which cli.py drives) in one Python process, as starting Python is what
# takes time under emulation: one line per test, "ok" or the failure
out=$(python3 "$cli" --spec "$spec" --do run \
	--json "{\"script\": \"$s/hello\", \"context\": \"softirq\"}" 2>&1)
echo "$out" | sed 's/^/# cli.py: /'
results=$(python3 - "$src" "$s" 2>&1 <<'PY'
import sys

src, s = sys.argv[1], sys.argv[2]
sys.path.append(src + '/tools/net/ynl')
from lib import YnlFamily, NlError  # noqa: E402

ynl = YnlFamily(src + '/Documentation/netlink/specs/lunatik.yaml')


def listed():
    return {r['script']: r for r in ynl.dump('list', {})}


def check(ok, why):
    print('ok' if ok else why)


runtimes = listed()
print(f'# dump: {list(runtimes.values())}')
check(s + '/hello' in runtimes, f'{s}/hello not in the dump')
check(runtimes.get(s + '/hello', {}).get('context') == 'softirq',
      f'context: {runtimes.get(s + "/hello")}')
ynl.do('stop', {'script': s + '/hello'})
check(s + '/hello' not in listed(), 'still listed after stop')

bad = []
for name in ['../x', '/etc/passwd', f'{s}/../{s}/hello', f'{s}//hello',
             f'{s}/hello.lua', '']:
    try:
        ynl.do('run', {'script': name})
        bad.append(f"'{name}' ran")
    except NlError as e:
        msg = str(e).replace('\n', ' ')
        print(f"# '{name}': {msg[-120:]}")
        if 'invalid script name' not in msg:
            bad.append(f"'{name}': {msg}")
check(not bad and not listed(), '; '.join(bad) or f'listed: {listed()}')
PY
)
ktap_results "$results" "cli.py runs a script, and the dump lists it" \
	"the dump names the runtime's context" "the library stops it" \
	"the kernel refuses bad script names"

ktap_finished
