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
# The series is applied in a staging copy of the files it touches first,
# after undoing the series applied last time (recorded in
# KDIR/.lunatik-patches): a tree where a hunk does not apply is left
# untouched, and an edited or dropped patch is undone.

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

patches=()
if [ -f "$top/patches/series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -f "$top/patches/$p" ] || die "patches/$p: listed in series but missing"
		patches+=("$p")
	done <"$top/patches/series"
fi

# KDIR/.lunatik-patches holds a copy of the series last applied, so that a
# series that changed (a patch edited, added or dropped) can be undone
# before the new one goes on. Both happen in a staging copy of the files
# the patches touch: KDIR changes only if the whole series applies.
applied_dir=$kdir/.lunatik-patches
applied=()
[ -f "$applied_dir/series" ] && mapfile -t applied <"$applied_dir/series"

series_current() {
	[ "${#applied[@]}" -eq "${#patches[@]}" ] || return 1
	for i in "${!patches[@]}"; do
		[ "${applied[$i]}" = "${patches[$i]}" ] || return 1
		cmp -s "$applied_dir/${patches[$i]}" "$top/patches/${patches[$i]}" || return 1
	done
}

touched_files() {	# the files a patch edits
	sed -n -e 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$@" | sort -u
}

# stage_series DIR: DIR gets the touched files with the new series applied
stage_series() {
	local stage=$1 p i
	local old=() new=()

	for p in "${applied[@]}"; do old+=("$applied_dir/$p"); done
	for p in "${patches[@]}"; do new+=("$top/patches/$p"); done
	for f in $(touched_files "${old[@]}" "${new[@]}" /dev/null); do
		[ -f "$kdir/$f" ] || return 1
		mkdir -p "$stage/$(dirname "$f")"
		cp "$kdir/$f" "$stage/$f"
	done
	for ((i = ${#old[@]} - 1; i >= 0; i--)); do
		patch -d "$stage" -p1 -R -s -f --no-backup-if-mismatch <"${old[$i]}" >/dev/null || return 1
	done
	for p in "${new[@]}"; do
		patch -d "$stage" -p1 -s -f --no-backup-if-mismatch <"$p" >/dev/null || return 1
	done
}

stale=0
stage=
if ! series_current; then
	stale=1
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	if ! stage_series "$stage"; then
		# a tree patched before the record existed: undo in reverse
		[ "${#applied[@]}" -eq 0 ] ||
			die "patches/series does not apply to $kdir; nothing was changed"
		rm -rf "$stage" && mkdir "$stage"
		applied=("${patches[@]}")
		applied_dir=$top/patches
		stage_series "$stage" ||
			die "patches/series does not apply to $kdir; nothing was changed"
		applied_dir=$kdir/.lunatik-patches
	fi
	[ $check -eq 1 ] && echo "patches/series: not applied as it is now"
fi

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

if [ -n "$stage" ]; then
	(cd "$stage" && find . -type f) | while read -r f; do
		cmp -s "$stage/$f" "$kdir/$f" || cp "$stage/$f" "$kdir/$f"
	done
	rm -rf "$applied_dir"
	mkdir -p "$applied_dir"
	for p in "${patches[@]}"; do
		cp "$top/patches/$p" "$applied_dir/$p"
	done
	printf '%s\n' "${patches[@]}" >"$applied_dir/series"
fi
