#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything a change must pass. Each step writes result lines
# (PASS/FAIL/SKIP, see summary.sh) to build/check/; the last line printed
# is "N passed, N failed", and the exit status is non-zero on any failure.
#
#  1. scripts/apply.sh: idempotent, refuses what is not a kernel tree;
#     the generated netlink code is up to date with its spec
#  2. the test kernel builds, with no warning in our files
#  3. the Lua objects hold no floating-point instruction; the dialect
#     builds for the host (scripts/hostlua) and passes Lua's test files there
#  4. the kernel builds with lib/lua and kernel/lunatik built in (=y) too,
#     without warnings
#  5. checkpatch --strict on our own C files; kernel-doc -Wall on the core
#  6. the guest: KUnit, kselftests, kmemleak, kernel log; it boots as
#     soon as the test kernel is checked (3), runs beside steps 3-8 and
#     reports last
#  7. a second boot, with boot scripts (lunatik.init=)
#  8. the =y kernel boots: Lunatik's KUnit suites at boot, boot scripts
#     from an initramfs, and a smoke set of kselftests (the =m guest ran
#     them all, and lib/lua's KUnit suites)

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
b=$top/build
out=$b/check
kdir=$b/linux
jobs=$(nproc)
export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/lunatik/ccache}

rm -rf "$out"
mkdir -p "$out"
res=$out/results.txt
: >"$res"

pass() { echo "PASS $*" | tee -a "$res"; }
fail() { echo "FAIL $*" | tee -a "$res"; }

# each step's wall time, printed when it ends and again at the end
phase=
phase_start=$SECONDS
phases=()
endstep() {
	[ -n "$phase" ] || return 0
	phases+=("$(printf '%6d s  %s' $((SECONDS - phase_start)) "$phase")")
	echo "-- $phase: $((SECONDS - phase_start)) s"
	phase=
}
step() {
	endstep
	phase=$*
	phase_start=$SECONDS
	echo "== $*"
}

finish() {
	endstep
	echo
	echo "step times:"
	printf '  %s\n' "${phases[@]}"
	printf '  %6d s  total\n' "$SECONDS"
	echo
	"$top/scripts/summary.sh" "$res"
	exit $?
}

# our files: everything in the overlay but the imported Lua sources
own_sources() {
	(cd "$top" && git ls-files -- lib/lua samples tools/lunatik kernel/lunatik \
		include/linux/lunatik.h include/linux/lua | grep -E '\.(c|h|S)$' |
		grep -vE '^(lib/lua|include/linux/lua)/l[a-z0-9]+\.[ch]$')
}


# the Lua modules: each binding is a "config LUNATIK_<NAME>" block of
# kernel/lunatik/Kconfig, but the tests' and the benchmark's
kconfig_bindings() {
	sed -n 's/^config \(LUNATIK_[A-Z0-9_]*\)$/\1/p' "$top/kernel/lunatik/Kconfig" |
		grep -vxE 'LUNATIK_(KUNIT_TEST|BENCH)'
}

step "dependencies and kernel tree"
make -s -C "$top" deps || { fail "make deps"; finish; }

step "apply.sh"
if "$top/scripts/apply.sh" "$kdir" && "$top/scripts/apply.sh" --check "$kdir" >"$out/apply.txt"; then
	pass "apply.sh: a second run changes nothing"
else
	fail "apply.sh: a second run changes nothing: $(cat "$out/apply.txt")"
fi
notree=$(mktemp -d)
if msg=$("$top/scripts/apply.sh" "$notree" 2>&1); then
	fail "apply.sh refuses a directory that is not a kernel tree"
elif echo "$msg" | grep -q "is not a Linux kernel tree"; then
	pass "apply.sh refuses a directory that is not a kernel tree"
else
	fail "apply.sh refuses a directory that is not a kernel tree: $msg"
fi
rmdir "$notree"

step "generated netlink code"
if msg=$("$top/scripts/ynl.sh" --check "$kdir" 2>&1); then
	pass "ynl: the committed netlink code is what the spec generates"
else
	fail "ynl: the committed netlink code is what the spec generates: $msg"
fi

step "selftests' config"
missing=$(for c in $(kconfig_bindings); do
	grep -qx "CONFIG_$c=m" "$top/tools/testing/selftests/lunatik/config" || echo "$c"; done)
if [ -z "$missing" ]; then
	pass "selftests/lunatik/config builds every binding of kernel/lunatik/Kconfig as a module"
else
	fail "selftests/lunatik/config builds every binding of kernel/lunatik/Kconfig as a module: missing $(echo $missing)"
fi

step "test kernel"
if ! make -s -C "$top" kernel; then
	fail "build: the test kernel builds (see build/kbuild.log)"
	finish
