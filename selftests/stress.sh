#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's lifecycle under load. Each case ends with a pass/fail
# assertion, and none may make the kernel report anything (KASAN, lockdep,
# RCU, BUG, WARN: the point of running this on the debug kernel):
#
#   netns churn    namespaces with a policy and a bound interface are
#                  created and deleted while two others commit in a loop
#   dev churn      bound interfaces are deleted and re-created while the
#                  policy binding them is committed in a loop; the policy
#                  left afterwards is consistent and saves/loads back
#   atomic         commits under full-rate traffic misdecide no packet
#                  (bench/vm/atomic.sh at test size)
#   memcg          a namespace's loader in a memory cgroup with a small
#                  limit loads a huge policy: refused with ENOMEM and a
#                  message, nothing charged is left, the previous policy
#                  stays in force
#   unload         rmmod and modprobe while pktgen's traffic is forwarded
#                  with a policy in force (the module's exit also warns
#                  about leaked policy objects)
#
# RF_STRESS=full (make check-debug) runs them at the issue's size (200
# namespaces, 200 interface deletions, 1,000 commits) and 150 unloads:
# the issue asks for 20, but with the unhook moved back into .exit the
# debug kernel's KASAN report came at unload 41 in one run, and not in 20
# in another;
# RF_STRESS=short (the default, make check) at a size that takes seconds.
# RF_STRESS_CASES picks cases (default: all, in the order above).
# RF_STRESS_UNLOADS overrides the number of unloads (a race that hits
# once in a few dozen unloads needs more of them to show).
#
# Routers are bench/vm/lib.sh's router_ns: pktgen injects on dummy in0,
# the namespace forwards to dummy out0.

here=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=../bench/vm/lib.sh
source "$here/../bench/vm/lib.sh"

require_root
require_cmd ip modprobe rmmod taskset "$RFENCE"
require_module
ktap_print_header

case ${RF_STRESS:-short} in
full)	N_NETNS=200 N_DEVDEL=200 N_COMMITS=1000 N_UNLOAD=150 N_HUGE=400000
	HUGE_ROOM=$((8 << 20)) ;;
short)	N_NETNS=20 N_DEVDEL=20 N_COMMITS=30 N_UNLOAD=3 N_HUGE=100000
	HUGE_ROOM=$((2 << 20)) ;;
*)	ktap_fail_all "RF_STRESS must be full or short" ;;
esac
[[ ${RF_STRESS_UNLOADS:-1} =~ ^[1-9][0-9]*$ ]] ||
	ktap_fail_all "RF_STRESS_UNLOADS must be a positive number"
N_UNLOAD=${RF_STRESS_UNLOADS:-$N_UNLOAD}
CASES=${RF_STRESS_CASES:-netns dev atomic memcg unload}
tmp=$(mktemp -d)
defer rm -rf "$tmp"

# check_kernel DESC MARK: the kernel reported nothing since MARK.
check_kernel()
{
	check_ok "$1: the kernel reported nothing" kmsg_clean "$2"
}

# small_policy DEV: two linked networks, one bound to DEV.
small_policy()
{
	cat <<- EOF
		network add a id 1 default-route deny
		network add b id 2
		prefix add 10.1.0.0/16 network a
		prefix add 10.2.0.0/16 network b
		prefix add fd00:1::/48 network a
		prefix add fd00:2::/48 network b
		link add a b
		dev add $1 network a
	EOF
}

# committer NS A B STOP LOG: load A and B alternately until STOP exists;
# one line per load in LOG: "ok" or the error.
committer()
{
	local i=0 f out

	while [[ ! -e $4 ]]; do
		f=$2
		((i++ % 2)) && f=$3
		if out=$("$RFENCE" -n "$1" load "$f" 2>&1); then
			echo ok
		else
			echo "error: $out"
		fi
	done > "$5"
}

# ---- netns churn ---------------------------------------------------------------

# churn_batch FIRST N: namespaces FIRST..FIRST+N-1, each with dummy d0 and
# the small policy binding it, then deleted. Prints failures.
churn_batch()
{
	local i name batch=$tmp/batch

	for ((i = $1; i < $1 + $2; i++)); do
		echo "netns add rfchurn-$$-$i"
		echo "link add d0 netns rfchurn-$$-$i type dummy"
	done > "$batch"
	ip -b "$batch" || echo "ip -b: creating namespaces $1.. failed"
	for ((i = $1; i < $1 + $2; i++)); do
		name=rfchurn-$$-$i
		"$RFENCE" -n "$name" load "$tmp/small-d0" ||
			echo "rfence load into $name failed"
	done
	for ((i = $1; i < $1 + $2; i++)); do
		echo "netns del rfchurn-$$-$i"
	done > "$batch"
	ip -b "$batch" || echo "ip -b: deleting namespaces $1.. failed"
}

