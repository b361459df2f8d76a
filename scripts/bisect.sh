#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability and the =n footprint: check out base and then each commit of
# the series (work/linux base..HEAD) in the scratch worktree $WORK/bisect-src
# and build vmlinux twice at every step, as two kernels of configs/KERNELS:
#   bisect-y: tinyconfig + qemu.config + containers.config + KUnit and the
#       series' KUnit tests built in (symbols a step does not have yet are
#       dropped by olddefconfig)
#   bisect-n: tinyconfig + qemu.config (CONFIG_CONTAINERS not set)
# Builds are incremental from one step to the next (ccache underneath).
# The last step is also built as bisect-m (the KUnit tests as a module).
# Then scripts/bloat-o-meter compares the =n vmlinux of base and of the last
# commit: the series must add nothing to a kernel built without it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
mkdir -p "$LOGS"
log=$LOGS/bisect.log
: > "$log"
scratch_worktree "$src"

# build NAME KERNEL y|n: configure KERNEL for $src and build its vmlinux,
# with CONFIG_CONTAINERS=y or without it.
build() {
	local name=$1 kernel=$2 want=$3
	echo "=== $name" >> "$log"
	if ! kernel_config "$kernel" "$src" none >> "$log" 2>&1; then
		result FAIL "$name (config, see $log)"
		return 1
	fi
	if [ "$(grep -c '^CONFIG_CONTAINERS=y$' "$K_BUILD/.config")" != \
	     "$([ "$want" = y ] && echo 1 || echo 0)" ]; then
		result FAIL "$name (.config: CONFIG_CONTAINERS is not $want)"
		return 1
	fi
	if kernel_make "$kernel" "$src" "$log" vmlinux; then
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
build "bisect: base (=n)" bisect-n n || rc=1
nvmlinux=$WORK/build/bisect-n/vmlinux
[ -f "$nvmlinux" ] && cp "$nvmlinux" "$WORK/build/vmlinux.base-n"

i=0
for c in $commits; do
	i=$((i + 1))
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	git -C "$src" checkout -q --detach "$c"
	echo "bisect: $i/$total $subject"
	build "bisect: $i/$total =y $subject" bisect-y y || rc=1
	build "bisect: $i/$total =n $subject" bisect-n n || rc=1
done

# The KUnit tests are tristate: the whole series with them as a module
# (and KUnit itself =m), so that what they use from the built-in code is
# exported.  One step only, the last: a module build is not bisect-critical.
echo "=== bisect: KUnit tests =m" >> "$log"
if kernel_config bisect-m "$src" none >> "$log" 2>&1 &&
   grep -q '^CONFIG_CONTAINER_KUNIT_TEST=m$' "$K_BUILD/.config" &&
   kernel_make bisect-m "$src" "$log" vmlinux modules &&
   [ -f "$K_BUILD/kernel/container_kunit.ko" ]; then
	result PASS "bisect: $total/$total CONFIG_CONTAINER_KUNIT_TEST=m (KUNIT=m) links"
else
	tail -n 30 "$log"
	result FAIL "bisect: CONFIG_CONTAINER_KUNIT_TEST=m (see $log)"
	rc=1
fi

# The =n footprint of the whole series
if [ $rc -eq 0 ]; then
	bloat=$("$src/scripts/bloat-o-meter" "$WORK/build/vmlinux.base-n" "$nvmlinux")
	echo "bloat-o-meter, CONFIG_CONTAINERS=n, base -> series:"
	echo "$bloat"
	size "$WORK/build/vmlinux.base-n" "$nvmlinux"
	if echo "$bloat" | head -n 1 | grep -q 'up/down: 0/0 (0)'; then
		result PASS "bloat-o-meter: CONFIG_CONTAINERS=n adds 0 bytes"
	else
		result FAIL "bloat-o-meter: CONFIG_CONTAINERS=n: $(echo "$bloat" | head -n 1)"
		rc=1
	fi
fi
exit $rc
