#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the routefence selftests. Source it from a test:
#
#	source "$(dirname "$(readlink -f "$0")")/lib.sh"
#
# then declare the cases with check_ok / check_fail / check_fail_msg /
# check_output (each prints the command and the expected outcome and
# records one KTAP result; a failing case does not stop the script) and end
# with ktap_finished, which prints the plan and exits 0 (all passed),
# 1 (something failed) or 4 (everything skipped).
#
# Environment: RFENCE (the tool, default "rfence" from PATH), V=1 (show
# the output of passing commands too), RF_REQUIRE_MODULE=1 (a missing
# module is a failure instead of a skip).

# shellcheck disable=SC2034 # the exit codes are for the tests
ksft_pass=0
ksft_fail=1
ksft_xfail=2
ksft_xpass=3
ksft_skip=4

RFENCE=${RFENCE:-rfence}
RF_FAMILY=routefence

NS_LIST=()
_rf_defer=()
_ktap_num=0
_ktap_pass=0
_ktap_fail=0
_ktap_skip=0
_ktap_plan=

# ---- KTAP ---------------------------------------------------------------

ktap_print_header()
{
	echo "TAP version 13"
}

# ktap_set_plan N: announce N results up front (optional: without it the
# plan is printed at the end).
ktap_set_plan()
{
	_ktap_plan=$1
	echo "1..$1"
}

ktap_print_msg()
{
	local l

	while IFS= read -r l; do
		echo "# $l"
	done <<< "$*"
}

ktap_test_pass()
{
	_ktap_num=$((_ktap_num + 1))
	_ktap_pass=$((_ktap_pass + 1))
	echo "ok $_ktap_num $*"
}

ktap_test_fail()
{
	_ktap_num=$((_ktap_num + 1))
	_ktap_fail=$((_ktap_fail + 1))
	echo "not ok $_ktap_num $*"
}

ktap_test_skip()
{
	_ktap_num=$((_ktap_num + 1))
	_ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_num $* # SKIP"
}

