# SPDX-License-Identifier: GPL-2.0
# The kernels of configs/KERNELS: their .config, their build (under the
# build lock, with progress lines), their architecture, and booting one in
# QEMU. Sourced by lib.sh, not run.
# shellcheck shell=bash

KERNELS=$REPO/configs/KERNELS

# arch_setup ARCH: what differs from one architecture to another:
# ARCH_MAKE (make's arguments), ARCH_CROSS (the compiler prefix),
# ARCH_IMAGE (the bootable image in a build folder), QEMU_BIN,
# QEMU_MACHINE (QEMU arguments) and QEMU_CONSOLE (the guest's serial port).
# shellcheck disable=SC2034 # used by the callers
arch_setup() {
	ARCH_CROSS='' QEMU_MACHINE=()
	case $1 in
	x86_64|i386)
		ARCH_MAKE=(ARCH="$1") ARCH_IMAGE=arch/x86/boot/bzImage
		QEMU_BIN=qemu-system-$1 QEMU_CONSOLE=ttyS0 ;;
	arm64)
		ARCH_CROSS=aarch64-linux-gnu-
		ARCH_MAKE=(ARCH=arm64 CROSS_COMPILE="$ARCH_CROSS") ARCH_IMAGE=arch/arm64/boot/Image
		QEMU_BIN=qemu-system-aarch64 QEMU_MACHINE=(-machine virt) QEMU_CONSOLE=ttyAMA0 ;;
	um)
		ARCH_MAKE=(ARCH=um) ARCH_IMAGE=linux QEMU_BIN='' QEMU_CONSOLE='' ;;
	*)
		die "no architecture $1 in arch_setup (scripts/kernels.sh)" ;;
	esac
}

# kernel_fields NAME: the rest of NAME's line in configs/KERNELS ("= ..."
# for a list); fails when there is none.
kernel_fields() {
	awk -v n="$1" '!/^#/ && $1 == n { $1 = ""; sub(/^ +/, ""); print; found = 1; exit }
		END { exit !found }' "$KERNELS"
}

# kernel_names: the kernels of configs/KERNELS.
kernel_names() {
	awk '!/^#/ && NF && $2 != "=" { print $1 }' "$KERNELS"
}

