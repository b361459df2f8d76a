#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# plant.sh DIFF KERNEL PROGS [ENV] (make plant PLANT=... ): show that a
# tool of the campaign finds a planted bug. Applies DIFF
# (campaign/plants/*.diff) to the scratch worktree $WORK/plant (HEAD of
# work/linux, never work/linux itself), builds KERNEL of configs/KERNELS
# (guest-debug: faults and the ledger with lockdep, KASAN, kmemleak;
# guest-kcsan: KCSAN) from it in $WORK/build/plant-KERNEL (ccache hits for
# everything the diff does not touch), boots it with the selftest programs
# PROGS (comma-separated) and the environment ENV (guest.env= syntax, e.g.
# STRESS_S=60,TEARDOWN_N=300), results in $WORK/results-plant.txt, and
# says CAUGHT when the boot's checks fail (and its log matches
# PLANT_EXPECT, when given), MISSED otherwise (exit 1).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$REPO/scripts/campaign.sh"

[ $# -ge 3 ] || die "usage: plant.sh DIFF KERNEL PROGS [ENV]"
diff=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") name=$2 progs=$3 env=${4:-}
need_tree
tree=$WORK/plant
scratch_worktree "$tree"
git -C "$tree" reset -q --hard "$(git -C "$LINUX" rev-parse HEAD)"
git -C "$tree" clean -fdq
git -C "$tree" apply "$diff" || die "plant: $(basename "$diff") does not apply to work/linux HEAD"
label=plant-$(basename "$diff" .diff)
export BUILD_PREFIX=plant-
kernel_line "$name" "$tree"
echo "plant: $(basename "$diff") in $tree, building $name in $K_BUILD"
mkdir -p "$LOGS"
log=$LOGS/$label-build.log
: > "$log"
if ! kernel_config "$name" "$tree" > "$log" 2>&1 ||
   ! kernel_make "$name" "$tree" "$log" "${ARCH_IMAGE##*/}"; then
	tail -n 30 "$log"
	die "plant: the planted kernel did not build (see $log)"
fi
kimage=$K_BUILD/$ARCH_IMAGE
git -C "$tree" reset -q --hard
unset BUILD_PREFIX
"$REPO/scripts/initramfs.sh" > /dev/null
KCSAN_ARGS=
[ "$name" != guest-kcsan ] || campaign_kcsan
rc=0
RESULTS=$WORK/results-plant.txt BZIMAGE=$kimage \
campaign_boot "$name" "$label" 2G "${PLANT_TIMEOUT:-5400}" \
	"kunit.enable=0 guest.only=$progs ${env:+guest.env=$env} $KCSAN_ARGS guest.timeout=5000" \
	> "$LOGS/$label.out" 2>&1 || rc=$?
grep -E '^(FAIL|not ok)|ledger error|BUG: KCSAN|unreferenced object|^# (ledger|kmemleak|release path|faults)' \
	"$LOGS/$label.out" | head -n 40 || true
# PLANT_EXPECT=REGEX: the failure must be the planted bug's (a KCSAN run
# may fail on a mainline race that has nothing to do with the plant)
expect=${PLANT_EXPECT:-}
if [ $rc -ne 0 ] && [ -n "$expect" ] && ! grep -qE "$expect" "$LOGS/boot-$label.log"; then
	echo "plant: MISSED: the checks failed, but nothing in the log matches PLANT_EXPECT=$expect"
	exit 1
fi
if [ $rc -ne 0 ]; then
	echo "plant: CAUGHT: the checks failed with $(basename "$diff") planted (log $LOGS/boot-$label.log)"
else
	echo "plant: MISSED: every check passed with $(basename "$diff") planted"
	exit 1
fi
