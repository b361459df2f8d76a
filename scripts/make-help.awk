# SPDX-License-Identifier: GPL-2.0
# make help: the "## " comment lines of the Makefile, each block named
# after the target below it ("all" is plain `make`); a block with no
# target below it is printed as it is.
/^## / {
	doc[++n] = substr($0, 4)
	next
}
n && /^[a-z][a-z0-9-]*:/ {
	t = $1
	sub(/:.*/, "", t)
	name = (t == "all") ? "make" : "make " t
	for (i = 1; i <= n; i++) {
		printf "%-17s %s\n", name, doc[i]
		name = ""
	}
	n = 0
}
n && !/^## / {
	for (i = 1; i <= n; i++)
		print doc[i]
	n = 0
}
END {
	for (i = 1; i <= n; i++)
		print doc[i]
}