# kernel_expand TREE TOKEN...: append the files of fragment TOKENs (see
# configs/KERNELS) to K_FRAGS; tree: files are looked up in TREE.
kernel_expand() {
	local tree=$1 t fields var
	shift
	for t; do
		case $t in
		@*)
			t=${t#@}
			fields=$(kernel_fields "$t") || die "configs/KERNELS: no list or kernel $t"
			if [[ $fields == "= "* ]]; then
				var=${t^^}
				var=${var//-/_}
				fields=${!var:-${fields#= }}
			else
				read -r _ _ _ fields <<< "$fields"
			fi
			# shellcheck disable=SC2086 # a list of words
			kernel_expand "$tree" $fields ;;
		tree:*)
			[ ! -f "$tree/${t#tree:}" ] || K_FRAGS+=("$tree/${t#tree:}") ;;
		/*)
			K_FRAGS+=("$t") ;;
		*)
			if [ -e "$REPO/$t" ]; then
				K_FRAGS+=("$REPO/$t")
			elif [ -f "$REPO/configs/$t.config" ]; then
				K_FRAGS+=("$REPO/configs/$t.config")
			else
				die "configs/KERNELS: no fragment $t (configs/$t.config)"
			fi ;;
		esac
	done
}

# kernel_line NAME [TREE]: kernel NAME of configs/KERNELS: K_ARCH, K_CC,
# K_BASE, K_FRAGS (its fragment files, in order; tree: files from TREE,
# default $LINUX), K_BUILD (its build folder; $WORK/build/NAME, or
# $WORK/build/$BUILD_PREFIX$NAME for a variant such as make plant's), KCC (make's compiler
# arguments), KMAKE (ARCH_MAKE and KCC), and arch_setup's variables.
kernel_line() {
	local name=$1 fields
	if ! fields=$(kernel_fields "$name") || [[ $fields == "= "* ]]; then
		die "configs/KERNELS has no kernel $name (it has: $(kernel_names | tr '\n' ' '))"
	fi
	read -r K_ARCH K_CC K_BASE fields <<< "$fields"
	K_BUILD=$WORK/build/${BUILD_PREFIX:-}$name K_FRAGS=()
	# shellcheck disable=SC2086 # a list of words
	kernel_expand "${2:-$LINUX}" $fields
	arch_setup "$K_ARCH"
	case $K_CC in
	gcc) KCC=(CC="ccache ${ARCH_CROSS}gcc") ;;
	clang) KCC=(LLVM=1 CC="ccache clang") ;;
	*) die "configs/KERNELS: $name: no compiler $K_CC (gcc or clang)" ;;
	esac
	KMAKE=("${ARCH_MAKE[@]}" "${KCC[@]}")
}

# kunit_args NAME: KUNIT_ARGS, the kunit.py options (after "run" or
# "config") that configure kernel NAME (base kunit) in its build folder.
kunit_args() {
	local f cc
	kernel_line "$1"
	KUNIT_ARGS=()
	for f in "${K_FRAGS[@]}"; do KUNIT_ARGS+=(--kunitconfig="$f"); done
	[ "$K_ARCH" = um ] || KUNIT_ARGS+=(--arch="$K_ARCH")
	[ -z "$ARCH_CROSS" ] || KUNIT_ARGS+=(--cross_compile="$ARCH_CROSS")
	KUNIT_ARGS+=(--build_dir="$K_BUILD")
	for cc in "${KCC[@]}"; do KUNIT_ARGS+=(--make_options "$cc"); done
}

# kernel_config NAME [TREE [CHECK]]: the .config of kernel NAME in its
# build folder, for the kernel tree TREE (default $LINUX). Then every
# symbol that a fragment asks for (the last fragment naming it wins) must
# have that value: CHECK strict fails when one has not, warn only says so
# (the default with STRICT_CONFIG=0), none does not look (bisect steps
# that do not have every symbol yet).
kernel_config() {
	local name=$1 tree=${2:-$LINUX} check=${3:-strict}
	[ "${STRICT_CONFIG:-1}" != 0 ] || [ "$check" = none ] || check=warn
	kernel_line "$name" "$tree"
	mkdir -p "$K_BUILD"
	case $K_BASE in
	tinyconfig)
		make -s -C "$tree" O="$K_BUILD" "${KMAKE[@]}" tinyconfig >/dev/null &&
		(cd "$K_BUILD" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$K_BUILD" \
			"$K_BUILD/.config" "${K_FRAGS[@]}" >/dev/null) &&
		make -s -C "$tree" O="$K_BUILD" "${KMAKE[@]}" olddefconfig >/dev/null || return 1 ;;
	kunit)
		# kunit.py checks the symbols of its kunitconfig files itself
		kunit_args "$name"
		(cd "$tree" && python3 tools/testing/kunit/kunit.py config "${KUNIT_ARGS[@]}")
		return ;;
	*)
		die "configs/KERNELS: $name: no base $K_BASE (tinyconfig or kunit)" ;;
	esac
	[ "$check" = none ] || config_verify "$K_BUILD/.config" "$check" "${K_FRAGS[@]}"
}

# config_verify CONFIG strict|warn FRAGMENT...: every symbol the fragments
# ask for ("=..." or "is not set", the last fragment winning) has that
# value in CONFIG; strict fails when one has not.
config_verify() {
	local config=$1 check=$2 bad
	shift 2
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
		}' "$config" "$@" | sort)
	if [ -n "$bad" ]; then
		echo "config: these symbols did not get the requested value in $config" \
		     "(missing from this tree, or dependencies not met):"
		echo "$bad"
		[ "$check" = warn ] || return 1
		echo "config: STRICT_CONFIG=0, going on anyway"
		return 0
	fi
	echo "config: $config has all $(cat "$@" | grep -cE '^(CONFIG_|# CONFIG_.* is not set)') requested symbols"
}

# kernel_make NAME TREE LOG ARG...: make -s ARG... (targets and variables)
# for kernel NAME in its build folder, from the kernel tree TREE, with its
# arch and compiler and -j$JOBS, under the build lock; the output appended
# to LOG, progress lines on stdout (build_progress).
kernel_make() {
	local name=$1 tree=$2 log=$3 a targets=()
	shift 3
	kernel_line "$name" "$tree"
	for a; do [[ $a == *=* ]] || targets+=("$a"); done
	a=${targets[0]:-all}
	[ ${#targets[@]} -le 1 ] || a="$a and $((${#targets[@]} - 1)) more"
	build_progress "$name: building $a" "$K_BUILD" "$log" \
		make -s -C "$tree" O="$K_BUILD" "${KMAKE[@]}" -j"$JOBS" "$@"
}

# duration SECONDS: "45s", "2m30s", "1h05m".
duration() {
	if [ "$1" -ge 3600 ]; then
		printf '%dh%02dm' $(($1 / 3600)) $(($1 % 3600 / 60))
	elif [ "$1" -ge 60 ]; then
		printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
	else
		printf '%ds' "$1"
	fi
}

# build_progress LABEL DIR LOG CMD...: run CMD under the build lock (kbuild),
# its output appended to LOG ("-": left on stdout). While it runs, a line
# "LABEL: N objects, 2m30s" (.o files written in DIR since the build
# started, and for how long it has run) every 30 s when N changed, every
# 5 min when not; while it waits for the lock, a line every 5 min.
build_progress() {
	local label=$1 dir=$2 log=$3 tmp ticker rc=0
	shift 3
	tmp=$(mktemp -d)
	flock -n "$KBUILD_LOCK" true ||
		echo "$label: waiting for the kernel-build lock ($KBUILD_LOCK): another build holds it"
	progress_ticker "$label" "$dir" "$tmp/started" &
	ticker=$!
	if [ "$log" = - ]; then
		kbuild progress_start "$tmp/started" "$@" || rc=$?
	else
		kbuild progress_start "$tmp/started" "$@" >> "$log" 2>&1 || rc=$?
	fi
	kill "$ticker" 2>/dev/null
	wait "$ticker" 2>/dev/null || true
	rm -rf "$tmp"
	return $rc
}

# progress_start MARK CMD...: note when the build starts, then run it.
progress_start() {
	: > "$1"
	shift
	"$@"
}

# progress_ticker LABEL DIR MARK: build_progress's lines, until killed.
progress_ticker() {
	local label=$1 dir=$2 mark=$3 start=$SECONDS said=$SECONDS last=-1 n s=
	trap '[ -z "$s" ] || kill "$s" 2>/dev/null; exit 0' TERM
	while :; do
		sleep 30 &
		s=$!
		wait "$s" || true
		if [ ! -e "$mark" ]; then
			[ $((SECONDS - said)) -ge 300 ] || continue
			echo "$label: waiting for the kernel-build lock, $(duration $((SECONDS - start)))"
		else
			n=$(find "$dir" -name '*.o' -newer "$mark" 2>/dev/null | wc -l)
			[ "$n" != "$last" ] || [ $((SECONDS - said)) -ge 300 ] || continue
			echo "$label: $n objects, $(duration $(($(date +%s) - $(stat -c %Y "$mark"))))"
			last=$n
		fi
		said=$SECONDS
	done
}

# qemu_boot ARCH LOG TIMEOUT KERNEL INITRD APPEND [QEMU ARG...]: boot
# KERNEL with INITRD in QEMU (TCG, -cpu max or QEMU_CPU; KVM=1: KVM) with
# the serial console on stdio and APPEND on the kernel command line, until
# the guest powers off or TIMEOUT seconds have passed. The console, without
# terminal escapes, goes to LOG and, unless QEMU_QUIET=1, to stdout.
# Returns QEMU's exit status (124: timed out). -cpu max (emulated by TCG)
# has RDRAND, so the guest's RNG and %p hashing are ready at boot. Never
# -cpu host: it aborts on these machines.
qemu_boot() {
	local arch=$1 log=$2 timeout=$3 kernel=$4 initrd=$5 append=$6 accel
	shift 6
	arch_setup "$arch"
	accel=(-accel tcg -cpu "${QEMU_CPU:-max}")
	[ "${KVM:-0}" != 1 ] || accel=(-accel kvm)
	timeout -k 10 "$timeout" "$QEMU_BIN" "${QEMU_MACHINE[@]}" "${accel[@]}" "$@" \
		-nographic -no-reboot -net none -kernel "$kernel" -initrd "$initrd" \
		-append "console=$QEMU_CONSOLE panic=-1 loglevel=7 $append" < /dev/null 2>&1 |
		sed -u -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' -e 's/\r//g' |
		if [ "${QEMU_QUIET:-0}" = 1 ]; then cat > "$log"; else tee "$log"; fi
	return "${PIPESTATUS[0]}"
}
