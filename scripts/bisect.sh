#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Bisectability and the =n footprint: check out base and then each commit of
# the series (work/linux base..HEAD) in the scratch worktree $WORK/bisect-src
# and build vmlinux twice at every step, as two kernels of configs/KERNELS:
#   bisect-y: tinyconfig + qemu.config + containers.config + KUnit and the
#       series' KUnit tests built in (symbols a step does not have yet are
#       dropped by olddefconfig)
#   bisect-n: tinyconfig + qemu.config (CONFIG_CONTAINERS not set)
# Builds are incremental from one step to the next (ccache underneath); a
# step keeps the .config of the step before when nothing it is made from
# changed, and a step that changes no file the last =n build read is that
# =n kernel.
# The last step's =y kernel is the guest kernel of make guest (the same
# fragments and smp.config and the selftests' one), built from work/linux
# when that is the last step's tree, so that the guest stage of make check
# only packs it; it is also built as bisect-m (the KUnit tests as a module).
# Then scripts/bloat-o-meter compares the =n vmlinux of base and of the last
# commit: the series must add nothing to a kernel built without it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
src=$WORK/bisect-src
mkdir -p "$LOGS"
log=$LOGS/bisect.log
: > "$log"
scratch_worktree "$src"

# config_key KERNEL TREE: what the .config of KERNEL for TREE is made of:
# the tree's Kconfig files, config fragments, top and arch Makefiles and
# scripts/ (as git blobs of its HEAD; a tree with changes of its own has
# no key), the harness' fragments and the toolchain that Kconfig probes.
config_key() {
	kernel_line "$1" "$2"
	[ -z "$(git -C "$2" status --porcelain --untracked-files=no)" ] || return 1
	{
		git -C "$2" ls-tree -r HEAD |
			grep -E '	((.*/)?Kconfig[^/]*|Makefile|arch/[^/]+/Makefile[^/]*|scripts/.*|(.*/)?configs/.*)$'
		cat "${K_FRAGS[@]}"
		echo "${KMAKE[*]}"
		gcc --version; ld --version; clang --version 2>/dev/null || true
	} | sha256sum | cut -d' ' -f1
}

# configure KERNEL TREE: kernel_config, unless the build folder holds the
# .config it made last from the same config_key (one Kconfig run is about
# 20 s of CPU: a third of a step that compiles little).
configure() {
	local kernel=$1 tree=$2 key stamp
	key=$(config_key "$kernel" "$tree") || key=
	kernel_line "$kernel" "$tree"
	stamp=$K_BUILD/.bisect-config
	if [ -n "$key" ] && [ -f "$stamp" ] && [ -f "$K_BUILD/.config" ] &&
	   [ "$(cat "$stamp")" = "$key $(sha256sum < "$K_BUILD/.config")" ]; then
		echo "config: $kernel: same Kconfig files, fragments and toolchain as its .config, kept"
		return 0
	fi
	rm -f "$stamp"
	kernel_config "$kernel" "$tree" none || return 1
	[ -z "$key" ] || echo "$key $(sha256sum < "$K_BUILD/.config")" > "$stamp"
}

# build NAME KERNEL y|n [TREE]: configure KERNEL for TREE (default $src) and
# build its vmlinux, with CONFIG_CONTAINERS=y or without it.
build() {
	local name=$1 kernel=$2 want=$3 tree=${4:-$src}
	echo "=== $name" >> "$log"
	if ! configure "$kernel" "$tree" >> "$log" 2>&1; then
		result FAIL "$name (config, see $log)"
		return 1
	fi
	if [ "$(grep -c '^CONFIG_CONTAINERS=y$' "$K_BUILD/.config")" != \
	     "$([ "$want" = y ] && echo 1 || echo 0)" ]; then
		result FAIL "$name (.config: CONFIG_CONTAINERS is not $want)"
		return 1
	fi
	if kernel_make "$kernel" "$tree" "$log" vmlinux; then
		result PASS "$name"
	else
		tail -n 30 "$log"
		result FAIL "$name (see $log)"
		return 1
	fi
}

commits=$(git -C "$LINUX" rev-list --reverse base..HEAD)
total=$(echo "$commits" | wc -w)
rc=0

# inputs_of DIR: every file of $src that the build in DIR read, as paths
# relative to $src: the sources and headers of its objects and the files
# its commands name. kbuild's .cmd files hold both, as absolute paths or,
# where ccache rewrote them (CCACHE_BASEDIR), relative to DIR; some with
# "dir/../" in them.
inputs_of() {
	(cd "$1" && find . -name '.*.cmd' -exec cat {} + |
		grep -oE '(^|[[:space:]])(/|\.\./)[^[:space:]\\:)]+' |
		sed 's/^[[:space:]]*//' | sort -u |
		xargs -r -d '\n' realpath -ms --relative-to="$src" |
		grep -v '^\.\./' | sort -u)
}

