#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' KUnit suites with kunit.py, in a persistent build folder,
# and record every test case (ok / not ok / skipped) in $RESULTS.
# Under UML by default (kernel kunit of configs/KERNELS); KUNIT_ARCH=x86_64
# runs them in QEMU (TCG, kernel kunit-x86_64), and DEBUG=1 adds
# configs/debug.config (lockdep, KASAN, kmemleak, UBSAN...; kernel
# kunit-ARCH-debug), in which case the kernel log must also be clean
# (scripts/console-badness.txt).
# KUNITCONFIG=DIR_OR_FILE overrides the repo's kunit/.kunitconfig.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
arch=${KUNIT_ARCH:-um}
name=kunit label=kunit
if [ "$arch" != um ] || [ "${DEBUG:-0}" = 1 ]; then
	name=kunit-$arch label="kunit($arch"
	if [ "${DEBUG:-0}" = 1 ]; then
		name=$name-debug label="$label,debug"
	fi
	label="$label)"
fi
kunit_args "$name"
json=$LOGS/$name.json
mkdir -p "$LOGS" "$K_BUILD"
rm -f "$json"

rc=0
(cd "$LINUX" && build_progress "$name: building and running" "$K_BUILD" - \
	python3 tools/testing/kunit/kunit.py run "${KUNIT_ARGS[@]}" --jobs="$JOBS" \
	--timeout="${KUNIT_TIMEOUT:-900}" --json="$json") 2>&1 | tee "$LOGS/$name.log" || rc=$?

record_kunit_json "$json" "$label"
# The container_perf suite's figures (a benchmark: printed, never judged)
grep -ho 'css_get+css_put.*' "$K_BUILD/test.log" 2>/dev/null | sed "s/^/$label: /" || true
if [ "$KUNIT_CASES" -eq 0 ]; then
	result FAIL "$label: no test results (build or boot failed, see $LOGS/$name.log)"
	exit 1
fi
if [ "$rc" -ne 0 ] && [ "$KUNIT_FAILS" -eq 0 ]; then
	result FAIL "$label: kunit.py exited with status $rc"
fi
if [ "${DEBUG:-0}" = 1 ]; then
	# kunit.py judges the TAP only; the checkers report in the log
	if python3 "$REPO/scripts/console_badness.py" "$K_BUILD/test.log"; then
		result PASS "$label: kernel log clean"
	else
		result FAIL "$label: kernel log clean (see $K_BUILD/test.log)"
		rc=1
	fi
fi
exit "$rc"
