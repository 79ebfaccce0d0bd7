#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel in QEMU with the host's root as the guest's root
# (virtio-9p, read-only) and init.sh as PID 1.
#
#   boot.sh [-t SECONDS] [-i INITRAMFS] BZIMAGE MODE [OUTDIR] [KERNEL-ARGS...]
#
# MODE is an init.sh mode. An INITRAMFS (a cpio archive without /init) is
# unpacked before the root is mounted. With OUTDIR, the kernel log is kept in
# OUTDIR/console.log and the test output in OUTDIR/results.log, and a
# guest that has not powered off after SECONDS (default 1200) is killed:
# exit status 124. Without OUTDIR the console is this terminal.

set -u

timeout=1200
initrd=()
while [ $# -ge 2 ]; do
	case $1 in
	-t) timeout=$2 ;;
	-i) initrd=(-initrd "$2") ;;
	*) break ;;
	esac
	shift 2
done
[ $# -ge 2 ] || { echo "usage: boot.sh [-t SECONDS] [-i INITRAMFS] BZIMAGE MODE [OUTDIR] [ARGS...]" >&2; exit 2; }
kernel=$1
mode=$2
outdir=${3:-}
shift 2
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/../../../../.." && pwd)

shell=0
[ -z "$outdir" ] && [ -t 0 ] && [ -t 1 ] && shell=1
out=ttyS1
[ -z "$outdir" ] && out=console

cmdline="console=ttyS0 root=/dev/root rootfstype=9p ro"
cmdline+=" rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose"
cmdline+=" init=$top/tools/testing/selftests/lunatik/qemu/init.sh"
cmdline+=" panic=-1 LUNATIK_TOP=$top LUNATIK_MODE=$mode LUNATIK_SHELL=$shell LUNATIK_OUT=$out"
cmdline+=" $*"

qemu=(qemu-system-x86_64 -machine pc,accel=tcg -cpu max -smp 2 -m 2G
	-nodefaults -display none -no-reboot
	-kernel "$kernel" "${initrd[@]}" -append "$cmdline"
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=/dev/root)

if [ -z "$outdir" ]; then
	exec "${qemu[@]}" -serial mon:stdio -serial null
fi

mkdir -p "$outdir"
rm -f "$outdir/console.log" "$outdir/results.log"
timeout -k 10 "$timeout" "${qemu[@]}" \
	-serial "file:$outdir/console.log" -serial "file:$outdir/results.log" \
	</dev/null