fi
pass "build: the test kernel builds"
# warnings in our files, from the compiler, the linker or objtool
own_warnings() {
	grep -E '(warning|error):' "$1" | grep -E 'lib/lua|samples/lua|lunatik' |
		grep -v 'objtool: .*: ' | sort -u
	grep -E 'objtool: .*(lib/lua|lunatik|lua)' "$1" | sort -u
}
w=$(own_warnings "$b/kbuild.log" | sort -u)
if [ -z "$w" ]; then
	pass "build: no warnings in our files (CONFIG_LUA=m)"
else
	fail "build: no warnings in our files (CONFIG_LUA=m): $w"
fi

step "no floating point in the Lua objects"
fp='%[xyz]mm[0-9]|%st\b|%st\(|\bf(ld|st|add|sub|mul|div|ild|ist|comi|ucomi|xch|init|wait|xsave|xrstor)[a-z]*\b|\bcvt[a-z0-9]+\b|\b(u?comis[sd]|movs[sd]|mov[au]p[sd]|ldmxcsr|stmxcsr|emms)\b'
hits=$(objdump -d --no-show-raw-insn "$b/kbuild/lib/lua/lua.ko" | grep -E "$fp" | head -5)
if [ -n "$hits" ]; then
	fail "objdump: no SSE or x87 instruction in lua.ko: $hits"
else
	pass "objdump: no SSE or x87 instruction in lua.ko ($(objdump -d "$b/kbuild/lib/lua/lua.ko" | grep -c '^ ') instructions)"
fi

step "what lua.ko exports"
# GPL-only exports, and never the allocator's setter or getter: a module
# could otherwise take a state out of its quota
ko=$b/kbuild/lib/lua/lua.ko
syms=$(nm "$ko")
if readelf -S "$ko" | grep -qE '__ksymtab[[:space:]]'; then
	fail "lua.ko: every export is EXPORT_SYMBOL_GPL: $(readelf -S "$ko" | grep -E '__ksymtab[[:space:]]')"
elif echo "$syms" | grep -qE '__ksymtab_lua_(set|get)allocf$'; then
	fail "lua.ko: lua_setallocf and lua_getallocf are not exported"
elif ! echo "$syms" | grep -qE '__ksymtab_lua_newstate$'; then
	fail "lua.ko: lua_newstate is exported"
else
	pass "lua.ko: $(echo "$syms" | grep -c ' __ksymtab_') GPL-only exports, not lua_setallocf nor lua_getallocf"
fi

# the =m guest is the longest step, and QEMU keeps about one host CPU
# busy: it starts now, and every step after it runs beside it, niced,
# until its report at the end. Its timeout leaves room for a slower
# machine than this one, where the guest runs in about 13 minutes.
guest_start=$SECONDS
"$top/tools/testing/selftests/lunatik/qemu/boot.sh" -t 2700 \
	"$b/kbuild/arch/x86/boot/bzImage" check "$out/guest" &
guest=$!
# an interrupted make check takes its guest with it
trap 'pkill -TERM -P $guest; exit 130' INT TERM
renice -n 10 -p $$ >/dev/null

step "hostlua: the dialect on the host"
# the same sources and public headers built for the host, with libc: it
# must keep building, and pass Lua's adapted test files there too
if make -s -C "$top/scripts/hostlua" O="$b/hostlua" -j"$jobs" >"$out/hostlua.log" 2>&1; then
	pass "hostlua: builds from lib/lua and include/linux/lua"
	for t in "$top"/lib/lua/tests/testes/*.lua; do
		n=${t##*/}
		if (cd "${t%/*}" && "$b/hostlua/hostlua" "$n") >>"$out/hostlua.log" 2>&1; then
			pass "hostlua: testes/$n"
		else
			fail "hostlua: testes/$n (see build/check/hostlua.log)"
		fi
	done
else
	fail "hostlua: builds from lib/lua and include/linux/lua (see build/check/hostlua.log)"
fi

step "CONFIG_LUA=y, CONFIG_LUNATIK=y"
# the same kernel with everything built in, and initramfs support for the
# boot scripts; X86_KERNEL_IBT off, as this step always had it (=y with IBT
# is not checked yet)
ky=$b/kbuild-y
mkdir -p "$ky"
cp "$b/kbuild/.config" "$ky/.config"
"$kdir/scripts/config" --file "$ky/.config" -e LUA -e LUA_KUNIT_TEST \
	-e LUNATIK -e LUNATIK_KUNIT_TEST -d X86_KERNEL_IBT -e BLK_DEV_INITRD \
	$(for c in $(kconfig_bindings); do echo "-e $c"; done)
