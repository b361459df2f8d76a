#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Export the commits base..HEAD of $WORK/linux to patches/ and series.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
git -C "$LINUX" diff --quiet HEAD -- ||
	die "$LINUX has uncommitted changes: commit them first (they would not be exported)"
rm -f "$REPO"/patches/*.patch
mkdir -p "$REPO/patches"
git -C "$LINUX" -c diff.noprefix=false -c diff.mnemonicPrefix=false -c format.signoff=false \
	format-patch --numbered --zero-commit --no-signature --no-renames \
	-o "$REPO/patches" base..HEAD | xargs -r -n 1 basename > "$REPO/series"
git -C "$LINUX" rev-parse HEAD > "$STAMP"
echo "export: $(wc -l < "$REPO/series") patch(es) from $LINUX (base..HEAD)"
git -C "$REPO" status --short -- patches series
