#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the QEMU guest kernel (bzImage): kernel guest of configs/KERNELS
# (tinyconfig + qemu, containers, smp and kunit-boot fragments + the
# selftests' own config fragment when the tree has one), or guest-debug
# with DEBUG=1 (+ configs/debug.config and configs/preempt.config), or any
# kernel of configs/KERNELS with GUEST_KERNEL=NAME (the campaign's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
name=guest
[ "${DEBUG:-0}" != 1 ] || name=guest-debug
name=${GUEST_KERNEL:-$name}
kernel_line "$name"
build=$K_BUILD
check="build: $name kernel"

echo "$name: configuring $build with ${K_FRAGS[*]#"$REPO/"}"
if ! kernel_config "$name"; then
	result FAIL "$check (config)"
	exit 1
fi
# The debug guest is the preemptible one of the matrix: say so if a
# fragment (or GUEST_CONFIGS) lost it; the same for every kernel that
# asks for configs/preempt.config.
if [ "$name" = guest-debug ] || [[ " ${K_FRAGS[*]} " == *"/configs/preempt.config "* ]]; then
	if grep -q '^CONFIG_PREEMPT_RCU=y$' "$build/.config"; then
		result PASS "config: $name is preemptible (PREEMPT_RCU)"
	else
		result FAIL "config: $name is not preemptible (no CONFIG_PREEMPT_RCU)"
	fi
fi
echo "$name: building $ARCH_IMAGE (-j$JOBS, ccache)"
mkdir -p "$LOGS"
log=$LOGS/$name-build.log
: > "$log"
if kernel_make "$name" "$LINUX" "$log" "${ARCH_IMAGE##*/}"; then
	grep -E 'warning:|error:' "$log" || true
	result PASS "$check"
else
	tail -n 40 "$log"
	result FAIL "$check (see $log)"
	exit 1
fi
