#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317,SC2119,SC2120 # helpers run through check_ok, busywait
#
# frr.sh: routefence under a real routing daemon. The seeds' Azure VMware
# Solution hub learns its routes over BGP from FRR (zebra + bgpd in the
# hub, bgpd in the peers, one instance per namespace): two NVAs originate
# the default route, a supernet (10.0.0.0/8, fd00::/8, as the seeds' NVA
# does to hairpin traffic) and a specific internet service prefix; a
# private cloud and on-premises advertise their own prefixes.
#
#      nva1 AS 65010                      nva2 AS 65010
#      eth0 10.100.1.2                    eth0 10.100.2.2
#      lo 203.0.113.0/24 (internet)       (the same addresses: ECMP)
#         198.51.100.0/24 (a service)
#            \ nva1 10.100.1.1          / nva2 10.100.2.1   (network vnet)
#   pc1 ------[ hub AS 65515: zebra + bgpd + routefence ]------ onprem
#   AS 65001   pc1 10.1.0.1       |pc2 10.2.0.1     onprem 10.4.0.1 AS 65100
#   lo 10.1.1.1                   |                 lo 10.4.1.1
#                         pc2 10.2.0.2 (no BGP: a static route on the hub)
#
#   pc3 10.3.0.0/22 is in the policy but not connected: only the NVAs'
#   supernet covers it. IPv6: fd00:N::/48 for network N, links fd00:N::/64
#   and fd00:100:N::/64, internet 2001:db8:1::/64, service 2001:db8:2::/64.
#
# Policy: pc1-pc2 (AVS interconnect), pc2-pc3, pc1-onprem (Global Reach),
# pc1, pc2 and onprem with vnet; onprem has "default-route deny". vnet has
# no prefixes: it owns whatever lies behind the NVAs (the internet).
#
# Steps: the hub installs the NVAs' routes through FRR's nexthop objects
# (an ECMP group); for each flow, "rfence get" and real packets (ping and
# the hub's counters) agree; ECMP spreads traffic over both NVAs; "rfence
# route check" on the seeds' routes, and when on-premises starts
# advertising a prefix of pc1 ("monitor routes" sees it come and go);
# traffic runs while the NVAs and on-premises withdraw and re-advertise
# their routes, and nftables counters behind the NVAs must never see a
# packet the policy forbids.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

FRR_SBIN=${FRR_SBIN:-/usr/lib/frr}
FRR_VTY=$(dirname "$(readlink -f "$0")")/frr_vty.py

require_root
require_cmd ip ping nft python3 jq "$RFENCE" "$FRR_SBIN/zebra" "$FRR_SBIN/bgpd"
require_module
ktap_print_header

if ! id frr > /dev/null 2>&1; then
	[[ ${RF_REQUIRE_MODULE:-0} == 1 ]] && ktap_fail_all "user frr missing"
	ktap_skip_all "user frr missing (FRR not installed?)"
fi
# The NVAs' routes are ECMP: IPv4 needs multipath routing in the kernel.
if [[ ! -e /proc/sys/net/ipv4/fib_multipath_hash_policy ]]; then
	[[ ${RF_REQUIRE_MODULE:-0} == 1 ]] &&
		ktap_fail_all "the kernel has no IPv4 multipath routing (CONFIG_IP_ROUTE_MULTIPATH, see selftests/config)"
	ktap_skip_all "the kernel has no IPv4 multipath routing (CONFIG_IP_ROUTE_MULTIPATH)"
fi

hub='' pc1='' pc2='' onprem='' nva1='' nva2=''	# set by setup_ns
FRR_DIR=$(mktemp -d /tmp/rf-frr.XXXXXX)
chmod 755 "$FRR_DIR"
defer rm -rf "$FRR_DIR"

# ---- addresses ---------------------------------------------------------------

# addr FAM NAME: the address traffic to (or from) NAME uses.
addr()
{
	local v4 v6

	case $2 in
	inet)	v4=203.0.113.1 v6=2001:db8:1::1 ;;	# only the default route
	svc)	v4=198.51.100.1 v6=2001:db8:2::1 ;;	# a specific BGP route
	pc1)	v4=10.1.1.1 v6=fd00:1:0:1::1 ;;		# pc1's BGP route
	pc2)	v4=10.2.0.2 v6=fd00:2::2 ;;		# connected
	pc3)	v4=10.3.1.1 v6=fd00:3:0:1::1 ;;		# only the supernet
	onprem)	v4=10.4.1.1 v6=fd00:4:0:1::1 ;;		# onprem's BGP route
	esac
	[[ $1 == 4 ]] && echo "$v4" || echo "$v6"
}

