#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the routefence selftests. Source it from a test:
#
#	source "$(dirname "$(readlink -f "$0")")/lib.sh"
#
# then declare the cases with check_ok / check_output / check_json /
# check_refused (each prints the command and the expected outcome and
# records one KTAP result; a failing case does not stop the script) and end
# with ktap_finished, which prints the plan and exits 0 (all passed),
# 1 (something failed) or 4 (everything skipped).
#
# Environment: RFENCE (the tool, default "rfence" from PATH, else the
# tree's tools/rfence), V=1 (show the output of passing commands too),
# RF_REQUIRE_MODULE=1 (a missing module is a failure instead of a skip).

# shellcheck disable=SC2034 # the exit codes are for the tests
ksft_pass=0
ksft_fail=1
ksft_xfail=2
ksft_xpass=3
ksft_skip=4

RFENCE=${RFENCE:-rfence}
_rf_tree=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/..
if ! command -v "$RFENCE" > /dev/null 2>&1 && [[ -x $_rf_tree/tools/rfence ]]; then
	RFENCE=$_rf_tree/tools/rfence
fi
# An absolute path: it also runs under setpriv, bash -c and ip netns exec.
RFENCE=$(command -v "$RFENCE" || echo "$RFENCE")
RF_FAMILY=routefence
# The namespace rf() configures and check_refused watches (set by the test).
RF_NS=

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

