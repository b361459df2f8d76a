#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/checkpatch.pl --strict on every patch of the series: one check each.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
mapfile -t patches < <(series_patches)
if [ ${#patches[@]} -eq 0 ]; then
	result SKIP "checkpatch: series is empty"
	exit 0
fi
rc=0
for p in "${patches[@]}"; do
	if out=$(cd "$LINUX" && ./scripts/checkpatch.pl --strict --show-types --no-summary \
			"$REPO/patches/$p" 2>&1) &&
	   ! grep -qE '^(ERROR|WARNING|CHECK):' <<< "$out"; then
		result PASS "checkpatch: $p"
	else
		echo "$out"
		result FAIL "checkpatch: $p"
		rc=1
	fi
done
exit $rc
