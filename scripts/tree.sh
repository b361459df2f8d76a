#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Set up $WORK/linux: the kernel source as a git repo whose tag 'base' is the
# pristine tree. Default: Debian's linux-source-6.12; KERNEL_SRC=DIR: your own.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CACHE=${CACHE_DIR:-/var/cache/containers-series}
PKG=linux-source-6.12

if git -C "$LINUX" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	echo "tree: reusing $LINUX (tag base = $(git -C "$LINUX" rev-parse --short base))"
	echo "tree: kernel $(make -s -C "$LINUX" kernelversion)"
	exit 0
fi
[ -e "$LINUX" ] && die "$LINUX exists but has no tag 'base': move it away first"

tmp=$LINUX.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
if [ -n "${KERNEL_SRC:-}" ]; then
	src=$(cd "$KERNEL_SRC" && pwd)
	if git -C "$src" rev-parse --verify -q HEAD >/dev/null; then
		echo "tree: exporting HEAD of $src"
		git -C "$src" archive HEAD | tar -x -C "$tmp"
	else
		echo "tree: copying $src"
		rsync -a --exclude=.git "$src/" "$tmp/"
	fi
	desc="$src"
else
	mkdir -p "$CACHE"
	tarball=$CACHE/$PKG.tar.xz
	if [ ! -s "$tarball" ]; then
		deb=$(find "$CACHE" -maxdepth 1 -name "${PKG}_*_all.deb" | sort -V | tail -n 1)
		if [ -z "$deb" ]; then
			echo "tree: downloading $PKG into $CACHE"
			(cd "$CACHE" && apt-get download "$PKG") ||
				{ apt-get update -q && (cd "$CACHE" && apt-get download "$PKG"); }
			deb=$(find "$CACHE" -maxdepth 1 -name "${PKG}_*_all.deb" | sort -V | tail -n 1)
		fi
		echo "tree: extracting $tarball from $(basename "$deb")"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./usr/src/$PKG.tar.xz" > "$tarball.tmp"
		mv "$tarball.tmp" "$tarball"
	fi
	echo "tree: unpacking $tarball"
	tar -xJf "$tarball" -C "$tmp" --strip-components=1
	desc="Debian $PKG"
fi

echo "tree: committing the baseline"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
git -C "$tmp" init -q -b master
# Debian's top-level .gitignore ignores everything at top level: force.
git -C "$tmp" add -A -f
git -C "$tmp" -c user.name="$GIT_COMMITTER_NAME" -c user.email="$GIT_COMMITTER_EMAIL" \
	commit -q -m "Linux $(make -s -C "$tmp" kernelversion) ($desc)"
git -C "$tmp" tag base
# In the work copy only, drop the Debian block so new files show in git status.
if grep -q '^!/debian/$' "$tmp/.gitignore"; then
	git -C "$tmp" update-index --skip-worktree .gitignore
	sed -i -e '/^# Debian packaging/,$d' "$tmp/.gitignore"
	sed -i -e '${/^#$/d}' "$tmp/.gitignore"
fi
mv "$tmp" "$LINUX"
echo "tree: $LINUX ready, kernel $(make -s -C "$LINUX" kernelversion)"
