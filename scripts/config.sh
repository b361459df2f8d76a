#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make config KERNEL="NAME...": the .config of each named kernel of
# configs/KERNELS, made and checked in $WORK/build/NAME as the build of
# that kernel makes it (nothing is built). Without KERNEL: the kernels and
# their fragments.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -z "${KERNEL:-}" ]; then
	for k in $(kernel_names); do
		kernel_line "$k"
		printf '%-20s %-7s %-6s %-11s %s\n' "$k" "$K_ARCH" "$K_CC" "$K_BASE" "${K_FRAGS[*]#"$REPO/"}"
	done
	exit 0
fi
need_tree
for k in $KERNEL; do
	echo "config: $k"
	kernel_config "$k"
done
