#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the series' KUnit suites under UML with kunit.py, in a persistent build
# folder, and record every test case (ok / not ok / skipped) in $RESULTS.
# KUNITCONFIG=DIR_OR_FILE overrides the repo's kunit/.kunitconfig.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
kunitconfig=${KUNITCONFIG:-$REPO/kunit}
build=$WORK/build/kunit
json=$LOGS/kunit.json
mkdir -p "$LOGS" "$build"
rm -f "$json"

rc=0
(cd "$LINUX" && kbuild python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$kunitconfig" --build_dir="$build" --jobs="$JOBS" \
	--make_options CC="ccache gcc" --timeout="${KUNIT_TIMEOUT:-600}" \
	--json="$json") 2>&1 | tee "$LOGS/kunit.log" || rc=$?

# kunit.json: {"name", "sub_groups": [...], "test_cases": [{"name", "status"}]}
# status: PASS, FAIL, SKIP, ERROR (crashed).
n=0 fails=0
if [ -s "$json" ]; then
	while read -r status name; do
		case $status in
		PASS) result PASS "kunit: $name" ;;
		SKIP) result SKIP "kunit: $name" ;;
		*) result FAIL "kunit: $name ($status)"; fails=$((fails + 1)) ;;
		esac
		n=$((n + 1))
	done < <(python3 - "$json" <<'PY'
import json, sys

def walk(group, prefix):
    for case in group.get("test_cases", []):
        print(case["status"], ".".join(prefix + [case["name"]]))
    for sub in group.get("sub_groups", []):
        walk(sub, prefix + [sub["name"]])

walk(json.load(open(sys.argv[1])), [])  # the root group is the whole run
PY
)
fi
# The container_perf suite's figures (a benchmark: printed, never judged)
grep -ho 'css_get+css_put.*' "$build/test.log" 2>/dev/null | sed 's/^/kunit: /' || true
if [ "$n" -eq 0 ]; then
	result FAIL "kunit: no test results (build or boot failed, see $LOGS/kunit.log)"
	exit 1
fi
if [ "$rc" -ne 0 ] && [ "$fails" -eq 0 ]; then
	result FAIL "kunit: kunit.py exited with status $rc"
fi
exit "$rc"
