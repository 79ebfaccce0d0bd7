#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages that building and testing Lunatik need.
# Idempotent: when everything is present it only runs dpkg-query.

set -e

PKGS="build-essential flex bison bc kmod cpio rsync xz-utils
libelf-dev libssl-dev dwarves python3 python3-yaml python3-jsonschema ccache
pkg-config libedit-dev lua5.4
qemu-system-x86 busybox-static linux-source-6.12
clang llvm libbpf-dev libxtables-dev iptables iproute2"

if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi

# The test guest mounts its modules on /lib/modules, which a machine that
# never had a kernel package (a container) lacks.
[ -d /lib/modules ] || $SUDO mkdir -p /lib/modules

missing=
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