# ---- FRR: one instance per namespace -----------------------------------------------
#
# Everything an instance reads or writes (configuration, pid files, vty and
# zserv sockets, logs) lives in $FRR_DIR/NS, owned by the frr user the
# daemons switch to. Nothing goes to /etc/frr or /var/run/frr, so this runs
# on a read-only root (the VM guest) and next to a router's own FRR.

# frr_start NS DAEMON...: start DAEMONs (zebra, bgpd) in NS; bgpd runs
# without zebra (-Z) when zebra is not among them (the peers only
# originate routes and install none).
frr_start()
{
	local ns=$1 d dir=$FRR_DIR/$1 opts conf

	shift
	for d in "$@"; do
		conf=$dir/frr.conf
		[[ $d == zebra ]] && conf=$dir/zebra.conf
		opts=(-d -u frr -g frr -f "$conf" -i "$dir/$d.pid"
		      --vty_socket "$dir" --log "file:$dir/$d.log")
		if [[ " $* " == *" zebra "* ]]; then
			opts+=(-z "$dir/zserv.api")
		elif [[ $d == bgpd ]]; then
			opts+=(-Z)
		fi
		ip netns exec "$ns" "$FRR_SBIN/$d" "${opts[@]}" || return
	done
}

# frr_start_all: every instance of the topology, started side by side.
frr_start_all()
{
	local ns pids=() p rc=0

	frr_start "$hub" zebra bgpd & pids+=($!)
	for ns in "$pc1" "$onprem" "$nva1" "$nva2"; do
		frr_start "$ns" bgpd & pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	return "$rc"
}

