#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The verdict follows the route the kernel really takes: policy routing by
# L4 port and TOS, IPsec bundles, multicast forwarding, VRF ports. onprem
# (default-route deny) may never leave through a default route; pc1 may.
#
#   onprem 10.4.0.2, fd00:4::2 --- hub:onprem          hub:up1 --- up1 198.51.100.2
#   pc1    10.1.0.2, fd00:1::2 --- hub:pc1                          2001:db8:ffff::2
#                                                      hub:up2 --- up2 192.0.2.2
#                                                                   2001:db8:eeee::2
#   203.0.113.1 and 2001:db8:1::1 (the far host) are on both up1 and up2;
#   hub reaches them by a default route via up1 or a specific route via
#   up2, as each case sets up. up1/up2 silently drop the test's UDP.
#
# A second router, vrf, has the same three sites on ports enslaved to a
# VRF: bindings and the default-route rule apply to the ports.
#
# Traffic is 3 UDP datagrams (or 3 pings) per case; the counters of the
# router must move by exactly what the case expects.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init ping nft python3

here=$(dirname "$(readlink -f "$0")")
hub='' onprem='' pc1='' up1='' up2='' vrf='' vonprem='' vpc1='' vup=''
declare -A FAR=([4]=203.0.113.1 [6]=2001:db8:1::1)
declare -A FARNET=([4]=203.0.113.0/24 [6]=2001:db8:1::/64)
declare -A UDP_SIZE=([4]=30 [6]=50)	# IP + UDP headers + "x\n"

# ---- topology --------------------------------------------------------------

# drop_udp NS: NS swallows the test's UDP (no ICMP errors come back).
# shellcheck disable=SC2317 # run in another namespace through declare -f
drop_udp()
{
	nft -f - <<-EOF
	add table inet rftest
	add chain inet rftest in { type filter hook input priority 0; }
	add rule inet rftest in meta l4proto udp drop
	EOF
}

setup_hub()
{
	setup_ns hub onprem pc1 up1 up2 && rf_router "$hub" &&
	rf_link_ns "$hub" onprem "$onprem" 10.4.0.1 10.4.0.2 fd00:4::1 fd00:4::2 &&
	rf_link_ns "$hub" pc1 "$pc1" 10.1.0.1 10.1.0.2 fd00:1::1 fd00:1::2 &&
	rf_link_ns "$hub" up1 "$up1" 198.51.100.1 198.51.100.2 \
		2001:db8:ffff::1 2001:db8:ffff::2 &&
	rf_link_ns "$hub" up2 "$up2" 192.0.2.1 192.0.2.2 \
		2001:db8:eeee::1 2001:db8:eeee::2 || return
	for n in "$up1" "$up2"; do
		ip -n "$n" addr add 203.0.113.1/32 dev lo &&
		ip -n "$n" addr add 2001:db8:1::1/128 dev lo &&
		ip netns exec "$n" bash -c "$(declare -f drop_udp); drop_udp" ||
			return
	done
}

policy()
{
	cat <<-EOF
	network add onprem id 1 default-route deny
	network add pc1 id 2
	network add wan id 3
	prefix add 10.4.0.0/22 network onprem
	prefix add fd00:4::/48 network onprem
	prefix add 10.1.0.0/22 network pc1
	prefix add fd00:1::/48 network pc1
	link add onprem pc1
	link add onprem wan
	link add pc1 wan
	EOF
	for d in "$@"; do
		echo "dev add ${d%%=*} network ${d#*=}"
	done
}

# ---- traffic ---------------------------------------------------------------

# check_udp NAME FAM NS DST PORT: 3 datagrams from NS to DST:PORT; the
# counters must move as exp says (exp_udp_* declare it).
check_udp()
{
	local name=$1 fam=$2 ns=$3 dst=$4 port=$5 before

	before=$(rf_counters)
	echo "# [+] 3 x UDP from $ns to [$dst]:$port"
	ip netns exec "$ns" bash -c \
		"for i in 1 2 3; do echo x > /dev/udp/$dst/$port; done" 2> /dev/null
	check_counters "$name" "$before"
}

exp_udp_fwd()
{
	exp_add "$2.fwd-packets" 3
	exp_add "$2.fwd-bytes" $((3 * UDP_SIZE[$1]))
	exp_add ns.fwd-packets 3
	exp_add ns.fwd-bytes $((3 * UDP_SIZE[$1]))
}

exp_udp_drop()
{
	exp_add "$1.$2" 3
	exp_add "ns.$2" 3
}

# udp_case FAM FROM PORT WANT [REASON]
udp_case()
{
	local fam=$1 from=$2 port=$3 want=$4

	if [[ $want == pass ]]; then
		exp_udp_fwd "$fam" "$from"
	else
		exp_udp_drop "$from" "$5"
	fi
	check_udp "IPv$fam $from -> far:$port ${want/pass/forwarded}${5:+ ($5)}" \
		"$fam" "${!from}" "${FAR[$fam]}" "$port"
}

