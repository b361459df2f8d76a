#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the release path of task containers against cgroup v1's, in
# one boot of the patched kernel (QEMU TCG, 2 vCPUs; the events file also
# against cgroup v2 and an eventfd in that boot), plus a boot of a
# CONFIG_CONTAINERS=n kernel for the fork+exit baseline, and fork+exit
# counted in instructions (QEMU -icount) in a boot of each kernel. Prints
# one table, writes $WORK/bench/table.md and the plots $WORK/bench/latency.png
# (release latency) and $WORK/bench/events.png (events wake-up latency).
#
# Kernels: bench and bench-n of configs/KERNELS (the guest kernel's
# fragments, with kunit-boot.config for the container_perf suite; bench-n
# adds bench-n.config), in $WORK/build/bench and $WORK/build/bench-n. Guest
# programs: bench/*.c, built static, in $WORK/build/bench-initramfs.cpio.gz.
#
# Variables: BENCH_BUILD=0 (use the kernels as they are), BENCH_PUBLISH=1
# (copy the table and plots into bench/README.md and docs/), BENCH_LAT (releases
# per side, 300), BENCH_MASS (1000,10000), BENCH_MASSR (rounds of each
# mass release size, alternating sides, 3), BENCH_FE (fork+exit per round,
# 1000), BENCH_FER (rounds, 5), BENCH_MEM (containers for the memory row,
# 1000), BENCH_BOOT=0 (no boot: the table and plots again from the logs
# of the last run, e.g. after a failed plot), BENCH_EVLAT (events wake-ups per side and pause, 300),
# BENCH_EVPAUSE (ms between populating and exiting, 30; and always 0),
# BENCH_EVBUSY (1: busy loops keep the vCPUs from halting during it),
# BENCH_EVMASS (sizes of the events mass release, BENCH_MASS's; rounds
# BENCH_MASSR), BENCH_TASKSM (other threads while a tasks file is read,
# 1000,10000), BENCH_TASKSR (reads per side, 200), BENCH_TIMEOUT (seconds
# per boot, 1500), BENCH_MEMSIZE (2G).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
out=$WORK/bench
build=$WORK/build
mkdir -p "$out" "$LOGS"
start=$SECONDS

build_kernel() {
	local name=$1 t=$SECONDS log=$LOGS/$1-build.log
	kernel_line "$name"
	echo "bench: kernel $name (${K_FRAGS[*]#"$REPO/"})"
	kernel_config "$name" || die "$name: the config did not get every requested symbol"
	: > "$log"
	kernel_make "$name" "$LINUX" "$log" "${ARCH_IMAGE##*/}" ||
		{ tail -n 30 "$log"; die "$name: build failed (see $log)"; }
	echo "bench: kernel $name ready in $((SECONDS - t))s"
}

if [ "${BENCH_BUILD:-1}" = 1 ]; then
	build_kernel bench
	build_kernel bench-n
fi

# The initramfs: busybox, /init, /bench/{run.sh,bench,agent,agent-cg,agent-us}
root=$build/bench-initramfs
guest_root "$root"
mkdir -p "$root/bench"
install -m 0755 "$REPO/bench/run.sh" "$root/bench/run.sh"
gcc -static -O2 -Wall -Wextra -Wno-unused-parameter -o "$root/bench/bench" "$REPO/bench/bench.c"
gcc -static -nostdlib -O2 -ffreestanding -fno-stack-protector -fno-pie -no-pie \
	-fno-asynchronous-unwind-tables -Wall -Wextra -o "$root/bench/agent" "$REPO/bench/agent.c"
# three copies, not links: each side execs a plain file of its own
cp "$root/bench/agent" "$root/bench/agent-cg"
cp "$root/bench/agent" "$root/bench/agent-us"
pack_initramfs "$root" "$build/bench-initramfs.cpio.gz"