# same_inputs FROM TO: whether no file that the =n build of FROM read
# differs in TO; build files (Makefile, Kbuild, Kconfig, scripts/, linker
# scripts; not those of Documentation/ and tools/testing/, which kbuild
# does not read) always count as read. A step that changes only the
# series' own files (not compiled without CONFIG_CONTAINERS),
# documentation or selftests gives the =n kernel already built.
same_inputs() {
	local f
	[ -s "$WORK/build/bisect-n.inputs" ] || return 1
	while read -r f; do
		case $f in
		Documentation/*|tools/testing/*)
			continue ;;
		Makefile*|*/Makefile*|Kbuild*|*/Kbuild*|Kconfig*|*/Kconfig*|scripts/*|*.lds*)
			return 1 ;;
		esac
		! grep -qxF "$f" "$WORK/build/bisect-n.inputs" || return 1
	done < <(git -C "$src" diff --name-only "$1" "$2")
}

# build_n STEP NAME: the =n kernel of commit STEP, unless it has the same
# inputs as the last =n kernel built (then it is that kernel).
nbuilt=
build_n() {
	local step=$1 name=$2 rc=0
	if [ -n "$nbuilt" ] && same_inputs "$nbuilt" "$step"; then
		result PASS "$name (no file of the =n build changed since $(git -C "$src" log -1 --format=%h "$nbuilt"): that kernel)"
		return 0
	fi
	build "$name" bisect-n n || rc=1
	nbuilt=
	[ $rc -eq 0 ] || return $rc
	inputs_of "$WORK/build/bisect-n" > "$WORK/build/bisect-n.inputs" || true
	# A list that misses what every kernel reads is a list read wrongly:
	# then every step is built.
	if grep -qxF include/linux/sched.h "$WORK/build/bisect-n.inputs" &&
	   grep -qxF init/main.c "$WORK/build/bisect-n.inputs"; then
		nbuilt=$step
	else
		echo "bisect: the .cmd files of bisect-n did not give its inputs: no =n step is skipped"
	fi
}

rm -f "$WORK/build/bisect-n.inputs"
git -C "$src" checkout -q --detach base
build_n base "bisect: base (=n)" || rc=1
nvmlinux=$WORK/build/bisect-n/vmlinux
[ -f "$nvmlinux" ] && cp "$nvmlinux" "$WORK/build/vmlinux.base-n"

i=0
for c in $commits; do
	i=$((i + 1))
	subject=$(git -C "$LINUX" log -1 --format=%s "$c")
	git -C "$src" checkout -q --detach "$c"
	echo "bisect: $i/$total $subject"
	# work/linux at its HEAD, with no change of its own, is this step
	if [ "$i" -eq "$total" ] &&
	   [ -z "$(git -C "$LINUX" status --porcelain --untracked-files=no)" ]; then
		echo "bisect: $i/$total =y as the guest kernel, from $LINUX"
		build "bisect: $i/$total =y $subject" guest y "$LINUX" || rc=1
	else
		build "bisect: $i/$total =y $subject" bisect-y y || rc=1
	fi
	build_n "$c" "bisect: $i/$total =n $subject" || rc=1
done

# The KUnit tests are tristate: the whole series with them as a module
# (and KUnit itself =m), so that what they use from the built-in code is
# exported.  One step only, the last: a module build is not bisect-critical.
# A whole kernel: sched.h reads CONFIG_KUNIT (task_struct's kunit_test),
# so no =y build folder would save much.
echo "=== bisect: KUnit tests =m" >> "$log"
if kernel_config bisect-m "$src" none >> "$log" 2>&1 &&
   grep -q '^CONFIG_CONTAINER_KUNIT_TEST=m$' "$K_BUILD/.config" &&
   kernel_make bisect-m "$src" "$log" vmlinux modules &&
   [ -f "$K_BUILD/kernel/container_kunit.ko" ]; then
	result PASS "bisect: $total/$total CONFIG_CONTAINER_KUNIT_TEST=m (KUNIT=m) links"
else
	tail -n 30 "$log"
	result FAIL "bisect: CONFIG_CONTAINER_KUNIT_TEST=m (see $log)"
	rc=1
fi

# The =n footprint of the whole series
if [ $rc -eq 0 ]; then
	bloat=$("$src/scripts/bloat-o-meter" "$WORK/build/vmlinux.base-n" "$nvmlinux")
	echo "bloat-o-meter, CONFIG_CONTAINERS=n, base -> series:"
	echo "$bloat"
	size "$WORK/build/vmlinux.base-n" "$nvmlinux"
	if echo "$bloat" | head -n 1 | grep -q 'up/down: 0/0 (0)'; then
		result PASS "bloat-o-meter: CONFIG_CONTAINERS=n adds 0 bytes"
	else
		result FAIL "bloat-o-meter: CONFIG_CONTAINERS=n: $(echo "$bloat" | head -n 1)"
		rc=1
	fi
fi
exit $rc
