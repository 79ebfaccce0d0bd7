#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-config.sh CONFIG FRAGMENT...: every option a fragment sets must be
# in CONFIG as set (merge_config.sh drops options whose dependencies are
# not met, without failing).

config=$1
shift
bad=0
for frag in "$@"; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n) opt=${line%%=*}
			grep -q "^$opt=" "$config" && { echo "$frag: $opt is set"; bad=1; } ;;
		CONFIG_*) grep -qx "$line" "$config" ||
			{ echo "$frag: $line did not stick: $(grep "^${line%%=*}[= ]" "$config" || echo unset)"; bad=1; } ;;
		esac
	done <"$frag"
done
exit $bad
