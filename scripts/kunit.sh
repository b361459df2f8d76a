#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' KUnit suites with kunit.py, in a persistent build folder,
# and record every test case (ok / not ok / skipped) in $RESULTS.
# Under UML by default; KUNIT_ARCH=x86_64 runs them in QEMU (TCG), and
# DEBUG=1 adds configs/debug.config (lockdep, KASAN, kmemleak, UBSAN...), in
# which case the kernel log must also be free of their reports.
# KUNITCONFIG=DIR_OR_FILE overrides the repo's kunit/.kunitconfig.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
kunitconfig=${KUNITCONFIG:-$REPO/kunit}
arch=${KUNIT_ARCH:-um}
name=kunit label=kunit
args=(--kunitconfig="$kunitconfig")
if [ "$arch" != um ] || [ "${DEBUG:-0}" = 1 ]; then
	name=kunit-$arch label="kunit($arch"
	args+=(--arch="$arch")
	if [ "${DEBUG:-0}" = 1 ]; then
		name=$name-debug label="$label,debug"
		args+=(--kunitconfig="$REPO/configs/debug.config")
	fi
	label="$label)"
fi
build=$WORK/build/$name
json=$LOGS/$name.json
mkdir -p "$LOGS" "$build"
rm -f "$json"

rc=0
(cd "$LINUX" && kbuild python3 tools/testing/kunit/kunit.py run "${args[@]}" \
	--build_dir="$build" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --timeout="${KUNIT_TIMEOUT:-900}" \
	--json="$json") 2>&1 | tee "$LOGS/$name.log" || rc=$?

record_kunit_json "$json" "$label"
# The container_perf suite's figures (a benchmark: printed, never judged)
grep -ho 'css_get+css_put.*' "$build/test.log" 2>/dev/null | sed "s/^/$label: /" || true
if [ "$KUNIT_CASES" -eq 0 ]; then
	result FAIL "$label: no test results (build or boot failed, see $LOGS/$name.log)"
	exit 1
fi
if [ "$rc" -ne 0 ] && [ "$KUNIT_FAILS" -eq 0 ]; then
	result FAIL "$label: kunit.py exited with status $rc"
fi
if [ "${DEBUG:-0}" = 1 ]; then
	# kunit.py judges the TAP only; the checkers report in the log
	bad=$(grep -E 'WARNING:|BUG:|Oops|possible circular|possible recursive|inconsistent lock|suspicious RCU|sleeping function called|KASAN:|UBSAN:|unreferenced object 0x|suspected memory leak|Call Trace:' \
		"$build/test.log" || true)
	if [ -n "$bad" ]; then
		echo "$bad" | head -n 30
		result FAIL "$label: kernel log clean (see $build/test.log)"
		rc=1
	else
		result PASS "$label: kernel log clean"
	fi
fi
exit "$rc"
