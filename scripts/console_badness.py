#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The kernel-log badness patterns of scripts/console-badness.txt.

As a module: patterns() and bad_lines(lines). As a command:
console_badness.py [--max N] LOG...  prints "LOG:LINE: text" for every
line of the LOGs that a pattern matches (the first N, default 30) and
exits 1 if there is one.
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--max', type=int, default=30)
    ap.add_argument('log', nargs='+')
    a = ap.parse_args()
    pats = patterns()
    found = 0
    for path in a.log:
        with open(path, errors='replace') as f:
            lines = [l.rstrip('\r\n') for l in f]
        for i, line in bad_lines(lines, pats):
            if found < a.max:
                print(f'{path}:{i + 1}: {line}')
            found += 1
    if found > a.max:
        print(f'... {found - a.max} more')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
