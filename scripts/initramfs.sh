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
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,root,etc}

bb=$(command -v busybox) || die "busybox not found (make deps installs busybox-static)"
readelf -l "$bb" | grep -q INTERP && die "$bb is dynamically linked: install busybox-static"
cp "$bb" "$root/bin/busybox"
"$bb" --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
install -m 0755 "$REPO/scripts/guest/init" "$root/init"
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

gen=$build/gen_init_cpio
[ "$gen" -nt "$LINUX/usr/gen_init_cpio.c" ] || gcc -O2 -o "$gen" "$LINUX/usr/gen_init_cpio.c"
{
	(cd "$root" && find . -mindepth 1 -printf '%y %P %m %l\n') |
	while read -r type path mode target; do
		case $type in
		d) echo "dir /$path $mode 0 0" ;;
		f) echo "file /$path $root/$path $mode 0 0" ;;
		l) echo "slink /$path $target 0777 0 0" ;;
		esac
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
} > "$build/initramfs.list"
"$gen" "$build/initramfs.list" | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1))"
