#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make coccicheck: the kernel's own Coccinelle scripts
# (scripts/coccinelle/**/*.cocci of work/linux) in report mode, as
# `make coccicheck MODE=report` runs them (their Options: and Requires:
# lines honoured), on the C files and headers the series adds or changes
# (tools/ aside). One check: no report in a file the series adds, no report
# in a file it changes that the same file at base lacks (compared without
# line numbers), once the reports reviewed as false positives in
# configs/coccicheck.ignore are set aside. Reports: $LOGS/coccicheck.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
command -v spatch >/dev/null || die "spatch not found (make deps installs coccinelle)"
ignore=$REPO/configs/coccicheck.ignore
log=$LOGS/coccicheck.log
mkdir -p "$LOGS"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(series_files '*.c' '*.h')
mapfile -t old < <(at_base "${files[@]}")
mapfile -t scripts < <(cd "$LINUX" && find scripts/coccinelle -name '*.cocci' | sort)
version=$(spatch --version | awk 'NR == 1 { print $3 }')

# report DIR OUT SCRIPT FILE...: SCRIPT on FILE... (paths in DIR), one
# line a report appended to OUT: "file:line:col: message [script]".
report() {
	local dir=$1 out=$2 c=$3 opt req
	shift 3
	opt=$(sed -n 's/.*Options://p' "$LINUX/$c")
	req=$(sed -n 's/.*Requires:[[:space:]]*//p' "$LINUX/$c")
	if [ -n "$req" ] && ! printf '%s\n%s\n' "$req" "$version" | sort -CV; then
		echo "coccicheck: $c needs spatch $req, skipped" >> "$log"
		return 0
	fi
	# shellcheck disable=SC2086 # the script's options are words
	(cd "$dir" && spatch -D report --no-show-diff --very-quiet \
		--jobs "$JOBS" --chunksize 1 -I arch/x86/include -I include \
		-I arch/x86/include/uapi -I include/uapi \
		--cocci-file "$LINUX/$c" $opt "$@" 2>> "$log") |
		sed "s|\$| [${c#scripts/coccinelle/}]|" >> "$out" ||
		{ echo "coccicheck: spatch failed on $c" | tee -a "$log"; return 1; }
}

# normalize: reports without line and column numbers, sorted
normalize() {
	sed -E -e 's|^([^:]+):[0-9]+:[0-9-]+: |\1: |' -e 's/(line|lines) [0-9]+/\1 N/g' | sort
}

echo "coccicheck: ${#scripts[@]} scripts on ${#files[@]} files: ${files[*]}"
: > "$log"
start=$SECONDS
fail() { result FAIL "coccicheck: spatch failed (see $log)"; exit 1; }
: > "$tmp/head"
for c in "${scripts[@]}"; do
	report "$LINUX" "$tmp/head" "$c" "${files[@]}" || fail
done
# At base, only the scripts that report on a file the series changes, on
# those files: no other report can be new.
: > "$tmp/base"
mkdir -p "$tmp/src"
[ ${#old[@]} -eq 0 ] || git -C "$LINUX" archive base -- "${old[@]}" | tar -x -C "$tmp/src"
while read -r c f; do
	# shellcheck disable=SC2086 # a list of files
	report "$tmp/src" "$tmp/base" "scripts/coccinelle/$c" $f || fail
done < <(sed -nE 's|^([^:]+):.* \[([^]]+)\]$|\2 \1|p' "$tmp/head" | sort -u |
	while read -r c f; do [ ! -f "$tmp/src/$f" ] || echo "$c $f"; done |
	awk '{ f[$1] = f[$1] " " $2 } END { for (c in f) print c f[c] }')
{ echo "== the series"; cat "$tmp/head"; echo "== base"; cat "$tmp/base"; } >> "$log"
normalize < "$tmp/head" > "$tmp/head.n"
normalize < "$tmp/base" > "$tmp/base.n"
sed -e '/^#/d' -e '/^[[:space:]]*$/d' "$ignore" | sort > "$tmp/ignore"
comm -23 "$tmp/head.n" "$tmp/base.n" > "$tmp/new"
comm -23 "$tmp/new" "$tmp/ignore" > "$tmp/bad"
known=$(comm -12 "$tmp/new" "$tmp/ignore" | wc -l)
echo "coccicheck: $(wc -l < "$tmp/head") reports on the series' files, $(wc -l < "$tmp/base") at base," \
     "$known reviewed in configs/coccicheck.ignore ($((SECONDS - start))s)"
comm -13 "$tmp/new" "$tmp/ignore" | sed 's/^/coccicheck: stale entry in configs\/coccicheck.ignore: /'
if [ -s "$tmp/bad" ]; then
	# the new reports with their line numbers
	while IFS= read -r l; do
		! grep -qxF -- "$(normalize <<< "$l")" "$tmp/bad" || echo "$l"
	done < "$tmp/head"
	result FAIL "coccicheck: $(wc -l < "$tmp/bad") new reports (see $log)"
	exit 1
fi
result PASS "coccicheck: no new reports in ${#files[@]} files (${#scripts[@]} scripts)"
