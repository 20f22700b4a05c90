#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seeds' scenario (Azure VMware Solution) in network namespaces: a hub
# router running routefence joins three private clouds chained by
# non-transitive interconnects (pc1-pc2-pc3), an on-premises site that must
# not follow the default route the hub injects, the internet behind that
# default route, and an unmanaged site whose source network is unknown.
#
#   pc1 10.1.0.0/22    pc2 10.2.0.0/22    pc3 10.3.0.0/22   onprem 10.4.0.0/22
#       fd00:1::/48        fd00:2::/48        fd00:3::/48          fd00:4::/48
#        eth0 .2            eth0 .2            eth0 .2            eth0 .2
#          |                  |                  |                  |
#   [pc1 10.1.0.1]     [pc2 10.2.0.1]     [pc3 10.3.0.1]    [onprem 10.4.0.1]
#   +--------------------------------- hub --------------------------------+
#   [inet 198.51.100.1, 2001:db8:ffff::1]   [ext 172.16.0.1, 2001:db8:99::1]
#          |  hub: default via .2 / ::2           |  (not bound: unmanaged)
#   inet: 198.51.100.2, internet host            ext: 172.16.0.2
#         203.0.113.1 and 2001:db8:1::1 on lo         2001:db8:99::2
#
# Policy: links pc1-pc2, pc2-pc3, every private cloud with onprem and with
# inet, and onprem-inet (so that on-premises to internet is refused by
# onprem's "default-route deny" alone). inet has no prefix: it is reached
# only through the hub's default routes, via its bound interface.
#
# Every case pings 3 times (IPv4 and IPv6) and checks the ping outcome and
# that exactly the expected counters of the networks (rfence -s network
# show) and of the namespace (rfence stats show) moved, by exactly 3
# packets (and their bytes), and nothing else moved.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init ping jq sysctl

SITES=(pc1 pc2 pc3 onprem)
declare -A SITE_IDX=([pc1]=1 [pc2]=2 [pc3]=3 [onprem]=4)
hub='' pc1='' inet='' ext=''	# namespace names, set by setup_ns

# ---- addresses -------------------------------------------------------------

# addr FAM SITE: the address a ping to SITE goes to.
addr()
{
	case $2 in
	inet)	[[ $1 == 4 ]] && echo 203.0.113.1 || echo 2001:db8:1::1 ;;
	inet-transit)
		[[ $1 == 4 ]] && echo 198.51.100.2 || echo 2001:db8:ffff::2 ;;
	ext)	[[ $1 == 4 ]] && echo 172.16.0.2 || echo 2001:db8:99::2 ;;
	*)	[[ $1 == 4 ]] && echo "10.${SITE_IDX[$2]}.0.2" ||
			echo "fd00:${SITE_IDX[$2]}::2" ;;
	esac
}

# net SITE: the network SITE's packets come from ("" for the unmanaged site).
net()
{
	case $1 in
	inet-transit)	echo inet ;;
	ext)		;;
	*)		echo "$1" ;;
	esac
}

# ---- topology --------------------------------------------------------------

setup_topology()
{
	local s i

	setup_ns hub pc1 pc2 pc3 onprem inet ext && rf_router "$hub" || return
	# shellcheck disable=SC2034 # read by lib.sh (rf)
	RF_NS=$hub
	for s in "${SITES[@]}"; do
		i=${SITE_IDX[$s]}
		rf_link_ns "$hub" "$s" "${!s}" "10.$i.0.1" "10.$i.0.2" \
			"fd00:$i::1" "fd00:$i::2" || return
	done
	rf_link_ns "$hub" inet "$inet" 198.51.100.1 198.51.100.2 \
		2001:db8:ffff::1 2001:db8:ffff::2 &&
	rf_link_ns "$hub" ext "$ext" 172.16.0.1 172.16.0.2 \
		2001:db8:99::1 2001:db8:99::2 || return
	ip -n "$inet" addr add 203.0.113.1/32 dev lo &&
	ip -n "$inet" addr add 2001:db8:1::1/128 dev lo &&
	ip -n "$hub" route add default via 198.51.100.2 &&
	ip -n "$hub" -6 route add default via 2001:db8:ffff::2
}

