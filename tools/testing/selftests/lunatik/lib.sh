# SPDX-License-Identifier: GPL-2.0
#
# What the Lunatik selftests share: KTAP output, and a module check.

source "$(dirname "$(readlink -f "$0")")"/../kselftest/ktap_helpers.sh

# a test that cannot run here, with the reason
ktap_test_skip_why() {
	__ktap_test ok "$1" "SKIP $2"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# exit with SKIP when module $1 is built in, fail when it is missing
require_module() {
	if [ "$(modinfo -F filename "$1" 2>/dev/null)" = "(builtin)" ]; then
		ktap_skip_all "$1 is built in"
		exit "$KSFT_SKIP"
	fi
	modinfo "$1" >/dev/null 2>&1 || ktap_exit_fail_msg "$1.ko not found"
}
