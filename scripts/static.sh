#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on the C files the series touches (work/linux base..HEAD,
# selftests aside):
#   gcc W=1 + sparse (C=2): no finding in a file the series adds, and no
#       finding in a file it changes that the same file at base lacks
#   coccicheck (scripts/coccicheck.sh): the kernel's Coccinelle scripts on
#       the touched files, no report (COCCI=0 leaves it out)
#   clang (LLVM=1, Debian's clang): the same W=1 + sparse comparison on the
#       touched objects; CLANG_FULL=1 also builds the whole clang vmlinux
#       (CLANG=0 leaves clang out)
# Findings are compared without line numbers, as multisets (one more
# occurrence of a message the file already had counts as new). Both sides
# are built in the scratch worktree $WORK/bisect-src and, for gcc, in the
# build folders of scripts/bisect.sh (kernel bisect-y at the series' head,
# bisect-n at base; the bisect leaves bisect-y one step short of the head),
# so after a bisect run only the touched objects are compiled again; for
# clang, kernels static-clang and static-clang-base.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
mkdir -p "$LOGS" "$WORK/build"
scratch_worktree "$src"

# The touched C files, and those of them that exist at base
mapfile -t files < <(series_files '*.c')
mapfile -t old < <(at_base "${files[@]}")
echo "static: files: ${files[*]}"

# findings KERNEL TREE OUT FILE...: the W=1 and sparse findings of the
# objects of FILE... in the build folder of KERNEL (configured first when
# it has no .config yet; the objects rebuilt: C=2 checks them even when up
# to date), as "file: message" lines, sorted.
findings() {
	local kernel=$1 tree=$2 out=$3 objs=() f
	shift 3
	kernel_line "$kernel" "$tree"
	[ -f "$K_BUILD/.config" ] || kernel_config "$kernel" "$tree" none || return 1
	for f in "$@"; do objs+=("${f%.c}.o"); done
	rm -f "${objs[@]/#/$K_BUILD/}"
	: > "$out.log"
	kernel_make "$kernel" "$tree" "$out.log" W=1 C=2 "${objs[@]}" || return 1
	{ grep -E '(warning|error):' "$out.log" || true; } |
		sed -E -e "s|^$tree/||" -e "s|^(\.\./)+${tree##*/}/||" \
			-e 's|^([^:]+):[0-9]+:([0-9]+:)? |\1: |' |
		sort > "$out"
}

# compare NAME: the findings of the series against those at base
compare() {
	local name=$1
	comm -23 "$LOGS/static-$name.findings" "$LOGS/static-$name-base.findings" \
		> "$LOGS/static-$name.new"
	echo "static: $name: $(wc -l < "$LOGS/static-$name.findings") findings in" \
	     "the touched files, $(wc -l < "$LOGS/static-$name-base.findings") at base"
	if [ -s "$LOGS/static-$name.new" ]; then
		cat "$LOGS/static-$name.new"
		result FAIL "static: $name W=1 + sparse: $(wc -l < "$LOGS/static-$name.new") new findings"
		return 1
	fi
	result PASS "static: $name W=1 + sparse: no new findings in ${#files[@]} files"
}

rc=0
git -C "$src" checkout -q --detach "$(git -C "$LINUX" rev-parse HEAD)"
if findings bisect-y "$src" "$LOGS/static-gcc.findings" "${files[@]}" &&
   git -C "$src" checkout -q --detach base &&
   findings bisect-n "$src" "$LOGS/static-gcc-base.findings" "${old[@]}"; then
	compare gcc || rc=1
else
	result FAIL "static: gcc W=1 + sparse: build failed (see $LOGS/static-gcc*.log)"
	rc=1
fi

if [ "${COCCI:-1}" = 1 ]; then
	"$REPO/scripts/coccicheck.sh" || rc=1
fi

if [ "${CLANG:-1}" = 1 ]; then
	git -C "$src" checkout -q --detach base
	if findings static-clang "$LINUX" "$LOGS/static-clang.findings" "${files[@]}" &&
	   findings static-clang-base "$src" "$LOGS/static-clang-base.findings" "${old[@]}"; then
		compare clang || rc=1
	else
		result FAIL "static: clang W=1 + sparse: build failed (see $LOGS/static-clang*.log)"
		rc=1
	fi
	if [ "${CLANG_FULL:-0}" = 1 ]; then
		log=$LOGS/static-clang-vmlinux.log
		: > "$log"
		if kernel_make static-clang "$LINUX" "$log" vmlinux; then
			result PASS "static: clang vmlinux builds"
		else
			tail -n 30 "$log"
			result FAIL "static: clang vmlinux (see $log)"
			rc=1
		fi
	fi
fi
exit $rc
