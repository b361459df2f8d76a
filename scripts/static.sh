#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Static checks on the C files the series touches (work/linux base..HEAD,
# selftests aside), with the =y configuration of scripts/bisect.sh:
#   gcc W=1 + sparse (C=2): no finding in a file the series adds, and no
#       finding in a file it changes that the same file at base lacks
#   clang (LLVM=1, Debian's clang): vmlinux builds, and W=1 gives no new
#       finding in the touched files either
# Findings are compared without line numbers. The base side is built in the
# scratch worktree $WORK/bisect-src (made by scripts/bisect.sh or here).
# CLANG=0 leaves clang out.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
mkdir -p "$LOGS" "$WORK/build"
frag=$WORK/build/static.config
cat "$REPO/configs/qemu.config" "$REPO/configs/containers.config" - > "$frag" <<'EOF'
CONFIG_KUNIT=y
CONFIG_CONTAINER_KUNIT_TEST=y
EOF

if [ ! -d "$src" ]; then
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$src" base
fi
git -C "$src" checkout -q --detach base

# The touched C files, and those of them that exist at base
mapfile -t files < <(git -C "$LINUX" diff --name-only --diff-filter=AM base..HEAD -- '*.c' |
	grep -v '^tools/')
old=()
for f in "${files[@]}"; do
	git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null && old+=("$f")
done
echo "static: files: ${files[*]}"

# configure TREE BUILD_DIR MAKEARGS...
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
	grep -E '(warning|error):' "$out.log" |
		sed -E -e "s|^($tree/)?||" -e 's|^([^:]+):[0-9]+:([0-9]+:)? |\1: |' |
		sort -u > "$out"
}

# check NAME MAKEARGS...: the findings of the series against base
check() {
	local name=$1 new=$WORK/build/static-$1 base=$WORK/build/static-$1-base rc=0
	shift
	MAKEARGS=("$@")
	echo "static: $name: configuring"
	configure "$LINUX" "$new" "$@" && configure "$src" "$base" "$@" || {
		result FAIL "static: $name (config)"; return 1; }
	if ! kbuild make -s -C "$LINUX" O="$new" ARCH=x86_64 "$@" -j"$JOBS" \
		vmlinux > "$LOGS/static-$name-vmlinux.log" 2>&1; then
		tail -n 30 "$LOGS/static-$name-vmlinux.log"
		result FAIL "static: $name: vmlinux (see $LOGS/static-$name-vmlinux.log)"
		return 1
	fi
	result PASS "static: $name: vmlinux builds"
	kbuild make -s -C "$src" O="$base" ARCH=x86_64 "$@" -j"$JOBS" prepare \
		> "$LOGS/static-$name-base.log" 2>&1 || {
		result FAIL "static: $name: base prepare (see $LOGS/static-$name-base.log)"
		return 1; }
	if ! findings "$LINUX" "$new" "$LOGS/static-$name.findings" "${files[@]}" ||
	   ! findings "$src" "$base" "$LOGS/static-$name-base.findings" "${old[@]}"; then
		result FAIL "static: $name: W=1 C=2 build failed (see $LOGS/static-$name*.log)"
		return 1
	fi
	comm -23 "$LOGS/static-$name.findings" "$LOGS/static-$name-base.findings" \
		> "$LOGS/static-$name.new"
	echo "static: $name: $(wc -l < "$LOGS/static-$name.findings") findings in" \
	     "the touched files, $(wc -l < "$LOGS/static-$name-base.findings") at base"
	if [ -s "$LOGS/static-$name.new" ]; then
		cat "$LOGS/static-$name.new"
		result FAIL "static: $name: W=1 + sparse: $(wc -l < "$LOGS/static-$name.new") new findings"
		rc=1
	else
		result PASS "static: $name: W=1 + sparse: no new findings in ${#files[@]} files"
	fi
	return $rc
}

rc=0
check gcc CC="ccache gcc" || rc=1
if [ "${CLANG:-1}" = 1 ]; then
	check clang LLVM=1 CC="ccache clang" || rc=1
fi
exit $rc