# boot NAME KERNEL APPEND [QEMU ARGS...]: one guest run of kernel KERNEL
# of configs/KERNELS, its console in $LOGS/boot-NAME.log; 2 vCPUs unless
# the extra arguments say otherwise. Always TCG (KVM=1 is for make boot).
# It holds the build lock, so that no kernel build shares the two cores.
boot() {
	local name=$1 append=$3 log=$LOGS/boot-$1.log t=$SECONDS rc=0 image
	kernel_line "$2"
	image=$K_BUILD/$ARCH_IMAGE
	shift 3
	local extra=("$@")
	[ ${#extra[@]} -gt 0 ] || extra=(-smp 2)
	[ -f "$image" ] || die "$image is missing"
	echo "bench: booting $name (log $log)"
	KVM=0 QEMU_QUIET=1 kbuild qemu_boot "$K_ARCH" "$log" "${BENCH_TIMEOUT:-1500}" \
		"$image" "$build/bench-initramfs.cpio.gz" "guest.mode=bench $append" \
		-m "${BENCH_MEMSIZE:-2G}" "${extra[@]}" || rc=$?
	grep -q '^### BENCH END rc=0' "$log" ||
		{ tail -n 30 "$log"; die "$name: the guest run failed (qemu status $rc, see $log)"; }
	# the kernel's reports (scripts/console-badness.txt), and the guest
	# program's own errors
	if ! python3 "$REPO/scripts/console_badness.py" "$log" || grep -n 'bench: ' "$log"; then
		die "$name: the guest log shows errors (see $log)"
	fi
	echo "bench: $name done in $((SECONDS - t))s"
}

sizes="bench.lat=${BENCH_LAT:-300} bench.mass=${BENCH_MASS:-1000,10000} bench.massr=${BENCH_MASSR:-3}"
sizes+=" bench.fe=${BENCH_FE:-1000} bench.fer=${BENCH_FER:-5} bench.mem=${BENCH_MEM:-1000}"
sizes+=" bench.evlat=${BENCH_EVLAT:-300} bench.evpause=${BENCH_EVPAUSE:-30} bench.evbusy=${BENCH_EVBUSY:-1}"
sizes+=" bench.evmass=${BENCH_EVMASS:-${BENCH_MASS:-1000,10000}}"
sizes+=" bench.tasksm=${BENCH_TASKSM:-1000,10000} bench.tasksr=${BENCH_TASKSR:-200}"
if [ "${BENCH_BOOT:-1}" = 1 ]; then
boot bench bench \
	"kunit.filter_glob=container_perf* $sizes ${BOOT_APPEND:-}"
boot bench-n bench-n \
	"bench.only=forkexit $sizes ${BOOT_APPEND:-}"

# fork+exit in instructions: with -icount shift=0 the guest's clock
# advances 1 ns per instruction executed, so a fork+exit+wait "takes" as
# many ns as it executes instructions, whatever the host is doing; one
# vCPU, and norandmaps so that the page tables fork copies are the same in
# every boot. Two boots of one kernel give the same figures to the ns,
# where wall-clock TCG boots differ by 5-10%.
for k in bench-n bench; do
	boot "$k-icount" "$k" \
		"kunit.enable=0 norandmaps bench.only=forkexit $sizes ${BOOT_APPEND:-}" \
		-smp 1 -icount shift=0,sleep=off
done
else
	# BENCH_BOOT=0: the table and plots again from the last run's logs
	for k in bench bench-n bench-icount bench-n-icount; do
		grep -q '^### BENCH END rc=0' "$LOGS/boot-$k.log" 2>/dev/null ||
			die "BENCH_BOOT=0: $LOGS/boot-$k.log is not the log of a complete run"
	done
	echo "bench: BENCH_BOOT=0, reporting the logs of the last run"
fi

python3 "$REPO/bench/report.py" --out "$out" \
	--command "scripts/bench.sh, guest $sizes ($(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown), series $(git -C "$LINUX" describe --always 2>/dev/null || echo unknown))" \
	--icount "$LOGS/boot-bench-icount.log" "$LOGS/boot-bench-n-icount.log" \
	"$LOGS/boot-bench.log" "$LOGS/boot-bench-n.log"
(cd "$out" && gnuplot latency.gp) || die "gnuplot failed"
echo "bench: plots $out/latency.png $out/events.png, table $out/table.md"

if [ "${BENCH_PUBLISH:-0}" = 1 ]; then
	mkdir -p "$REPO/docs"
	cp "$out/latency.png" "$REPO/docs/bench-latency.png"
	cp "$out/events.png" "$REPO/docs/bench-events.png"
	python3 "$REPO/bench/table.py" set "$out/table.md"
	echo "bench: bench/README.md, docs/bench-latency.png and docs/bench-events.png updated"
fi
echo "bench: total $((SECONDS - start))s"
