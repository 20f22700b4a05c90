#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the in-VM benchmark scripts (fwd.sh, commit.sh,
# atomic.sh). Source it; it expects to run as root in a throw-away guest.
#
# The router is a network namespace with dummy devices: pktgen injects
# packets on in0 in "netif_receive" mode (they enter the stack as if
# received), the namespace forwards them and the dummy out0 swallows them
# (counting them in its tx counters). See /work/shared/PERF.md 3(a).

RFENCE=${RFENCE:-rfence}
PG_CPU=${PG_CPU:-$(($(nproc) - 1))}	# pktgen thread (kpktgend_N): the last CPU

log() { echo "# $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# now_ns: monotonic nanoseconds.
now_ns() { date +%s%N; }

# elapsed_ms START_NS
elapsed_ms() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# router_ns NS [OUTDEV...]: a fresh router namespace with dummy in0 and
# out0 (plus any extra OUTDEVs), forwarding on, rp_filter off, default
# routes split in two halves (IPv4 and IPv6) via a gateway on out0 with a
# permanent neighbour entry, as a router forwards to a few next hops.
# (Routes straight to the NOARP dummy would create one neighbour entry,
# and a netlink notification, per destination address: random
# destinations then cost more than the whole forwarding path.)
router_ns()
{
	local ns=$1 d
	shift

	ip netns del "$ns" 2> /dev/null || true
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	# No router solicitations from the dummies: out0 must transmit only
	# the packets we forward.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.router_solicitations=0 \
		net.ipv6.conf.default.accept_ra=0
	for d in in0 out0 "$@"; do
		ip -n "$ns" link add "$d" type dummy
		ip -n "$ns" link set "$d" up
	done
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.in0.rp_filter=0 net.ipv6.conf.all.forwarding=1
	ip -n "$ns" addr add 192.0.2.1/24 dev in0
	ip -n "$ns" -6 addr add 2001:db8:1::1/64 dev in0 nodad
	for d in out0 "$@"; do
		ip -n "$ns" neigh add 198.51.100.2 lladdr 02:00:00:00:00:02 \
			nud permanent dev "$d"
		ip -n "$ns" -6 neigh add 2001:db8:2::2 lladdr 02:00:00:00:00:02 \
			nud permanent dev "$d"
	done
	route_via "$ns" 0.0.0.0/1 out0
	route_via "$ns" 128.0.0.0/1 out0
	route_via "$ns" ::/1 out0
	route_via "$ns" 8000::/1 out0
}

# route_via NS PREFIX DEV: a route to PREFIX through DEV's gateway.
route_via()
{
	if [[ $2 == *:* ]]; then
		ip -n "$1" -6 route add "$2" via 2001:db8:2::2 dev "$3" onlink
	else
		ip -n "$1" route add "$2" via 198.51.100.2 dev "$3" onlink
	fi
}

# tx_packets NS DEV
tx_packets()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/tx_packets"
}

# pg NS FILE CMD: one pktgen command (in the namespace's /proc/net/pktgen).
pg()
{
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec "$1" sh -c 'echo "$2" > "/proc/net/pktgen/$1"' sh "$2" "$3" ||
		die "pktgen: $2: $3 failed in $1: $(ip netns exec "$1" cat "/proc/net/pktgen/$2" 2> /dev/null | grep -i result)"
}

# pg_reset NS: no devices on this namespace's pktgen threads.
pg_reset()
{
	local t

	for t in $(ip netns exec "$1" sh -c 'cd /proc/net/pktgen && echo kpktgend_*'); do
		pg "$1" "$t" rem_device_all
	done
}

# pg_dev NS NAME COUNT: add pktgen device NAME (in0 or in0@X) to the
# PG_CPU thread with the common settings: netif_receive into in0, 60-byte
# packets, one packet per skb, no delay.
pg_dev()
{
	local ns=$1 dev=$2 mac

	mac=$(ip netns exec "$ns" cat /sys/class/net/in0/address)
	pg "$ns" "kpktgend_$PG_CPU" "add_device $dev"
	pg "$ns" "$dev" "count $3"
	pg "$ns" "$dev" "clone_skb 0"
	pg "$ns" "$dev" "burst 1"
	pg "$ns" "$dev" "delay 0"
	pg "$ns" "$dev" "pkt_size 60"
	pg "$ns" "$dev" "xmit_mode netif_receive"
	pg "$ns" "$dev" "flag NO_TIMESTAMP"
	pg "$ns" "$dev" "dst_mac $mac"
}

