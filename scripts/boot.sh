#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel with the initramfs in QEMU (TCG), save the serial log
# and check it with boot-check.py. DEBUG=1: the debug kernel; DEMO=1: run the
# demo instead of the selftests; KVM=1: use KVM (off by default: on these
# machines KVM hangs in firmware).
# The campaign's targets boot other kernels: BOOT_KERNEL=NAME (a kernel of
# configs/KERNELS, any architecture), BOOT_MEM, BOOT_LABEL (the log is
# boot-LABEL.log and the results say LABEL), BOOT_LOCK=1 (boot holding the
# kernel-build lock, as make bench does: a long guest gets the two cores).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=guest mem=512M timeout=${BOOT_TIMEOUT:-600} mode=selftests append=
if [ "${DEBUG:-0}" = 1 ]; then
	name=guest-debug mem=2G timeout=${BOOT_TIMEOUT:-3000}
fi
name=${BOOT_KERNEL:-$name} mem=${BOOT_MEM:-$mem}
# The demo and the benchmark do not run the KUnit suites built in.
[ "${DEMO:-0}" = 1 ] && mode=demo append="kunit.enable=0"
kernel_line "$name"
kernel=${BZIMAGE:-$K_BUILD/$ARCH_IMAGE}
initrd=${INITRD:-$WORK/build/initramfs.cpio.gz}
label=${BOOT_LABEL:-$name-$mode}
log=$LOGS/boot-$label.log
mkdir -p "$LOGS"

for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { result FAIL "boot: $name $mode ($f is missing)"; exit 1; }
done

lock=()
[ "${BOOT_LOCK:-0}" != 1 ] || lock=(kbuild)
echo "boot: $name, $mode, timeout ${timeout}s, log $log"
start=$SECONDS
rc=0
"${lock[@]}" qemu_boot "$K_ARCH" "$log" "$timeout" "$kernel" "$initrd" \
	"guest.mode=$mode $append ${BOOT_APPEND:-}" -smp 2 -m "$mem" || rc=$?
echo "boot: $label took $((SECONDS - start)) s"
check=0
bname="$name $mode"
[ -z "${BOOT_LABEL:-}" ] || bname=$BOOT_LABEL
python3 "$REPO/scripts/boot-check.py" --name "$bname" --qemu-rc "$rc" \
	--timeout "$timeout" --results "$RESULTS" \
	${KCSAN_IGNORE:+--kcsan-ignore "$KCSAN_IGNORE"} "$log" || check=1

# The KUnit suites built into the kernel ran at boot: their KTAP results
if grep -q 'KTAP version' "$log"; then
	json=$LOGS/kunit-$label.json
	rm -f "$json"
	python3 "$LINUX/tools/testing/kunit/kunit.py" parse --json="$json" "$log" \
		> "$LOGS/kunit-$label.log" 2>&1 || true
	record_kunit_json "$json" "kunit($name)"
	grep -ho 'css_get+css_put.*' "$log" | sed "s/^/kunit($name): /" || true
	if [ "$KUNIT_CASES" -eq 0 ]; then
		result FAIL "kunit($name): no results parsed (see $LOGS/kunit-$label.log)"
		check=1
	fi
	[ "$KUNIT_FAILS" -eq 0 ] || check=1
fi
exit $check
