#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the x86_64 QEMU guest kernel (bzImage): tinyconfig + configs/qemu.config
# + configs/containers.config + configs/smp.config + configs/kunit-boot.config
# (+ configs/debug.config and configs/preempt.config when DEBUG=1) + the selftests' own config fragment
# when the tree has one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
name=guest
read -r -a frags <<< "${GUEST_CONFIGS:-$REPO/configs/qemu.config $REPO/configs/containers.config $REPO/configs/smp.config $REPO/configs/kunit-boot.config}"
if [ "${DEBUG:-0}" = 1 ]; then
	name=guest-debug
	frags+=("$REPO/configs/debug.config" "$REPO/configs/preempt.config")
fi
st_config=$LINUX/tools/testing/selftests/containers/config
[ -f "$st_config" ] && frags+=("$st_config")
build=$WORK/build/$name
check="build: $name kernel"

echo "$name: configuring $build with ${frags[*]#"$REPO/"}"
if ! "$REPO/scripts/config-merge.sh" "$build" "${frags[@]}"; then
	result FAIL "$check (config)"
	exit 1
fi
# The debug guest is the preemptible one of the matrix: say so if a
# fragment (or GUEST_CONFIGS) lost it.
if [ "${DEBUG:-0}" = 1 ]; then
	if grep -q '^CONFIG_PREEMPT_RCU=y$' "$build/.config"; then
		result PASS "config: $name is preemptible (PREEMPT_RCU)"
	else
		result FAIL "config: $name is not preemptible (no CONFIG_PREEMPT_RCU)"
	fi
fi
echo "$name: building bzImage (-j$JOBS, ccache)"
mkdir -p "$LOGS"
if kbuild make -s -C "$LINUX" O="$build" ARCH=x86_64 CC="ccache gcc" -j"$JOBS" bzImage \
	> "$LOGS/$name-build.log" 2>&1; then
	grep -E 'warning:|error:' "$LOGS/$name-build.log" || true
	result PASS "$check"
else
	tail -n 40 "$LOGS/$name-build.log"
	result FAIL "$check (see $LOGS/$name-build.log)"
	exit 1
fi
