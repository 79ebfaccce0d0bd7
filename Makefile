# SPDX-License-Identifier: GPL-2.0
#
# Lunatik: Lua in the Linux kernel, as a kernel tree overlay plus a patch
# series. Everything is built under build/ (see README.md):
#
#   build/linux	the Linux 6.12 tree from Debian's linux-source-6.12, with
#		the overlay and patches/ applied (scripts/apply.sh)
#   build/kbuild	the O= build directory of the test kernel
#   build/modroot	its modules, as installed for the guest
#   build/kselftest	the installed kselftests
#   build/ccache	the compiler cache

SHELL := /bin/bash
TOP := $(CURDIR)
B := $(TOP)/build
KDIR := $(B)/linux
KBUILD := $(B)/kbuild
QEMU := $(TOP)/tools/testing/selftests/lunatik/qemu
JOBS ?= $(shell nproc)

# outside the checkout, so that a fresh clone (CI) still finds it
export CCACHE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/lunatik/ccache
export CCACHE_MAXSIZE ?= 5G

KMAKE = $(MAKE) -s -C $(KDIR) O=$(1) ARCH=x86_64 CC="ccache gcc" \
	HOSTCC="ccache gcc" -j$(JOBS)

FRAGMENTS := $(QEMU)/kernel.config $(QEMU)/debug.config \
	$(TOP)/tools/testing/selftests/lunatik/config
BZIMAGE := $(KBUILD)/arch/x86/boot/bzImage

.PHONY: all deps tree kernel check ynl kunit kselftest bench bench-kernel soak run vm clean \
	distclean

all: kernel

# Debian packages, the kernel tree, the overlay
deps:
	@$(TOP)/scripts/deps.sh
	@$(MAKE) -s tree

tree: $(KDIR)/Makefile
	@$(TOP)/scripts/apply.sh $(KDIR)

$(KDIR)/Makefile:
	@$(TOP)/scripts/deps.sh
	@echo "  EXTRACT build/linux from /usr/src/linux-source-6.12.tar.xz"
	@rm -rf $(KDIR) $(B)/linux-source-6.12
	@mkdir -p $(B)
	@tar -C $(B) -xf /usr/src/linux-source-6.12.tar.xz
	@mv $(B)/linux-source-6.12 $(KDIR)

# the test kernel: tinyconfig + harness + selftest config + debug options
$(KBUILD)/.config: $(FRAGMENTS) | tree
	@mkdir -p $(KBUILD)
	@$(call KMAKE,$(KBUILD)) tinyconfig >/dev/null
	@$(KDIR)/scripts/kconfig/merge_config.sh -m -O $(KBUILD) \
		$(KBUILD)/.config $(FRAGMENTS) >/dev/null
	@$(call KMAKE,$(KBUILD)) olddefconfig
	@$(TOP)/scripts/check-config.sh $(KBUILD)/.config $(FRAGMENTS)

kernel: tree $(KBUILD)/.config
	@echo "  BUILD   build/kbuild (log: build/kbuild.log)"
	@$(call KMAKE,$(KBUILD)) bzImage modules >$(B)/kbuild.log 2>&1 || \
		{ tail -40 $(B)/kbuild.log; exit 1; }
	@rm -rf $(B)/modroot
	@$(call KMAKE,$(KBUILD)) INSTALL_MOD_PATH=$(B)/modroot modules_install \
		>>$(B)/kbuild.log 2>&1
	@rm -rf $(B)/kselftest
	@$(call KMAKE,$(KBUILD)) TARGETS=lunatik \
		KSFT_INSTALL_PATH=$(B)/kselftest kselftest-install \
		>>$(B)/kbuild.log 2>&1 || { tail -20 $(B)/kbuild.log; exit 1; }

# boot the guest, run one init.sh mode, report
define boot_and_report
	@$(QEMU)/boot.sh $(BZIMAGE) $(1) $(B)/guest-$(1); \
	$(QEMU)/report.py $(KDIR) $(B)/guest-$(1) $$? \
		>$(B)/guest-$(1)/report.txt
	@$(TOP)/scripts/summary.sh $(B)/guest-$(1)/report.txt
endef

kunit: kernel
	$(call boot_and_report,kunit)

kselftest: kernel
	$(call boot_and_report,kselftest)

check:
	@$(TOP)/scripts/check.sh

# regenerate the netlink code from Documentation/netlink/specs/lunatik.yaml
ynl: tree
	@$(TOP)/scripts/ynl.sh $(KDIR)

# the bench kernel: the test kernel's configuration without the debug
# options (KASAN, kmemleak, lockdep make every allocation ~100x dearer),
# built as distributions build theirs (bench.config: -O2, per-CPU slab
# caches), in a build directory of its own
KBENCH := $(B)/kbuild-bench
BENCH_FRAGMENTS := $(QEMU)/kernel.config $(TOP)/tools/testing/selftests/lunatik/config \
	$(QEMU)/bench.config

