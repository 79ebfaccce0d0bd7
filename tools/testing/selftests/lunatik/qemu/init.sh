#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test guest. The host's root is the guest's root (virtio-9p,
# read-only); the kernel passes LUNATIK_TOP (the repository),
# LUNATIK_MODE and, for another kernel than build/kbuild's,
# LUNATIK_MODROOT (where its modules are installed) from its command line.
#
#   check	load the KUnit modules, run the installed kselftests, scan for
#		leaks, power off
#   kunit	only the KUnit modules
#   kselftest	only the kselftests
#   boot	only the kselftest of boot scripts (boot.sh), for a kernel
#		started with lunatik.init=, or the kselftests LUNATIK_TESTS
#		lists (separated by commas)
#   run		show Lua at work, then a shell (LUNATIK_SHELL=1)
#   vm		an interactive shell (LUNATIK_SHELL=1)
#   bench	run lunatik_bench.ko, bench_device.sh and bench_vm.sh, show
#		their figures
#   soak	soak.sh: run/stop cycles of a script that allocates, makes
#		objects and fails, then kmemleak and /proc/meminfo
#		(LUNATIK_SOAK_CYCLES, LUNATIK_SOAK_TOOL_CYCLES)
#   exec	run the script LUNATIK_EXEC, then power off
#
# The kernel log goes to the console (ttyS0). Test output and the lines
# starting with "lunatik-harness:" go to LUNATIK_OUT: ttyS1 when the host
# keeps it in a file of its own, so that kernel messages never break a
# result line, else the console.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
top=${LUNATIK_TOP:?}
build=$top/build
# the lunatik tool, as the kselftests installed it (LUNATIK_KSFT: for
# another kernel than the test kernel, the bench kernel's)
export PATH=${LUNATIK_KSFT:-$build/kselftest}/lunatik:$PATH

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
# a writable /tmp, which must not hide a repository that lives under it
mkdir /run/hosttmp
mount --bind /tmp /run/hosttmp
mount -t tmpfs tmpfs /tmp
case $top in
/tmp/*)
	mkdir -p "$top"
	mount --bind "/run/hosttmp/${top#/tmp/}" "$top"
	;;
esac
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t tmpfs tmpfs /dev/shm
# what udev would make (the kselftest runner writes to /dev/stdout)
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr

# the modules just built, where modprobe and request_module() look, and
# the scripts where Lunatik looks
mount -t tmpfs tmpfs /lib/modules
ln -s "${LUNATIK_MODROOT:-$build/modroot}/lib/modules/$(uname -r)" "/lib/modules/$(uname -r)"
mkdir /lib/modules/lua
ln -s "$top/kernel/lunatik/tests/scripts" /lib/modules/lua/lunatik_test
# the samples, as "make -C samples/lunatik install" installs them
make -s -C "$top/samples/lunatik" install >/dev/null

hostname lunatik
out=/dev/${LUNATIK_OUT:-console}
say() {
	echo "lunatik-harness: $*" >$out
}
say "booted $(uname -r)"

poweroff() {
	say done
	busybox reboot -f
}

kunit_modules() {
	dir=/lib/modules/$(uname -r)
	for m in $(sed -n -e 's|.*/\([^/]*_kunit\)\.ko.*|\1|p' "$dir/modules.order" 2>/dev/null); do
		echo "lunatik-harness: kunit $m" >/dev/kmsg
		modprobe "$m" || say "modprobe $m failed"
		modprobe -r "$m"	# and the modules it pulled in
	done
}

kselftests() {
	say "kselftest begin"
	(cd "$build/kselftest" && ./run_kselftest.sh) >$out 2>&1
	say "kselftest end"
}

# kmemleak reports only objects older than 5 seconds: wait that long after
# the tests before the last scan
leaks() {
	k=/sys/kernel/debug/kmemleak
	[ -w $k ] || return 0
	sleep 6
	echo scan >$k
	say "kmemleak begin"
	cat $k >$out
	say "kmemleak end"
}

# LUNATIK_SHELL=1 when the host side of the console is a terminal; $1:
# a command to run there first (the REPL), then the shell
shell() {
	if [ "${LUNATIK_SHELL:-0}" = 1 ]; then
		setsid busybox cttyhack sh -c "${1:+$1; echo '(the shell; exit to power off)'; }exec sh -l"
	else
		echo "lunatik-harness: no terminal, no shell"
	fi
}

case ${LUNATIK_MODE:-check} in
check)
	kunit_modules
	kselftests
	leaks
	;;
kunit)
	kunit_modules
	leaks
	;;
kselftest)
	kselftests
	leaks
	;;
boot)
	tests=
	for t in $(echo "${LUNATIK_TESTS:-boot.sh}" | tr , ' '); do
		tests="$tests -t lunatik:$t"
	done
	say "kselftest begin"
	(cd "$build/kselftest" && ./run_kselftest.sh $tests) >$out 2>&1
	say "kselftest end"
	leaks
	;;
run)
	sh "$top/tools/testing/selftests/lunatik/qemu/demo.sh" >$out 2>&1
	shell lunatik
	;;
vm)
	shell
	;;
bench)
	# figures on a jiffies clock (when the TSC failed to calibrate under
	# TCG) are only as fine as a tick: say which clock measured them
	echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)" >$out
	modprobe lunatik_bench 2>/dev/null	# logs its figures, then -EAGAIN
	dmesg | sed -n -e 's/^\[[^]]*\] lunatik_bench: //p' >>$out
	sh "$top/tools/testing/selftests/lunatik/qemu/bench_device.sh" >>$out 2>&1
	sh "$top/tools/testing/selftests/lunatik/qemu/bench_vm.sh" >>$out 2>&1
	;;
soak)
	bash "$top/tools/testing/selftests/lunatik/qemu/soak.sh" >$out 2>&1
	;;
exec)
	sh "${LUNATIK_EXEC:?}" >$out 2>&1
	;;
esac
poweroff