# frr_stop: stop every daemon this test started and wait until they are gone.
frr_stop()
{
	local f pids=() p

	for f in "$FRR_DIR"/*/*.pid; do
		[[ -f $f ]] && pids+=("$(< "$f")")
	done
	[[ ${#pids[@]} -gt 0 ]] || return 0
	kill "${pids[@]}" 2> /dev/null
	for p in "${pids[@]}"; do
		busywait 10000 eval "! kill -0 $p 2> /dev/null"
	done
}
defer frr_stop

# vty NS COMMAND...: configure NS's bgpd through its vty socket.
vty()
{
	local ns=$1

	shift
	python3 "$FRR_VTY" "$FRR_DIR/$ns/bgpd.vty" "configure terminal" "$@" end
}

# bgp_conf NS HOSTNAME ASN ROUTER_ID: the head of NS's bgpd configuration.
# Sessions come up fast (connect timer 1 s); the hold time is generous: a
# busy emulated guest must not lose a session to a late keepalive (every
# route change here is a BGP withdrawal or advertisement).
bgp_conf()
{
	cat > "$FRR_DIR/$1/frr.conf" <<-EOF
	frr defaults traditional
	hostname $2
	router bgp $3
	 bgp router-id $4
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 no bgp default ipv4-unicast
	 timers bgp 3 30
	EOF
}

# bgp_neighbor NS ADDR ASN: a neighbor with fast timers.
bgp_neighbor()
{
	cat >> "$FRR_DIR/$1/frr.conf" <<-EOF
	 neighbor $2 remote-as $3
	 neighbor $2 timers connect 1
	 neighbor $2 advertisement-interval 0
	EOF
}

# bgp_af NS FAM LINE...: an address family block.
bgp_af()
{
	local f=$FRR_DIR/$1/frr.conf l

	echo " address-family ipv$2 unicast" >> "$f"
	shift 2
	for l in "$@"; do
		echo "  $l" >> "$f"
	done
	echo " exit-address-family" >> "$f"
}

# peer_conf NS NAME ASN ADDR4 ADDR6 NETWORKS4 NETWORKS6 [default]: a peer
# at ADDR (the hub is .1 / ::1 of the same link) originating NETWORKS, and
# the default route too when asked.
peer_conf()
{
	local ns=$1 h4=${4%.*}.1 h6=${5%::*}::1 n l4=() l6=()

	bgp_conf "$ns" "$2" "$3" "$4"
	bgp_neighbor "$ns" "$h4" 65515
	bgp_neighbor "$ns" "$h6" 65515
	for n in $6; do l4+=("network $n"); done
	for n in $7; do l6+=("network $n"); done
	if [[ ${8:-} == default ]]; then
		l4+=("neighbor $h4 default-originate")
		l6+=("neighbor $h6 default-originate")
	fi
	bgp_af "$ns" 4 "neighbor $h4 activate" "${l4[@]}"
	bgp_af "$ns" 6 "neighbor $h6 activate" "${l6[@]}"
}

hub_conf()
{
	local peers=(10.1.0.2:65001 10.4.0.2:65100 10.100.1.2:65010
		     10.100.2.2:65010 fd00:1::2:65001 fd00:4::2:65100
		     fd00:100:1::2:65010 fd00:100:2::2:65010)
	local p a4=("maximum-paths 4") a6=("maximum-paths 4")

	echo "hostname hub" > "$FRR_DIR/$hub/zebra.conf"
	bgp_conf "$hub" hub 65515 10.100.1.1
	for p in "${peers[@]}"; do
		bgp_neighbor "$hub" "${p%:*}" "${p##*:}"
		[[ $p == *.* ]] && a4+=("neighbor ${p%:*} activate") ||
			a6+=("neighbor ${p%:*} activate")
	done
	bgp_af "$hub" 4 "${a4[@]}"
	bgp_af "$hub" 6 "${a6[@]}"
}

write_frr_confs()
{
	local i ns

	install -d -o frr -g frr "$FRR_DIR/$hub" "$FRR_DIR/$pc1" \
		"$FRR_DIR/$onprem" "$FRR_DIR/$nva1" "$FRR_DIR/$nva2" || return
	hub_conf
	peer_conf "$pc1" pc1 65001 10.1.0.2 fd00:1::2 10.1.0.0/22 fd00:1::/48
	peer_conf "$onprem" onprem 65100 10.4.0.2 fd00:4::2 10.4.0.0/22 fd00:4::/48
	for i in 1 2; do
		ns=nva$i
		peer_conf "${!ns}" "nva$i" 65010 "10.100.$i.2" "fd00:100:$i::2" \
			"10.0.0.0/8 198.51.100.0/24" "fd00::/8 2001:db8:2::/64" default
	done
}

# ---- topology -----------------------------------------------------------------

# peer_batch P4 P6: "ip -batch" lines for a peer at P4.2/24 and P6::2/64
# whose default routes lead to the hub (.1).
peer_batch()
{
	local p4=$1 p6=$2

	cat <<-EOF
	link set eth0 up
	addr add $p4.2/24 dev eth0
	addr add $p6::2/64 dev eth0 nodad
	route add default via $p4.1
	route add ::/0 via $p6::1
	EOF
}

# The NVAs: the internet and the service on lo (the whole prefixes answer),
# and nftables counters of what arrives: "forbidden" counts on-premises'
# internet traffic (only the default route leads there), pc3's addresses
# (the flows of this test that go there are refused) and pc2's traffic to
# on-premises (not linked); "allowed" counts pc1's internet traffic.
nva_batch()
{
	cat <<-EOF
	addr add 203.0.113.1/24 dev lo
	addr add 198.51.100.1/24 dev lo
	route add local 2001:db8:1::/64 dev lo
	route add local 2001:db8:2::/64 dev lo
	EOF
}

nva_nft()
{
	cat <<-EOF
	add table inet rfcount
	add counter inet rfcount forbidden
	add counter inet rfcount allowed
	add chain inet rfcount pre { type filter hook prerouting priority -300; }
	add rule inet rfcount pre ip saddr 10.4.0.0/22 ip daddr 203.0.113.0/24 counter name forbidden
	add rule inet rfcount pre ip6 saddr fd00:4::/48 ip6 daddr 2001:db8:1::/64 counter name forbidden
	add rule inet rfcount pre ip daddr 10.3.0.0/22 counter name forbidden
	add rule inet rfcount pre ip6 daddr fd00:3::/48 counter name forbidden
	add rule inet rfcount pre ip saddr 10.2.0.0/22 ip daddr 10.4.0.0/22 counter name forbidden
	add rule inet rfcount pre ip6 saddr fd00:2::/48 ip6 daddr fd00:4::/48 counter name forbidden
	add rule inet rfcount pre ip saddr 10.1.0.0/22 ip daddr 203.0.113.0/24 counter name allowed
	add rule inet rfcount pre ip6 saddr fd00:1::/48 ip6 daddr 2001:db8:1::/64 counter name allowed
	EOF
}

LINKS=("pc1 10.1.0 fd00:1" "pc2 10.2.0 fd00:2" "onprem 10.4.0 fd00:4"
       "nva1 10.100.1 fd00:100:1" "nva2 10.100.2 fd00:100:2")

# hub_batch: the hub's side of every link (NAME P4.1/24, P6::1/64), and
# pc2's static routes.
hub_batch()
{
	local l n p4 p6

	for l in "${LINKS[@]}"; do
		read -r n p4 p6 <<< "$l"
		echo "link add name $n type veth peer name eth0 netns ${!n}"
		echo "link set $n up"
		echo "addr add $p4.1/24 dev $n"
		echo "addr add $p6::1/64 dev $n nodad"
	done
	echo "route add 10.2.0.0/22 via 10.2.0.2"
	echo "route add fd00:2::/48 via fd00:2::2"
}

setup_topology()
{
	setup_ns hub pc1 pc2 onprem nva1 nva2 && rf_router "$hub" &&
	ip -n "$hub" -batch - < <(hub_batch) || return
	ip -n "$pc1" -batch - <<-EOF || return
	$(peer_batch 10.1.0 fd00:1)
	addr add 10.1.1.1/32 dev lo
	addr add fd00:1:0:1::1/128 dev lo
	EOF
	ip -n "$pc2" -batch - < <(peer_batch 10.2.0 fd00:2) || return
	ip -n "$onprem" -batch - <<-EOF || return
	$(peer_batch 10.4.0 fd00:4)
	addr add 10.4.1.1/32 dev lo
	addr add fd00:4:0:1::1/128 dev lo
	EOF
	ip -n "$nva1" -batch - < <(peer_batch 10.100.1 fd00:100:1; nva_batch) &&
	ip -n "$nva2" -batch - < <(peer_batch 10.100.2 fd00:100:2; nva_batch) &&
	ip netns exec "$nva1" nft -f - < <(nva_nft) &&
	ip netns exec "$nva2" nft -f - < <(nva_nft)
}

write_policy()
{
	cat <<-EOF
	network add pc1 id 1
	network add pc2 id 2
	network add pc3 id 3
	network add onprem id 4 default-route deny
	network add vnet id 5
	prefix add 10.1.0.0/22 network pc1
	prefix add fd00:1::/48 network pc1
	prefix add 10.2.0.0/22 network pc2
	prefix add fd00:2::/48 network pc2
	prefix add 10.3.0.0/22 network pc3
	prefix add fd00:3::/48 network pc3
	prefix add 10.4.0.0/22 network onprem
	prefix add fd00:4::/48 network onprem
	dev add pc1 network pc1
	dev add pc2 network pc2
	dev add onprem network onprem
	dev add nva1 network vnet
	dev add nva2 network vnet
	link add pc1 pc2
	link add pc2 pc3
	link add pc1 onprem
	link add pc1 vnet
	link add pc2 vnet
	link add onprem vnet
	EOF
}

# ---- routes -------------------------------------------------------------------

# paths NS FAM PREFIX: the number of nexthops of PREFIX's BGP route in NS.
paths()
{
	local out

	out=$(ip -n "$1" -"$2" route show "$3" proto bgp) || return
	[[ -n $out ]] || { echo 0; return; }
	grep -o ' via ' <<< "$out" | wc -l
}

# has_paths NS FAM PREFIX N: PREFIX has N nexthops.
has_paths()
{
	[[ $(paths "$1" "$2" "$3") == "$4" ]]
}

# routes_have PREFIX4 PREFIX6 N: the hub's BGP routes to both have N
# nexthops (waits for it).
routes_have()
{
	busywait 30000 has_paths "$hub" 4 "$1" "$3" &&
	busywait 30000 has_paths "$hub" 6 "$2" "$3"
}

# converged: the hub has every route it should learn, both families.
converged()
{
	local out

	out=$(ip -n "$hub" -4 route show proto bgp; ip -n "$hub" -6 route show proto bgp)
	[[ $(grep -c ' via ' <<< "$out") -eq 16 ]]
}

# nhid_group FAM: the default route uses a nexthop object that is a group
# of two nexthop objects (FRR's ECMP).
nhid_group()
{
	local id grp

	id=$(ip -n "$hub" -"$1" route show default proto bgp |
		sed -n 's/.* nhid \([0-9]*\) .*/\1/p')
	[[ -n $id ]] || { echo "no nhid on the default route"; return 1; }
	grp=$(ip -n "$hub" nexthop show id "$id") || return
	echo "nhid $id: $grp"
	[[ $grp =~ group\ [0-9]+/[0-9]+( |$) ]]
}

