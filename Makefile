# SPDX-License-Identifier: GPL-2.0
# Harness for the task-containers patch series on Linux 6.12.
# `make` shows the demo, `make check` runs every check; `make help` lists all.
# Variables given on the command line (make VAR=value) reach the scripts
# through the environment, as make exports them; the scripts default them.
# `make help` prints the "## " comment above each target.

WORK ?= $(CURDIR)/work
S := $(CURDIR)/scripts

.PHONY: all demo deps tree apply export checkpatch docs mail bisect static coccicheck \
	kunit kunit-debug guest guest-debug initramfs boot boot-debug bench config check \
	stress faults kcsan arm64 i386 plant reset-tree clean help

## the demo: build, boot the guest, show a release agent at work
all: demo

# The first steps of a target that runs from a fresh clone: the Debian
# packages, the kernel tree, the series applied
define prepare
	@$(S)/deps.sh
	@$(S)/tree.sh
	@$(S)/apply.sh
endef

# The demo tolerates a kernel without CONFIG_CONTAINERS (STRICT_CONFIG=0) so
# that demo.sh can say plainly what is missing.
demo:
	$(prepare)
	@STRICT_CONFIG=$${STRICT_CONFIG:-0} $(S)/guest.sh
	@$(S)/initramfs.sh
	@DEMO=1 $(S)/boot.sh

## every check (apply, checkpatch, docs, static, kunit, guest builds, boots);
## ends with "N passed, N failed, N skipped"; CHECK_DEBUG=0: no debug kernel
check:
	@$(S)/check.sh

## install missing Debian packages (apt-get, as root)
deps:
	@$(S)/deps.sh

## work/linux: linux-source-6.12 (or KERNEL_SRC=DIR), tag base
tree: deps
	@$(S)/tree.sh

## check the series (quilt, git am) and make work/linux = base + series
apply:
	@$(S)/apply.sh

## work/linux commits base..HEAD -> patches/ and series
export:
	@$(S)/export.sh

## checkpatch.pl --strict on every patch
checkpatch:
	@$(S)/checkpatch.sh

## kernel-doc, htmldocs (admin-guide; DOCS_ADMIN_GUIDE=0: series pages only), ABI,
## get_maintainer
docs:
	@$(S)/docs.sh

## the series as mails in work/mail (cover letter from mail/cover-letter.txt);
## git send-email --dry-run
mail:
	@$(S)/mail.sh

## build every step of the series with CONFIG_CONTAINERS=y and =n;
## bloat-o-meter of the =n vmlinux, base against the series
bisect:
	@$(S)/bisect.sh

## W=1 + sparse on the touched files (no new findings), gcc and clang (CLANG=0:
## gcc only), and coccicheck (COCCI=0: without)
static:
	@$(S)/static.sh

## the kernel's Coccinelle scripts on the touched files: no new report
coccicheck:
	@$(S)/coccicheck.sh

## the KUnit suites (kunit/.kunitconfig) under UML
kunit:
	@$(S)/kunit.sh

## the KUnit suites on x86_64 (QEMU) with configs/debug.config, and a clean log
kunit-debug:
	@KUNIT_ARCH=x86_64 DEBUG=1 $(S)/kunit.sh

## x86_64 guest bzImage (DEBUG=1 or guest-debug: with configs/debug.config)
guest:
	@$(S)/guest.sh

## the debug guest bzImage (configs/debug.config, configs/preempt.config)
guest-debug:
	@DEBUG=1 $(S)/guest.sh

## busybox + /init + static containers selftests
initramfs:
	@$(S)/initramfs.sh

## boot the guest in QEMU and check the log (DEBUG=1, DEMO=1, KVM=1)
boot:
	@$(S)/boot.sh

## boot the debug guest in QEMU and check the log
boot-debug:
	@DEBUG=1 $(S)/boot.sh

## benchmarks vs cgroup v1 and v2 (table, work/bench/{latency,events}.png);
## BENCH_PUBLISH=1 updates bench/README.md and docs/bench-{latency,events}.png
bench:
	$(prepare)
	@$(S)/bench.sh

# The reliability campaign (campaign/README.md): each target runs from a
# fresh clone (deps, tree, apply first) and prints its figures.

## campaign: ledger_test on the debug guest with fault injection: STRESS_S=600 s
## of random load with a release ledger, teardown with TEARDOWN_N=10000 queued
stress:
	$(prepare)
	@$(S)/stress.sh

## campaign: faults_test on the debug guest with fault injection: fail-nth sweep
## of every call (FAULTS_MAXN=2000 per sweep), the release path under faults, kmemleak
faults:
	$(prepare)
	@$(S)/faults.sh

## campaign: the KCSAN guest: KUnit, selftests, KCSAN_STRESS_S=120 s of
## ledger_test; no data race report (configs/kcsan-ignore.txt: mainline ones)
kcsan:
	$(prepare)
	@$(S)/kcsan.sh

## campaign: arm64 cross build booted in qemu-system-aarch64 (KUnit, selftests,
## a 30 s ledger_test), then make i386 (ARM64_I386=0: not)
arm64:
	$(prepare)
	@$(S)/arm64.sh

## campaign: 32-bit x86 build of the series and its KUnit tests, W=1 on its
## objects (no boot)
i386:
	$(prepare)
	@$(S)/i386.sh

## campaign: show that a tool finds a planted bug: PLANT=campaign/plants/X.diff
## PLANT_KERNEL=guest-debug|guest-kcsan PLANT_PROGS=prog,... [PLANT_ENV=K=V,...]
## [PLANT_EXPECT=REGEX: the log must show the planted bug]
plant:
	@$(S)/plant.sh "$(PLANT)" "$(PLANT_KERNEL)" "$(PLANT_PROGS)" "$(PLANT_ENV)"

## the .config of the kernels KERNEL="NAME..." of configs/KERNELS, checked,
## nothing built; without KERNEL: list the kernels
config:
	@$(S)/config.sh

## discard the commits in work/linux (make apply then re-applies the series)
reset-tree:
	@git -C $(WORK)/linux am --abort 2>/dev/null || true
	git -C $(WORK)/linux reset --hard base
	git -C $(WORK)/linux clean -fdq
	rm -f $(WORK)/.applied-head

## remove build folders and logs (keeps the trees)
clean:
	rm -rf $(WORK)/build $(WORK)/logs $(WORK)/results.txt

## this list
help:
	@awk -f $(S)/make-help.awk $(firstword $(MAKEFILE_LIST))

## Variables (make VAR=value, or the environment; README.md says more): WORK,
## JOBS, KERNEL_SRC, CHECK_DEBUG, DEBUG, DEMO, KVM, BOOT_TIMEOUT, BOOT_APPEND,
## QEMU_CPU, GUEST_CONFIGS, KUNITCONFIG, KUNIT_ARCH, STRICT_CONFIG, CLANG,
## CLANG_FULL, COCCI, DOCS_ADMIN_GUIDE, MAIL_VERSION, MAIL_TO, MAIL_CC, BENCH_*;
## the campaign's: STRESS_S, TEARDOWN_N, STRESS_SEED, STRESS_TIMEOUT, FAULTS_MAXN,
## FAULTS_TIMEOUT, KCSAN_*, ARM64_*, PLANT_*
