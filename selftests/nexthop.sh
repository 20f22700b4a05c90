#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nexthop.sh: "default-route deny" when routes share a nexthop object, as
# routing daemons install them (FRR gives an NVA's default route and its
# specific routes one nexthop or ECMP group). The kernel caches an IPv6
# route's dst per CPU in the nexthop, shared by every route using it, so
# the dst a packet carries may name another route than the one it took.
# Each case fills that cache with one route first, then sends traffic
# along the other, on one CPU:
#
#   onprem 10.2.0.2 --- hub --- inet 10.3.0.2, lo 203.0.113.0/24 (internet)
#   pc1    10.1.0.2 ---/                        lo 198.51.100.0/24 (service)
#
#   hub: default and 198.51.100.0/24 via nexthop object 1 (IPv4),
#        ::/0 and 2001:db8:2::/64 via nexthop object 2 (IPv6)
#   policy: onprem "default-route deny"; pc1 and onprem linked to inet.

# Everything runs on CPU 0, so the hub forwards every ping on CPU 0 (a
# veth delivers on the sender's CPU) and one per-CPU cache is in play.
if [[ -z ${RF_PINNED:-} ]] && command -v taskset > /dev/null; then
	RF_PINNED=1 exec taskset -c 0 "$0" "$@"
fi

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd ip ping taskset "$RFENCE"
require_module
ktap_print_header

hub='' pc1='' onprem='' inet=''	# set by setup_ns

setup()
{
	setup_ns hub pc1 onprem inet && rf_router "$hub" &&
	rf_link_ns "$hub" pc1 "$pc1" 10.1.0.1 10.1.0.2 fd00:1::1 fd00:1::2 &&
	rf_link_ns "$hub" onprem "$onprem" 10.2.0.1 10.2.0.2 fd00:2::1 fd00:2::2 &&
	rf_link_ns "$hub" inet "$inet" 10.3.0.1 10.3.0.2 fd00:3::1 fd00:3::2 &&
	ip -n "$inet" -batch - <<-EOF &&
	addr add 203.0.113.1/24 dev lo
	addr add 198.51.100.1/24 dev lo
	route add local 2001:db8:1::/64 dev lo
	route add local 2001:db8:2::/64 dev lo
	EOF
	nexthops &&
	"$RFENCE" -n "$hub" -batch - <<-EOF
	network add pc1 id 1
	network add onprem id 2 default-route deny
	network add inet id 3
	prefix add 10.1.0.0/24 network pc1
	prefix add fd00:1::/64 network pc1
	prefix add 10.2.0.0/24 network onprem
	prefix add fd00:2::/64 network onprem
	dev add pc1 network pc1
	dev add onprem network onprem
	dev add inet network inet
	link add pc1 inet
	link add onprem inet
	EOF
}

# nexthops: (new) nexthop objects and the routes through them; a new
# object starts with an empty dst cache.
nexthops()
{
	ip -n "$hub" -batch - <<-EOF
	nexthop flush
	nexthop add id 1 via 10.3.0.2 dev inet
	nexthop add id 2 via fd00:3::2 dev inet
	route add default nhid 1 proto static
	route add 198.51.100.0/24 nhid 1 proto static
	route add ::/0 nhid 2 proto static
	route add 2001:db8:2::/64 nhid 2 proto static
	EOF
}

addr()
{
	case $1$2 in
	4onprem) echo 10.2.0.2 ;;
	6onprem) echo fd00:2::2 ;;
	4pc1)	echo 10.1.0.2 ;;
	6pc1)	echo fd00:1::2 ;;
	4inet)	echo 203.0.113.1 ;;
	6inet)	echo 2001:db8:1::1 ;;
	4svc)	echo 198.51.100.1 ;;
	6svc)	echo 2001:db8:2::1 ;;
	esac
}

# traffic FAM FROM TO WANT: FROM pings TO; the ping and the hub's counters
# must agree with WANT.
traffic()
{
	local fam=$1 ns=$2 want=$4

	if [[ $want == pass ]]; then
		exp_fwd "$fam" "$2"
		exp_fwd "$fam" inet
	else
		exp_drop "$2" default-route
	fi
	check_traffic "IPv$fam $2 -> $3" "$fam" "${!ns}" "$(addr "$fam" "$3")" "$want"
}

# get FAM FROM TO EXPECTED: rfence get for FROM's packet to TO.
get()
{
	check_output "IPv$1 rfence get $2 -> $3" "$4" \
		"$RFENCE" -n "$hub" get from "$(addr "$1" "$2")" to "$(addr "$1" "$3")" iif "$2"
}

run_family()
{
	local fam=$1 d s

	[[ $fam == 4 ]] && d=0.0.0.0/0 s=198.51.100.0/24 || d=::/0 s=2001:db8:2::/64
	check_ok "IPv$fam fresh nexthop objects" nexthops
	# The specific route fills the cache: the default route must still
	# be seen as one.
	traffic "$fam" onprem svc pass
	traffic "$fam" onprem inet fail
	get "$fam" onprem inet "drop default-route: onprem -> inet route $d oif inet"
	check_ok "IPv$fam fresh nexthop objects" nexthops
	# The default route fills the cache: the specific route must still be
	# seen as specific.
	traffic "$fam" pc1 inet pass
	traffic "$fam" onprem svc pass
	get "$fam" onprem svc "accept: onprem -> inet route $s oif inet"
}

if ! setup; then
	ktap_test_fail "topology and policy are set up"
	ktap_finished
fi
ktap_test_pass "topology and policy are set up"
# shellcheck disable=SC2034 # read by rf_counters (lib.sh)
RF_COUNTED=("=$hub")

run_family 4
run_family 6

ktap_finished