# ---- flows --------------------------------------------------------------------

# get_says SRC DST IIF: "VERDICT[ REASON] ROUTE" from rfence get.
get_says()
{
	local out re='^(accept|drop)( [a-z-]+)?( \(audit\))?: .* route ([^ ]+) '

	out=$("$RFENCE" -n "$hub" get from "$1" to "$2" iif "$3") || return
	[[ $out =~ $re ]] || { echo "unparsed: $out"; return 1; }
	echo "${BASH_REMATCH[1]}${BASH_REMATCH[2]} ${BASH_REMATCH[4]}"
}

# flow FAM FROM TO WANT: FROM's traffic to TO. WANT is what rfence get
# must say for the request ("accept ROUTE" or "drop REASON ROUTE"); the
# ping must pass exactly when it says accept, and the hub's counters must
# move accordingly (the replies come back in from TO's network).
flow()
{
	local fam=$1 from=$2 to=$3 want=$4 src dst tonet

	src=$(addr "$fam" "$from")
	dst=$(addr "$fam" "$to")
	check_output "IPv$fam $from -> $to: rfence get says $want" "$want" \
		get_says "$src" "$dst" "$from"
	case $to in
	inet|svc)	tonet=vnet ;;
	*)		tonet=$to ;;
	esac
	if [[ $want == accept* ]]; then
		exp_fwd "$fam" "$from"
		exp_fwd "$fam" "$tonet"
		check_traffic "IPv$fam $from -> $to" "$fam" "${!from}" "$dst" pass "$src"
	else
		want=${want#drop }
		exp_drop "$from" "${want%% *}"
		check_traffic "IPv$fam $from -> $to" "$fam" "${!from}" "$dst" fail "$src"
	fi
}

