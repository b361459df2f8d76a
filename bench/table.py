#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The benchmark table in bench/README.md, between its two markers.

table.py get        print the table (nothing when the block is empty)
table.py set FILE   replace the table with the content of FILE
"""
import os
import sys

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'README.md')
BEGIN, END = '<!-- bench-table begin -->', '<!-- bench-table end -->'


def split(text):
    """(before, table, after) of the README's text."""
    if BEGIN not in text or END not in text:
        sys.exit(f'{README} has no bench-table block')
    head, rest = text.split(BEGIN, 1)
    table, tail = rest.split(END, 1)
    return head, table.strip('\n'), tail


def main():
    with open(README, encoding='utf-8') as f:
        text = f.read()
    if sys.argv[1:] == ['get']:
        table = split(text)[1]
        if table.strip():
            print(table)
    elif len(sys.argv) == 3 and sys.argv[1] == 'set':
        head, _, tail = split(text)
        with open(sys.argv[2], encoding='utf-8') as f:
            table = f.read().rstrip('\n')
        with open(README, 'w', encoding='utf-8') as f:
            f.write(head + BEGIN + '\n' + table + '\n' + END + tail)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
