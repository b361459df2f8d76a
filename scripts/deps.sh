#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs (a no-op when all are there).
set -euo pipefail

pkgs=(build-essential flex bison bc libelf-dev libssl-dev quilt qemu-system-x86
      busybox-static cpio ccache sparse python3 python3-ply python3-git rsync kmod gnuplot-nox clang lld
      llvm dwarves xz-utils git python3-sphinx python3-yaml git-email libmailtools-perl
      coccinelle ocaml-nox shellcheck)
# make arm64 (scripts/arm64.sh runs DEPS_ARM64=1 deps.sh): the cross
# compiler, QEMU for arm64 and a static arm64 libc for the selftests
if [ "${DEPS_ARM64:-0}" = 1 ]; then
	pkgs+=(gcc-aarch64-linux-gnu qemu-system-arm libc6-dev-arm64-cross)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
