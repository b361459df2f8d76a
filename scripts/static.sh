#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on the C files the series touches (work/linux base..HEAD,
# selftests aside):
#   gcc W=1 + sparse (C=2): no finding in a file the series adds, and no
#       finding in a file it changes that the same file at base lacks
#   clang (LLVM=1, Debian's clang): the same W=1 + sparse comparison on the
#       touched objects; CLANG_FULL=1 also builds the whole clang vmlinux
#       (CLANG=0 leaves clang out)
# Findings are compared without line numbers, as multisets (one more
# occurrence of a message the file already had counts as new). Both sides
# are built in the scratch worktree $WORK/bisect-src and, for gcc, in the
# build folders of scripts/bisect.sh (=y at the series' head, =n at base),
# so after a bisect run only the touched objects are compiled again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
mkdir -p "$LOGS" "$WORK/build"
frag=$WORK/build/static.config
containers_y_fragment "$frag"
scratch_worktree "$src"

# The touched C files, and those of them that exist at base
mapfile -t files < <(git -C "$LINUX" diff --name-only --diff-filter=AM base..HEAD -- '*.c' |
	grep -v '^tools/')
old=()
for f in "${files[@]}"; do
	git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null && old+=("$f")
done
echo "static: files: ${files[*]}"

# configure TREE BUILD_DIR MAKEARGS...: tinyconfig + $frag
configure() {
	local tree=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	make -s -C "$tree" O="$dir" ARCH=x86_64 "$@" tinyconfig >/dev/null
	(cd "$dir" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$dir" \
		"$dir/.config" "$frag" >/dev/null)
	make -s -C "$tree" O="$dir" ARCH=x86_64 "$@" olddefconfig >/dev/null
}

# findings TREE BUILD_DIR OUT FILE...: the W=1 and sparse findings of the
# objects of FILE... (rebuilt: C=2 checks them even when up to date), as
# "file: message" lines, sorted.
findings() {
	local tree=$1 dir=$2 out=$3 objs=() f
	shift 3
	for f in "$@"; do objs+=("${f%.c}.o"); done
	rm -f "${objs[@]/#/$dir/}"
	kbuild make -C "$tree" O="$dir" ARCH=x86_64 "${MAKEARGS[@]}" -j"$JOBS" \
		W=1 C=2 "${objs[@]}" > "$out.log" 2>&1 || return 1
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

# ensure_config TREE BUILD_DIR FRAGMENT MAKEARGS...: configure unless the
# folder already has a .config
ensure_config() {
	local tree=$1 dir=$2 fragment=$3
	shift 3
	[ -f "$dir/.config" ] && return 0
	frag=$fragment configure "$tree" "$dir" "$@"
}

rc=0
head=$(git -C "$LINUX" rev-parse HEAD)
MAKEARGS=(CC="ccache gcc")
git -C "$src" checkout -q --detach "$head"
if ensure_config "$src" "$WORK/build/bisect-y" "$frag" &&
   findings "$src" "$WORK/build/bisect-y" "$LOGS/static-gcc.findings" "${files[@]}" &&
   git -C "$src" checkout -q --detach base &&
   ensure_config "$src" "$WORK/build/bisect-n" "$REPO/configs/qemu.config" &&
   findings "$src" "$WORK/build/bisect-n" "$LOGS/static-gcc-base.findings" "${old[@]}"; then
	compare gcc || rc=1
else
	result FAIL "static: gcc W=1 + sparse: build failed (see $LOGS/static-gcc*.log)"
	rc=1
fi

if [ "${CLANG:-1}" = 1 ]; then
	MAKEARGS=(LLVM=1 CC="ccache clang")
	new=$WORK/build/static-clang base=$WORK/build/static-clang-base
	git -C "$src" checkout -q --detach base
	if ensure_config "$LINUX" "$new" "$frag" "${MAKEARGS[@]}" &&
	   ensure_config "$src" "$base" "$frag" "${MAKEARGS[@]}" &&
	   findings "$LINUX" "$new" "$LOGS/static-clang.findings" "${files[@]}" &&
	   findings "$src" "$base" "$LOGS/static-clang-base.findings" "${old[@]}"; then
		compare clang || rc=1
	else
		result FAIL "static: clang W=1 + sparse: build failed (see $LOGS/static-clang*.log)"
		rc=1
	fi
	if [ "${CLANG_FULL:-0}" = 1 ]; then
		if kbuild make -s -C "$LINUX" O="$new" ARCH=x86_64 "${MAKEARGS[@]}" \
			-j"$JOBS" vmlinux > "$LOGS/static-clang-vmlinux.log" 2>&1; then
			result PASS "static: clang vmlinux builds"
		else
			tail -n 30 "$LOGS/static-clang-vmlinux.log"
			result FAIL "static: clang vmlinux (see $LOGS/static-clang-vmlinux.log)"
			rc=1
		fi
	fi
fi
exit $rc