# pg_v4 NS DEV SRC_MIN SRC_MAX DST_MIN DST_MAX: random IPv4 addresses.
pg_v4()
{
	pg "$1" "$2" "src_min $3"
	pg "$1" "$2" "src_max $4"
	pg "$1" "$2" "dst_min $5"
	pg "$1" "$2" "dst_max $6"
	pg "$1" "$2" "flag IPSRC_RND"
	pg "$1" "$2" "flag IPDST_RND"
	pg "$1" "$2" "udp_src_min 9"
	pg "$1" "$2" "udp_src_max 9"
}

# pg_v6 NS DEV SRC DST_MIN DST_MAX: fixed IPv6 source; pktgen draws the
# destination as (random | DST_MIN) & DST_MAX.
pg_v6()
{
	pg "$1" "$2" "dst6 $4"
	pg "$1" "$2" "src6 $3"
	pg "$1" "$2" "dst6_min $4"
	pg "$1" "$2" "dst6_max $5"
	pg "$1" "$2" "flag IPDST_RND"
}

# pg_run NS: start the namespace's pktgen and wait until it is done.
pg_run()
{
	pg "$1" pgctrl start
}

# pg_pps NS DEV: packets per second of the last run.
pg_pps()
{
	ip netns exec "$1" cat "/proc/net/pktgen/$2" |
		sed -n 's/^ *\([0-9][0-9]*\)pps .*/\1/p'
}

# pg_sent NS DEV: packets sent by the last (or current) run.
pg_sent()
{
	ip netns exec "$1" cat "/proc/net/pktgen/$2" |
		sed -n 's/.*pkts-sofar: *\([0-9][0-9]*\).*/\1/p'
}

# rf_total NS KEY: a namespace-wide routefence counter.
rf_total()
{
	"$RFENCE" -n "$1" -j stats show | jq -r ".stats[\"$2\"]"
}

# timed TOOL WHAT CMD...: run CMD, print its elapsed and CPU (user + sys)
# time. Under icount the elapsed time also counts the idle periods in
# which the guest waits for the host (9p I/O), and those jump the virtual
# clock ahead by a host-load-dependent amount; the CPU time of the process
# does not, so the ratios use it. Work deferred to other contexts (RCU
# callbacks, workqueues) is in neither tool's CPU time. The record kind is
# $TIMED_KIND ("commit" unless set); user_ms and sys_ms split cpu_ms into
# the tool's own work (parsing, encoding) and the kernel's.
timed()
{
	local tool=$1 what=$2 t out rc=0
	shift 2

	t=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null; } 2>&1) || rc=$?
	if ((rc)); then
		# e.g. nft killed by the OOM killer: say so, do not vanish
		echo "FAIL $tool $what: exit status $rc: $*" >&2
		printf '%s\n' "$t" | tail -n 5 >&2
		dmesg | grep -iE 'out of memory|oom' | tail -n 3 >&2
		echo "FAIL ${TIMED_KIND:-commit} tool=$tool what=$what exit=$rc"
		return "$rc"
	fi
	read -r -a out <<< "${t##*$'\n'}"
	echo "RES ${TIMED_KIND:-commit} tool=$tool what=$what scale=$POL_SCALE" \
		"ms=$(awk -v r="${out[0]}" 'BEGIN { printf "%.0f", r * 1000 }')" \
		"cpu_ms=$(awk -v u="${out[1]}" -v s="${out[2]}" 'BEGIN { printf "%.0f", (u + s) * 1000 }')" \
		"user_ms=$(awk -v u="${out[1]}" 'BEGIN { printf "%.0f", u * 1000 }')" \
		"sys_ms=$(awk -v s="${out[2]}" 'BEGIN { printf "%.0f", s * 1000 }')"
}

# dmesg_check: fail on soft lockups and RCU stalls.
dmesg_check()
{
	if dmesg | grep -E 'soft lockup|rcu_sched detected stall|rcu: INFO|hung_task|BUG:' >&2; then
		echo "dmesg: FAIL (soft lockup / RCU stall / BUG, see above)"
		return 1
	fi
	echo "dmesg: no soft lockup, RCU stall or BUG"
}
