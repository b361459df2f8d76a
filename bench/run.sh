#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench`, run by /init with guest.mode=bench. Mounts a
# container hierarchy and a named cgroup v1 hierarchy, both with no
# subsystems and a release agent, and runs /bench/bench on both; for the
# events rows also cgroup v2, mounted just before its first phase. Sizes
# come from the kernel command line (bench.NAME=VALUE, see scripts/bench.sh);
# bench.only=forkexit runs the fork+exit row only (the CONFIG_CONTAINERS=n
# boot, and the -icount boots of both kernels that count its
# instructions). Every result line starts with "BENCH ", "LAT " or "EVL ".
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

lat=300 mass=1000,10000 massr=3 fe=1000 fer=5 mk=1000 mkr=5 mem=1000 memr=3 only=
evlat=300 evpause=30 evbusy=1 evmass='' tasksm=1000,10000 tasksr=200
read -r cmdline < /proc/cmdline
for a in $cmdline; do
	case $a in
	bench.lat=*) lat=${a#*=} ;;
	bench.mass=*) mass=${a#*=} ;;
	bench.massr=*) massr=${a#*=} ;;
	bench.fe=*) fe=${a#*=} ;;
	bench.fer=*) fer=${a#*=} ;;
	bench.mk=*) mk=${a#*=} ;;
	bench.mkr=*) mkr=${a#*=} ;;
	bench.mem=*) mem=${a#*=} ;;
	bench.memr=*) memr=${a#*=} ;;
	bench.only=*) only=${a#*=} ;;
	bench.evlat=*) evlat=${a#*=} ;;
	bench.evpause=*) evpause=${a#*=} ;;
	bench.evbusy=*) evbusy=${a#*=} ;;
	bench.evmass=*) evmass=${a#*=} ;;
	bench.tasksm=*) tasksm=${a#*=} ;;
	bench.tasksr=*) tasksr=${a#*=} ;;
	esac
done

# the sizes of the events mass release: those of the agents' unless given
[ -n "$evmass" ] || evmass=$mass

phase() {
	echo "BENCH phase $1 $(cut -d' ' -f1 /proc/uptime)"
}

# 10,000 tasks at once, plus their agents
echo 4194304 > /proc/sys/kernel/pid_max 2>/dev/null || echo 32768 > /proc/sys/kernel/pid_max
echo 100000 > /proc/sys/kernel/threads-max

mkdir -p /mnt/c /mnt/g /tmp/bench
containers=0
if grep -qw container /proc/filesystems; then
	mount -t container -o none,name=bench,release_agent=/bench/agent x /mnt/c &&
		containers=1
fi
mount -t cgroup -o none,name=bench,release_agent=/bench/agent-cg x /mnt/g ||
	{ echo "BENCH error: cannot mount a cgroup v1 hierarchy"; exit 1; }
echo "BENCH kernel $(uname -r) containers=$containers cpus=$(grep -c ^processor /proc/cpuinfo)"
grep -E ' /mnt/[cg] ' /proc/mounts | sed 's/^/BENCH mount /'

# fork+exit first, on a guest in the state the =n boot measures it in
fe_configs="g r"
[ $containers = 1 ] && fe_configs="c g r"
phase forkexit
/bench/bench forkexit "$fe" "$fer" $fe_configs
if [ "$only" = forkexit ] || [ $containers = 0 ]; then
	phase end
	exit 0
fi

# memory next, before the other phases leave partly used slabs behind
phase mem
/bench/bench mem "$mem" "$memr"
phase latency
/bench/bench latency "$lat"
# cgroup v2 beside the named v1 hierarchy (which binds no controller)
mkdir -p /mnt/v2
mount -t cgroup2 none /mnt/v2 ||
	{ echo "BENCH error: cannot mount cgroup2"; exit 1; }
grep -E ' /mnt/v2 ' /proc/mounts | sed 's/^/BENCH mount /'
# the events file: a pause of $evpause ms between populating and exiting
# (beyond cgroup v2's 10 ms rate limit), and none. With bench.evbusy=1 (the
# default) a SCHED_IDLE busy loop on each vCPU keeps it from halting:
# under TCG a halted vCPU is a sleeping host thread, whose wake-up (a
# host scheduler latency, 0.1-1 ms and more) would be most of every
# sample, the eventfd floor's included; on hardware that is the exit
# from an idle state. Every side of the phase, the agents' included,
# runs under the same loops.
phase evlatency
if [ "$evbusy" = 1 ]; then
	BENCH_BUSY=1 /bench/bench evlatency "$evlat" "$evpause" 0
else
	/bench/bench evlatency "$evlat" "$evpause" 0
fi
# MODE SIDE1 SIDE2 SIZES: $massr rounds of "bench MODE SIDE N" per size;
# rounds alternate which side goes first, so that neither always runs on
# a guest the other has just warmed up (or fragmented)
mass_rounds() {
	for n in $(echo "$4" | tr , ' '); do
		phase "$1-$n"
		r=0
		while [ $r -lt "$massr" ]; do
			if [ $((r % 2)) = 0 ]; then sides="$2 $3"; else sides="$3 $2"; fi
			for s in $sides; do
				/bench/bench "$1" "$s" "$n"
			done
			r=$((r + 1))
		done
	done
}
mass_rounds mass c g "$mass"
mass_rounds evmass c v "$evmass"
phase mkdir
/bench/bench mkdir "$mk" "$mkr"
for m in $(echo "$tasksm" | tr , ' '); do
	phase "tasksread-$m"
	/bench/bench tasksread "$m" "$tasksr"
done
phase end
