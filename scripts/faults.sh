#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make faults: kernel guest-debug of configs/KERNELS (the debug guest with
# configs/faults.config: fault injection, kmemleak) runs faults_test alone:
# every syscall of the ABI swept with fail-nth (fail the 1st, 2nd, ...
# allocation until the call succeeds), the release path failed with
# failslab and fail_page_alloc aimed by the stack filter, and a kmemleak
# scan. Prints the injection points per call and in total. FAULTS_MAXN
# bounds each sweep (default 2000).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$REPO/scripts/campaign.sh"

need_tree
t0=$SECONDS
campaign_kernel guest-debug
"$REPO/scripts/initramfs.sh"
t1=$SECONDS
rc=0
campaign_boot guest-debug faults 2G "${FAULTS_TIMEOUT:-5400}" \
	"kunit.enable=0 guest.only=faults_test guest.env=FAULTS_MAXN=${FAULTS_MAXN:-2000} guest.timeout=5000" ||
	rc=$?
campaign_figures "$LOGS/boot-faults.log" '^# .*(injection points|release path|faults:|kmemleak)'
echo "faults: build and initramfs $(duration $((t1 - t0))), boot $(duration $((SECONDS - t1)))"
exit $rc