# ---- policy routing by port and TOS ----------------------------------------

# routes FAM MAIN T100: MAIN and T100 are "default" (via up1) or
# "specific" (the far network via up2), the routes of the main table and
# of table 100.
routes()
{
	local fam=$1 t r via

	ip -n "$hub" -"$fam" route flush table 100 2> /dev/null
	ip -n "$hub" -"$fam" route del default 2> /dev/null
	ip -n "$hub" -"$fam" route del "${FARNET[$fam]}" 2> /dev/null
	for t in main:"$2" 100:"$3"; do
		if [[ ${t#*:} == default ]]; then
			r=default
			via=$([[ $fam == 4 ]] && echo 198.51.100.2 || echo 2001:db8:ffff::2)
		else
			r=${FARNET[$fam]}
			via=$([[ $fam == 4 ]] && echo 192.0.2.2 || echo 2001:db8:eeee::2)
		fi
		ip -n "$hub" -"$fam" route add "$r" via "$via" table "${t%%:*}" ||
			return
	done
}

port_rules()
{
	local fam=$1

	check_ok "IPv$fam rule: udp dport 443 looks up table 100" \
		ip -n "$hub" -"$fam" rule add ipproto udp dport 443 table 100
	routes "$fam" specific default
	udp_case "$fam" onprem 443 fail default-route
	udp_case "$fam" onprem 80 pass
	udp_case "$fam" pc1 443 pass
	routes "$fam" default specific
	udp_case "$fam" onprem 443 pass
	udp_case "$fam" onprem 80 fail default-route
	ip -n "$hub" -"$fam" rule del ipproto udp dport 443 table 100
}

tos_rules()
{
	local fam=$1

	check_ok "IPv$fam rule: tos 0x10 looks up table 100" \
		ip -n "$hub" -"$fam" rule add tos 0x10 table 100
	routes "$fam" default specific
	exp_fwd "$fam" onprem
	exp_fwd "$fam" wan
	RF_PING_OPTS=(-Q 0x10)
	check_traffic "IPv$fam onprem -> far with TOS 0x10 (specific route)" \
		"$fam" "$onprem" "${FAR[$fam]}" pass
	RF_PING_OPTS=()
	exp_drop onprem default-route
	check_traffic "IPv$fam onprem -> far without TOS (default route)" \
		"$fam" "$onprem" "${FAR[$fam]}" fail
	ip -n "$hub" -"$fam" rule del tos 0x10 table 100
}

# ---- IPsec -----------------------------------------------------------------

# ipsec FAM: the far network is reached through an ESP tunnel to up1 (the
# default route's gateway): forwarded packets carry an IPsec bundle.
# shellcheck disable=SC2317 # called through check_ok
ipsec_setup()
{
	local fam=$1 a b spi key n

	if [[ $fam == 4 ]]; then
		a=198.51.100.1 b=198.51.100.2 spi=0x4001
	else
		a=2001:db8:ffff::1 b=2001:db8:ffff::2 spi=0x6001
	fi
	key=0x0123456789abcdef0123456789abcdef01234567
	for n in "$hub" "$up1"; do
		ip -n "$n" xfrm state add src "$a" dst "$b" proto esp spi "$spi" \
			mode tunnel aead 'rfc4106(gcm(aes))' "$key" 128 || return
	done
	ip -n "$hub" xfrm policy add src "$([[ $fam == 4 ]] && echo 0.0.0.0/0 || echo ::/0)" \
		dst "${FARNET[$fam]}" dir out \
		tmpl src "$a" dst "$b" proto esp spi "$spi" mode tunnel
}

# esp_packets: packets the hub's outbound SA has protected.
esp_packets()
{
	ip -n "$hub" -s xfrm state | awk '/^[ \t]*[0-9]+\(bytes\), [0-9]+\(packets\)/ {
		sub(/\(packets\)/, "", $2); n += $2 } END { print n + 0 }'
}

ipsec()
{
	local fam=$1 before after

	routes "$fam" default specific
	check_ok "IPv$fam ESP tunnel to up1 for the far network" ipsec_setup "$fam"
	before=$(esp_packets)
	udp_case "$fam" onprem 443 fail default-route
	udp_case "$fam" pc1 443 pass
	after=$(esp_packets)
	check_ok "IPv$fam pc1's 3 datagrams went through the tunnel ($before -> $after)" \
		test $((after - before)) -eq 3
	ip -n "$hub" xfrm policy flush
	ip -n "$hub" xfrm state flush
	ip -n "$up1" xfrm state flush
}

# ---- multicast forwarding ----------------------------------------------------

# onprem's multicast to pc1 goes through ipmr and the forward hook; the
# hub's unicast default route has nothing to do with it.
multicast()
{
	local mr

	routes 4 default specific
	ip -n "$onprem" route add 239.0.0.0/8 dev eth0
	ip netns exec "$pc1" sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=1
	ip netns exec "$hub" python3 "$here/mroute.py" onprem pc1 10.4.0.2 \
		239.1.1.1 &
	mr=$!
	defer kill "$mr"
	check_ok "hub forwards 239.1.1.1 from onprem to pc1 (static mroute)" \
		busywait 60000 bash -c "ip -n $hub mroute show | grep -q 239.1.1.1"
	exp_fwd 4 onprem
	RF_PING_OPTS=(-t 5 -I eth0)
	check_traffic "IPv4 multicast onprem -> 239.1.1.1 (ipmr, not a default route)" \
		4 "$onprem" 239.1.1.1 fail
	# shellcheck disable=SC2034 # read by lib.sh (check_traffic)
	RF_PING_OPTS=()
}

# ---- VRF -------------------------------------------------------------------

setup_vrf()
{
	local p

	setup_ns vrf vonprem vpc1 vup && rf_router "$vrf" &&
	# enslaving cycles a port: keep its IPv6 addresses
	ip netns exec "$vrf" sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 &&
	ip -n "$vrf" link add blue type vrf table 10 &&
	ip -n "$vrf" link set blue up &&
	rf_link_ns "$vrf" onprem "$vonprem" 10.4.0.1 10.4.0.2 fd00:4::1 fd00:4::2 &&
	rf_link_ns "$vrf" pc1 "$vpc1" 10.1.0.1 10.1.0.2 fd00:1::1 fd00:1::2 &&
	rf_link_ns "$vrf" up1 "$vup" 198.51.100.1 198.51.100.2 \
		2001:db8:ffff::1 2001:db8:ffff::2 || return
	for p in onprem pc1 up1; do
		ip -n "$vrf" link set "$p" master blue || return
	done
	ip -n "$vup" addr add 203.0.113.1/32 dev lo &&
	ip -n "$vup" addr add 2001:db8:1::1/128 dev lo &&
	ip -n "$vrf" route add default via 198.51.100.2 vrf blue &&
	ip -n "$vrf" -6 route add default via 2001:db8:ffff::2 vrf blue
}

vrf_family()
{
	local fam=$1 spoof=10.1.0.99 opt=()

	[[ $fam == 4 ]] || { spoof=fd00:1::99; opt=(nodad); }
	exp_fwd "$fam" onprem
	exp_fwd "$fam" pc1
	check_traffic "VRF IPv$fam onprem -> pc1 (linked)" "$fam" "$vonprem" \
		"$([[ $fam == 4 ]] && echo 10.1.0.2 || echo fd00:1::2)" pass
	exp_drop onprem default-route
	check_traffic "VRF IPv$fam onprem -> far (the VRF's default route)" \
		"$fam" "$vonprem" "${FAR[$fam]}" fail
	ip -n "$vonprem" addr add "$spoof" dev eth0 "${opt[@]}"
	exp_drop onprem spoofed
	check_traffic "VRF IPv$fam spoofed source $spoof on onprem's port" \
		"$fam" "$vonprem" "${FAR[$fam]}" fail "$spoof"
	check_output "VRF IPv$fam get ... iif onprem (a VRF port): spoofed" \
		"drop spoofed" get_verdict "$spoof" "${FAR[$fam]}" onprem
	check_output "VRF IPv$fam get ... iif onprem: default route of the VRF" \
		"drop default-route" get_verdict \
		"$([[ $fam == 4 ]] && echo 10.4.0.2 || echo fd00:4::2)" \
		"${FAR[$fam]}" onprem
}

# get_verdict SRC DST IIF: "VERDICT REASON" of rfence get on the VRF router.
# shellcheck disable=SC2317 # called through check_output
get_verdict()
{
	"$RFENCE" -n "$vrf" -j get from "$1" to "$2" iif "$3" |
		python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["verdict"], d["reason"])'
}

# ---- main --------------------------------------------------------------------

if ! setup_hub; then
	ktap_test_fail "topology is set up"
	ktap_finished
fi
ktap_test_pass "topology is set up"
RF_COUNTED=("=$hub")
pol=$(mktemp)
defer rm -f "$pol"
policy onprem=onprem pc1=pc1 up1=wan up2=wan > "$pol"
check_ok "policy loads" "$RFENCE" -n "$hub" load "$pol"

for fam in 4 6; do
	port_rules "$fam"
	tos_rules "$fam"
	ipsec "$fam"
done
multicast

if ! setup_vrf; then
	ktap_test_fail "VRF topology is set up"
	ktap_finished
fi
ktap_test_pass "VRF topology is set up"
# shellcheck disable=SC2034 # read by lib.sh (rf_counters)
RF_COUNTED=("=$vrf")
policy onprem=onprem pc1=pc1 up1=wan > "$pol"
check_ok "VRF policy loads (bindings on VRF ports)" "$RFENCE" -n "$vrf" load "$pol"
vrf_family 4
vrf_family 6

ktap_finished
