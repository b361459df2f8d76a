#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print "STATUS suite.case[.param]" for every test case of a kunit.py JSON
report ({"name", "sub_groups": [...], "test_cases": [{"name", "status"}]};
status PASS, FAIL, SKIP or ERROR)."""
import json
import sys


def walk(group, prefix):
    for case in group.get('test_cases', []):
        print(case['status'], '.'.join(prefix + [case['name']]))
    for sub in group.get('sub_groups', []):
        walk(sub, prefix + [sub['name']])


walk(json.load(open(sys.argv[1])), [])  # the root group is the whole run