test_netns()
{
	local mark c1='' c2='' i fails loads bad

	mark=$(kmsg_mark)
	setup_ns c1 c2 || return
	small_policy lo | grep -v '^dev' > "$tmp/A"
	sed 's/deny/allow/' "$tmp/A" > "$tmp/B"
	small_policy d0 > "$tmp/small-d0"
	committer "$c1" "$tmp/A" "$tmp/B" "$tmp/stop-n" "$tmp/c1.log" &
	committer "$c2" "$tmp/B" "$tmp/A" "$tmp/stop-n" "$tmp/c2.log" &
	fails=$(for ((i = 0; i < N_NETNS; i += 10)); do
		churn_batch "$i" $((N_NETNS - i < 10 ? N_NETNS - i : 10))
	done)
	touch "$tmp/stop-n"
	wait
	check_output "netns churn: $N_NETNS namespaces with a policy created and deleted" \
		"" echo "$fails"
	loads=$(cat "$tmp/c1.log" "$tmp/c2.log" | wc -l)
	bad=$(grep -v '^ok$' "$tmp/c1.log" "$tmp/c2.log" | head -n 5)
	check_output "netns churn: the $loads loads committed meanwhile all succeeded" \
		"" echo "$bad"
	check_ok "netns churn: the committers committed" test "$loads" -gt 1
	check_kernel "netns churn" "$mark"
}

# ---- dev churn -------------------------------------------------------------------

# dev_policy A|B: d0..d7 bound to networks a and b (swapped in B).
dev_policy()
{
	local i nets=(a b) off=0

	[[ $1 == B ]] && off=1
	small_policy lo | grep -v '^dev'
	for ((i = 0; i < 8; i++)); do
		echo "dev add d$i network ${nets[(i + off) % 2]}"
	done
}

# dev_flip NS N: delete and re-create dummies d0..d7 in turn, N deletions.
dev_flip()
{
	local i d batch=$tmp/devflip fails=0

	for ((i = 0; i < $2; i++)); do
		d=d$((i % 8))
		printf 'link del %s\nlink add %s type dummy\n' "$d" "$d" > "$batch"
		ip -n "$1" -b "$batch" || fails=$((fails + 1))
	done
	echo "$fails"
}

# bound_devs_exist NS: every interface the policy binds exists in NS.
# shellcheck disable=SC2317 # called through check_ok
bound_devs_exist()
{
	local d bad=0

	while read -r _ _ d _; do
		ip -n "$1" link show dev "$d" > /dev/null 2>&1 ||
			{ echo "dev $d is bound but does not exist"; bad=1; }
	done < <("$RFENCE" -n "$1" save | grep '^dev add ')
	return "$bad"
}

test_dev()
{
	local mark rd='' i fails loads ok weird saved

	mark=$(kmsg_mark)
	setup_ns rd || return
	for ((i = 0; i < 8; i++)); do
		ip -n "$rd" link add "d$i" type dummy || return
	done
	dev_policy A > "$tmp/devA"
	dev_policy B > "$tmp/devB"
	committer "$rd" "$tmp/devA" "$tmp/devB" "$tmp/stop-d" "$tmp/d.log" &
	fails=$(dev_flip "$rd" "$N_DEVDEL")
	touch "$tmp/stop-d"
	wait
	check_output "dev churn: $N_DEVDEL bound interfaces deleted and re-created during commits" \
		0 echo "$fails"
	loads=$(wc -l < "$tmp/d.log")
	ok=$(grep -c '^ok$' "$tmp/d.log")
	# A load that loses the race is refused with an error, cleanly.
	weird=$(grep -v '^ok$' "$tmp/d.log" | grep -v '^error: .*Error: ' | head -n 3)
	echo "# $loads loads during the churn: $ok committed, the others refused"
	check_output "dev churn: every refused load was refused with an error message" \
		"" echo "$weird"
	check_ok "dev churn: the policy left binds only existing interfaces" \
		bound_devs_exist "$rd"
	saved=$("$RFENCE" -n "$rd" save)
	echo "$saved" > "$tmp/dev-saved"
	check_ok "dev churn: the policy left loads back" "$RFENCE" -n "$rd" load "$tmp/dev-saved"
	check_output "dev churn: and saves to the same text" "$saved" "$RFENCE" -n "$rd" save
	check_ok "dev churn: the full policy loads once the interfaces are back" \
		"$RFENCE" -n "$rd" load "$tmp/devA"
	check_kernel "dev churn" "$mark"
}

# ---- atomic commits under traffic ---------------------------------------------------