# default FAM: the default route's prefix as rfence get prints it.
dflt()
{
	[[ $1 == 4 ]] && echo 0.0.0.0/0 || echo ::/0
}

flows()
{
	local fam=$1 d s

	d=$(dflt "$fam")
	[[ $fam == 4 ]] && s=(198.51.100.0/24 10.1.0.0/22 10.4.0.0/22 10.0.0.0/8 10.2.0.0/24) ||
		s=(2001:db8:2::/64 fd00:1::/48 fd00:4::/48 fd00::/8 fd00:2::/64)
	# The NVAs' default route: the private clouds use it, on-premises not.
	flow "$fam" pc1 inet "accept $d"
	flow "$fam" pc2 inet "accept $d"
	flow "$fam" onprem inet "drop default-route $d"
	# A BGP-learnt specific route is not a default route, even towards
	# the same place and for addresses no network owns.
	flow "$fam" onprem svc "accept ${s[0]}"
	flow "$fam" onprem pc1 "accept ${s[1]}"
	flow "$fam" pc1 onprem "accept ${s[2]}"
	# Not linked: the routes exist, the policy refuses.
	flow "$fam" pc2 onprem "drop not-linked ${s[2]}"
	flow "$fam" onprem pc2 "drop not-linked ${s[4]}"
	# The supernet leads pc3's addresses to the NVAs; pc1 and onprem are
	# not linked to pc3, so it does not make pc3 reachable for them.
	flow "$fam" pc1 pc3 "drop not-linked ${s[3]}"
	flow "$fam" onprem pc3 "drop not-linked ${s[3]}"
}

# ---- counters behind the NVAs ----------------------------------------------------

# nva_counts: "FORBIDDEN ALLOWED_AT_NVA1 ALLOWED_AT_NVA2".
nva_counts()
{
	local i ns f=0 n out=""

	for i in 1 2; do
		ns=nva$i
		n=$(ip netns exec "${!ns}" nft list counters table inet rfcount |
			tr -d '\n' | sed 's/counter /\n/g')
		f=$((f + $(sed -n 's/^forbidden.*packets \([0-9]*\).*/\1/p' <<< "$n")))
		out+=" $(sed -n 's/^allowed.*packets \([0-9]*\).*/\1/p' <<< "$n")"
	done
	echo "$f$out"
}