rm -rf "$b/modroot-y"
if make -s -C "$kdir" O="$ky" ARCH=x86_64 CC="ccache gcc" olddefconfig >"$out/kbuild-y.log" 2>&1 &&
   make -C "$kdir" O="$ky" ARCH=x86_64 CC="ccache gcc" -j"$jobs" bzImage modules \
	>>"$out/kbuild-y.log" 2>&1 &&
   make -C "$kdir" O="$ky" ARCH=x86_64 INSTALL_MOD_PATH="$b/modroot-y" modules_install \
	>>"$out/kbuild-y.log" 2>&1; then
	w=$(own_warnings "$out/kbuild-y.log")
	notin=$(for c in LUNATIK BLK_DEV_INITRD $(kconfig_bindings); do
		grep -q "^CONFIG_$c=y" "$ky/.config" || echo "$c"; done)
	if [ -z "$w" ] && [ -z "$notin" ]; then
		pass "build: the kernel builds with lib/lua, kernel/lunatik and its Lua modules ($(kconfig_bindings | wc -l)) built in (=y), without warnings"
	else
		fail "build: the kernel builds with lib/lua and kernel/lunatik built in (=y), without warnings: $w${notin:+ not built in: $(echo $notin)}"
	fi
else
	fail "build: the kernel builds with lib/lua and kernel/lunatik built in (=y): $(tail -5 "$out/kbuild-y.log")"
fi

# Lua's API is CamelCase (lua_State...) and defined in the imported files,
# so that its exports cannot follow each definition; Lua's configuration
# macros (LUAI_TRY(L, c, a)...) have parameters fixed by Lua
step "checkpatch --strict"
for f in $(own_sources); do
	ignore=CAMELCASE,EXPORT_SYMBOL,MACRO_ARG_UNUSED
	# the Lunatik C API names its object type lunatik_object_t
	[ "$f" = include/linux/lunatik.h ] && ignore=$ignore,NEW_TYPEDEFS
	if r=$(cd "$top" && perl "$kdir/scripts/checkpatch.pl" --no-tree --strict \
		--ignore "$ignore" --terse -q --file "$f" 2>&1); then
		pass "checkpatch --strict: $f"
	else
		fail "checkpatch --strict: $f: $(echo "$r" | head -3)"
	fi
done

step "kernel-doc"
docs="include/linux/lunatik.h $(own_sources | grep -E '^kernel/lunatik/[^/]+\.c$' | tr '\n' ' ')"
if r=$(cd "$top" && perl "$kdir/scripts/kernel-doc" -none -Wall $docs 2>&1) && [ -z "$r" ]; then
	pass "kernel-doc -Wall: no warning in the Lunatik C API and core"
else
	fail "kernel-doc -Wall: no warning in the Lunatik C API and core: $(echo "$r" | head -3)"
fi

# boot scripts: a second boot with lunatik.init= on the command line
init=lunatik.init=selftest_lunatik/hello,selftest_lunatik/missing,selftest_lunatik/once
step "guest: boot scripts (lunatik.init=)"
"$top/tools/testing/selftests/lunatik/qemu/boot.sh" "$b/kbuild/arch/x86/boot/bzImage" boot \
	"$out/guest-boot" "$init"
"$top/tools/testing/selftests/lunatik/qemu/report.py" "$kdir" "$out/guest-boot" $? |
	tee -a "$res" | grep -v '^    |'

# everything built in: Lunatik's KUnit suites run at boot and the boot
# scripts come from an initramfs, with the scripts of the KUnit tests;
# then a smoke set of kselftests: a built-in binding driven from user space
bindings=boot.sh,device.sh
step "guest: built in (=y): KUnit at boot, boot scripts from an initramfs"
if [ -f "$ky/arch/x86/boot/bzImage" ]; then
	ird=$b/initramfs-y
	rm -rf "$ird"
	mkdir -p "$ird/lib/modules/lua/selftest_lunatik"
	cp -rL "$top/kernel/lunatik/tests/scripts" "$ird/lib/modules/lua/lunatik_test"
	cp "$top"/tools/testing/selftests/lunatik/scripts/*.lua "$ird/lib/modules/lua/selftest_lunatik/"
	(cd "$ird" && find . | cpio -o -H newc --quiet) >"$b/initramfs-y.cpio"
	"$top/tools/testing/selftests/lunatik/qemu/boot.sh" -i "$b/initramfs-y.cpio" \
		"$ky/arch/x86/boot/bzImage" boot "$out/guest-y" \
		"initramfs_async=0 kunit.filter_glob=lunatik* LUNATIK_MODROOT=$b/modroot-y $init LUNATIK_TESTS=$bindings"
	"$top/tools/testing/selftests/lunatik/qemu/report.py" "$kdir" "$out/guest-y" $? |
		sed 's/^\(PASS\|FAIL\|SKIP\) /\1 (=y) /' | tee -a "$res" | grep -v '^    |'
else
	fail "guest (=y): no kernel built in (see build/check/kbuild-y.log)"
fi

step "guest: KUnit, kselftests, leaks, kernel log (started before hostlua)"
wait $guest
rc=$?
"$top/tools/testing/selftests/lunatik/qemu/report.py" "$kdir" "$out/guest" $rc | tee -a "$res" | grep -v '^    |'
endstep
phases+=("$(printf '%6d s  %s' $((SECONDS - guest_start)) "guest (=m), start to report, beside the steps above")")

finish