test_atomic()
{
	local mark out rc=0

	mark=$(kmsg_mark)
	echo "# [+] BENCH_ATOMIC_COMMITS=$N_COMMITS BENCH_ATOMIC_SCALE=0.001 bench/vm/atomic.sh"
	out=$(BENCH_ATOMIC_COMMITS=$N_COMMITS BENCH_ATOMIC_SCALE=0.001 \
		bash "$here/../bench/vm/atomic.sh" 2>&1) || rc=$?
	grep -E '^(RES|FAIL|atomic:)' <<< "$out" | sed 's/^/#   /'
	[[ $rc -eq 0 ]] || tail -n 20 <<< "$out" | sed 's/^/#   /'
	ktap_test_status "atomic: $N_COMMITS commits under full-rate traffic, no packet misdecided" "$rc"
	check_kernel "atomic" "$mark"
}

# ---- a huge policy in a small memory cgroup -------------------------------------------

# huge_policy N: network a with N /32s.
huge_policy()
{
	echo "network add a id 1"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "prefix add 11.%d.%d.%d/32 network a\n",
			int(i / 65536), int(i / 256) % 256, i % 256 }'
}

# in_cgroup CG CMD...: run CMD in cgroup CG.
in_cgroup()
{
	local cg=$1

	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cg" "$@"
}

cgroup_root()
{
	local d

	d=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [[ -z $d ]]; then
		d=$tmp/cgroup
		mkdir -p "$d" && mount -t cgroup2 none "$d" || return
		defer umount "$d"
	fi
	echo "$d"
}

# kernel_charged CG: bytes of kernel memory (slab, percpu, vmalloc, ...)
# charged to CG.
kernel_charged()
{
	awk '/^(kernel|slab|percpu|vmalloc) / { s += $2 } END { print s + 0 }' \
		"$1/memory.stat"
}

# The huge policy is refused by the kernel, not by rfence running out of
# memory itself: rfence parses the whole file first, so the limit is what
# that costs it (measured with a file that fails to parse at its last line)
# plus HUGE_ROOM, far less than the kernel needs for N_HUGE prefixes.
test_memcg()
{
	local mark rm='' root cg peak before out rc=0 limit n=$N_HUGE
	local room=$HUGE_ROOM

	mark=$(kmsg_mark)
	if ! root=$(cgroup_root) || ! grep -qw memory "$root/cgroup.controllers"; then
		skip "memcg: a huge policy in a small memory cgroup" "no cgroup2 memory controller"
		return
	fi
	setup_ns rm || return
	ip -n "$rm" link add o type dummy && ip -n "$rm" link set o up &&
		ip -n "$rm" route add 10.0.0.0/8 dev o || return
	small_policy lo | grep -v '^dev' > "$tmp/mc-small"
	huge_policy "$n" > "$tmp/mc-huge"
	{ cat "$tmp/mc-huge"; echo "no such command"; } > "$tmp/mc-broken"
	check_ok "memcg: the previous policy loads" "$RFENCE" -n "$rm" load "$tmp/mc-small"
	before=$("$RFENCE" -n "$rm" save)
	echo +memory > "$root/cgroup.subtree_control" 2> /dev/null
	cg=$root/rftest-$$
	mkdir "$cg" "$cg-measure" || return
	defer rmdir "$cg" "$cg-measure"
	in_cgroup "$cg-measure" "$RFENCE" -n "$rm" load "$tmp/mc-broken" > /dev/null 2>&1
	if ! peak=$(cat "$cg-measure/memory.peak" 2> /dev/null); then
		skip "memcg: a huge policy in a small memory cgroup" "no memory.peak"
		return
	fi
	limit=$((peak + room))
	echo "$limit" > "$cg/memory.max"
	echo "# [+] rfence -n $rm load ($n prefixes) in a cgroup with memory.max $limit" \
		"(rfence's parse peak $peak + $room) (expect ENOMEM)"
	out=$(in_cgroup "$cg" "$RFENCE" -n "$rm" load "$tmp/mc-huge" 2>&1) || rc=$?
	echo "#   status $rc: $(tail -n 3 <<< "$out" | tr '\n' ' ')"
	# rfence exits 1 or 2 on an error; 128+N is a kill by signal N
	check_ok "memcg: the load failed with an error, not a kill (status 1 or 2)" \
		test "$rc" -eq 1 -o "$rc" -eq 2
	check_ok "memcg: the error says the memory ran out" \
		grep -qiE 'Error: .*(memory|ENOMEM)' <<< "$out"
	check_ok "memcg: the OOM killer stayed out of it" \
		sh -c "! dmesg | awk -v t=$mark -F'[][]' '\$2 + 0 >= t' | grep -q 'invoked oom-killer'"
	check_output "memcg: the previous policy is still in force" "$before" \
		"$RFENCE" -n "$rm" save
	check_output "memcg: get answers from the previous policy" "accept" \
		sh -c "$RFENCE -n $rm get from 10.1.0.1 to 10.2.0.1 | cut -d: -f1"
	# What the failed load charged is given back (its transaction ended).
	echo "#   the cgroup holds $(cat "$cg/memory.current") bytes, kernel memory $(kernel_charged "$cg")"
	check_ok "memcg: no kernel memory of the load is left (< 1 MiB)" \
		test "$(kernel_charged "$cg")" -lt $((1 << 20))
	check_kernel "memcg" "$mark"
}