# ecmp FAM: pc1's traffic to 16 internet addresses is shared by both NVAs
# (the hash of source and destination picks the path).
ecmp()
{
	local fam=$1 before after i dsts=()

	read -r -a before <<< "$(nva_counts)"
	for i in $(seq 11 26); do
		[[ $fam == 4 ]] && dsts+=("203.0.113.$i") || dsts+=("2001:db8:1::$i")
	done
	# shellcheck disable=SC2016 # expanded by the inner bash
	ip netns exec "$pc1" bash -c 'for d in "${@:2}"; do
		ping -c 1 -W 2 -I "$1" "$d" > /dev/null || echo "# no reply from $d"
		done' - "$(addr "$fam" pc1)" "${dsts[@]}"
	read -r -a after <<< "$(nva_counts)"
	for i in 1 2; do
		check_ok "IPv$fam ECMP: nva$i received pc1's internet traffic ($((after[i] - before[i])) of 16)" \
			test "${after[i]}" -gt "${before[i]}"
	done
	check_output "IPv$fam ECMP: all 16 arrived" 16 \
		echo $((after[1] + after[2] - before[1] - before[2]))
}

# ---- route check ------------------------------------------------------------------

# route_check ARGS...: rfence route check in the hub, its output with the
# nexthop object ids (FRR's choice) replaced by N, and its exit status.
route_check()
{
	local out rc=0

	out=$("$RFENCE" -n "$hub" route check "$@") || rc=$?
	# shellcheck disable=SC2001 # a pattern bash's ${//} does not have
	[[ -z $out ]] || sed 's/nhid [0-9]*/nhid N/g' <<< "$out"
	echo "exit $rc"
}

SEEDS_CHECK="\
default-route default nhid N nexthop via 10.100.1.2 dev nva1 nexthop via 10.100.2.2 dev nva2 proto bgp metric 20: leads to network vnet, used by pc1 pc2 vnet, refused to pc3 (not-linked vnet) onprem (default-route)
foreign-egress 10.0.0.0/8 nhid N nexthop via 10.100.1.2 dev nva1 nexthop via 10.100.2.2 dev nva2 proto bgp metric 20: leads to network vnet, and carries network pc3's 10.3.0.0/22
default-route default nhid N nexthop via fd00:100:1::2 dev nva1 nexthop via fd00:100:2::2 dev nva2 proto bgp metric 20: leads to network vnet, used by pc1 pc2 vnet, refused to pc3 (not-linked vnet) onprem (default-route)
foreign-egress fd00::/8 nhid N nexthop via fd00:100:1::2 dev nva1 nexthop via fd00:100:2::2 dev nva2 proto bgp metric 20: leads to network vnet, and carries network pc3's fd00:3::/48
unrouted 10.3.0.0/22 network pc3: no route leads to network pc3; 10.3.0.0 follows 10.0.0.0/8 nhid N nexthop via 10.100.1.2 dev nva1 nexthop via 10.100.2.2 dev nva2 proto bgp metric 20
unrouted fd00:3::/48 network pc3: no route leads to network pc3; fd00:3:: follows fd00::/8 nhid N nexthop via fd00:100:1::2 dev nva1 nexthop via fd00:100:2::2 dev nva2 proto bgp metric 20"

OVERLAP_CHECK="\
foreign-egress 10.1.2.0/24 nhid N via 10.4.0.2 dev onprem proto bgp metric 20: leads to network onprem, but 10.1.0.0/22 is network pc1's
overlap 10.1.2.0/24 nhid N via 10.4.0.2 dev onprem proto bgp metric 20: leads to network onprem and overlaps 10.1.0.0/22 nhid N via 10.1.0.2 dev pc1 proto bgp metric 20 (network pc1)
foreign-egress fd00:1:0:2::/64 nhid N via fd00:4::2 dev onprem proto bgp metric 20: leads to network onprem, but fd00:1::/48 is network pc1's
overlap fd00:1:0:2::/64 nhid N via fd00:4::2 dev onprem proto bgp metric 20: leads to network onprem and overlaps fd00:1::/48 nhid N via fd00:1::2 dev pc1 proto bgp metric 20 (network pc1)"

# with_lines BASE EXTRA: BASE with the lines of EXTRA inserted in route
# check's order (after the route findings of the same family).
seeds_with_overlap()
{
	local b o

	mapfile -t b <<< "$SEEDS_CHECK"
	mapfile -t o <<< "$OVERLAP_CHECK"
	printf '%s\n' "${b[@]:0:2}" "${o[@]:0:2}" "${b[@]:2:2}" "${o[@]:2:2}" \
		"${b[@]:4:2}" "exit 1"
}