# ktap_test_status DESC RC: pass when RC is 0. (The kernel's
# ktap_helpers.sh has ktap_test_result DESC CMD..., which runs CMD.)
ktap_test_status()
{
	if [[ $2 -eq 0 ]]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

# A test that calls a function or program that does not exist (a helper
# renamed in lib.sh, a tool missing from the guest) fails, however the
# call's status was used. Bash runs this handler in a subshell, so the
# names go to a file that ktap_finished reads.
_rf_not_found=${TMPDIR:-/tmp}/rf-not-found.$$

command_not_found_handle()
{
	echo "# $1: command not found" >&2
	echo "$1" >> "$_rf_not_found"
	return 127
}

# ktap_finished: print the totals and the plan, then exit.
ktap_finished()
{
	if [[ -s $_rf_not_found ]]; then
		ktap_test_fail "the test called commands that do not exist:" \
			"$(sort -u "$_rf_not_found" | tr '\n' ' ')"
	fi
	rm -f "$_rf_not_found"
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

# rf_router NS: NS forwards IPv4 and IPv6, without reverse-path filtering
# and duplicate address detection (addresses are usable at once).
rf_router()
{
	ip netns exec "$1" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
}

# rf_link_ns ROUTER IF NS R4 NS4 R6 NS6: a veth pair, IF in ROUTER and eth0
# in NS, both up; R4/24 and R6/64 on IF, NS4/24 and NS6/64 on eth0; NS's
# default routes via R4 and R6.
rf_link_ns()
{
	local r=$1 ifn=$2 ns=$3

	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 &&
	ip -n "$r" link add name "$ifn" type veth peer name eth0 netns "$ns" &&
	ip -n "$r" link set dev "$ifn" up && ip -n "$ns" link set eth0 up &&
	ip -n "$r" addr add "$4/24" dev "$ifn" &&
	ip -n "$ns" addr add "$5/24" dev eth0 &&
	ip -n "$r" addr add "$6/64" dev "$ifn" nodad &&
	ip -n "$ns" addr add "$7/64" dev eth0 nodad &&
	ip -n "$ns" route add default via "$4" &&
	ip -n "$ns" -6 route add default via "$6"
}

# ---- Polling --------------------------------------------------------------

# busywait TIMEOUT_MS CMD [ARG...]: retry CMD until it succeeds or
# TIMEOUT_MS elapses; returns CMD's last status. The clock is bash's own
# EPOCHREALTIME: forking date(1) costs ~50 ms per poll under emulation.
busywait()
{
	local timeout_ms=$1 t start rc

	shift
	t=${EPOCHREALTIME/[^0-9]/}
	start=${t%???}
	while :; do
		"$@" && return 0
		rc=$?
		t=${EPOCHREALTIME/[^0-9]/}
		[[ $((${t%???} - start)) -lt $timeout_ms ]] || return "$rc"
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
	ktap_test_status "$desc" "$_rf_rc"
}

# check_fail DESC CMD [ARG...]: CMD must fail. For programs whose messages
# are not ours to pin down (systemctl, modinfo, dpkg); a refusal by rfence
# is checked exactly, with check_refused.
check_fail()
{
	local desc=$1 _rf_expect=failure

	shift
	_rf_show_cmd "$@"
	_rf_run "$@"
	if [[ $_rf_rc -eq 0 ]]; then
		_rf_dump_output
		echo "#   succeeded, but it should have failed"
		ktap_test_fail "$desc"
		return
	fi
	[[ ${V:-0} == 1 ]] && _rf_dump_output
	ktap_test_pass "$desc"
}

# check_fail_msg DESC MESSAGE CMD [ARG...]: CMD must fail and its output
# (stdout and stderr) contain MESSAGE; for programs as with check_fail.
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
# exactly EXPECTED (one line or several; "-": read from stdin) on stdout,
# trailing newlines aside; a mismatch is shown as a diff.
check_output()
{
	local desc=$1 expected=$2 _rf_expect out rc=0

	shift 2
	[[ $expected != - ]] || expected=$(cat)
	_rf_expect="output \"$expected\""
	[[ $expected != *$'\n'* ]] ||
		_rf_expect="the $(wc -l <<< "$expected") lines of output given"
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

# check_json DESC JQ_FILTER CMD [ARG...]: CMD must succeed and print JSON
# of which the jq filter is true.
check_json()
{
	local desc=$1 filter=$2 out rc=0

	shift 2
	out=$("$@" 2>&1) || rc=$?
	if [[ $rc -eq 0 ]] && jq -e "$filter" <<< "$out" > /dev/null 2>&1; then
		ktap_test_pass "$desc"
		return
	fi
	ktap_print_msg "$(printf '%q ' "$@")(status $rc) | jq '$filter':"
	ktap_print_msg "$out"
	ktap_test_fail "$desc"
}

# rf ARGS...: rfence in the test's namespace, $RF_NS.
rf()
{
	"$RFENCE" -n "$RF_NS" "$@"
}

# rf_nobody ARGS...: rfence in $RF_NS as an unprivileged user.
rf_nobody()
{
	ip netns exec "$RF_NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		-- "$RFENCE" "$@"
}

# rf_policy_state: what a refused command must leave as it was in $RF_NS:
# the policy (as rfence save prints it), its generation and object counts,
# and the counters. One process.
rf_policy_state()
{
	printf '%s\n' save "config show" "stats show" | rf -batch -
}

# _rf_check_exit DESC STATUS STDERR STATE CMD [ARG...]: check_exit, and
# with STATE=1 that rf_policy_state is the same before and after.
_rf_check_exit()
{
	local desc=$1 want=$2 msg=$3 state=$4 before='' after='' out err rc=0 q
	local problems=()

	shift 4
	[[ $msg != - ]] || msg=$(cat)
	if [[ -z ${_rf_tmp:-} ]]; then
		_rf_tmp=$(mktemp -d)
		defer rm -rf "$_rf_tmp"
	fi
	printf -v q ' %q' "$@"
	echo "# [+]$q (expect exit $want, \"${msg%%$'\n'*}\")"
	[[ $state == 0 ]] || before=$(rf_policy_state 2>&1)
	out=$("$@" 2> "$_rf_tmp/stderr") || rc=$?
	err=$(< "$_rf_tmp/stderr")
	[[ $state == 0 ]] || after=$(rf_policy_state 2>&1)
	[[ $rc -eq $want ]] || problems+=("exit status $rc, expected $want")
	[[ $err == "$msg" ]] || problems+=("stderr differs:" "$(diff -u \
		--label expected --label actual <(printf '%s\n' "$msg") \
		<(printf '%s\n' "$err"))")
	[[ -z $out ]] || problems+=("stdout \"$out\"")
	[[ $after == "$before" ]] || problems+=("policy changed:" "$(diff -u \
		--label before --label after <(echo "$before") <(echo "$after"))")
	if [[ ${#problems[@]} -eq 0 ]]; then
		ktap_test_pass "$desc"
	else
		printf '%s\n' "${problems[@]}" | sed 's/^/#   /'
		ktap_test_fail "$desc"
	fi
}

# check_refused DESC STATUS STDERR CMD [ARG...]: CMD is refused: it exits
# with STATUS, prints exactly STDERR on stderr (every line of it; "-": read
# from stdin) and nothing on stdout, and rf_policy_state is the same before
# and after. An empty DESC stands for "ARGS refused: MESSAGE", ARGS being
# CMD's arguments after a leading rf and MESSAGE the first line of STDERR.
check_refused()
{
	local desc=$1 args

	if [[ -z $desc ]]; then
		args=("${@:4}")
		[[ ${args[0]} != rf ]] || args=("${args[@]:1}")
		desc="${args[*]} refused: ${3%%$'\n'*}"
	fi
	_rf_check_exit "$desc" "$2" "$3" 1 "${@:4}"
}

# check_exit DESC STATUS STDERR CMD [ARG...]: check_refused for a command
# that fails after changing something on purpose (-batch runs the lines
# before the failing one): the status and stderr exactly, nothing on
# stdout; what changed is for the test to check.
check_exit()
{
	_rf_check_exit "$1" "$2" "$3" 0 "${@:4}"
}

# rf_usage OBJECT: a newline, then OBJECT's usage, as an error on the
# command line ends (the expected stderr of check_refused).
rf_usage()
{
	printf '\n%s' "$("$RFENCE" "$@" help)"
}

# skip DESC REASON: record a skipped case.
skip()
{
	ktap_print_msg "$2"
	ktap_test_skip "$1"
}

# ---- Traffic and counters ---------------------------------------------------
#
# A traffic case pings from one namespace and checks two things: the ping
# outcome, and that routefence's counters moved by exactly what the test
# declared in the "exp" array (exp_fwd, exp_drop) and nothing else moved.
# Counters are read from the text of "rfence stats show" (one process and
# no JSON parser per reading: under emulation jq alone costs a quarter of a
# second). A test sets RF_COUNTED to the namespaces whose counters it
# checks, as "PREFIX=NAMESPACE" words; keys are "PREFIXns.COUNTER" for the
# namespace's totals and "PREFIXNET.COUNTER" for network NET.

RF_PINGS=3
RF_PING_OPTS=()		# more ping options for the next traffic cases
RF_COUNTED=()
declare -A RF_PKT_SIZE=([4]=84 [6]=104)	# ping -s 56: IP header + 8 + 56
declare -A exp=()
RF_COUNTER_KEYS=(fwd-packets fwd-bytes not-linked default-route spoofed unmanaged
	no-policy)

# rf_counters_of NS PREFIX: "PREFIXSCOPE.COUNTER VALUE" lines of one namespace.
rf_counters_of()
{
	local out cols i scope

	out=$("$RFENCE" -n "$1" stats show) || return
	while read -r -a cols; do
		[[ ${cols[0]} != NETWORK ]] || continue
		scope=${cols[0]}
		[[ $scope != "(all)" ]] || scope=ns
		for i in "${!RF_COUNTER_KEYS[@]}"; do
			echo "$2$scope.${RF_COUNTER_KEYS[i]} ${cols[i + 1]}"
		done
	done <<< "$out"
}

# rf_counters: the counters of every namespace in RF_COUNTED.
rf_counters()
{
	local c

	for c in "${RF_COUNTED[@]}"; do
		rf_counters_of "${c#*=}" "${c%%=*}" || return
	done
}

# exp_add KEY N: KEY is expected to move by N more.
exp_add()
{
	exp[$1]=$((${exp[$1]:-0} + $2))
}

# exp_fwd FAM NET [PREFIX]: NET forwards one direction of the pings (NET
# empty: an unmanaged source, only the namespace's totals move).
exp_fwd()
{
	local bytes=$((RF_PINGS * RF_PKT_SIZE[$1])) p=${3:-}

	if [[ -n $2 ]]; then
		exp_add "$p$2.fwd-packets" "$RF_PINGS"
		exp_add "$p$2.fwd-bytes" "$bytes"
	fi
	exp_add "${p}ns.fwd-packets" "$RF_PINGS"
	exp_add "${p}ns.fwd-bytes" "$bytes"
}

# exp_drop NET REASON [PREFIX]: one direction of NET's pings is refused.
exp_drop()
{
	[[ -z $1 ]] || exp_add "${3:-}$1.$2" "$RF_PINGS"
	exp_add "${3:-}ns.$2" "$RF_PINGS"
}

# exp_desc: the expected movements, sorted, for a case's name.
exp_desc()
{
	local k out=() IFS=$'\n'

	for k in "${!exp[@]}"; do
		[[ $k == *fwd-bytes ]] || out+=("$k +${exp[$k]}")
	done
	[[ ${#out[@]} -gt 0 ]] || out=(none)
	mapfile -t out < <(sort <<< "${out[*]}")
	IFS=,
	k="${out[*]}"
	echo "${k//,/, }"
}

# counters_moved BEFORE: every counter moved from BEFORE by exactly what
# exp says (0 when not listed); prints what differs.
counters_moved()
{
	local -A b=()
	local after k v d bad=0

	after=$(rf_counters) || { echo "cannot read the counters"; return 1; }
	while read -r k v; do
		b[$k]=$v
	done <<< "$1"
	while read -r k v; do
		d=$((v - ${b[$k]:-0}))
		if [[ $d -ne ${exp[$k]:-0} ]]; then
			echo "$k moved by $d, expected ${exp[$k]:-0}"
			bad=1
		fi
	done <<< "$after"
	for k in "${!exp[@]}"; do
		[[ $after == *"$k "* ]] && continue
		echo "$k is missing"
		bad=1
	done
	return "$bad"
}

# ping_cmd FAM NS DST WANT [SRC]: sets RF_PING to the command that sends
# RF_PINGS pings from NS, 10 ms apart. When they should pass, a reply may
# take 2 s; when they should be dropped, waiting 0.3 s after the last one
# is enough (a late reply would still show in the counters).
ping_cmd()
{
	RF_PING=(ip netns exec "$2" ping -"$1" -c "$RF_PINGS" -i 0.01 -q -s 56)
	[[ $4 == pass ]] && RF_PING+=(-W 2) || RF_PING+=(-W 0.3)
	[[ -z ${5:-} ]] || RF_PING+=(-I "$5")
	RF_PING+=("${RF_PING_OPTS[@]}" "$3")
}

# check_traffic NAME FAM NS DST WANT [SRC]: ping DST from NS (from source
# address SRC if given); WANT is pass or fail. Two results: the ping
# outcome and the counters, which must move as exp says. Clears exp.
check_traffic()
{
	local name=$1 fam=$2 ns=$3 dst=$4 want=$5 src=${6:-} before msg rc=0
	local w=${5/pass/passe}s

	before=$(rf_counters)
	ping_cmd "$fam" "$ns" "$dst" "$want" "$src"
	echo "# [+] ${RF_PING[*]} (expect $want)"
	msg=$("${RF_PING[@]}" 2>&1) || rc=$?
	if [[ ($want == pass && $rc -eq 0) || ($want == fail && $rc -ne 0) ]]; then
		ktap_test_pass "$name: ping $w"
	else
		ktap_print_msg "$msg"
		ktap_test_fail "$name: ping $w"
	fi
	check_counters "$name" "$before"
}

# check_counters NAME BEFORE: since BEFORE (rf_counters), the counters
# moved by exactly what exp lists (one result); then exp is emptied.
check_counters()
{
	local name

	name="$1: counters move by exactly: $(exp_desc)"
	if busywait 3000 counters_moved "$2" > /dev/null; then
		ktap_test_pass "$name"
	else
		counters_moved "$2" | sed 's/^/#   /'
		ktap_test_fail "$name"
	fi
	exp=()
}

# ---- The kernel log ---------------------------------------------------------

# What the kernel's checkers print when they find something (KASAN, UBSAN,
# lockdep, RCU, hung tasks, kmemleak, BUG and WARN): a case during which one
# of them reported failed, whatever else it did.
RF_SPLAT_RE='BUG:|WARNING:|Oops|general protection|KASAN|UBSAN:|Call Trace|blocked for more than|detected stall|rcu: INFO|unreferenced object'

# kmsg_mark: the time on the kernel log's clock, for kmsg_clean (a second
# early: the log's clock and the uptime may differ a little, and a report
# blamed on the next case is better than one missed).
kmsg_mark()
{
	awk '{ printf "%.6f\n", $1 - 1 }' /proc/uptime
}

# kmsg_clean MARK: no report of RF_SPLAT_RE in the kernel log since MARK;
# prints the reports (and fails) otherwise.
kmsg_clean()
{
	local bad

	bad=$(dmesg | awk -v t="$1" -F'[][]' '$2 + 0 >= t' |
		grep -E "$RF_SPLAT_RE") || return 0
	echo "$bad"
	return 1
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

# rf_test_init [CMD...]: the preamble of a test of the module: root, ip,
# rfence and every CMD, the module, the KTAP header.
rf_test_init()
{
	require_root
	require_cmd ip "$RFENCE" "$@"
	require_module
	ktap_print_header
}
