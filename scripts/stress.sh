#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make stress: kernel guest-debug of configs/KERNELS (the debug guest:
# lockdep, KASAN, kmemleak, UBSAN, debugobjects, CONFIG_PREEMPT; with fault
# injection, which holds the release queue while the teardown cases fill
# it), 2 vCPUs, runs ledger_test alone: STRESS_S seconds (default 600) of
# random load with the release ledger, then the teardown cases with
# TEARDOWN_N containers queued at once (default 10000). Prints the
# operations per second, the ledger totals and the teardown figures; every
# case must pass and the log be clean (scripts/console-badness.txt).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$REPO/scripts/campaign.sh"

need_tree
s=${STRESS_S:-600} n=${TEARDOWN_N:-10000}
t0=$SECONDS
campaign_kernel guest-debug
"$REPO/scripts/initramfs.sh"
t1=$SECONDS
env="STRESS_S=$s,TEARDOWN_N=$n${STRESS_SEED:+,STRESS_SEED=$STRESS_SEED}"
rc=0
campaign_boot guest-debug stress 2G "${STRESS_TIMEOUT:-$((s * 3 + n + 3600))}" \
	"kunit.enable=0 guest.only=ledger_test guest.env=$env guest.timeout=$((s * 3 + n + 3000))" ||
	rc=$?
campaign_figures "$LOGS/boot-stress.log" \
	'^# (ledger|teardown)[ :]'
echo "stress: build and initramfs $(duration $((t1 - t0))), boot $(duration $((SECONDS - t1)))"
exit $rc
