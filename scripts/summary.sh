#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# summary.sh REPORT...: list the skipped and failed results of the reports
# (lines "PASS name", "FAIL name: why", "SKIP name: why") and end with the
# line "N passed, N failed". Exit status 1 when anything failed.

cat "$@" | awk '
	/^PASS / { pass++; infail = 0 }
	/^FAIL / { fail++; failed = failed "\n" $0; infail = 1; next }
	/^SKIP / { skip++; skipped = skipped "\n" $0; infail = 0 }
	/^    \|/ { if (infail) failed = failed "\n" $0; next }
	{ infail = 0 }
	END {
		if (skip) printf "skipped (%d):%s\n", skip, skipped
		if (fail) printf "failed (%d):%s\n", fail, failed
		printf "%d passed, %d failed\n", pass, fail
		exit fail > 0
	}'
