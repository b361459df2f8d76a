#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make kcsan: kernel guest-kcsan of configs/KERNELS (the guest with the
# Kernel Concurrency Sanitizer and CONFIG_PREEMPT; KCSAN excludes KASAN,
# hence a kernel of its own) boots with the KUnit suites built in and the
# selftests KCSAN_PROGS (default container_test, release_test, events_test
# and ledger_test for KCSAN_STRESS_S seconds, default 120, teardown with
# KCSAN_TEARDOWN_N queued, default 1000). A "BUG: KCSAN" report fails the
# log check (scripts/console-badness.txt); reports whose top frame is a
# function of configs/kcsan-ignore.txt (mainline races, each with its
# reason) are not shown. KCSAN_SKIP_WATCH (default 400, KCSAN's own is
# 4000): set a watchpoint every that many memory accesses; at KCSAN's
# default a race that every fork and exit runs went unseen for minutes
# (campaign/README.md). KCSAN_BUILD_ONLY=1: build only.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$REPO/scripts/campaign.sh"

need_tree
t0=$SECONDS
campaign_kernel guest-kcsan
t1=$SECONDS
[ "${KCSAN_BUILD_ONLY:-0}" = 1 ] && exit 0
"$REPO/scripts/initramfs.sh"
campaign_kcsan
echo "kcsan: $KCSAN_ARGS (not shown: mainline races, see configs/kcsan-ignore.txt)"
progs=${KCSAN_PROGS:-container_test,release_test,events_test,ledger_test}
env=STRESS_S=${KCSAN_STRESS_S:-120},TEARDOWN_N=${KCSAN_TEARDOWN_N:-1000}
rc=0
campaign_boot guest-kcsan kcsan 1G "${KCSAN_TIMEOUT:-7200}" \
	"$KCSAN_ARGS guest.only=$progs guest.env=$env guest.timeout=7000" ||
	rc=$?
log=$LOGS/boot-kcsan.log
reports=$(grep -c 'BUG: KCSAN:' "$log" || true)
echo "kcsan: $reports data race report(s) (BUG: KCSAN) in $log, listed or not"
grep -A 12 'BUG: KCSAN:' "$log" | head -n 80 || true
campaign_figures "$log" '^# (ledger|teardown)[ :]'
echo "kcsan: build $(duration $((t1 - t0))), initramfs and boot $(duration $((SECONDS - t1)))"
exit $rc