# ---- unload and reload under traffic ---------------------------------------------------

# unload_blocker: why rmmod cannot be tried, or nothing.
unload_blocker()
{
	if [[ ! -e /sys/module/routefence/initstate ]]; then
		echo "routefence is built in"
	elif ! modinfo routefence > /dev/null 2>&1; then
		echo "modprobe cannot load routefence again (not installed)"
	elif "$RFENCE" save 2> /dev/null | grep -q '^network '; then
		echo "the initial namespace has a policy: rmmod would destroy it"
	fi
}

# fwd_moves NS: the namespace's forwarded-packets counter moves.
# shellcheck disable=SC2317 # called through busywait
fwd_moves()
{
	local a

	a=$(rf_total "$1" fwd-packets)
	sleep 0.2
	[[ $(rf_total "$1" fwd-packets) -gt $a ]]
}

# monitor_drops NS: an "rfence monitor drops" in NS; its PID in monpid.
monitor_drops()
{
	"$RFENCE" -n "$1" monitor drops > /dev/null 2>&1 &
	monpid=$!
}

# The policy of the unload case: from a (default-route deny: each packet
# also looks its route up) to b is allowed, to c dropped, and every drop
# is reported to a listener: the packet spends most of its time in the
# hook, where the generation it read must stay valid.
unload_policy()
{
	small_policy in0
	echo "network add c id 3"
	echo "prefix add 10.3.0.0/16 network c"
	echo "config set drop-events 1000000"
}

test_unload()
{
	local mark why ru='' i fails=0 pgpid s0 s1 monpid

	mark=$(kmsg_mark)
	why=$(unload_blocker)
	if [[ -n $why ]]; then
		skip "unload: $N_UNLOAD unloads under traffic" "$why"
		return
	fi
	setup_ns ru || return
	router_ns "$ru" > /dev/null || return
	unload_policy > "$tmp/unload.rf"
	modprobe pktgen || return
	check_ok "unload: the policy loads" "$RFENCE" -n "$ru" load "$tmp/unload.rf"
	monitor_drops "$ru"
	pg_reset "$ru"
	pg_dev "$ru" in0 0
	pg_v4 "$ru" in0 10.1.0.0 10.1.255.255 10.2.0.0 10.3.255.255
	pg_run "$ru" &
	pgpid=$!
	check_ok "unload: traffic is forwarded and judged" busywait 10000 fwd_moves "$ru"
	s0=$(tx_packets "$ru" out0)
	for ((i = 1; i <= N_UNLOAD; i++)); do
		# rmmod on CPU 0 while pktgen forwards on the last CPU and
		# the monitor listens to the drop reports; the kernel log says
		# which unload a report belongs to
		echo "stress.sh: unload $i of $N_UNLOAD" > /dev/kmsg
		if ! taskset -c 0 rmmod routefence; then
			echo "# cycle $i: rmmod failed"
			fails=$((fails + 1))
			continue
		fi
		if ! modprobe routefence || ! "$RFENCE" -n "$ru" load "$tmp/unload.rf" ||
		   ! busywait 10000 fwd_moves "$ru"; then
			echo "# cycle $i: reload, policy or traffic failed"
			fails=$((fails + 1))
		fi
		kill "$monpid" 2> /dev/null
		wait "$monpid" 2> /dev/null
		monitor_drops "$ru"
	done
	s1=$(tx_packets "$ru" out0)
	kill "$monpid" 2> /dev/null
	wait "$monpid" 2> /dev/null
	pg "$ru" pgctrl stop
	wait "$pgpid"
	echo "# $((s1 - s0)) packets forwarded during the unloads"
	check_output "unload: $N_UNLOAD unloads and reloads under traffic with a policy in force" \
		0 echo "$fails"
	check_ok "unload: traffic kept flowing" test "$s1" -gt "$s0"
	check_kernel "unload" "$mark"
}

for c in $CASES; do
	case $c in
	netns)	test_netns ;;
	dev)	test_dev ;;
	atomic)	test_atomic ;;
	memcg)	test_memcg ;;
	unload)	test_unload ;;
	*)	ktap_test_fail "unknown case $c" ;;
	esac
done
ktap_finished
