#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build $WORK/build/initramfs.cpio.gz: static busybox and its applet links,
# scripts/guest/init and demo.sh, and the tree's containers kselftests built
# static (when tools/testing/selftests/containers exists).
# INITRAMFS_ARCH=arm64 (make arm64): $WORK/build/initramfs-arm64.cpio.gz,
# with Debian's busybox-static:arm64 (apt-get download, kept in CACHE_DIR)
# and the selftests cross-built against libc6-dev-arm64-cross.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
build=$WORK/build
sfx='' bb='' xmake=()
case ${INITRAMFS_ARCH:-x86_64} in
x86_64) ;;
arm64)
	sfx=-arm64 xmake=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	bb=$(arm64_busybox) ;;
*)	die "initramfs: no INITRAMFS_ARCH ${INITRAMFS_ARCH} (x86_64 or arm64)" ;;
esac
root=$build/initramfs$sfx
out=$build/initramfs$sfx.cpio.gz
# shellcheck disable=SC2086 # no BUSYBOX argument when $bb is empty
guest_root "$root" $bb
install -m 0755 "$REPO/scripts/guest/demo.sh" "$root/demo.sh"

st=$LINUX/tools/testing/selftests/containers
if [ -d "$st" ]; then
	echo "initramfs: building the containers selftests (static)"
	sbuild=$build/selftests$sfx
	slog=$LOGS/selftests$sfx-build.log
	mkdir -p "$LOGS"
	if make -C "$LINUX" O="$sbuild" "${xmake[@]}" -s headers > "$slog" 2>&1 &&
	   make -C "$LINUX/tools/testing/selftests" O="$sbuild" "${xmake[@]}" TARGETS=containers \
		KSFT_INSTALL_PATH="$root/selftests" USERLDFLAGS=-static \
		install >> "$slog" 2>&1; then
		result PASS "build: containers selftests$sfx"
		echo "initramfs: selftests: $(tr '\n' ' ' < "$root/selftests/kselftest-list.txt")"
	else
		tail -n 40 "$slog"
		result FAIL "build: containers selftests$sfx (see $slog)"
		exit 1
	fi
else
	echo "initramfs: $st does not exist: no selftests in the initramfs"
fi

pack_initramfs "$root" "$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1))"
