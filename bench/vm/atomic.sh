#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# atomic.sh [POLDIR_A POLDIR_B]: no packet is classified by a mix of two
# policies, while traffic flows at full rate and the policy is replaced
# BENCH_ATOMIC_COMMITS (100) times, alternating A and B. Deterministic: the
# verdicts are checked by counting, not by timing.
#
# genpolicy.py --variant A / B writes the two policies: the same bulk
# prefixes (B moves the destination side to other networks) and, in
# 10.0.0.0/8, two flows whose owners and links differ between A and B:
#   flow 1 10.1/16 -> 10.2/16: A a1->a2, B b1->b2, both linked: allowed
#   flow 2 10.3/16 -> 10.4/16: A c1->d2, B d1->c2, neither linked: dropped
# with links A {a1-a2, c1-c2} and B {b1-b2, d1-d2}: a packet that took its
# source network, destination network or links from different policies
# gets the other verdict (flow 1 dropped as not linked, flow 2 allowed).
# Flow 1 leaves through out1 and flow 2 through out2, so:
#   allowed but dropped  = flow 1 sent - out1 tx         must be 0
#   dropped but allowed  = out2 tx                       must be 0
# and routefence's own counters must agree (fwd-packets = flow 1 sent,
# not-linked = flow 2 sent, per network: a1+b1 forwarded flow 1, c1+d1
# dropped flow 2, nothing else).
#
# BENCH_ATOMIC_MODE=single: A only; the commits are single-prefix changes
# (one "rfence -batch" file, every line its own commit) that alternately add
# and delete a /17 inside one of the four flow prefixes, owned by the same
# network (a more-specific of another network would overlap): every commit
# changes the prefix tables and publishes a new generation where the flows'
# packets are looked up, no packet's verdict. The same counts must hold.
#
# Usable as a selftest: exit status 0 if both counts are zero, 1 if not.
# Without arguments it generates the two policies itself (genpolicy.py,
# scale BENCH_ATOMIC_SCALE, default 0.01) in a temporary directory.

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