# json_types: the findings of "route check -j" as "TYPE DST-OR-PREFIX
# NETWORK SEVERITY" lines (one jq).
json_types()
{
	"$RFENCE" -n "$hub" -j route check |
		jq -r '.[] | "\(.type) \(.dst // .prefix) \(.network) \(.severity)"'
}

test_route_check()
{
	local out

	out=$(route_check)
	ktap_print_msg "rfence route check in the seeds' hub:"$'\n'"$out"
	check_output "route check: the seeds' routes (exit 1: pc3 has no route of its own)" \
		"$SEEDS_CHECK"$'\n'"exit 1" route_check
	check_output "route check -j: the same findings" "\
default-route default vnet note
foreign-egress 10.0.0.0/8 vnet warning
default-route default vnet note
foreign-egress fd00::/8 vnet warning
unrouted 10.3.0.0/22 pc3 warning
unrouted fd00:3::/48 pc3 warning" json_types
	check_output "route check dev pc1: nothing (exit 0)" "exit 0" route_check dev pc1
}

# The README's example: on-premises starts advertising a prefix of pc1.
mon_has()
{
	grep -q "$2" "$1"
}

test_overlap()
{
	local mon=$FRR_DIR/monitor.txt mpid out

	"$RFENCE" -n "$hub" monitor routes > "$mon" 2>&1 &
	mpid=$!
	defer kill "$mpid"
	check_ok "monitor routes starts with the current findings" \
		busywait 20000 mon_has "$mon" '\] finding unrouted fd00:3::/48 '
	check_ok "onprem advertises 10.1.2.0/24 and fd00:1:0:2::/64 (pc1's)" \
		vty "$onprem" "router bgp 65100" "address-family ipv4 unicast" \
		"network 10.1.2.0/24" "exit-address-family" \
		"address-family ipv6 unicast" "network fd00:1:0:2::/64"
	check_ok "the hub installs them" routes_have 10.1.2.0/24 fd00:1:0:2::/64 1
	out=$(route_check)
	ktap_print_msg "rfence route check once onprem advertises pc1's prefix:"$'\n'"$out"
	check_output "route check: onprem's routes into pc1's space (exit 1)" \
		"$(seeds_with_overlap)" route_check
	check_output "rfence get: pc2 -> 10.1.2.1 is pc2 -> pc1 for the policy, out of dev onprem" \
		"accept: pc2 -> pc1 route 10.1.2.0/24 oif onprem" \
		"$RFENCE" -n "$hub" get from 10.2.0.2 to 10.1.2.1 iif pc2
	check_ok "monitor routes: finding foreign-egress 10.1.2.0/24" \
		busywait 10000 mon_has "$mon" '\] finding foreign-egress 10.1.2.0/24 .*: leads to network onprem, but 10.1.0.0/22 is network pc1.s$'
	check_ok "monitor routes: finding overlap fd00:1:0:2::/64" \
		busywait 10000 mon_has "$mon" '\] finding overlap fd00:1:0:2::/64 '
	check_ok "onprem withdraws them" \
		vty "$onprem" "router bgp 65100" "address-family ipv4 unicast" \
		"no network 10.1.2.0/24" "exit-address-family" \
		"address-family ipv6 unicast" "no network fd00:1:0:2::/64"
	check_ok "the hub removes them" routes_have 10.1.2.0/24 fd00:1:0:2::/64 0
	check_ok "monitor routes: resolved overlap 10.1.2.0/24" \
		busywait 10000 mon_has "$mon" '\] resolved overlap 10.1.2.0/24 '
	check_ok "the hub has every other route still" converged
	check_output "route check: back to the seeds' findings" \
		"$SEEDS_CHECK"$'\n'"exit 1" route_check
	kill "$mpid"
	wait "$mpid" 2> /dev/null
	ktap_print_msg "rfence monitor routes meanwhile:"$'\n'"$(cat "$mon")"
}

# ---- flaps during traffic -------------------------------------------------------

# nva_default N {on|off}: NVA N (re)advertises or withdraws the default
# route, both families.
nva_default()
{
	local ns=nva$1 no=""

	[[ $2 == on ]] || no="no "
	vty "${!ns}" "router bgp 65010" "address-family ipv4 unicast" \
		"${no}neighbor 10.100.$1.1 default-originate" "exit-address-family" \
		"address-family ipv6 unicast" "${no}neighbor fd00:100:$1::1 default-originate" \
		> /dev/null
}

