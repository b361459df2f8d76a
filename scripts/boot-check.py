#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a guest serial log written by scripts/guest/init.

Prints one result line per check (PASS/FAIL/SKIP NAME), each failure
followed by its reasons (indented), appends the result lines to --results
FILE, and exits 1 if any check failed. Checks: every
selftest case (ok / not ok / ok # SKIP), per program the TAP plan count and
the exit status, the demo's exit status, and one "log clean" check: QEMU
exited in time, "### GUEST DONE" was reached and the kernel reported nothing
(no line matches scripts/console-badness.txt: panic, Oops, WARNING, BUG,
lockdep, KASAN, UBSAN, kmemleak, RCU stalls, hung tasks, lockups...).
"""
import argparse
import re
import sys

from console_badness import bad_lines, kcsan_ignored, kcsan_listed
TAP = re.compile(r'^(not ok|ok)\s+(\d+)\s*(?:-\s*)?(.*)$')
PLAN = re.compile(r'^1\.\.(\d+)\s*(.*)$')
BEGIN = re.compile(r'^### SELFTEST BEGIN (\S+)')
END = re.compile(r'^### SELFTEST END (\S+) rc=(\d+)')

results = []
results_file = None
kernel = 'guest'


def record(status, name, why=None):
    results.append(status)
    print(f'{status} {name}')
    if why:
        print(f'  {why}')
    if results_file:
        with open(results_file, 'a') as f:
            print(f'{status} {name}', file=f)


def check_program(prog, tap, rc):
    prog = f'{kernel} {prog}'
    """One selftest program: its cases, plan and exit status."""
    plan, n = None, 0
    for line in tap:
        m = PLAN.match(line)
        if m:
            plan = (int(m.group(1)), m.group(2))
            continue
        m = TAP.match(line)
        if not m:
            continue
        n += 1
        okay, num, desc = m.group(1) == 'ok', m.group(2), m.group(3)
        name = f'selftest {prog}: {num} {desc.split(" # ")[0].strip()}'
        directive = desc.split(' # ', 1)[1].upper() if ' # ' in desc else ''
        if directive.startswith('SKIP'):
            record('SKIP', name)
        elif okay:
            record('PASS', name)
        else:
            record('FAIL', name, line)
    if rc is None:
        record('FAIL', f'selftest {prog}: did not finish', 'no "### SELFTEST END" marker')
        return
    if plan is None:
        record('FAIL', f'selftest {prog}: no TAP plan (1..N)')
    elif plan[0] == 0 and n == 0:
        why = re.sub(r'^#\s*SKIP\s*', '', plan[1]).strip()
        record('SKIP', f'selftest {prog}: skipped ({why or "no reason given"})')
    elif plan[0] != n:
        record('FAIL', f'selftest {prog}: plan 1..{plan[0]} but {n} results')
    if rc not in (0, 4):   # 4 is KSFT_SKIP
        record('FAIL', f'selftest {prog}: exit status {rc}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='guest')
    ap.add_argument('--qemu-rc', type=int, default=0)
    ap.add_argument('--timeout', type=int, default=0)
    ap.add_argument('--results', help='append the result lines to this file')
    ap.add_argument('--kcsan-ignore', metavar='FILE',
                    help='configs/kcsan-ignore.txt: also pass the KCSAN reports of'
                         ' its functions made before /init could filter them')
    ap.add_argument('log')
    args = ap.parse_args()
    global results_file, kernel
    results_file = args.results
    kernel = args.name.split()[0]
    ansi = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1bc')
    with open(args.log, errors='replace') as f:
        lines = [ansi.sub('', l.rstrip('\r\n')) for l in f]

    dirty = []
    if args.qemu_rc == 124:
        dirty.append(f'QEMU timed out after {args.timeout} s')
    elif args.qemu_rc:
        dirty.append(f'QEMU exited with status {args.qemu_rc}')
    if '### GUEST DONE' not in lines:
        dirty.append('the guest never printed "### GUEST DONE"')
    ignore = kcsan_ignored(args.kcsan_ignore) if args.kcsan_ignore else []
    dirty += [line for _, line in bad_lines(lines)
              if not kcsan_listed(line, ignore)]
    prog, tap, none, demo = None, [], False, None
    for line in lines:
        m = BEGIN.match(line)
        if m:
            if prog:
                check_program(prog, tap, None)
            prog, tap = m.group(1), []
            continue
        m = END.match(line)
        if m and prog:
            check_program(prog, tap, int(m.group(2)))
            prog = None
            continue
        if prog:
            tap.append(line)
        if line.startswith('### SELFTESTS NONE'):
            none = line
        m = re.match(r'^### DEMO END rc=(\d+)', line)
        if m:
            demo = int(m.group(1))
    if prog:
        check_program(prog, tap, None)
    if none:
        record('SKIP', f'boot {args.name}: selftests (none in this kernel tree)')
    if demo is not None:
        record('PASS' if demo == 0 else 'FAIL', f'boot {args.name}: demo',
               None if demo == 0 else f'demo.sh exited with status {demo}')
    record('FAIL' if dirty else 'PASS', f'boot {args.name}: log clean',
           '\n  '.join(dirty[:30]) if dirty else None)
    return 1 if 'FAIL' in results else 0


if __name__ == '__main__':
    sys.exit(main())
