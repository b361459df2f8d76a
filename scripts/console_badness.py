#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The kernel-log badness patterns of scripts/console-badness.txt.

As a module: patterns(), bad_lines(lines), kcsan_ignored(path) and
kcsan_listed(line, names). As a command:
console_badness.py [--max N] [--kcsan-ignore FILE] LOG...  prints
"LOG:LINE: text" for every line of the LOGs that a pattern matches (the
first N, default 30; with --kcsan-ignore, not the KCSAN reports of the
functions FILE lists) and exits 1 if there is one;
console_badness.py --kcsan-names FILE  prints FILE's function names,
comma-separated (what the guest's /init writes to KCSAN's filter).
"""
import argparse
import os
import re
import sys

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'console-badness.txt')
# where a kernel message starts: a line's start, or after a printk timestamp
MESSAGE_START = r'(?:^|\[\s*\d+\.\d+\]\s*)'


def patterns(path=LIST):
    """The compiled patterns of the list, in its order."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            if line.startswith('^'):
                line = MESSAGE_START + '(?:' + line[1:] + ')'
            out.append(re.compile(line))
    return out


def bad_lines(lines, pats=None):
    """(index, line) of every line that a pattern matches."""
    pats = patterns() if pats is None else pats
    return [(i, l) for i, l in enumerate(lines) if any(p.search(l) for p in pats)]


def kcsan_ignored(path):
    """The function names of configs/kcsan-ignore.txt ("FUNCTION reason"
    lines, # comments), in the file's order."""
    names = []
    with open(path) as f:
        for line in f:
            words = line.split('#')[0].split()
            if words and words[0] not in names:
                names.append(words[0])
    return names


def kcsan_listed(line, names):
    """A "BUG: KCSAN: data-race in A / B" line with A or B in @names: the
    guest's debugfs filter hides such reports once /init has written it,
    and this passes the ones made before (the built-in KUnit suites)."""
    m = re.search(r'BUG: KCSAN: data-race in (.*)$', line)
    if not m:
        return False
    return any(re.sub(r'\+0x.*$', '', f.strip()) in names
               for f in m.group(1).split(' / '))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--max', type=int, default=30)
    ap.add_argument('--kcsan-ignore', metavar='FILE',
                    help='pass the KCSAN reports of the functions FILE lists')
    ap.add_argument('--kcsan-names', metavar='FILE',
                    help='print the function names FILE lists, comma-separated')
    ap.add_argument('log', nargs='*')
    a = ap.parse_args()
    if a.kcsan_names:
        print(','.join(kcsan_ignored(a.kcsan_names)))
        return 0
    if not a.log:
        ap.error('no LOG given')
    names = kcsan_ignored(a.kcsan_ignore) if a.kcsan_ignore else []
    pats = patterns()
    found = 0
    for path in a.log:
        with open(path, errors='replace') as f:
            lines = [l.rstrip('\r\n') for l in f]
        for i, line in bad_lines(lines, pats):
            if kcsan_listed(line, names):
                continue
            if found < a.max:
                print(f'{path}:{i + 1}: {line}')
            found += 1
    if found > a.max:
        print(f'... {found - a.max} more')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
