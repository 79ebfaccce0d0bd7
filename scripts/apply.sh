#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply Lunatik to a kernel tree: copy the overlay (the files of this
# repository that live at kernel paths) into KDIR, then apply the edits to
# existing kernel files listed in patches/series.
#
#   scripts/apply.sh KDIR		apply; a second run changes nothing
#   scripts/apply.sh --check KDIR	report whether KDIR is up to date
#
# Every patch is checked before anything is written: a tree where a hunk
# does not apply is left untouched.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
overlay_roots="Documentation include kernel lib samples tools"
supported="6.12"
manifest=.lunatik-overlay

die() { echo "apply.sh: $*" >&2; exit 1; }

check=0
if [ "${1:-}" = "--check" ]; then
	check=1
	shift
fi
[ $# -eq 1 ] || die "usage: apply.sh [--check] KDIR"
kdir=$1

[ -d "$kdir" ] || die "$kdir: no such directory"
kdir=$(cd "$kdir" && pwd)
for f in Makefile Kconfig init/Kconfig lib/Kconfig scripts/Kbuild.include; do
	[ -f "$kdir/$f" ] || die "$kdir is not a Linux kernel tree (no $f)"
done
version=$(sed -n -e 's/^VERSION = //p' "$kdir/Makefile").$(sed -n -e 's/^PATCHLEVEL = //p' "$kdir/Makefile")
case " $supported " in
*" $version "*) ;;
*) die "$kdir is Linux $version; supported: $supported" ;;
esac

# the overlay: tracked files when this is a git checkout, else all files
overlay_files() {
	cd "$top"
	# shellcheck disable=SC2086
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files --cached --others --exclude-standard -- $overlay_roots
	else
		find $overlay_roots -type f
	fi | sort
}

patch_state() {	# prints applied, applicable or broken
	if patch -d "$kdir" -p1 -R -s -f --dry-run <"$1" >/dev/null 2>&1; then
		echo applied
	elif patch -d "$kdir" -p1 -s -f --dry-run <"$1" >/dev/null 2>&1; then
		echo applicable
	else
		echo broken
	fi
}

patches=()
if [ -f "$top/patches/series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -f "$top/patches/$p" ] || die "patches/$p: listed in series but missing"
		patches+=("$p")
	done <"$top/patches/series"
fi

stale=0
for p in "${patches[@]}"; do
	case $(patch_state "$top/patches/$p") in
	applied) ;;
	applicable) stale=1; [ $check -eq 1 ] && echo "not applied: patches/$p" ;;
	broken) die "patches/$p does not apply to $kdir; nothing was changed" ;;
	esac
done

files=$(overlay_files)
for f in $files; do
	if ! cmp -s "$top/$f" "$kdir/$f"; then
		stale=1
		[ $check -eq 1 ] && echo "out of date: $f"
	fi
done
if [ -f "$kdir/$manifest" ]; then
	gone=$(comm -23 "$kdir/$manifest" <(echo "$files"))
	for f in $gone; do
		if [ -e "$kdir/$f" ]; then
			stale=1
			[ $check -eq 1 ] && echo "no longer in the overlay: $f"
		fi
	done
else
	gone=
fi

if [ $check -eq 1 ]; then
	[ $stale -eq 0 ] && echo "$kdir is up to date"
	exit $stale
fi
[ $stale -eq 0 ] && exit 0

for f in $files; do
	if ! cmp -s "$top/$f" "$kdir/$f"; then
		mkdir -p "$(dirname "$kdir/$f")"
		cp "$top/$f" "$kdir/$f"
	fi
done
for f in $gone; do
	rm -f "$kdir/$f"
done
echo "$files" >"$kdir/$manifest"

for p in "${patches[@]}"; do
	if [ "$(patch_state "$top/patches/$p")" = applicable ]; then
		patch -d "$kdir" -p1 -s -f --no-backup-if-mismatch <"$top/patches/$p" ||
			die "patches/$p failed half way: restore $kdir from its source"
	fi
done