if [[ $# -eq 0 ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for v in A B; do
		python3 "$here/genpolicy.py" --no-nft --variant "$v" \
			--scale "${BENCH_ATOMIC_SCALE:-0.01}" "$tmp/$v"
	done
	set -- "$tmp/A" "$tmp/B"
fi
pa=${1:?usage: atomic.sh [POLDIR_A POLDIR_B]}
pb=${2:?usage: atomic.sh [POLDIR_A POLDIR_B]}
commits=${BENCH_ATOMIC_COMMITS:-100}
mode=${BENCH_ATOMIC_MODE:-replace}
ns=ra
fail=0

# net_stat NAME KEY: one network's counter.
net_stat()
{
	"$RFENCE" -n "$ns" -j -s network show "$1" | jq -r ".[0].stats[\"$2\"]"
}

expect()
{
	if [[ $1 != "$2" ]]; then
		echo "FAIL atomic: $3 = $1, expected $2"
		fail=1
	fi
}

# single_setup: the batch of $commits single-prefix commits, each /17
# added to the network that owns its /16, then deleted.
single_setup()
{
	awk -v n="$commits" -v nets="$A1 $A2 $C1 $D2" 'BEGIN {
		split("10.1.0.0/17 10.2.128.0/17 10.3.0.0/17 10.4.128.0/17", p, " ")
		split(nets, o, " ")
		for (i = 0; i < n; i++) {
			k = int(i / 2) % 4 + 1
			if (i % 2)
				printf "prefix del %s\n", p[k]
			else
				printf "prefix add %s network %s\n", p[k], o[k]
		}
	}' > /tmp/atomic-single.batch
}

main()
{
	local i t pgpid s1 s2 o1 o2 fwd nl ms A1 A2 B1 B2 C1 C2 D1 D2
	local a1 b1 c1 d1 x y

	# shellcheck source=/dev/null
	source "$pa/policy.env"
	[[ $POL_VARIANT == A ]] || die "$pa is not variant A"
	# A1=... D2=...: the special networks' names
	eval "$POL_SPECIAL"
	# shellcheck disable=SC2034 # A2 B2 C2 D2 documented, not counted
	: "$A2" "$B2" "$C2" "$D2"

	modprobe pktgen
	modprobe routefence
	router_ns "$ns" out1 out2
	route_via "$ns" "$FLOW_F1D" out1
	route_via "$ns" "$FLOW_F2D" out2
	"$RFENCE" -n "$ns" load "$pa/policy.rf"
	sleep 2
	"$RFENCE" -n "$ns" stats reset

	pg_reset "$ns"
	# Two devices on one pktgen thread, which always sends from the one
	# whose next send time is earliest; each send moves that time on by
	# "delay" ns from where it was. With delay 0 the first one always
	# wins. With a tiny delay the device started first owns the thread
	# for (head start / delay) packets: on a debug kernel under TCG the
	# head start is ~100 us, and 1 ns let flow 2 send all of a 150 s run
	# alone. 10 us makes it ~10 packets, and is still below the cost of
	# forwarding one packet under TCG (~40 us), so it never throttles.
	pg_dev "$ns" in0@1 0
	pg "$ns" in0@1 "delay 10000"
	pg_v4 "$ns" in0@1 10.1.0.0 10.1.255.255 10.2.0.0 10.2.255.255
	pg_dev "$ns" in0@2 0
	pg "$ns" in0@2 "delay 10000"
	pg_v4 "$ns" in0@2 10.3.0.0 10.3.255.255 10.4.0.0 10.4.255.255
	o1=$(tx_packets "$ns" out1)
	o2=$(tx_packets "$ns" out2)

	[[ $mode == single ]] && single_setup

	pg_run "$ns" &
	pgpid=$!
	sleep 1
	t=$(now_ns)
	if [[ $mode == single ]]; then
		"$RFENCE" -n "$ns" -batch /tmp/atomic-single.batch
	else
		for ((i = 1; i <= commits; i++)); do
			if ((i % 2)); then
				"$RFENCE" -n "$ns" load "$pb/policy.rf"
			else
				"$RFENCE" -n "$ns" load "$pa/policy.rf"
			fi
		done
	fi
	ms=$(elapsed_ms "$t")
	sleep 1
	pg "$ns" pgctrl stop
	wait "$pgpid" || true

	s1=$(pg_sent "$ns" in0@1)
	s2=$(pg_sent "$ns" in0@2)
	o1=$(($(tx_packets "$ns" out1) - o1))
	o2=$(($(tx_packets "$ns" out2) - o2))
	fwd=$(rf_total "$ns" fwd-packets)
	nl=$(rf_total "$ns" not-linked)
	a1=$(net_stat "$A1" fwd-packets)
	b1=$(net_stat "$B1" fwd-packets)
	c1=$(net_stat "$C1" not-linked)
	d1=$(net_stat "$D1" not-linked)
	x=$(($(net_stat "$A1" not-linked) + $(net_stat "$B1" not-linked)))
	y=$(($(net_stat "$C1" fwd-packets) + $(net_stat "$D1" fwd-packets)))

	echo "RES atomic scale=$POL_SCALE mode=$mode commits=$commits ms=$ms flow1_sent=$s1 flow2_sent=$s2" \
		"allowed_but_dropped=$((s1 - o1)) dropped_but_allowed=$o2" \
		"rf_fwd=$fwd rf_not_linked=$nl"
	expect $((s1 - o1)) 0 "flow 1 packets dropped (allowed by A and by B)"
	expect "$o2" 0 "flow 2 packets forwarded (dropped by A and by B)"
	expect "$fwd" "$s1" "routefence fwd-packets"
	expect "$nl" "$s2" "routefence not-linked"
	expect $((a1 + b1)) "$s1" "fwd-packets of $A1 + $B1"
	expect $((c1 + d1)) "$s2" "not-linked of $C1 + $D1"
	expect "$x" 0 "not-linked of $A1 + $B1"
	expect "$y" 0 "fwd-packets of $C1 + $D1"
	((s1 > 0 && s2 > 0)) || { echo "FAIL atomic: no traffic"; fail=1; }
	echo "atomic: $commits commits in ${ms} ms while $((s1 + s2)) packets flowed:" \
		"allowed-but-dropped $((s1 - o1)), dropped-but-allowed $o2"
	ip netns del "$ns"
	rmmod routefence
	dmesg_check || fail=1
	return "$fail"
}

main "$@"
