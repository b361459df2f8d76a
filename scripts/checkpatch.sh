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
	# Debian's python3 has ply and git for checkpatch's SPDX check; a
	# python3 earlier in PATH (pyenv, venv) would make that check crash
	# silently instead of running.
	if out=$(cd "$LINUX" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --show-types --no-summary \
			"$REPO/patches/$p" 2>&1) &&
	   ! grep -qE '^(ERROR|WARNING|CHECK):|^Traceback' <<< "$out"; then
		result PASS "checkpatch: $p"
	else
		echo "$out"
		result FAIL "checkpatch: $p"
		rc=1
	fi
done
exit $rc
