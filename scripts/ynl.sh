#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Generates the code of the "lunatik" netlink family from its spec with the
# kernel's ynl-gen-c.py: the uapi header, and the kernel's policies and
# operations. "make ynl" writes them into the tree; "--check" only says
# whether the committed copies are stale.
#
# usage: scripts/ynl.sh [--check] KDIR

set -e

check=0
if [ "$1" = --check ]; then
	check=1
	shift
fi
kdir=${1:?usage: $0 [--check] KDIR}
top=$(cd "$(dirname "$0")/.." && pwd)
spec=Documentation/netlink/specs/lunatik.yaml
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT

# the spec is read from the kernel tree, next to the schemas it names
cp "$top/$spec" "$kdir/$spec"
ynl() {
	(cd "$kdir" && python3 tools/net/ynl/ynl-gen-c.py --spec "$spec" "$@")
	# say how to regenerate, after the generator's own header
	sed -i '3a /* Regenerate with: make ynl (scripts/ynl.sh) */' "${@: -1}"
}
ynl --mode uapi --header -o "$gen/lunatik.h"
ynl --mode kernel --header -o "$gen/genl.h"
ynl --mode kernel --source -o "$gen/genl.c"

stale=0
for f in include/uapi/linux/lunatik.h:lunatik.h kernel/lunatik/genl.h:genl.h \
	 kernel/lunatik/genl.c:genl.c; do
	dst=${f%%:*}
	src=$gen/${f##*:}
	if [ $check = 1 ]; then
		cmp -s "$src" "$top/$dst" || { echo "$dst is stale: make ynl"; stale=1; }
	else
		cp "$src" "$top/$dst"
	fi
done
exit $stale