# ktap_test_result DESC RC: pass when RC is 0.
ktap_test_result()
{
	if [[ $2 -eq 0 ]]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

# ktap_finished: print the totals and the plan, then exit.
ktap_finished()
{
	ktap_print_msg "Totals: pass:$_ktap_pass fail:$_ktap_fail skip:$_ktap_skip (${SECONDS}s)"
	[[ -n $_ktap_plan ]] || echo "1..$_ktap_num"
	if [[ $_ktap_fail -gt 0 ]]; then
		exit "$ksft_fail"
	elif [[ $_ktap_pass -eq 0 && $_ktap_skip -gt 0 ]]; then
		exit "$ksft_skip"
	fi
	exit "$ksft_pass"
}

# ktap_skip_all REASON: the whole test cannot run.
ktap_skip_all()
{
	echo "1..0 # SKIP $*"
	exit "$ksft_skip"
}

# ktap_fail_all REASON: a prerequisite that must be there is missing.
ktap_fail_all()
{
	echo "1..1"
	echo "not ok 1 $*"
	exit "$ksft_fail"
}

# ---- Deferred cleanup -----------------------------------------------------

# defer CMD [ARG...]: run CMD when the test exits, last deferred first.
defer()
{
	local q

	printf -v q ' %q' "$@"
	_rf_defer+=("${q# }")
}

defer_run()
{
	local i

	for ((i = ${#_rf_defer[@]} - 1; i >= 0; i--)); do
		eval "${_rf_defer[i]}" > /dev/null 2>&1 || true
	done
	_rf_defer=()
}

cleanup_all_ns()
{
	local ns

	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" > /dev/null 2>&1 || true
	done
	NS_LIST=()
}

_rf_exit()
{
	local rc=$?

	defer_run
	cleanup_all_ns
	exit "$rc"
}
trap _rf_exit EXIT

# ---- Namespaces -----------------------------------------------------------

# setup_ns VAR...: create one namespace per VAR, named VAR-<random>, with
# lo up; VAR is set to the name. Deleted when the test exits.
setup_ns()
{
	local var name

	for var in "$@"; do
		name=$var-$(mktemp -u XXXXXX)
		if ! ip netns add "$name"; then
			echo "# cannot create network namespace $name" >&2
			return "$ksft_skip"
		fi
		NS_LIST+=("$name")
		ip -n "$name" link set lo up || return "$ksft_fail"
		printf -v "$var" '%s' "$name"
	done
}

# ---- Polling --------------------------------------------------------------

# busywait TIMEOUT_MS CMD [ARG...]: retry CMD until it succeeds or
# TIMEOUT_MS elapses; returns CMD's last status.
busywait()
{
	local timeout_ms=$1 start now rc

	shift
	start=$(date +%s%3N)
	while :; do
		"$@" && return 0
		rc=$?
		now=$(date +%s%3N)
		[[ $((now - start)) -lt $timeout_ms ]] || return "$rc"
		sleep 0.05
	done
}

# slowwait TIMEOUT_S CMD [ARG...]: busywait in seconds, polling less often.
slowwait()
{
	local deadline=$((SECONDS + $1)) rc

	shift
	while :; do
		"$@" && return 0
		rc=$?
		[[ $SECONDS -lt $deadline ]] || return "$rc"
		sleep 0.5
	done
}

# ---- Checks ---------------------------------------------------------------

_rf_show_cmd()
{
	local q

	printf -v q ' %q' "$@"
	q="# [+]${q} (expect $_rf_expect)"
	# A multi-line expectation stays inside the KTAP comment.
	printf '%s\n' "${q//$'\n'/$'\n'#   }"
}

# _rf_run CMD...: run CMD, output into _rf_out, status into _rf_rc.
_rf_run()
{
	_rf_rc=0
	_rf_out=$("$@" 2>&1) || _rf_rc=$?
}

_rf_dump_output()
{
	[[ -n $_rf_out ]] || return 0
	ktap_print_msg "$_rf_out" | sed 's/^# /#     /'
}

# check_ok DESC CMD [ARG...]: CMD must succeed.
check_ok()
{
	local desc=$1 _rf_expect=success

	shift
	_rf_show_cmd "$@"
	_rf_run "$@"
	if [[ $_rf_rc -ne 0 || ${V:-0} == 1 ]]; then
		_rf_dump_output
	fi
	[[ $_rf_rc -eq 0 ]] || echo "#   failed with status $_rf_rc"
	ktap_test_result "$desc" "$_rf_rc"
}

# check_same DESC EXPECTED CMD [ARG...]: CMD must succeed and print exactly
# EXPECTED (several lines); a mismatch is shown as a diff.
check_same()
{
	local desc=$1 expected=$2 out rc=0 q

	shift 2
	printf -v q ' %q' "$@"
	echo "# [+]$q (expect the output of $(wc -l <<< "$expected") lines given)"
	out=$("$@") || rc=$?
	if [[ $rc -eq 0 && $out == "$expected" ]]; then
		ktap_test_pass "$desc"
		return
	fi
	[[ $rc -eq 0 ]] || echo "#   failed with status $rc"
	diff -u --label expected --label actual <(echo "$expected") \
		<(echo "$out") | sed 's/^/#   /'
	ktap_test_fail "$desc"
}

# check_fail DESC CMD [ARG...]: CMD must fail.
check_fail()
{
	local desc=$1 _rf_expect=failure

	shift
	_rf_show_cmd "$@"
	_rf_run "$@"
	[[ $_rf_rc -eq 0 || ${V:-0} == 1 ]] && _rf_dump_output
	if [[ $_rf_rc -eq 0 ]]; then
		echo "#   succeeded, but it should have failed"
		ktap_test_fail "$desc"
	else
		ktap_test_pass "$desc"
	fi
}

# check_fail_msg DESC MESSAGE CMD [ARG...]: CMD must fail and its output
# (stdout and stderr) must contain MESSAGE.
check_fail_msg()
{
	local desc=$1 msg=$2 _rf_expect

	shift 2
	_rf_expect="failure with \"$msg\""
	_rf_show_cmd "$@"
	_rf_run "$@"
	if [[ $_rf_rc -ne 0 && $_rf_out == *"$msg"* ]]; then
		[[ ${V:-0} == 1 ]] && _rf_dump_output
		ktap_test_pass "$desc"
		return
	fi
	_rf_dump_output
	if [[ $_rf_rc -eq 0 ]]; then
		echo "#   succeeded, but it should have failed"
	else
		echo "#   failed (status $_rf_rc) without the expected message"
	fi
	ktap_test_fail "$desc"
}

# check_output DESC EXPECTED CMD [ARG...]: CMD must succeed and print
# exactly EXPECTED on stdout (trailing newlines aside).
check_output()
{
	local desc=$1 expected=$2 _rf_expect="output \"$2\"" out rc=0

	shift 2
	_rf_show_cmd "$@"
	out=$("$@") || rc=$?
	if [[ $rc -eq 0 && $out == "$expected" ]]; then
		[[ ${V:-0} == 1 ]] && ktap_print_msg "$out"
		ktap_test_pass "$desc"
		return
	fi
	[[ $rc -eq 0 ]] || echo "#   failed with status $rc"
	diff -u --label expected --label actual \
		<(printf '%s\n' "$expected") <(printf '%s\n' "$out") |
		sed 's/^/#   /'
	ktap_test_fail "$desc"
}

# skip DESC REASON: record a skipped case.
skip()
{
	ktap_print_msg "$2"
	ktap_test_skip "$1"
}

# ---- Prerequisites --------------------------------------------------------

# require_cmd CMD...: skip the whole test unless every CMD is available.
require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" > /dev/null 2>&1 && continue
		if [[ ${RF_REQUIRE_MODULE:-0} == 1 ]]; then
			ktap_fail_all "required command $c not found"
		fi
		ktap_skip_all "required command $c not found"
	done
}

# rf_family_present: can the generic netlink family be resolved? Resolving
# it makes the kernel load the module when it is not loaded yet.
rf_family_present()
{
	genl ctrl get name "$RF_FAMILY" > /dev/null 2>&1
}

# require_module: the routefence module must be available. Skips the test
# (exit 4) when it is not, unless RF_REQUIRE_MODULE=1, then it fails.
require_module()
{
	require_cmd genl
	rf_family_present && return 0
	modprobe routefence > /dev/null 2>&1 && rf_family_present && return 0
	if [[ ${RF_REQUIRE_MODULE:-0} == 1 ]]; then
		ktap_fail_all "generic netlink family $RF_FAMILY not available (RF_REQUIRE_MODULE=1)"
	fi
	ktap_skip_all "generic netlink family $RF_FAMILY not available (module not installed?)"
}

# rf_build_id_loaded: the GNU build ID of the loaded routefence module.
rf_build_id_loaded()
{
	local hex

	hex=$(od -An -tx1 /sys/module/routefence/notes/.note.gnu.build-id) || return 1
	hex=${hex//[[:space:]]/}
	echo "${hex: -40}"
}

# rf_build_id_file FILE: the GNU build ID of a module file.
rf_build_id_file()
{
	readelf -n "$1" | sed -n 's/^ *Build ID: *//p'
}

# require_root: most tests configure namespaces.
require_root()
{
	[[ $(id -u) -eq 0 ]] && return 0
	ktap_skip_all "must be run as root"
}