$(KBENCH)/.config: $(BENCH_FRAGMENTS) | tree
	@mkdir -p $(KBENCH)
	@$(call KMAKE,$(KBENCH)) tinyconfig >/dev/null
	@$(KDIR)/scripts/kconfig/merge_config.sh -m -O $(KBENCH) \
		$(KBENCH)/.config $(BENCH_FRAGMENTS) >/dev/null
	@$(call KMAKE,$(KBENCH)) olddefconfig
	@$(TOP)/scripts/check-config.sh $(KBENCH)/.config $(BENCH_FRAGMENTS)

bench-kernel: tree $(KBENCH)/.config
	@echo "  BUILD   build/kbuild-bench (log: build/kbuild-bench.log)"
	@$(call KMAKE,$(KBENCH)) bzImage modules >$(B)/kbuild-bench.log 2>&1 || \
		{ tail -40 $(B)/kbuild-bench.log; exit 1; }
	@rm -rf $(B)/modroot-bench $(B)/kselftest-bench
	@$(call KMAKE,$(KBENCH)) INSTALL_MOD_PATH=$(B)/modroot-bench modules_install \
		>>$(B)/kbuild-bench.log 2>&1
	@$(call KMAKE,$(KBENCH)) TARGETS=lunatik \
		KSFT_INSTALL_PATH=$(B)/kselftest-bench kselftest-install \
		>>$(B)/kbuild-bench.log 2>&1 || { tail -20 $(B)/kbuild-bench.log; exit 1; }

# on the bench kernel: the cost of the C API, as ratios against a plain C
# call, and of a kprobe with a Lua handler against an empty C one
# (lunatik_bench.c); of a read of a Lua device against /dev/zero
# (bench_device.sh); and the in-kernel Lua VM against Debian's lua5.4 on
# the same scripts, CPU- and allocation-bound, with the same sources
# built as a user program beside them (bench_vm.sh).
# The emulated CPU has no enhanced IBRS, so the kernel would protect its
# indirect branches with retpolines, which TCG runs at several times the
# cost of a branch, on every dispatch of the VM: spectre_v2=off boots it
# as it boots on the CPUs that need no retpolines (eIBRS), and as user
# space, with which it is compared, always runs.
bench: bench-kernel
	@$(MAKE) -s -C $(TOP)/scripts/hostlua O=$(B)/hostlua
	@$(QEMU)/boot.sh -t 900 $(KBENCH)/arch/x86/boot/bzImage bench $(B)/guest-bench \
		LUNATIK_MODROOT=$(B)/modroot-bench LUNATIK_KSFT=$(B)/kselftest-bench \
		spectre_v2=off; \
	grep -v '^lunatik-harness:' $(B)/guest-bench/results.log

# SOAK_CYCLES runs and stops of a script that allocates, makes objects
# and fails, from inside the kernel, and SOAK_TOOL_CYCLES through the
# tool; then kmemleak, /proc/meminfo and the kernel log (qemu/soak.sh).
# Not part of make check: the debug kernel under TCG takes its time, so
# the guest may run for a second per cycle before it is killed.
SOAK_CYCLES ?= 10000
SOAK_TOOL_CYCLES ?= 200
soak: kernel
	@$(QEMU)/boot.sh -t $$((900 + $(SOAK_CYCLES) + 2 * $(SOAK_TOOL_CYCLES))) \
		$(BZIMAGE) soak $(B)/guest-soak LUNATIK_SOAK_CYCLES=$(SOAK_CYCLES) \
		LUNATIK_SOAK_TOOL_CYCLES=$(SOAK_TOOL_CYCLES); \
	$(QEMU)/report.py $(KDIR) $(B)/guest-soak $$? >$(B)/guest-soak/report.txt; \
	tr -d '\r' <$(B)/guest-soak/results.log | grep '^soak: '; \
	tr -d '\r' <$(B)/guest-soak/results.log | grep -E '^(PASS|FAIL) soak' \
		>>$(B)/guest-soak/report.txt || \
		echo 'FAIL soak: no verdict in build/guest-soak/results.log' \
		>>$(B)/guest-soak/report.txt
	@$(TOP)/scripts/summary.sh $(B)/guest-soak/report.txt

# Lua at work in the kernel; on a terminal, a shell in the guest afterwards
run: kernel
	@if [ -t 0 ] && [ -t 1 ]; then \
		$(QEMU)/boot.sh $(BZIMAGE) run; \
	else \
		$(QEMU)/boot.sh -t 300 $(BZIMAGE) run $(B)/guest-run; \
		grep -v '^lunatik-harness:' $(B)/guest-run/results.log || true; \
	fi

vm: kernel
	@$(QEMU)/boot.sh $(BZIMAGE) vm

clean:
	rm -rf $(KBUILD) $(B)/kbuild-y $(B)/modroot $(B)/kselftest \
		$(B)/check $(B)/guest-* $(B)/*.log

distclean:
	rm -rf $(B)
