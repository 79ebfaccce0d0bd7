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

# whether module $1 is built into the kernel
builtin() {
	[ "$(modinfo -F filename "$1" 2>/dev/null)" = "(builtin)" ]
}

# whether module $1 is in the kernel: built in, or loaded
present() {
	builtin "$1" || [ -d "/sys/module/$1" ]
}

# the kernel module $1 of a Lua module, built in or modular; unloaded when
# modular, so that the test sees require() load it: fails when it is
# modular and stays loaded
require_binding() {
	modinfo "$1" >/dev/null 2>&1 || ktap_exit_fail_msg "$1 is neither built in nor a module"
	builtin "$1" && return 0
	unload_with_holders "$1"
	# modprobe -r takes lunatik.ko too when nothing else holds it
	modprobe lunatik
	[ ! -d "/sys/module/$1" ]
}

# unload module $1 and, first, every module that holds it (what earlier
# tests left loaded, such as a module require() loaded for a script)
unload_with_holders() {
	local holder

	[ -d "/sys/module/$1" ] || return 0
	for holder in /sys/module/"$1"/holders/*; do
		[ -e "$holder" ] && unload_with_holders "$(basename "$holder")"
	done
	modprobe -r "$1" 2>/dev/null
}

# the path of the lunatik tool: installed next to the tests, or on the
# PATH. Called in a command substitution, it cannot end the test: without
# a tool it says so on stderr, and the command that needed it fails.
lunatik_tool() {
	local tool

	tool=$(dirname "$(readlink -f "$0")")/lunatik
	[ -x "$tool" ] || tool=$(command -v lunatik) ||
		{ echo "# no lunatik tool next to the tests or on the PATH" >&2; return 1; }
	echo "$tool"
}

lunatik() {
	"$(lunatik_tool)" "$@"
}

# the REPL of the tool on the chunks of stdin, one a line, each returning
# a tag and then its values, under timeout(1): a chunk that never ends is
# interrupted by its signal. CHUNKS holds what the chunks printed, the file
# CHUNKS_ERR what went to stderr; "value TAG" prints the values of TAG.
run_chunks() {
	CHUNKS_ERR=$(mktemp)
	CHUNKS=$(timeout 120 "$(lunatik_tool)" 2>"$CHUNKS_ERR")
	awk '{ print "# stdout: " $0 }' <<<"$CHUNKS"
	sed 's/^/# stderr: /' "$CHUNKS_ERR"
}

value() {
	awk -F'\t' -v tag="$1" '$1 == tag { sub(/^[^\t]*\t/, ""); print; exit }' <<<"$CHUNKS"
}

# whether this host stores integers least significant byte first
little_endian() {
	[ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 1 ]
}

# the scripts of the tests, installed below /lib/modules/lua for the run
SCRIPTS=selftest_lunatik
install_scripts() {
	local here

	here=$(dirname "$(readlink -f "$0")")
	mkdir -p /lib/modules/lua/$SCRIPTS &&
		cp "$here"/scripts/*.lua /lib/modules/lua/$SCRIPTS/ ||
		ktap_exit_fail_msg "cannot install the test scripts in /lib/modules/lua/$SCRIPTS"
	trap 'rm -rf /lib/modules/lua/$SCRIPTS' EXIT
}

# the tests of a helper program whose output $1 is "# ..." comment lines,
# then one line per test, "ok" or what failed; the rest: their names
ktap_results() {
	local results name line i=0

	echo "$1" | grep '^#'
	results=$(echo "$1" | grep -v '^#')
	shift
	for name in "$@"; do
		i=$((i + 1))
		line=$(echo "$results" | sed -n "${i}p")
		[ "$line" = ok ] || echo "# ${line:-no result}"
		ktap_test_result "$name" test "$line" = ok
	done
}

# the runtimes "lunatik list" shows, one "script context" per line
listed() {
	lunatik list | awk 'NR > 1 { print $1, $2 }'
}

# $1: expected exit status, $2: what stderr must contain, the rest: command
expect() {
	local status=$1 text=$2 err

	shift 2
	err=$("$@" 2>&1 >/dev/null)
	local got=$?
	echo "# $*: exit $got: $err"
	[ $got -eq "$status" ] && [[ "$err" == *"$text"* ]]
}

# a REPL session kept open: repl_start, then repl '<chunk>' prints the
# one line the chunk's values (or its error) make, then repl_stop
repl_start() {
	coproc REPL { lunatik 2>&1; }
}

repl() {
	local answer

	echo "$1" >&"${REPL[1]}"
	read -r -t 120 answer <&"${REPL[0]}" || answer="(no answer)"
	echo "# > $1" >&2
	echo "#   $answer" >&2
	echo "$answer"
}

repl_stop() {
	exec {REPL[1]}>&-
	wait "$REPL_PID"
}

# wait up to $1 seconds for the command that follows to succeed, polling:
# for what the kernel finishes on its own later (a workqueue)
wait_until() {
	local deadline=$((SECONDS + $1))

	shift
	until "$@"; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.1
	done
}
