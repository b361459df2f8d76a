#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: every stage in turn, each check recorded as PASS/FAIL/SKIP NAME
# in $WORK/results.txt; ends with the line "N passed, N failed, N skipped".
# CHECK_DEBUG=0 leaves out the debug kernel (KASAN, lockdep, kmemleak...).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
exec 2>&1

S=$REPO/scripts
: > "$RESULTS"
failed_stages=()

# stage NAME CMD...: run one stage; a failure that recorded no FAIL line of
# its own is recorded as "FAIL stage NAME".
stage() {
	local name=$1 start=$SECONDS rc=0 before
	shift
	before=$(grep -c '^FAIL ' "$RESULTS")
	printf '\n======== %s ========\n' "$name"
	"$@" || rc=$?
	if [ $rc -ne 0 ]; then
		failed_stages+=("$name")
		[ "$(grep -c '^FAIL ' "$RESULTS")" -gt "$before" ] ||
			result FAIL "stage $name (exit status $rc)"
	fi
	printf '======== %s: %s in %ds ========\n' "$name" \
		"$([ $rc -eq 0 ] && echo ok || echo FAILED)" $((SECONDS - start))
	return $rc
}

# after NAME "DEPENDENCIES" CMD...: a stage that needs what earlier stages
# built; when one of them failed it is not run (SKIP: the cause is a FAIL).
after() {
	local name=$1 dep
	for dep in $2; do
		if [[ " ${failed_stages[*]} " == *" $dep "* ]]; then
			printf '\n======== %s ========\n' "$name"
			result SKIP "stage $name (not run: stage $dep failed)"
			return 1
		fi
	done
	shift 2
	stage "$name" "$@"
}

if stage deps "$S/deps.sh" && stage tree "$S/tree.sh"; then
	stage apply "$S/apply.sh"
	stage checkpatch "$S/checkpatch.sh"
	after docs "apply" "$S/docs.sh"
	after mail "apply" env CHECK_RESULTS=/dev/null "$S/mail.sh"
	after bisect "apply" "$S/bisect.sh"
	after static "apply" "$S/static.sh"
	stage kunit "$S/kunit.sh"
	stage guest "$S/guest.sh"
	stage initramfs "$S/initramfs.sh"
	# the plain boot also runs stress_test, the long cases kept out of
	# the default programs (about 2 minutes there, an hour in the debug
	# guest)
	after boot "guest initramfs" env DEBUG=0 DEMO=0 \
		BOOT_APPEND="guest.extra=containers:stress_test ${BOOT_APPEND:-}" \
		"$S/boot.sh"
	if [ "${CHECK_DEBUG:-1}" = 1 ]; then
		stage guest-debug env DEBUG=1 "$S/guest.sh"
		# the debug boot also runs the reduced form of make stress
		after boot-debug "guest-debug initramfs" env DEBUG=1 DEMO=0 \
			BOOT_APPEND="guest.extra=containers:ledger_test guest.env=STRESS_S=60,TEARDOWN_N=300 ${BOOT_APPEND:-}" \
			"$S/boot.sh"
	fi
fi

pass=$(grep -c '^PASS ' "$RESULTS")
fail=$(grep -c '^FAIL ' "$RESULTS")
skip=$(grep -c '^SKIP ' "$RESULTS")
printf '\n======== summary (%s) ========\n' "$RESULTS"
grep -E '^(FAIL|SKIP) ' "$RESULTS"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
