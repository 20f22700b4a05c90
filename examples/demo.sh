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
results=$(mktemp -d)
defer rm -rf "$results"

die() { echo "demo: $*" >&2; exit 1; }

run() { "$@" > /dev/null || die "failed: $*"; }

# setup_site SITE: a namespace for SITE and a veth from the hub to it,
# named after the site on the hub's side. One "ip -batch" per namespace:
# process start-up is what costs most in an emulated guest.
setup_site()
{
	local site=$1 ns h4 h6 s4 s6 extra=

	setup_ns "$site" || die "cannot create namespaces"
	ns=${!site}
	NS[$site]=$ns
	if [[ $site == inet ]]; then
		h4=198.51.100.1 s4=198.51.100.2 h6=2001:db8:1::1 s6=2001:db8:1::2
		HOST4[$site]=203.0.113.10
		HOST6[$site]=2001:db8::10
		extra="addr add 203.0.113.10/32 dev lo
addr add 2001:db8::10/128 dev lo"
	else
		h4=${V4[$site]}.1 s4=${V4[$site]}.10
		h6=${V6[$site]}:1 s6=${V6[$site]}:10
		HOST4[$site]=$s4
		HOST6[$site]=$s6
	fi
	ip -n "$hub" -batch - <<-EOF || die "cannot set up the hub side of $site"
	link add $site type veth peer name eth0 netns $ns
	link set $site up
	addr add $h4/24 dev $site
	addr add $h6/64 dev $site nodad
	EOF
	ip -n "$ns" -batch - <<-EOF || die "cannot set up $site"
	link set eth0 up
	addr add $s4/24 dev eth0
	addr add $s6/64 dev eth0 nodad
	route add default via $h4
	route add default via $h6
	$extra
	EOF
	if [[ $site == inet ]]; then
		ip -n "$hub" -batch - <<-EOF || die "cannot add the hub's default routes"
		route add default via $s4
		route add default via $s6
		EOF
	fi
}

setup()
{
	local site

	setup_ns hub || die "cannot create namespaces"
	run ip netns exec "$hub" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	for site in "${SITES[@]}"; do
		setup_site "$site"
	done
}

# verdict FROM ADDR_FROM ADDR_TO: the policy's answer for one packet
# entering the hub on FROM's interface: "accept" or the drop reason.
verdict()
{
	local json re='"verdict": *"([a-z-]+)".*"reason": *"([a-z-]+)"'

	json=$("$RFENCE" -n "$hub" -j get from "$2" to "$3" iif "$1" 2>&1)
	if [[ $json =~ $re ]]; then
		[[ ${BASH_REMATCH[1]} == drop ]] && { echo "${BASH_REMATCH[2]}"; return; }
	fi
	if [[ $json =~ \"verdict\":\ *\"([a-z-]+)\" ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo "?"
	fi
}

addr()
{
	if [[ $1 == 4 ]]; then
		echo "${HOST4[$2]}"
	else
		echo "${HOST6[$2]}"
	fi
}

# ping_all FAMILY: one ping per ordered pair, all at once; a file per
# pair that got its reply.
ping_all()
{
	local fam=$1 from to

	rm -rf "$results"
	mkdir -p "$results"
	for from in "${SITES[@]}"; do
		for to in "${SITES[@]}"; do
			[[ $from == "$to" ]] && continue
			ip netns exec "${NS[$from]}" ping "-$fam" -c1 -W2 \
				-I "$(addr "$fam" "$from")" "$(addr "$fam" "$to")" \
				> /dev/null 2>&1 && touch "$results/$from-$to" &
		done
	done
	wait
}

# cell FAMILY FROM TO: one matrix cell, from the ping and "rfence get".
cell()
{
	local fam=$1 from=$2 to=$3 a b fwd rev ok=0

	a=$(addr "$fam" "$from")
	b=$(addr "$fam" "$to")
	[[ -e $results/$from-$to ]] && ok=1
	fwd=$(verdict "$from" "$a" "$b")
	if [[ $fwd != accept ]]; then
		[[ $ok == 0 ]] || { mismatch=1; fwd+="!"; }
		echo "$fwd"
		return
	fi
	[[ $ok == 1 ]] && { echo ok; return; }
	rev=$(verdict "$to" "$b" "$a")
	if [[ $rev == accept ]]; then
		mismatch=1
		echo "LOST!"
	else
		echo "reply:$rev"
	fi
}

matrix()
{
	local fam=$1 from to

	ping_all "$fam"
	echo
	echo "IPv$fam reachability (rows: from, columns: to)"
	printf '%-10s' "from\\to"
	printf '%-21s' "${SITES[@]}"
	echo
	for from in "${SITES[@]}"; do
		printf '%-10s' "$from"
		for to in "${SITES[@]}"; do
			if [[ $from == "$to" ]]; then
				printf '%-21s' "-"
			else
				printf '%-21s' "$(cell "$fam" "$from" "$to")"
			fi
		done
		echo
	done
}

main()
{
	local site

	require_root
	require_cmd ip ping "$RFENCE"
	require_module

	echo "routefence demo: a hub router between pc1, pc2, pc3, onprem and inet"
	echo "kernel: Linux $(uname -r), routefence module $(modinfo -F vermagic routefence 2>/dev/null | cut -d" " -f1)"
	setup
	printf 'namespaces: hub=%s' "$hub"
	for site in "${SITES[@]}"; do
		printf ' %s=%s' "$site" "${NS[$site]}"
	done
	echo
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
