#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# config-merge.sh BUILD_DIR FRAGMENT...: tinyconfig + fragments + olddefconfig
# in BUILD_DIR (O=), then fail if any symbol a fragment asks for did not end up
# with the value asked for. STRICT_CONFIG=0 only warns.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build=$1; shift
arch=${ARCH:-x86_64}
need_tree
mkdir -p "$build"
frags=()
for f in "$@"; do frags+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done

kmake() { make -s -C "$LINUX" O="$build" ARCH="$arch" "$@"; }
kmake tinyconfig >/dev/null
(cd "$build" && "$LINUX/scripts/kconfig/merge_config.sh" -m -O "$build" "$build/.config" "${frags[@]}" >/dev/null)
kmake olddefconfig >/dev/null

# Requested values, the last fragment winning; "n" for "is not set".
bad=$(awk '
	FNR == NR { if (/^CONFIG_/) { split($0, kv, "="); got[kv[1]] = substr($0, length(kv[1]) + 2) }
		    next }
	/^CONFIG_[A-Za-z0-9_]+=/ { split($0, kv, "="); want[kv[1]] = substr($0, length(kv[1]) + 2); src[kv[1]] = FILENAME }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { want[$2] = "n"; src[$2] = FILENAME }
	END {
		for (s in want) {
			have = (s in got) ? got[s] : "n"
			if (have != want[s])
				printf "  %s=%s requested by %s, got %s\n", s, want[s], src[s], (s in got) ? have : "not set"
		}
	}' "$build/.config" "${frags[@]}" | sort)
if [ -n "$bad" ]; then
	echo "config: these symbols did not get the requested value in $build/.config" \
	     "(missing from this tree, or dependencies not met):"
	echo "$bad"
	[ "${STRICT_CONFIG:-1}" = 0 ] && { echo "config: STRICT_CONFIG=0, going on anyway"; exit 0; }
	exit 1
fi
echo "config: $build/.config has all $(cat "${frags[@]}" | grep -cE '^(CONFIG_|# CONFIG_.* is not set)') requested symbols"
