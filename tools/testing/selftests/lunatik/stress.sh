#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many run/stop cycles through the "lunatik" netlink family, in a row and
# from concurrent sockets, with the kernel's YNL library
# (tools/net/ynl/lib) so that the cost measured is the kernel's, not that
# of starting processes. Leaks show in the harness's kmemleak scan.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header

require_module lunatik
src=/lib/modules/$(uname -r)/build/source
[ -d "$src" ] || src=/lib/modules/$(uname -r)/build
if [ ! -f "$src/tools/net/ynl/lib/ynl.py" ] ||
   [ ! -f "$src/Documentation/netlink/specs/lunatik.yaml" ]; then
	ktap_skip_all "no kernel source with tools/net/ynl and the lunatik spec"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 3

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
install_scripts
for c in $(seq 0 7); do
	cp /lib/modules/lua/$SCRIPTS/hello.lua /lib/modules/lua/$SCRIPTS/client$c.lua
done

# prints "# ..." lines, then one line per test: "ok" or the failure
out=$(python3 - "$src" "$SCRIPTS" 2>&1 <<'PY'
import sys
import threading
import time

src, scripts = sys.argv[1], sys.argv[2]
sys.path.append(src + '/tools/net/ynl')
from lib import YnlFamily  # noqa: E402

spec = src + '/Documentation/netlink/specs/lunatik.yaml'


def cycles(ynl, script, n, dump=False):
    for _ in range(n):
        ynl.do('run', {'script': script, 'context': 'softirq'})
        if dump:
            ynl.dump('list', {})
        ynl.do('stop', {'script': script})


ynl = YnlFamily(spec)
n = 1000
try:
    start = time.monotonic()
    cycles(ynl, scripts + '/hello', n)
    us = (time.monotonic() - start) * 1e6 / n
    print(f'# {n} run/stop cycles from one socket: {us:.0f} us per cycle')
    print('ok')
except Exception as e:
    print(f'{n} cycles: {e}')

errors = []


def client(c):
    try:
        cycles(YnlFamily(spec), f'{scripts}/client{c}', 100, dump=True)
    except Exception as e:
        errors.append(f'client {c}: {e}')


threads = [threading.Thread(target=client, args=(c,)) for c in range(8)]
start = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f'# 8 sockets x 100 run/list/stop cycles: {time.monotonic() - start:.1f} s')
print('ok' if not errors else '; '.join(errors))

left = ynl.dump('list', {})
print('ok' if not left else f'runtimes left: {left}')
PY
)
ktap_results "$out" "1000 run/stop cycles from one socket" \
	"8 concurrent sockets, 100 run/list/stop cycles each" "no runtime is left"

ktap_finished
