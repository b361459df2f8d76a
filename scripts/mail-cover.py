#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fill in the cover letter that git format-patch --cover-letter wrote.

mail-cover.py COVER SUBJECT BODY KEY=FILE...

In BODY (the template's body) each KEY is replaced by the content of FILE;
then COVER's "*** SUBJECT HERE ***" becomes SUBJECT and its
"*** BLURB HERE ***" that body. Fails when a KEY is not in BODY, or a
marker is not in COVER exactly once.
"""
import sys


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read().rstrip('\n')


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cover, subject, body = sys.argv[1:4]
    text = read(body)
    for arg in sys.argv[4:]:
        key, path = arg.split('=', 1)
        if key not in text:
            sys.exit(f'mail: {key} is missing from the template')
        text = text.replace(key, read(path))
    with open(cover, encoding='utf-8') as f:
        mail = f.read()
    for old, new in (('*** SUBJECT HERE ***', subject), ('*** BLURB HERE ***', text)):
        if mail.count(old) != 1:
            sys.exit(f'mail: {old} not found once in {cover}')
        mail = mail.replace(old, new)
    with open(cover, 'w', encoding='utf-8') as f:
        f.write(mail)


if __name__ == '__main__':
    main()
