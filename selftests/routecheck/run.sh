#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh RC_TEST: every cases/*.txt is a scenario, a line "---" and the
# findings rc_test must print for it. KTAP output; exit 1 on a mismatch.
rc_test=$1 n=0 fail=0

echo "TAP version 13"
for f in "$(dirname "$0")"/cases/*.txt; do
	n=$((n + 1))
	want=$(sed '1,/^---$/d' "$f")
	got=$(sed '/^---$/,$d' "$f" | "$rc_test" 2>&1)
	if [[ $got == "$want" ]]; then
		echo "ok $n $(basename "$f" .txt)"
	else
		diff -u --label expected --label actual <(echo "$want") \
			<(echo "$got") | sed 's/^/# /'
		echo "not ok $n $(basename "$f" .txt)"
		fail=$((fail + 1))
	fi
done
echo "1..$n"
exit $((fail > 0))
