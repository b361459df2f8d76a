#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make i386 (also run by make arm64): kernel guest-i386 of configs/KERNELS,
# 32-bit x86 (tinyconfig + qemu, containers, kunit-boot fragments +
# configs/i386.config), the series and its KUnit tests built in, for
# 32-bit long and atomic assumptions (a u64 division or modulo does not
# link); then the series' objects again with W=1 (kbuild rebuilds them as
# their flags changed): no warning. No boot.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
t0=$SECONDS
GUEST_KERNEL=guest-i386 "$REPO/scripts/guest.sh"
mapfile -t objs < <(series_files 'kernel/container*.c' | sed 's/\.c$/.o/')
log=$LOGS/guest-i386-w1.log
: > "$log"
echo "i386: W=1 on ${objs[*]}"
if kernel_make guest-i386 "$LINUX" "$log" W=1 "${objs[@]}" &&
   ! grep -E 'warning:|error:' "$log"; then
	result PASS "build: guest-i386 W=1 on the series' objects"
else
	tail -n 30 "$log"
	result FAIL "build: guest-i386 W=1 on the series' objects (see $log)"
	exit 1
fi
echo "i386: $(duration $((SECONDS - t0)))"
