# SPDX-License-Identifier: GPL-2.0
# Helpers of the reliability campaign's targets (make stress, faults,
# kcsan, arm64, i386; campaign/README.md); sourced after lib.sh, not run.
# shellcheck shell=bash

# campaign_kernel NAME: build kernel NAME of configs/KERNELS as the guests
# are built (scripts/guest.sh: config checked, image, PASS/FAIL "build:
# NAME kernel").
campaign_kernel() {
	GUEST_KERNEL=$1 "$REPO/scripts/guest.sh"
}

# campaign_boot NAME LABEL MEM TIMEOUT APPEND [INITRD]: boot kernel NAME
# with scripts/boot.sh (selftests mode, the log checked with
# scripts/console-badness.txt by boot-check.py, the KUnit suites' KTAP
# parsed), log $LOGS/boot-LABEL.log, holding the kernel-build lock.
campaign_boot() {
	BOOT_KERNEL=$1 BOOT_LABEL=$2 BOOT_MEM=$3 BOOT_TIMEOUT=$4 BOOT_LOCK=1 \
	BOOT_APPEND="$5 ${BOOT_APPEND:-}" INITRD=${6:-$WORK/build/initramfs.cpio.gz} \
	DEBUG=0 DEMO=0 "$REPO/scripts/boot.sh"
}

# campaign_kcsan: the boot arguments of a guest-kcsan boot in KCSAN_ARGS
# (KCSAN_SKIP_WATCH, default 400: a watchpoint every that many accesses,
# ten times KCSAN's own rate; the functions of configs/kcsan-ignore.txt for
# the guest's debugfs filter), and KCSAN_IGNORE exported for the log
# check, which passes their reports made before /init installs the filter.
campaign_kcsan() {
	local names
	names=$(python3 "$REPO/scripts/console_badness.py" --kcsan-names "$REPO/configs/kcsan-ignore.txt")
	KCSAN_ARGS="kcsan.skip_watch=${KCSAN_SKIP_WATCH:-400}${names:+ guest.kcsan_skip=$names}"
	export KCSAN_IGNORE=$REPO/configs/kcsan-ignore.txt
}

# campaign_figures LOG REGEX: the lines of LOG that match REGEX (the
# programs' figure lines), and how long each program ran.
campaign_figures() {
	echo "figures (from $1):"
	grep -E "$2" "$1" || echo "  (none: did the programs run?)"
	awk '/^### SELFTEST BEGIN/ { start[$4] = $5 }
	     /^### SELFTEST END/ && $6 != "" && ($4 in start) {
		printf "  %s: %s, %.0f s (uptime %s -> %s)\n", $4, $5, $6 - start[$4], start[$4], $6 }' "$1"
}
