#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel with the initramfs in QEMU (TCG), save the serial log
# and check it with boot-check.py. DEBUG=1: the debug kernel; DEMO=1: run the
# demo instead of the selftests; KVM=1: use KVM (off by default: on these
# machines KVM hangs in firmware).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=guest mem=512M timeout=${BOOT_TIMEOUT:-600} mode=selftests append=
if [ "${DEBUG:-0}" = 1 ]; then
	name=guest-debug mem=2G timeout=${BOOT_TIMEOUT:-3000}
fi
# The demo and the benchmark do not run the KUnit suites built in.
[ "${DEMO:-0}" = 1 ] && mode=demo append="kunit.enable=0"
kernel_line "$name"
kernel=${BZIMAGE:-$K_BUILD/$ARCH_IMAGE}
initrd=${INITRD:-$WORK/build/initramfs.cpio.gz}
log=$LOGS/boot-$name-$mode.log
mkdir -p "$LOGS"

for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { result FAIL "boot: $name $mode ($f is missing)"; exit 1; }
done

echo "boot: $name, $mode, timeout ${timeout}s, log $log"
rc=0
qemu_boot "$K_ARCH" "$log" "$timeout" "$kernel" "$initrd" \
	"guest.mode=$mode $append ${BOOT_APPEND:-}" -smp 2 -m "$mem" || rc=$?
check=0
python3 "$REPO/scripts/boot-check.py" --name "$name $mode" --qemu-rc "$rc" \
	--timeout "$timeout" --results "$RESULTS" "$log" || check=1

# The KUnit suites built into the kernel ran at boot: their KTAP results
if grep -q 'KTAP version' "$log"; then
	json=$LOGS/kunit-$name-$mode.json
	rm -f "$json"
	python3 "$LINUX/tools/testing/kunit/kunit.py" parse --json="$json" "$log" \
		> "$LOGS/kunit-$name-$mode.log" 2>&1 || true
	record_kunit_json "$json" "kunit($name)"
	grep -ho 'css_get+css_put.*' "$log" | sed "s/^/kunit($name): /" || true
	if [ "$KUNIT_CASES" -eq 0 ]; then
		result FAIL "kunit($name): no results parsed (see $LOGS/kunit-$name-$mode.log)"
		check=1
	fi
	[ "$KUNIT_FAILS" -eq 0 ] || check=1
fi
exit $check
