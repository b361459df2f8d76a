#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Documentation gates on $LINUX (the files that base..HEAD touches), one
# check each:
#   docs: kernel-doc -Wall      scripts/kernel-doc -none -Wall: no warning
#                               that the base version of a file did not have
#   docs: kernel-doc API        every function and struct the series declares
#                               in include/ has a kernel-doc comment
#   docs: htmldocs series pages Sphinx with the kernel's conf.py on the .rst
#                               pages and ABI files the series adds (seconds)
#   docs: htmldocs admin-guide  make SPHINXDIRS=admin-guide htmldocs, O= under
#                               $WORK/build/docs (minutes; DOCS_ADMIN_GUIDE=0
#                               leaves it out)
#   docs: ABI                   scripts/get_abi.pl validate, and every ABI
#                               file of the series parses into entries
#   docs: get_maintainer        every commit of the series names the
#                               "TASK CONTAINERS" maintainers; the entry's
#                               F: patterns match files
# Zero warnings is the rule for what the series adds; warnings the pristine
# tree already has are not counted.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
DOCS_ADMIN_GUIDE=${DOCS_ADMIN_GUIDE:-1}
ENTRY=${MAINTAINERS_ENTRY:-TASK CONTAINERS}
# Debian's sphinx-build and python3 modules, whatever python3 is first in PATH.
export PATH=/usr/bin:$PATH
# Never leave __pycache__ behind in $LINUX.
export PYTHONDONTWRITEBYTECODE=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
cd "$LINUX" || die "cannot cd to $LINUX"
mapfile -t changed < <(git diff --name-only --diff-filter=AM base..HEAD)
mapfile -t added < <(git diff --name-only --diff-filter=A base..HEAD)
doc_files=()	# Documentation files of the series, for matching warnings
for f in "${changed[@]}"; do
	[[ $f == Documentation/* ]] && doc_files+=("$f")
done

# timed NAME CMD...: run CMD, print how long it took.
timed() {
	local name=$1 start=$SECONDS
	shift
	"$@"
	echo "docs: $name took $((SECONDS - start)) s"
}

# ---- kernel-doc -Wall ------------------------------------------------------
# Messages are compared without their line numbers: a file the series edits
# (kernel/fork.c) keeps the warnings it had in the pristine tree.
kdoc_msgs() {	# FILE LABEL: the sorted warnings, "LABEL: message"
	./scripts/kernel-doc -none -Wall "$1" 2>&1 |
		sed -E "s|^[^:]*:[0-9]+: |$2: |" | sort
}
kernel_doc() {
	local f new=0 out
	for f in "${changed[@]}"; do
		[[ $f == *.[ch] && $f != tools/* ]] || continue
		kdoc_msgs "$f" "$f" > "$tmp/head" || true
		if git cat-file -e "base:$f" 2>/dev/null; then
			mkdir -p "$tmp/base/$(dirname "$f")"
			git show "base:$f" > "$tmp/base/$f"
			kdoc_msgs "$tmp/base/$f" "$f" > "$tmp/base.msgs" || true
		else
			: > "$tmp/base.msgs"
		fi
		out=$(comm -23 "$tmp/head" "$tmp/base.msgs")
		if [ -n "$out" ]; then
			./scripts/kernel-doc -none -Wall "$f" 2>&1 | grep -F -f <(sed -E 's/^[^:]*: //' <<< "$out") || true
			new=$((new + $(wc -l <<< "$out")))
		fi
	done
	if [ "$new" -eq 0 ]; then
		result PASS "docs: kernel-doc -Wall"
	else
		result FAIL "docs: kernel-doc -Wall ($new new warnings)"
		rc=1
	fi
}

# Every top-level function or struct declared on a line the series adds to a
# header under include/ must have kernel-doc in one of the series' C files.
kernel_doc_api() {
	local srcs=() f missing
	for f in "${changed[@]}"; do
		[[ $f == *.[ch] && $f != tools/* ]] && srcs+=("$f")
	done
	./scripts/kernel-doc -rst "${srcs[@]}" 2>/dev/null |
		sed -nE 's/^\.\. c:function:: .*[ *]([A-Za-z_][A-Za-z0-9_]*) \(.*/\1/p;
			  s/^\.\. c:(type|struct):: (struct )?([A-Za-z_][A-Za-z0-9_]*).*/\3/p' |
		sort -u > "$tmp/documented"
	git diff -U0 base..HEAD -- include/ | python3 "$REPO/scripts/api-decls.py" |
		sort -u > "$tmp/declared"
	missing=$(comm -23 "$tmp/declared" "$tmp/documented")
	if [ -z "$missing" ]; then
		result PASS "docs: kernel-doc API ($(wc -l < "$tmp/declared") declarations documented)"
	else
		missing=$(tr '\n' ' ' <<< "$missing")
		echo "no kernel-doc comment for: $missing"
		result FAIL "docs: kernel-doc API (undocumented: ${missing% })"
		rc=1
	fi
}

# Sphinx warnings that concern the series' Documentation files.  With
# SPHINXDIRS a link to a page outside the subset ("unknown document:
# '/filesystems/proc'") cannot resolve; that is no error when the page
# exists in the tree.
series_warnings() {	# LOG
	local line doc
	[ ${#doc_files[@]} -gt 0 ] || return 0
	grep -E '(WARNING|ERROR|CRITICAL|SEVERE)' "$1" | grep -F -f <(printf '%s\n' "${doc_files[@]}") |
	while IFS= read -r line; do
		doc=$(sed -nE "s/.*unknown document: '\/?([^']*)'.*/\1/p" <<< "$line")
		if [ -n "$doc" ] && [ -f "Documentation/$doc.rst" ]; then
			continue
		fi
		echo "$line"
	done
}

# ---- htmldocs of the series' pages -------------------------------------------
# A small Sphinx project with the kernel's conf.py and extensions: the .rst
# pages the series adds and a page rendering its ABI files with the
# kernel-abi directive (srctree points at a shadow tree holding only them).
htmldocs_series() {
	local f src=$tmp/sphinx/src tree=$tmp/sphinx/tree dirs=() d n=0
	mkdir -p "$src" "$tree/Documentation"
	ln -s "$LINUX/scripts" "$tree/scripts"
	printf 'Series documentation\n====================\n\n.. toctree::\n\n' > "$src/index.rst"
	for f in "${added[@]}"; do
		case $f in
		Documentation/ABI/*)
			mkdir -p "$tree/$(dirname "$f")"
			cp "$f" "$tree/$f"
			d=${f#Documentation/}
			d=${d%/*}
			[[ " ${dirs[*]} " == *" $d "* ]] || dirs+=("$d")
			n=$((n + 1)) ;;
		Documentation/*.rst)
			mkdir -p "$src/$(dirname "${f#Documentation/}")"
			cp "$f" "$src/${f#Documentation/}"
			printf '   %s\n' "${f#Documentation/}" | sed 's/\.rst$//' >> "$src/index.rst"
			n=$((n + 1)) ;;
		esac
	done
	if [ "$n" -eq 0 ]; then
		result SKIP "docs: htmldocs series pages (the series adds no .rst or ABI file)"
		return
	fi
	if [ ${#dirs[@]} -gt 0 ]; then
		printf '   series-abi\n' >> "$src/index.rst"
		printf 'ABI files of the series\n=======================\n' > "$src/series-abi.rst"
		for d in "${dirs[@]}"; do
			printf '\n.. kernel-abi:: %s\n' "$d" >> "$src/series-abi.rst"
		done
	fi
	srctree=$tree sphinx-build -b html -q -c "$LINUX/Documentation" \
		-d "$tmp/sphinx/doctrees" -D kerneldoc_srctree="$LINUX" \
		-D kerneldoc_bin="$LINUX/scripts/kernel-doc" \
		"$src" "$tmp/sphinx/html" > "$tmp/sphinx.log" 2>&1 || {
		sed -e "s|$src/|Documentation/|g" -e "s|$tree/||g" "$tmp/sphinx.log"
		result FAIL "docs: htmldocs series pages (sphinx-build failed)"
		rc=1
		return
	}
	# Name the files as in the tree, not as in the small project.
	sed -i -e "s|$src/|Documentation/|g" -e "s|$tree/||g" "$tmp/sphinx.log"
	if grep -E '(WARNING|ERROR|CRITICAL|SEVERE)' "$tmp/sphinx.log" |
			grep -v 'dot(1) not found' > "$tmp/sphinx.warn"; then
		cat "$tmp/sphinx.warn"
		result FAIL "docs: htmldocs series pages ($(wc -l < "$tmp/sphinx.warn") warnings)"
		rc=1
	else
		result PASS "docs: htmldocs series pages ($n files, sphinx $(sphinx-build --version | awk '{print $2}'))"
	fi
}

# ---- make SPHINXDIRS=admin-guide htmldocs ------------------------------------
# Fresh output each time: Sphinx only warns about pages it re-reads.  The
# netlink spec pages that htmldocs generates go under O= too, not into
# $LINUX (Documentation/Makefile writes them into the source tree).
htmldocs_admin_guide() {
	local out=$WORK/build/docs log=$LOGS/htmldocs-admin-guide.log warn f
	mkdir -p "$LOGS"
	rm -rf "$out"
	mkdir -p "$out/netlink_spec"
	if ! make -s O="$out" SPHINXDIRS=admin-guide \
			YNL_INDEX="$out/netlink_spec/index.rst" \
			YNL_RST_DIR="$out/netlink_spec" htmldocs > "$log" 2>&1; then
		tail -20 "$log"
		result FAIL "docs: htmldocs admin-guide (make failed, $log)"
		rc=1
		return
	fi
	warn=$(series_warnings "$log" || true)
	for f in "${added[@]}"; do
		[[ $f == Documentation/admin-guide/*.rst ]] || continue
		f=${f#Documentation/}
		f=${f%.rst}.html
		[ -f "$out/Documentation/output/$f" ] || warn+=$'\n'"missing output $f"
	done
	if [ -n "$warn" ]; then
		echo "$warn"
		result FAIL "docs: htmldocs admin-guide (warnings in the series' files, $log)"
		rc=1
	else
		result PASS "docs: htmldocs admin-guide (none of the $(grep -c WARNING "$log") warnings in the series' files)"
	fi
}

# ---- ABI ------------------------------------------------------------------
abi() {
	local out f bad=0 abifiles=()
	for f in "${changed[@]}"; do
		[[ $f == Documentation/ABI/* && $f != */README ]] && abifiles+=("$f")
	done
	out=$(./scripts/get_abi.pl validate --dir Documentation/ABI 2>&1 || echo "get_abi.pl failed")
	if grep -qF -f <(printf '%s\n' "${abifiles[@]}" "get_abi.pl failed") <<< "$out"; then
		echo "$out"
		bad=1
	fi
	# Each file of the series must yield entries (a malformed file can
	# parse into nothing without a warning).
	./scripts/get_abi.pl rest --dir Documentation/ABI > "$tmp/abi.rst" 2>/dev/null
	for f in "${abifiles[@]}"; do
		f=${f#Documentation/ABI/}
		if ! grep -q "Defined on file :ref:\`${f##*/} <abi_file_${f//[\/-]/_}>\`" "$tmp/abi.rst"; then
			echo "ABI file Documentation/ABI/$f: no entry parsed"
			bad=1
		fi
	done
	if [ "$bad" -eq 0 ]; then
		result PASS "docs: ABI (get_abi.pl validate; ${#abifiles[@]} files parse)"
	else
		result FAIL "docs: ABI"
		rc=1
	fi
}

# ---- get_maintainer ---------------------------------------------------------
get_maintainer() {
	local c n=0 bad=0 out pat
	for c in $(git rev-list --reverse base..HEAD); do
		n=$((n + 1))
		git format-patch --stdout -1 "$c" > "$tmp/p.patch"
		out=$(./scripts/get_maintainer.pl --no-git --no-git-fallback --roles "$tmp/p.patch" 2>&1)
		if ! grep -qF "(maintainer:$ENTRY)" <<< "$out"; then
			echo "$(git log -1 --format='%h %s' "$c"): get_maintainer.pl does not name $ENTRY:"
			echo "$out"
			bad=1
		fi
	done
	# The entry's F: patterns must match files (get_maintainer's
	# --self-test=patterns does this for the whole file, in minutes).
	while IFS= read -r pat; do
		if [ -z "$(git ls-files -- "$pat" | head -1)" ]; then
			echo "MAINTAINERS: $ENTRY: F: $pat matches no file"
			bad=1
		fi
	done < <(awk -v e="$ENTRY" '$0 == e { s = 1; next } s && /^$/ { exit }
		s && /^F:/ { sub(/^F:[ \t]*/, ""); print }' MAINTAINERS)
	if [ "$bad" -eq 0 ]; then
		result PASS "docs: get_maintainer ($ENTRY on all $n patches)"
	else
		result FAIL "docs: get_maintainer ($ENTRY)"
		rc=1
	fi
}

timed kernel-doc kernel_doc
timed "kernel-doc API" kernel_doc_api
timed "htmldocs series pages" htmldocs_series
if [ "$DOCS_ADMIN_GUIDE" = 1 ]; then
	timed "htmldocs admin-guide" htmldocs_admin_guide
fi
timed ABI abi
timed get_maintainer get_maintainer
exit $rc
