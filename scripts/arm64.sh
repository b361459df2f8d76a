#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make arm64: kernel guest-arm64 of configs/KERNELS cross-built with
# Debian's gcc-aarch64-linux-gnu (tinyconfig + qemu, containers,
# kunit-boot fragments + configs/arm64.config, the KUnit suites built in),
# an initramfs with busybox-static:arm64 and the selftests cross-built
# static (INITRAMFS_ARCH=arm64 scripts/initramfs.sh), booted in
# qemu-system-aarch64 (TCG, -machine virt, -cpu max,pauth-impdef=on, 2
# vCPUs): the KUnit suites and ARM64_PROGS (default container_test,
# release_test, events_test and a ARM64_STRESS_S=30 s ledger_test with
# ARM64_TEARDOWN_N=300 queued). The series has no arch code: this catches
# what x86's strong memory ordering hides. Then make i386 (ARM64_I386=0:
# not). ARM64_BUILD_ONLY=1: no boot.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$REPO/scripts/campaign.sh"

need_tree
t0=$SECONDS
DEPS_ARM64=1 "$REPO/scripts/deps.sh"
campaign_kernel guest-arm64
t1=$SECONDS
INITRAMFS_ARCH=arm64 "$REPO/scripts/initramfs.sh"
t2=$SECONDS
rc=0
if [ "${ARM64_BUILD_ONLY:-0}" != 1 ]; then
	progs=${ARM64_PROGS:-container_test,release_test,events_test,ledger_test}
	env=STRESS_S=${ARM64_STRESS_S:-30},TEARDOWN_N=${ARM64_TEARDOWN_N:-300}
	# TCG's default pointer authentication (QARMA) is slow to emulate
	QEMU_CPU=${QEMU_CPU:-max,pauth-impdef=on} \
	campaign_boot guest-arm64 arm64 1G "${ARM64_TIMEOUT:-5400}" \
		"guest.only=$progs guest.env=$env guest.timeout=5000" \
		"$WORK/build/initramfs-arm64.cpio.gz" || rc=$?
	campaign_figures "$LOGS/boot-arm64.log" '^# (ledger|teardown)[ :]'
fi
t3=$SECONDS
echo "arm64: kernel $(duration $((t1 - t0))), selftests and initramfs $(duration $((t2 - t1))), boot $(duration $((t3 - t2)))"
if [ "${ARM64_I386:-1}" = 1 ]; then
	"$REPO/scripts/i386.sh" || rc=1
fi
exit $rc
