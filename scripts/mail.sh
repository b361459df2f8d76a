#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mail: $LINUX base..HEAD as mails in $WORK/mail, the way they would
# be posted: git format-patch -n --cover-letter --base, [PATCH n/N] (or
# [PATCH vV n/N] with MAIL_VERSION=V), the cover letter filled in from
# mail/cover-letter.txt, To/Cc from get_maintainer.pl.  Then
# git send-email --dry-run over them, which sends nothing and needs no
# network; the check passes when that succeeds.
# MAIL_TO / MAIL_CC (space-separated) add recipients.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
out=$WORK/mail
template=$REPO/mail/cover-letter.txt
version=${MAIL_VERSION:-1}
ENTRY=${MAINTAINERS_ENTRY:-TASK CONTAINERS}
[ -f "$template" ] || die "$template is missing"
[ -x "$(git --exec-path)/git-send-email" ] ||
	die "git send-email is not installed (Debian package git-email)"

cd "$LINUX" || die "cannot cd to $LINUX"
base=$(git rev-parse "base^{commit}")
count=$(git rev-list --count base..HEAD)
[ "$count" -gt 0 ] || die "no commits in base..HEAD"
# From: the identity of the series' commits (the last one's, when they
# differ; git then puts an in-body From: line into the others).
from_name=$(git log -1 --format=%an HEAD)
from_email=$(git log -1 --format=%ae HEAD)
from="$from_name <$from_email>"
if [ "$(git log --format='%an <%ae>' base..HEAD | sort -u | wc -l)" -gt 1 ]; then
	echo "mail: commits by several authors; From: $from, in-body From: for the others"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- recipients -------------------------------------------------------------
# To: the entry's maintainers and lists; Cc: everyone else get_maintainer.pl
# names for any patch, plus cgroups (the closest subsystem) and linux-api
# (the series adds user ABI).
git format-patch -q -o "$tmp/p" base..HEAD || die "git format-patch failed"
./scripts/get_maintainer.pl --no-git --no-git-fallback --roles "$tmp"/p/*.patch \
	> "$tmp/maint" 2>&1 || die "get_maintainer.pl failed: $(cat "$tmp/maint")"
to=() cc=()
while IFS= read -r line; do
	addr=${line% (*}
	if [[ $line == *":$ENTRY)"* ]]; then
		to+=("$addr")
	else
		cc+=("$addr")
	fi
done < "$tmp/maint"
[ ${#to[@]} -gt 0 ] || die "get_maintainer.pl does not name $ENTRY for the series"
# shellcheck disable=SC2206
to+=(${MAIL_TO:-})
# shellcheck disable=SC2206
cc+=(cgroups@vger.kernel.org linux-api@vger.kernel.org ${MAIL_CC:-})
args=()
for a in "${to[@]}"; do args+=(--to="$a"); done
for a in "${cc[@]}"; do
	[[ " ${to[*]} " == *" $a "* ]] || args+=(--cc="$a")
done

# ---- format-patch -------------------------------------------------------------
prefix=(--subject-prefix=PATCH)
[ "$version" = 1 ] || prefix+=(-v "$version")
rm -rf "$out"
mkdir -p "$out"
GIT_COMMITTER_NAME=$from_name GIT_COMMITTER_EMAIL=$from_email \
git -c format.signOff=false -c format.coverFromDescription=none \
	format-patch -q -n --cover-letter --base="$base" --thread=shallow \
	"${prefix[@]}" --from="$from" "${args[@]}" -o "$out" base..HEAD ||
	die "git format-patch failed"
cover=$(ls "$out"/*0000-cover-letter.patch)

# ---- the cover letter -----------------------------------------------------------
# @CHECK@: one line per kind of check in results.txt, and the figure line.
check_block() {
	local f=${CHECK_RESULTS:-$WORK/results.txt}
	if [ ! -s "$f" ]; then
		echo "The harness's \`make check\` results are not included (no results.txt)."
		return
	fi
	echo "Results of the harness's \`make check\` ($(date -u -r "$f" '+%Y-%m-%d %H:%M UTC')):"
	echo
	awk '$1 ~ /^(PASS|FAIL|SKIP)$/ {
		st = $1; $1 = ""; sub(/^ /, "")
		k = $0; sub(/: .*/, "", k)
		if (!(k in seen)) { seen[k] = 1; order[++n] = k }
		c[k, st]++
	}
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]
			printf "  %-38s %4d passed", k, c[k, "PASS"]
			if (c[k, "FAIL"]) printf ", %d failed", c[k, "FAIL"]
			if (c[k, "SKIP"]) printf ", %d skipped", c[k, "SKIP"]
			printf "\n"
		}
	}' "$f"
	echo
	printf '  %d passed, %d failed, %d skipped\n' "$(grep -c '^PASS ' "$f")" \
		"$(grep -c '^FAIL ' "$f")" "$(grep -c '^SKIP ' "$f")"
	if grep -q '^FAIL ' "$f"; then
		echo "mail: WARNING: $f has failures; the cover letter shows them" >&2
	fi
}

# @BENCH@: the benchmark table of bench/README.md, or a pointer to it when
# there is none (or the block between the markers is still empty).
bench_block() {
	local table
	table=$(python3 "$REPO/bench/table.py" get)
	if [ -n "${table//[[:space:]]/}" ]; then
		echo "$table"
	else
		echo "The benchmarks and their figures are in the harness's bench/README.md."
	fi
}

base_block() {
	echo "Base: $(git log -1 --format=%s base)."
	echo "The base-commit below is that import, not an upstream commit."
}

# Drop the leading comment lines only.
awk 's || !/^#/ { s = 1; print }' "$template" > "$tmp/template"
subject=$(head -1 "$tmp/template")
tail -n +3 "$tmp/template" > "$tmp/body"
check_block > "$tmp/check"
bench_block > "$tmp/bench"
base_block > "$tmp/base"
python3 "$REPO/scripts/mail-cover.py" "$cover" "$subject" "$tmp/body" \
	"@CHECK@=$tmp/check" "@BENCH@=$tmp/bench" "@BASE@=$tmp/base" ||
	die "could not fill in the cover letter"

# ---- git send-email --dry-run ----------------------------------------------------
# --dry-run sends nothing; the sendmail-style /bin/true server and the
# empty stdin make sure nothing is sent and nothing is asked either way.
if git send-email --dry-run --confirm=never --quiet --no-annotate \
		--8bit-encoding=UTF-8 --from="$from" \
		--smtp-server=/bin/true "$out"/*.patch < /dev/null > "$tmp/send" 2>&1; then
	n=$(grep -c '^Dry-OK\|^Dry-Sent' "$tmp/send")
	cat "$tmp/send"
	echo "mail: $out ($(find "$out" -name "*.patch" | wc -l) files; cover letter $(basename "$cover"))"
	result PASS "mail: $count patches + cover letter in $out; git send-email --dry-run ok ($n mails)"
else
	cat "$tmp/send"
	result FAIL "mail: git send-email --dry-run failed"
	exit 1
fi
