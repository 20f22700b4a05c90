#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# routefence demo: build a hub router with three private clouds, an
# on-premises site and the internet in network namespaces, load
# examples/avs.conf into the hub, send IPv4 and IPv6 pings between every
# pair of sites and print who reaches whom, with the policy's reason for
# every drop, then the hub's per-network counters.
#
# Needs root, the routefence module (loaded or loadable) and rfence in
# PATH. "make demo" runs it in a VM; on a real machine it only creates
# (and removes) its own namespaces.
#
#          pc1 ---+            +--- pc3        each site: one veth to the
#                 |            |                hub, host .10 / ::10,
#          pc2 ---+--- hub ----+--- onprem      hub side .1 / ::1
#                      |
#                     inet  (hub's default route; host 203.0.113.10,
#                            2001:db8::10)

here=$(dirname "$(readlink -f "$0")")
# shellcheck source=../selftests/lib.sh
source "$here/../selftests/lib.sh"

SITES=(pc1 pc2 pc3 onprem inet)
declare -A V4=([pc1]=10.1.0 [pc2]=10.2.0 [pc3]=10.3.0 [onprem]=192.168.0)
declare -A V6=([pc1]=fd00:1: [pc2]=fd00:2: [pc3]=fd00:3: [onprem]=fd00:100:)
declare -A HOST4 HOST6 NS
hub=
mismatch=0

die() { echo "demo: $*" >&2; exit 1; }

run() { "$@" > /dev/null || die "failed: $*"; }

setup_site()
{
	local site=$1 ns

	setup_ns "$site" || die "cannot create namespaces"
	ns=${!site}
	NS[$site]=$ns
	run ip link add "$site" netns "$hub" type veth peer name eth0 netns "$ns"
	run ip -n "$hub" link set "$site" up
	run ip -n "$ns" link set eth0 up
	if [[ $site == inet ]]; then
		run ip -n "$hub" addr add 198.51.100.1/24 dev inet
		run ip -n "$hub" addr add 2001:db8:1::1/64 dev inet nodad
		run ip -n "$ns" addr add 198.51.100.2/24 dev eth0
		run ip -n "$ns" addr add 2001:db8:1::2/64 dev eth0 nodad
		run ip -n "$ns" addr add 203.0.113.10/32 dev lo
		run ip -n "$ns" addr add 2001:db8::10/128 dev lo
		run ip -n "$ns" route add default via 198.51.100.1
		run ip -n "$ns" route add default via 2001:db8:1::1
		run ip -n "$hub" route add default via 198.51.100.2
		run ip -n "$hub" route add default via 2001:db8:1::2
		HOST4[$site]=203.0.113.10
		HOST6[$site]=2001:db8::10
		return
	fi
	run ip -n "$hub" addr add "${V4[$site]}.1/24" dev "$site"
	run ip -n "$hub" addr add "${V6[$site]}:1/64" dev "$site" nodad
	run ip -n "$ns" addr add "${V4[$site]}.10/24" dev eth0
	run ip -n "$ns" addr add "${V6[$site]}:10/64" dev eth0 nodad
	run ip -n "$ns" route add default via "${V4[$site]}.1"
	run ip -n "$ns" route add default via "${V6[$site]}:1"
	HOST4[$site]=${V4[$site]}.10
	HOST6[$site]=${V6[$site]}:10
}

setup()
{
	local site

	setup_ns hub || die "cannot create namespaces"
	run ip netns exec "$hub" sysctl -qw net.ipv4.ip_forward=1
	run ip netns exec "$hub" sysctl -qw net.ipv6.conf.all.forwarding=1
	for site in "${SITES[@]}"; do
		setup_site "$site"
	done
}

# verdict FROM TO ADDR_FROM ADDR_TO: the policy's answer for one packet
# entering the hub from FROM's interface, as "forward" or the drop reason.
verdict()
{
	"$RFENCE" -n "$hub" -j get from "$3" to "$4" iif "$1" 2> /dev/null |
		jq -r 'if type == "array" then .[0] else . end |
			if .verdict == "drop" then .reason else .verdict end' \
			2> /dev/null || echo "?"
}

# cell FAMILY FROM TO: one matrix cell.
cell()
{
	local fam=$1 from=$2 to=$3 a b fwd rev ok=0

	if [[ $fam == 4 ]]; then
		a=${HOST4[$from]} b=${HOST4[$to]}
	else
		a=${HOST6[$from]} b=${HOST6[$to]}
	fi
	ip netns exec "${NS[$from]}" ping "-$fam" -c1 -W1 -I "$a" "$b" \
		> /dev/null 2>&1 && ok=1
	fwd=$(verdict "$from" "$to" "$a" "$b")
	rev=$(verdict "$to" "$from" "$b" "$a")
	if [[ $fwd == forward && $rev == forward ]]; then
		[[ $ok == 1 ]] && { echo ok; return; }
		mismatch=1
		echo "LOST!"
	elif [[ $fwd != forward ]]; then
		[[ $ok == 0 ]] || mismatch=1
		echo "$fwd$([[ $ok == 1 ]] && echo '!')"
	else
		[[ $ok == 0 ]] || mismatch=1
		echo "reply:$rev$([[ $ok == 1 ]] && echo '!')"
	fi
}

matrix()
{
	local fam=$1 from to

	echo
	echo "IPv$fam reachability (rows: from, columns: to)"
	printf '%-10s' "from\\to"
	printf '%-18s' "${SITES[@]}"
	echo
	for from in "${SITES[@]}"; do
		printf '%-10s' "$from"
		for to in "${SITES[@]}"; do
			if [[ $from == "$to" ]]; then
				printf '%-18s' "-"
			else
				printf '%-18s' "$(cell "$fam" "$from" "$to")"
			fi
		done
		echo
	done
}

main()
{
	require_root
	require_cmd ip jq ping "$RFENCE"
	require_module

	echo "routefence demo: a hub router between pc1, pc2, pc3, onprem and inet"
	setup
	echo "namespaces: hub=$hub ${NS[*]}"
	echo
	echo "# rfence -n $hub load examples/avs.conf"
	"$RFENCE" -n "$hub" load "$here/avs.conf" || die "cannot load the policy"
	echo
	echo "# rfence -n $hub save"
	"$RFENCE" -n "$hub" save

	matrix 4
	matrix 6
	cat <<-'LEGEND'

	ok            the ping and its reply got through
	REASON        the request was dropped by the hub for REASON
	reply:REASON  the request passed, the reply was dropped for REASON
	!  LOST!      the packets disagree with "rfence get" (a bug)
	LEGEND

	echo
	echo "# rfence -n $hub -s network show"
	"$RFENCE" -n "$hub" -s network show
	[[ $mismatch == 0 ]] || die "real traffic disagrees with rfence get"
}

main "$@"
