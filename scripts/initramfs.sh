#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build $WORK/build/initramfs.cpio.gz: static busybox and its applet links,
# scripts/guest/init and demo.sh, and the tree's containers kselftests built
# static (when tools/testing/selftests/containers exists).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
build=$WORK/build
root=$build/initramfs
out=$build/initramfs.cpio.gz
guest_root "$root"
install -m 0755 "$REPO/scripts/guest/demo.sh" "$root/demo.sh"

st=$LINUX/tools/testing/selftests/containers
if [ -d "$st" ]; then
	echo "initramfs: building the containers selftests (static)"
	sbuild=$build/selftests
	mkdir -p "$LOGS"
	if make -C "$LINUX" O="$sbuild" -s headers > "$LOGS/selftests-build.log" 2>&1 &&
	   make -C "$LINUX/tools/testing/selftests" O="$sbuild" TARGETS=containers \
		KSFT_INSTALL_PATH="$root/selftests" USERLDFLAGS=-static \
		install >> "$LOGS/selftests-build.log" 2>&1; then
		result PASS "build: containers selftests"
		echo "initramfs: selftests: $(tr '\n' ' ' < "$root/selftests/kselftest-list.txt")"
	else
		tail -n 40 "$LOGS/selftests-build.log"
		result FAIL "build: containers selftests (see $LOGS/selftests-build.log)"
		exit 1
	fi
else
	echo "initramfs: $st does not exist: no selftests in the initramfs"
fi

pack_initramfs "$root" "$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1))"