# onprem_routes {on|off}: on-premises (re)advertises or withdraws its
# prefixes; meanwhile its addresses follow the NVAs' supernet.
onprem_routes()
{
	local no=""

	[[ $1 == on ]] || no="no "
	vty "$onprem" "router bgp 65100" "address-family ipv4 unicast" \
		"${no}network 10.4.0.0/22" "exit-address-family" \
		"address-family ipv6 unicast" "${no}network fd00:4::/48" > /dev/null
}

# flap NVA...: the NVAs withdraw the default route and advertise it again.
flap()
{
	local n

	for n in "$@"; do nva_default "$n" off || return; done
	routes_have default default $((2 - $#)) || return
	for n in "$@"; do nva_default "$n" on || return; done
	routes_have default default 2
}

onprem_flap()
{
	onprem_routes off && routes_have 10.4.0.0/22 fd00:4::/48 0 &&
	onprem_routes on && routes_have 10.4.0.0/22 fd00:4::/48 1
}

# background NS SRC DST: ping DST from SRC every 50 ms until stopped.
PINGERS=()
background()
{
	ip netns exec "$1" ping -q -i 0.05 -W 1 -I "$2" "$3" > /dev/null 2>&1 &
	PINGERS+=($!)
	defer kill $!
}

# counter_grew BEFORE KEY...: the hub's counters KEY are larger than in
# BEFORE (rf_counters output).
counter_grew()
{
	local old=$1 now k b a rc=0

	shift
	now=$(rf_counters) || return
	for k in "$@"; do
		b=$(sed -n "s/^$k //p" <<< "$old")
		a=$(sed -n "s/^$k //p" <<< "$now")
		echo "$k: $b -> $a"
		[[ -n $a && $a -gt ${b:-0} ]] || rc=1
	done
	return "$rc"
}

test_flaps()
{
	local fam before after stats

	read -r -a before <<< "$(nva_counts)"
	stats=$(rf_counters)
	for fam in 4 6; do
		background "$onprem" "$(addr $fam onprem)" "$(addr $fam inet)"
		background "$pc1" "$(addr $fam pc1)" "$(addr $fam inet)"
		background "$pc1" "$(addr $fam pc1)" "$(addr $fam pc3)"
		background "$pc2" "$(addr $fam pc2)" "$(addr $fam onprem)"
	done
	check_ok "nva1 withdraws and re-advertises the default route (2, 1, 2 paths)" \
		flap 1
	check_ok "nva2 does" flap 2
	check_ok "both do (no default route, then two paths)" flap 1 2
	check_ok "onprem withdraws and re-advertises its prefixes" onprem_flap
	check_ok "nva1 flaps again" flap 1
	kill "${PINGERS[@]}" 2> /dev/null
	wait "${PINGERS[@]}" 2> /dev/null
	read -r -a after <<< "$(nva_counts)"
	check_output "flaps: no forbidden packet arrived behind the NVAs" \
		"${before[0]}" echo "${after[0]}"
	check_ok "flaps: pc1's internet traffic did arrive ($((after[1] + after[2] - before[1] - before[2])) packets)" \
		test $((after[1] + after[2])) -gt $((before[1] + before[2]))
	check_ok "flaps: the hub refused onprem's default-route traffic meanwhile" \
		counter_grew "$stats" onprem.default-route
	check_ok "flaps: and pc1 -> pc3, pc2 -> onprem (not linked)" \
		counter_grew "$stats" pc1.not-linked pc2.not-linked
	check_ok "after the flaps, the hub has every route again" busywait 30000 converged
}

# ---- the test -----------------------------------------------------------------

if ! setup_topology; then
	ktap_test_fail "topology is set up"
	ktap_finished
fi
ktap_test_pass "topology is set up"
# shellcheck disable=SC2034 # read by rf_counters (lib.sh)
RF_COUNTED=("=$hub")

write_policy > "$FRR_DIR/routefence.conf"
check_ok "the seeds' policy loads" "$RFENCE" -n "$hub" load "$FRR_DIR/routefence.conf"
write_frr_confs
check_ok "FRR starts: zebra and bgpd in the hub, bgpd in the peers" frr_start_all
check_ok "BGP converges: the hub installs every route" busywait 90000 converged
for fam in 4 6; do
	check_ok "IPv$fam default route from both NVAs through a nexthop group" \
		nhid_group "$fam"
done
for fam in 4 6; do
	flows "$fam"
	ecmp "$fam"
done
test_route_check
test_overlap
test_flaps

ktap_finished
