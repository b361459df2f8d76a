#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the name of every top-level function or struct that a unified
diff on stdin (git diff -U0 base..HEAD -- include/) declares on an added
line: the API that make docs wants kernel-doc for."""
import re
import sys

for line in sys.stdin:
    if not line.startswith('+') or line.startswith('+++'):
        continue
    s = line[1:].rstrip()
    # top level only: no indent, comment, preprocessor line or brace
    if not s or s[0] in ' \t#/*{}' or s.startswith(('typedef', 'extern struct')):
        continue
    m = re.match(r'struct (\w+) \{', s)
    if not m and '(' in s:
        m = re.match(r'(?:[\w\s*]*?[\s*])?(\w+)\(', s)
    if m and not m.group(1).isupper():
        print(m.group(1))
