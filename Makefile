# SPDX-License-Identifier: GPL-2.0
# Harness for the task-containers patch series on Linux 6.12.
# `make` shows the demo, `make check` runs every check; `make help` lists all.

WORK ?= $(CURDIR)/work
DEBUG ?= 0
CHECK_DEBUG ?= 1
JOBS ?= 2
export WORK DEBUG CHECK_DEBUG JOBS KERNEL_SRC KVM DEMO KUNITCONFIG KUNIT_ARCH CLANG GUEST_CONFIGS \
	STRICT_CONFIG BOOT_TIMEOUT BOOT_APPEND QEMU_CPU CCACHE_DIR CLANG_FULL \
	DOCS_ADMIN_GUIDE MAIL_VERSION MAIL_TO MAIL_CC CHECK_RESULTS \
	BENCH_BUILD BENCH_PUBLISH BENCH_LAT BENCH_MASS BENCH_FE BENCH_FER BENCH_MEM \
	BENCH_TIMEOUT BENCH_MEMSIZE

S := $(CURDIR)/scripts

.PHONY: all demo deps tree apply export checkpatch docs mail bisect static kunit bench \
	kunit-debug guest guest-debug initramfs boot boot-debug check reset-tree \
	clean help

all: demo

# The demo tolerates a kernel without CONFIG_CONTAINERS (STRICT_CONFIG=0) so
# that demo.sh can say plainly what is missing.
demo:
	@$(S)/deps.sh
	@$(S)/tree.sh
	@$(S)/apply.sh
	@STRICT_CONFIG=$${STRICT_CONFIG:-0} $(S)/guest.sh
	@$(S)/initramfs.sh
	@DEMO=1 $(S)/boot.sh

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh

apply:
	@$(S)/apply.sh

export:
	@$(S)/export.sh

checkpatch:
	@$(S)/checkpatch.sh

docs:
	@$(S)/docs.sh

mail:
	@$(S)/mail.sh

bisect:
	@$(S)/bisect.sh

static:
	@$(S)/static.sh

kunit:
	@$(S)/kunit.sh

kunit-debug:
	@KUNIT_ARCH=x86_64 DEBUG=1 $(S)/kunit.sh

guest:
	@$(S)/guest.sh

guest-debug:
	@DEBUG=1 $(S)/guest.sh

initramfs:
	@$(S)/initramfs.sh

boot:
	@$(S)/boot.sh

boot-debug:
	@DEBUG=1 $(S)/boot.sh

# The release path against cgroup v1 in one boot; BENCH_PUBLISH=1 refreshes
# the README's table and plot.
bench:
	@$(S)/deps.sh
	@$(S)/tree.sh
	@$(S)/apply.sh
	@$(S)/bench.sh

# check.sh ends with the line "N passed, N failed, N skipped".
check:
	@$(S)/check.sh

# Discard the commits in work/linux (make apply then re-applies the series).
reset-tree:
	@git -C $(WORK)/linux am --abort 2>/dev/null || true
	git -C $(WORK)/linux reset --hard base
	git -C $(WORK)/linux clean -fdq
	rm -f $(WORK)/.applied-head

clean:
	rm -rf $(WORK)/build $(WORK)/logs $(WORK)/results.txt

help:
	@echo 'make              the demo: build, boot the guest, show a release agent at work'
	@echo 'make check        every check (apply, checkpatch, kunit, guest builds, boots);'
	@echo '                  ends with "N passed, N failed, N skipped"; CHECK_DEBUG=0: no debug kernel'
	@echo 'make deps         install missing Debian packages (apt-get)'
	@echo 'make tree         $$(WORK)/linux: linux-source-6.12 (or KERNEL_SRC=DIR), tag base'
	@echo 'make apply        check the series (quilt, git am) and make work/linux = base + series'
	@echo 'make export       work/linux commits base..HEAD -> patches/ and series'
	@echo 'make checkpatch   checkpatch.pl --strict on every patch'
	@echo 'make docs         kernel-doc, htmldocs (admin-guide; DOCS_ADMIN_GUIDE=0: series pages only), ABI, get_maintainer'
	@echo 'make mail         the series as mails in $$(WORK)/mail (cover letter from mail/cover-letter.txt); send-email --dry-run'
	@echo 'make bisect       build every step of the series with CONFIG_CONTAINERS=y and =n;'
	@echo '                  bloat-o-meter of the =n vmlinux, base against the series'
	@echo 'make static       W=1 + sparse on the touched files (no new findings), gcc and clang (CLANG=0: gcc only)'
	@echo 'make kunit        the KUnit suites (kunit/.kunitconfig) under UML'
	@echo 'make kunit-debug  the KUnit suites on x86_64 (QEMU) with configs/debug.config'
	@echo 'make guest        x86_64 guest bzImage (DEBUG=1 or guest-debug: with configs/debug.config)'
	@echo 'make initramfs    busybox + /init + static containers selftests'
	@echo 'make boot         boot the guest in QEMU and check the log (DEBUG=1, DEMO=1, KVM=1)'
	@echo 'make bench        benchmarks vs cgroup v1 (table, work/bench/latency.png); BENCH_PUBLISH=1 updates README'
	@echo 'make reset-tree   discard the commits in work/linux'
	@echo 'make clean        remove build folders and logs (keeps the trees)'
	@echo 'Variables: WORK=$(WORK) JOBS=$(JOBS) KERNEL_SRC= CHECK_DEBUG=$(CHECK_DEBUG)'