write_policy()
{
	local s i

	for s in "${SITES[@]}"; do
		i=${SITE_IDX[$s]}
		echo "network add $s id $i default-route" \
			"$([[ $s == onprem ]] && echo deny || echo allow)"
	done
	echo "network add inet id 5 default-route allow"
	for s in "${SITES[@]}"; do
		i=${SITE_IDX[$s]}
		echo "prefix add 10.$i.0.0/22 network $s"
		echo "prefix add fd00:$i::/48 network $s"
	done
	for s in "${SITES[@]}" inet; do
		echo "dev add $s network $s"
	done
	echo "link add pc1 pc2"
	echo "link add pc2 pc3"
	for s in pc1 pc2 pc3; do
		echo "link add $s onprem"
		echo "link add $s inet"
	done
	echo "link add onprem inet"
}

# config_counts: "NETWORKS PREFIXES DEVS LINKS" of the hub's policy.
# shellcheck disable=SC2317 # called through check_output
config_counts()
{
	rf -j config show |
		jq -r '"\(.["net-count"]) \(.["prefix-count"]) \(.["dev-count"]) \(.["link-count"])"'
}

# ---- cases -----------------------------------------------------------------

# traffic FAM FROM TO WANT [SRC]: ping TO's address from FROM's namespace
# (from source address SRC if given); WANT is pass or fail.
traffic()
{
	local fromns=${2%-transit}

	check_traffic "IPv$1 $2 -> $3${5:+ from $5}" "$1" "${!fromns}" \
		"$(addr "$1" "$3")" "$4" "${5:-}"
}

# allowed FAM A B [SRC]: A's pings reach B and come back.
allowed()
{
	exp_fwd "$1" "$(net "$2")"
	exp_fwd "$1" "$(net "$3")"
	traffic "$1" "$2" "$3" pass "${4:-}"
}

# refused FAM A B REASON [SRC]: A's pings are dropped at the hub.
refused()
{
	exp_drop "$(net "$2")" "$4"
	traffic "$1" "$2" "$3" fail "${5:-}"
}

all_allowed_pairs()
{
	local fam=$1 s

	allowed "$fam" pc1 pc2
	allowed "$fam" pc2 pc1
	allowed "$fam" pc2 pc3
	allowed "$fam" pc3 pc2
	for s in pc1 pc2 pc3; do
		allowed "$fam" "$s" onprem
		allowed "$fam" onprem "$s"
		allowed "$fam" "$s" inet
		allowed "$fam" inet "$s"
	done
}

# onprem's replies to the internet host take the default route.
inet_to_onprem()
{
	local fam=$1

	exp_fwd "$fam" inet
	exp_drop onprem default-route
	traffic "$fam" inet onprem fail "$(addr "$fam" inet)"
}

spoofed()
{
	local fam=$1 a=10.2.0.99/32 opt=()

	[[ $fam == 4 ]] || { a=fd00:2::99/128; opt=(nodad); }
	check_ok "IPv$fam pc1 gets an address of pc2's prefix ($a)" \
		ip -n "$pc1" addr add "$a" dev eth0 "${opt[@]}"
	refused "$fam" pc1 onprem spoofed "${a%/*}"
	ip -n "$pc1" addr del "$a" dev eth0
}

unmanaged()
{
	local fam=$1

	# accept: ext's requests count for the namespace only (no network).
	exp_fwd "$fam" ""
	exp_fwd "$fam" pc1
	traffic "$fam" ext pc1 pass
	check_ok "IPv$fam config set unmanaged drop" \
		rf config set unmanaged drop
	refused "$fam" ext pc1 unmanaged
	# pc1's requests to the unmanaged site pass, ext's replies do not.
	exp_fwd "$fam" pc1
	exp_drop "" unmanaged
	traffic "$fam" pc1 ext fail
	check_ok "IPv$fam config set unmanaged accept" \
		rf config set unmanaged accept
}

run_family()
{
	local fam=$1

	all_allowed_pairs "$fam"
	refused "$fam" pc1 pc3 not-linked
	refused "$fam" pc3 pc1 not-linked
	refused "$fam" onprem inet default-route
	allowed "$fam" onprem inet-transit
	inet_to_onprem "$fam"
	spoofed "$fam"
	unmanaged "$fam"
}

if ! setup_topology; then
	ktap_test_fail "topology is set up"
	ktap_finished
fi
ktap_test_pass "topology is set up"
# shellcheck disable=SC2034 # read by rf_counters (lib.sh)
RF_COUNTED=("=$hub")

policy=$(mktemp)
defer rm -f "$policy"
write_policy > "$policy"
check_ok "the seeds' policy loads" rf load "$policy"
check_output "policy has 5 networks, 8 prefixes, 5 bindings, 9 links" \
	"5 8 5 9" config_counts

run_family 4
run_family 6

ktap_finished
