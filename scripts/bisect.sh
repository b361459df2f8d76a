#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability and the =n footprint: check out base and then each commit of
# the series (work/linux base..HEAD) in the scratch worktree $WORK/bisect-src
# and build vmlinux twice at every step, in two persistent folders:
#   =y: tinyconfig + configs/qemu.config + configs/containers.config + KUnit
#       and the series' KUnit tests built in (symbols a step does not have
#       yet are dropped by olddefconfig)
#   =n: tinyconfig + configs/qemu.config (CONFIG_CONTAINERS not set)
# Builds are incremental from one step to the next (ccache underneath).
# Then scripts/bloat-o-meter compares the =n vmlinux of base and of the last
# commit: the series must add nothing to a kernel built without it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
ybuild=$WORK/build/bisect-y
nbuild=$WORK/build/bisect-n
mkdir -p "$LOGS" "$ybuild" "$nbuild"
log=$LOGS/bisect.log
: > "$log"

yfrag=$WORK/build/bisect-y.config
containers_y_fragment "$yfrag"
scratch_worktree "$src"

# configure BUILD_DIR FRAGMENT: tinyconfig + FRAGMENT in BUILD_DIR for $src
configure() {
	make -s -C "$src" O="$1" ARCH=x86_64 tinyconfig >/dev/null
	(cd "$1" && "$src/scripts/kconfig/merge_config.sh" -m -O "$1" \
		"$1/.config" "$2" >/dev/null)
	make -s -C "$src" O="$1" ARCH=x86_64 olddefconfig >/dev/null
}

# build NAME BUILD_DIR FRAGMENT y|n: configure and build vmlinux, with
# CONFIG_CONTAINERS=y or without it.
build() {
	local name=$1 dir=$2 frag=$3 want=$4
	echo "=== $name" >> "$log"
	if ! configure "$dir" "$frag" >> "$log" 2>&1; then
		result FAIL "$name (config, see $log)"
		return 1
	fi
	if [ "$(grep -c '^CONFIG_CONTAINERS=y$' "$dir/.config")" != \
	     "$([ "$want" = y ] && echo 1 || echo 0)" ]; then
		result FAIL "$name (.config: CONFIG_CONTAINERS is not $want)"
		return 1
	fi
	if kbuild make -s -C "$src" O="$dir" ARCH=x86_64 CC="ccache gcc" \
		-j"$JOBS" vmlinux >> "$log" 2>&1; then
		result PASS "$name"
	else
		tail -n 30 "$log"
		result FAIL "$name (see $log)"
		return 1
	fi
}

commits=$(git -C "$LINUX" rev-list --reverse base..HEAD)
total=$(echo "$commits" | wc -w)
rc=0

git -C "$src" checkout -q --detach base
build "bisect: base (=n)" "$nbuild" "$REPO/configs/qemu.config" \
n || rc=1
[ -f "$nbuild/vmlinux" ] && cp "$nbuild/vmlinux" "$WORK/build/vmlinux.base-n"

i=0
for c in $commits; do
	i=$((i + 1))
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	git -C "$src" checkout -q --detach "$c"
	echo "bisect: $i/$total $subject"
	build "bisect: $i/$total =y $subject" "$ybuild" "$yfrag" \
y || rc=1
	build "bisect: $i/$total =n $subject" "$nbuild" \
		"$REPO/configs/qemu.config" n || rc=1
done

# The KUnit tests are tristate: the whole series with them as a module
# (and KUnit itself =m), so that what they use from the built-in code is
# exported.  One step only, the last: a module build is not bisect-critical.
mbuild=$WORK/build/bisect-m
mfrag=$WORK/build/bisect-m.config
mkdir -p "$mbuild"
{
	cat "$REPO/configs/qemu.config" "$REPO/configs/containers.config"
	echo CONFIG_MODULES=y
	echo CONFIG_KUNIT=m
	echo CONFIG_CONTAINER_KUNIT_TEST=m
} > "$mfrag"
echo "=== bisect: KUnit tests =m" >> "$log"
if configure "$mbuild" "$mfrag" >> "$log" 2>&1 &&
   grep -q '^CONFIG_CONTAINER_KUNIT_TEST=m$' "$mbuild/.config" &&
   kbuild make -s -C "$src" O="$mbuild" ARCH=x86_64 CC="ccache gcc" \
	-j"$JOBS" vmlinux modules >> "$log" 2>&1 &&
   [ -f "$mbuild/kernel/container_kunit.ko" ]; then
	result PASS "bisect: $total/$total CONFIG_CONTAINER_KUNIT_TEST=m (KUNIT=m) links"
else
	tail -n 30 "$log"
	result FAIL "bisect: CONFIG_CONTAINER_KUNIT_TEST=m (see $log)"
	rc=1
fi

# The =n footprint of the whole series
if [ $rc -eq 0 ]; then
	bloat=$("$src/scripts/bloat-o-meter" "$WORK/build/vmlinux.base-n" \
		"$nbuild/vmlinux")
	echo "bloat-o-meter, CONFIG_CONTAINERS=n, base -> series:"
	echo "$bloat"
	sizes=$(size "$WORK/build/vmlinux.base-n" "$nbuild/vmlinux")
	echo "$sizes"
	if echo "$bloat" | head -n 1 | grep -q 'up/down: 0/0 (0)'; then
		result PASS "bloat-o-meter: CONFIG_CONTAINERS=n adds 0 bytes"
	else
		result FAIL "bloat-o-meter: CONFIG_CONTAINERS=n: $(echo "$bloat" | head -n 1)"
		rc=1
	fi
fi
exit $rc
