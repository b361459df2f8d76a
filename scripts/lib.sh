# SPDX-License-Identifier: GPL-2.0
# Common settings for the harness scripts; sourced, not run.
# shellcheck shell=bash

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$REPO/work}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
LINUX=$WORK/linux
RESULTS=${RESULTS:-$WORK/results.txt}
LOGS=$WORK/logs
JOBS=${JOBS:-2}
STAMP=$WORK/.applied-head
export REPO WORK LINUX RESULTS LOGS JOBS STAMP

# ccache everywhere; a fixed build identity gives more cache hits.
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$WORK}
# Hits across clones in other folders: the kernel's O= builds use relative
# paths, and the working directory must not enter the hash either.
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# Depend mode: on a miss ccache takes the headers from the compiler's own
# dependency file (kbuild's -Wp,-MMD) instead of running the preprocessor a
# second time. kernel/ and mm/ of a tinyconfig with an empty cache: 62-73 s
# with plain gcc, 100-111 s through ccache's default, 67-87 s in depend
# mode; hits are direct-mode hits, as before.
export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
export KBUILD_BUILD_TIMESTAMP=${KBUILD_BUILD_TIMESTAMP:-"Thu Jan  1 00:00:00 UTC 2026"}
export KBUILD_BUILD_USER=${KBUILD_BUILD_USER:-containers}
export KBUILD_BUILD_HOST=${KBUILD_BUILD_HOST:-builder}
# The build number is in linux_banner: fixed, so that builds compare equal.
export KBUILD_BUILD_VERSION=${KBUILD_BUILD_VERSION:-1}

# git am and the baseline commit need an identity, even on a bare CI box.
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$(git config user.name || echo "Series Harness")}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$(git config user.email || echo "harness@localhost")}

# kbuild CMD...: run CMD (a command or a function) holding a machine-wide
# lock, so that two kernel builds (two clones, or a benchmark and a check)
# never share the two cores. CMD does not inherit the lock's descriptor.
KBUILD_LOCK=${KBUILD_LOCK:-/tmp/containers-kbuild.lock}
kbuild() {
	{ flock 9 && "$@" 9>&-; } 9>>"$KBUILD_LOCK"
}

die() { echo "error: $*" >&2; exit 1; }

# result PASS|FAIL|SKIP NAME...: record one check in $RESULTS and print it.
result() {
	local status=$1; shift
	echo "$status $*" >> "$RESULTS"
	echo "$status $*"
}

# record_kunit_json JSON PREFIX: one result line per test case of a kunit.py
# JSON report; sets KUNIT_CASES and KUNIT_FAILS.
record_kunit_json() {
	local status name
	KUNIT_CASES=0 KUNIT_FAILS=0
	[ -s "$1" ] || return 0
	while read -r status name; do
		case $status in
		PASS) result PASS "$2: $name" ;;
		SKIP) result SKIP "$2: $name" ;;
		*) result FAIL "$2: $name ($status)"; KUNIT_FAILS=$((KUNIT_FAILS + 1)) ;;
		esac
		KUNIT_CASES=$((KUNIT_CASES + 1))
	done < <(python3 "$REPO/scripts/kunit-json.py" "$1")
}

# scratch_worktree DIR: a detached worktree of $LINUX at base in DIR, made
# once and kept (the bisect and static gates check commits out there).
scratch_worktree() {
	[ -d "$1" ] && return 0
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$1" base
}

# guest_root ROOT [BUSYBOX]: a fresh guest root in ROOT: the usual folders,
# static busybox (the host's, or the binary BUSYBOX of another
# architecture, with the host busybox's applet list) with its applet
# links, scripts/guest/init as /init.
guest_root() {
	local root=$1 bb applet host
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,root,etc}
	host=$(command -v busybox) || die "busybox not found (make deps installs busybox-static)"
	bb=${2:-$host}
	readelf -l "$bb" | grep -q INTERP && die "$bb is dynamically linked: install busybox-static"
	cp "$bb" "$root/bin/busybox"
	"$host" --list-full | while read -r applet; do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done
	install -m 0755 "$REPO/scripts/guest/init" "$root/init"
}

# arm64_busybox: the path of a static arm64 busybox: Debian's
# busybox-static:arm64, fetched once with apt-get download into CACHE_DIR
# (adding the arm64 architecture to dpkg if needed) and unpacked in
# $WORK/build/arm64-busybox.
arm64_busybox() {
	local cache=${CACHE_DIR:-/var/cache/containers-series} dir=$WORK/build/arm64-busybox deb
	if [ ! -x "$dir/bin/busybox" ]; then
		mkdir -p "$cache"
		deb=$(find "$cache" -maxdepth 1 -name 'busybox-static_*_arm64.deb' | sort -V | tail -n 1)
		if [ -z "$deb" ]; then
			dpkg --print-foreign-architectures | grep -qx arm64 ||
				dpkg --add-architecture arm64
			apt-get update -q > /dev/null
			(cd "$cache" && apt-get download -q busybox-static:arm64) >&2
			deb=$(find "$cache" -maxdepth 1 -name 'busybox-static_*_arm64.deb' | sort -V | tail -n 1)
		fi
		rm -rf "$dir"
		dpkg-deb -x "$deb" "$dir"
	fi
	readelf -h "$dir/bin/busybox" | grep -q AArch64 || die "$dir/bin/busybox is not an arm64 binary"
	echo "$dir/bin/busybox"
}

# pack_initramfs ROOT OUT: ROOT as a gzipped cpio OUT (owned by root, with
# /dev/console), via the tree's usr/gen_init_cpio; the listing is OUT.list.
pack_initramfs() {
	local root=$1 out=$2 gen=$WORK/build/gen_init_cpio list=${2%.cpio.gz}.list
	[ "$gen" -nt "$LINUX/usr/gen_init_cpio.c" ] ||
		gcc -O2 -o "$gen" "$LINUX/usr/gen_init_cpio.c"
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
	} > "$list"
	"$gen" "$list" | gzip -9n > "$out.tmp"
	mv "$out.tmp" "$out"
}

# series_patches: the patch file names of the series, in order.
series_patches() {
	[ -f "$REPO/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' "$REPO/series" | awk 'NF { print $1 }'
}

# series_files PATHSPEC...: the files that the series (base..HEAD of $LINUX)
# adds or changes, matching PATHSPEC..., tools/ (userspace) aside.
series_files() {
	git -C "$LINUX" diff --name-only --diff-filter=AM base..HEAD -- "$@" | grep -v '^tools/'
}

# at_base FILE...: those of the files of $LINUX that exist at base.
at_base() {
	local f
	for f; do
		! git -C "$LINUX" cat-file -e "base:$f" 2>/dev/null || echo "$f"
	done
}

need_tree() {
	git -C "$LINUX" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 ||
		die "$LINUX is missing or has no tag 'base': run 'make tree' first"
}

. "$REPO/scripts/kernels.sh"
