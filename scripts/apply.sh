#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that the series applies (quilt push -a --fuzz=0 and git am, in the
# scratch worktree $WORK/quilt), then make $WORK/linux = base + series as
# commits, without ever destroying a developer's unexported work.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
mapfile -t patches < <(series_patches)
for p in "${patches[@]}"; do
	[ -f "$REPO/patches/$p" ] || die "series names patches/$p, which does not exist"
done
echo "apply: ${#patches[@]} patch(es) in series"

# patch_ids FILE...: the stable patch-ids of the patches in FILEs, in order.
patch_ids() { cat "$@" | git -C "$LINUX" patch-id --stable | awk '{ print $1 }'; }
series_ids() { [ ${#patches[@]} -eq 0 ] || patch_ids "${patches[@]/#/$REPO/patches/}"; }

# 1. The scratch copy: quilt, then git am patch by patch (3-way off; a
# whitespace error, e.g. a new blank line at EOF, fails it as it would
# for a maintainer applying with --whitespace=error).
q=$WORK/quilt
quilt_ok=1
scratch_reset() {
	git -C "$q" reset -q --hard base
	git -C "$q" clean -fdxq
	rm -rf "$q/.pc"
}
if [ ! -e "$q/.git" ]; then
	git -C "$LINUX" worktree prune
	git -C "$LINUX" worktree add -q --detach "$q" base
fi
scratch_reset
if [ ${#patches[@]} -eq 0 ]; then
	result SKIP "apply: quilt push -a (series is empty)"
elif out=$(cd "$q" && QUILT_PATCHES="$REPO/patches" QUILT_SERIES="$REPO/series" \
		quilt --quiltrc=- push -a -q --fuzz=0 2>&1); then
	result PASS "apply: quilt push -a --fuzz=0"
else
	echo "$out"
	result FAIL "apply: quilt push -a --fuzz=0"
	quilt_ok=0
fi
scratch_reset
am_ok=1
for p in "${patches[@]}"; do
	if [ $am_ok = 1 ] && git -C "$q" am -q --no-3way --whitespace=error "$REPO/patches/$p"; then
		result PASS "apply: git am $p"
	elif [ $am_ok = 1 ]; then
		git -C "$q" am --abort || true
		am_ok=0
		result FAIL "apply: git am $p"
	else
		result SKIP "apply: git am $p (an earlier patch failed)"
	fi
done
scratch_reset
[ $am_ok = 1 ] || exit 1

# 2. The developer tree.
check="apply: work/linux is base + series"
[ -d "$LINUX/.git/rebase-apply" ] &&
	{ result FAIL "$check (a git am is in progress in $LINUX: finish or --abort it)"; exit 1; }
if ! git -C "$LINUX" diff --quiet HEAD --; then
	git -C "$LINUX" status --short --untracked-files=no
	result FAIL "$check ($LINUX has uncommitted changes: commit and 'make export', or stash them)"
	exit 1
fi
head=$(git -C "$LINUX" rev-parse HEAD)
if [ "$(git -C "$LINUX" format-patch --stdout base..HEAD | git -C "$LINUX" patch-id --stable | awk '{ print $1 }')" \
     = "$(series_ids)" ]; then
	echo "apply: $LINUX already has the series ($(git -C "$LINUX" rev-list --count base..HEAD) commits)"
	echo "$head" > "$STAMP"
	result PASS "$check"
	[ $quilt_ok = 1 ]
	exit
fi
if [ "$head" != "$(git -C "$LINUX" rev-parse base)" ] &&
   [ "$head" != "$(cat "$STAMP" 2>/dev/null)" ]; then
	git -C "$LINUX" log --oneline base..HEAD
	echo "work/linux has commits not exported to patches/: run \`make export\`" \
	     "(or \`make reset-tree\` to discard them)"
	result FAIL "$check (unexported commits)"
	exit 1
fi
echo "apply: resetting $LINUX to base and applying the series"
git -C "$LINUX" reset -q --hard base
git -C "$LINUX" rev-parse HEAD > "$STAMP"
for p in "${patches[@]}"; do
	git -C "$LINUX" am -q --no-3way "$REPO/patches/$p" ||
		{ git -C "$LINUX" am --abort; result FAIL "$check (git am $p)"; exit 1; }
	git -C "$LINUX" rev-parse HEAD > "$STAMP"
done
result PASS "$check"
[ $quilt_ok = 1 ]
