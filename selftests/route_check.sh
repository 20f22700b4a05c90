#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # helpers are run through check_* and busywait
#
# route_check.sh: "rfence route check" and "rfence monitor routes" on
# routes installed by hand (nexthop objects and groups included) in one
# namespace whose interfaces are dummies: every kind of finding in text
# and JSON, the exit status (0 clean or notes only, 1 found), the table
# and dev filters, refusals of bad arguments, and the monitor's finding
# and resolved events as routes and the policy change.
#
#   dummies:  pc1 10.1.0.1/24  pc2 10.2.0.1/24  pc3 10.3.0.1/24
#             onprem 10.4.0.1/24  nva 10.100.1.1/24 (network vnet, no
#             prefixes)  mgmt 172.16.0.1/24 (unbound, added later)
#   IPv6: fd00:N::1/64 on the same interfaces, prefixes fd00:N::/48.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd ip jq setpriv "$RFENCE"
require_module
ktap_print_header

hub=''
setup_ns hub || ktap_skip_all "cannot create network namespaces"
TMP=$(mktemp -d)
defer rm -rf "$TMP"

rf()
{
	"$RFENCE" -n "$hub" "$@"
}

# check RC DESC ARGS...: "rfence route check ARGS" exits with RC and
# prints exactly the lines of stdin (stdout and stderr).
check()
{
	local want=$1 desc=$2 expected out rc=0

	shift 2
	expected=$(cat)
	out=$(rf route check "$@" 2>&1) || rc=$?
	if [[ $rc -eq $want && $out == "$expected" ]]; then
		ktap_test_pass "$desc"
		return
	fi
	ktap_print_msg "rfence route check $* exited $rc, expected $want"
	diff -u --label expected --label actual <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$out") | sed 's/^/#   /'
	ktap_test_fail "$desc"
}

# check_json DESC FILTER ARGS...: jq -e FILTER holds for the JSON of
# "route check ARGS" (an array of findings).
check_json()
{
	local desc=$1 filter=$2 out

	shift 2
	out=$(rf -j route check "$@")
	if jq -e "$filter" <<< "$out" > /dev/null 2>&1; then
		ktap_test_pass "$desc"
		return
	fi
	ktap_print_msg "jq -e '$filter' failed on:"$'\n'"$(jq . <<< "$out" 2>&1 || echo "$out")"
	ktap_test_fail "$desc"
}

setup()
{
	local n i

	for n in pc1:1 pc2:2 pc3:3 onprem:4 nva:100; do
		i=${n#*:} n=${n%:*}
		echo "link add $n type dummy"
		echo "link set $n up"
		[[ $i == 100 ]] && echo "addr add 10.100.1.1/24 dev $n" ||
			echo "addr add 10.$i.0.1/24 dev $n"
		[[ $i == 100 ]] && echo "addr add fd00:100:1::1/64 dev $n nodad" ||
			echo "addr add fd00:$i::1/64 dev $n nodad"
	done
	for i in 1 2 3 4; do
		n=pc$i
		[[ $i == 4 ]] && n=onprem
		echo "route add 10.$i.0.0/22 via 10.$i.0.2 dev $n proto bgp metric 20"
		echo "route add fd00:$i::/48 via fd00:$i::2 dev $n proto bgp metric 20"
	done
	echo "nexthop add id 11 via 10.100.1.2 dev nva"
	echo "nexthop add id 12 via 10.100.1.3 dev nva"
	echo "nexthop add id 10 group 11/12"
	echo "nexthop add id 21 via fd00:100:1::2 dev nva"
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
	prefix add 10.2.0.0/22 network pc2
	prefix add 10.3.0.0/22 network pc3
	prefix add 10.4.0.0/22 network onprem
	prefix add fd00:1::/48 network pc1
	prefix add fd00:2::/48 network pc2
	prefix add fd00:3::/48 network pc3
	prefix add fd00:4::/48 network onprem
	dev add pc1 network pc1
	dev add pc2 network pc2
	dev add pc3 network pc3
	dev add onprem network onprem
	dev add nva network vnet
	link add pc1 pc2
	link add pc2 pc3
	link add pc1 onprem
	link add pc1 vnet
	link add pc2 vnet
	link add onprem vnet
	EOF
}

# ---- cases -----------------------------------------------------------------

DEFAULT4="default-route default nhid 10 nexthop via 10.100.1.2 dev nva nexthop via 10.100.1.3 dev nva proto boot: leads to network vnet, used by pc1 pc2 vnet, refused to pc3 (not-linked vnet) onprem (default-route)"
DEFAULT6="default-route default nhid 21 via fd00:100:1::2 dev nva proto boot metric 1024: leads to network vnet, used by pc1 pc2 vnet, refused to pc3 (not-linked vnet) onprem (default-route)"

test_clean()
{
	check 0 "clean: every prefix routed to its network, exit 0, no output" <<-EOF
	EOF
	check_json "clean: -j prints an empty array" '. == []'
	check_ok "default routes through nexthop objects (a group for IPv4)" \
		ip -n "$hub" -batch - <<-EOF
	route add default nhid 10
	route add ::/0 nhid 21
	EOF
	check 0 "default-route: a note, exit 0" <<-EOF
	$DEFAULT4
	$DEFAULT6
	EOF
	check_json "default-route JSON: severity note, the group's nexthops, who may use it" \
		'.[0] | .type == "default-route" and .severity == "note" and
		 .dst == "default" and .family == "inet" and .table == "main" and
		 .nhid == 10 and .protocol == "boot" and .network == "vnet" and
		 ([.nexthops[] | .gateway + " " + .dev + " " + .network] ==
		  ["10.100.1.2 nva vnet", "10.100.1.3 nva vnet"]) and
		 .allowed == ["pc1", "pc2", "vnet"] and
		 .refused == [{"network": "pc3", "reason": "not-linked", "egress": "vnet"},
			      {"network": "onprem", "reason": "default-route"}]'
}

test_foreign()
{
	check_ok "onprem's interface gets a route into pc1's prefix" \
		ip -n "$hub" route add 10.1.2.0/24 via 10.4.0.2 dev onprem proto bgp metric 20
	check 1 "foreign-egress and overlap, exit 1" <<-EOF
	$DEFAULT4
	foreign-egress 10.1.2.0/24 via 10.4.0.2 dev onprem proto bgp metric 20: leads to network onprem, but 10.1.0.0/22 is network pc1's
	overlap 10.1.2.0/24 via 10.4.0.2 dev onprem proto bgp metric 20: leads to network onprem and overlaps 10.1.0.0/22 via 10.1.0.2 dev pc1 proto bgp metric 20 (network pc1)
	$DEFAULT6
	EOF
	check_json "foreign-egress JSON" \
		'[.[] | select(.type == "foreign-egress")][0] |
		 .severity == "warning" and .dst == "10.1.2.0/24" and
		 .network == "onprem" and .owner == "pc1" and
		 .prefix == "10.1.0.0/22" and .covers == false and
		 .nexthops == [{"gateway": "10.4.0.2", "dev": "onprem", "network": "onprem"}]'
	check_json "overlap JSON: the other route and its network" \
		'[.[] | select(.type == "overlap")][0] |
		 .dst == "10.1.2.0/24" and .network == "onprem" and
		 .with.dst == "10.1.0.0/22" and .with.network == "pc1" and
		 .with.nexthops[0].dev == "pc1"'
	check 0 "dev pc2: none of it goes through pc2, exit 0" dev pc2 <<-EOF
	EOF
	check_output "an unprivileged user gets the same answer (exit 1)" \
		"$(rf route check)"$'\n'"exit 1" \
		ip netns exec "$hub" setpriv --reuid=nobody --regid=nogroup \
		--clear-groups -- bash -c "$RFENCE route check; echo exit \$?"
	check_ok "the route goes" ip -n "$hub" route del 10.1.2.0/24
}

test_supernet()
{
	check_ok "pc3's IPv4 routes go, a supernet through the NVA's group comes" \
		ip -n "$hub" -batch - <<-EOF
	route del 10.3.0.0/22
	addr del 10.3.0.1/24 dev pc3
	route add 10.0.0.0/8 nhid 10 proto bgp
	EOF
	check 1 "the supernet carries pc3's prefix; pc3 is unrouted" <<-EOF
	$DEFAULT4
	foreign-egress 10.0.0.0/8 nhid 10 nexthop via 10.100.1.2 dev nva nexthop via 10.100.1.3 dev nva proto bgp: leads to network vnet, and carries network pc3's 10.3.0.0/22
	$DEFAULT6
	unrouted 10.3.0.0/22 network pc3: no route leads to network pc3; 10.3.0.0 follows 10.0.0.0/8 nhid 10 nexthop via 10.100.1.2 dev nva nexthop via 10.100.1.3 dev nva proto bgp
	EOF
	check_json "supernet JSON: covers the whole prefix; unrouted follows it" \
		'([.[] | select(.type == "foreign-egress")][0] | .covers and
		  .part == "10.3.0.0/22" and .owner == "pc3") and
		 ([.[] | select(.type == "unrouted")][0] | .network == "pc3" and
		  .prefix == "10.3.0.0/22" and .family == "inet" and
		  .follows.dst == "10.0.0.0/8" and .follows.nhid == 10)'
	check_ok "a more specific route takes half of pc3's prefix" \
		ip -n "$hub" route add 10.3.0.0/23 dev pc3
	check 1 "the supernet still carries the other half; pc3 is routed" <<-EOF
	$DEFAULT4
	foreign-egress 10.0.0.0/8 nhid 10 nexthop via 10.100.1.2 dev nva nexthop via 10.100.1.3 dev nva proto bgp: leads to network vnet, and carries 10.3.2.0/23 of network pc3's 10.3.0.0/22
	$DEFAULT6
	EOF
	check_ok "pc3's own routes are back" ip -n "$hub" -batch - <<-EOF
	route del 10.3.0.0/23
	addr add 10.3.0.1/24 dev pc3
	route add 10.3.0.0/22 via 10.3.0.2 dev pc3 proto bgp metric 20
	EOF
	check 0 "with all of pc3 routed, the supernet is an aggregate: notes only" <<-EOF
	$DEFAULT4
	$DEFAULT6
	EOF
	check_ok "the supernet goes" ip -n "$hub" route del 10.0.0.0/8
}

test_unowned()
{
	check_ok "onprem gets a route nobody owns, an unbound interface its subnet" \
		ip -n "$hub" -batch - <<-EOF
	route add 192.168.50.0/24 via 10.4.0.2 dev onprem proto bgp metric 20
	link add mgmt type dummy
	link set mgmt up
	addr add 172.16.0.1/24 dev mgmt
	EOF
	check 1 "unowned: through a network with prefixes, through an unbound interface" <<-EOF
	$DEFAULT4
	unowned 172.16.0.0/24 dev mgmt proto kernel: leads to an unbound interface, but no network owns 172.16.0.0/24
	unowned 192.168.50.0/24 via 10.4.0.2 dev onprem proto bgp metric 20: leads to network onprem, but no network owns 192.168.50.0/24
	$DEFAULT6
	EOF
	check_json "unowned JSON: the unbound interface's network is null" \
		'[.[] | select(.type == "unowned")] | length == 2 and
		 .[0].network == null and .[0].unowned == "172.16.0.0/24" and
		 .[0].nexthops == [{"dev": "mgmt", "network": null}] and
		 .[1].network == "onprem" and .[1].unowned == "192.168.50.0/24"'
	check_ok "a route to the service behind the NVA (vnet owns no prefix)" \
		ip -n "$hub" route add 198.51.100.0/24 nhid 11
	check 0 "vnet owns what lies behind it: no finding for it" dev nva <<-EOF
	$DEFAULT4
	$DEFAULT6
	EOF
	check_ok "the routes and the interface go" ip -n "$hub" -batch - <<-EOF
	route del 192.168.50.0/24
	route del 198.51.100.0/24
	link del mgmt
	EOF
}

test_overlap_equal()
{
	check_ok "the same IPv6 prefix through pc1 and, with a higher metric, pc2" \
		ip -n "$hub" -batch - <<-EOF
	route add fd00:1:0:8000::/49 via fd00:1::2 dev pc1 proto bgp metric 20
	route add fd00:1:0:8000::/49 via fd00:2::2 dev pc2 proto bgp metric 200
	EOF
	check 1 "IPv6: foreign-egress and overlap of equal prefixes" dev pc2 <<-EOF
	foreign-egress fd00:1:0:8000::/49 via fd00:2::2 dev pc2 proto bgp metric 200: leads to network pc2, but fd00:1::/48 is network pc1's
	overlap fd00:1:0:8000::/49 via fd00:2::2 dev pc2 proto bgp metric 200: leads to network pc2 and overlaps fd00:1::/48 via fd00:1::2 dev pc1 proto bgp metric 20 (network pc1)
	overlap fd00:1:0:8000::/49 via fd00:2::2 dev pc2 proto bgp metric 200: leads to network pc2 and overlaps fd00:1:0:8000::/49 via fd00:1::2 dev pc1 proto bgp metric 20 (network pc1)
	EOF
	check_json "IPv6 JSON" \
		'[.[] | select(.type == "overlap")][1] | .family == "inet6" and
		 .metric == 200 and .with.metric == 20 and .with.network == "pc1"' \
		dev pc2
	check_ok "they go" ip -n "$hub" -6 route flush fd00:1:0:8000::/49
}

test_tables()
{
	check_ok "table 100 routes pc3's prefix through pc2" \
		ip -n "$hub" route add 10.3.0.0/22 via 10.2.0.2 dev pc2 table 100
	check 1 "table 100 only (unrouted is not judged on one table)" table 100 <<-EOF
	foreign-egress 10.3.0.0/22 via 10.2.0.2 dev pc2 table 100 proto boot: leads to network pc2, but 10.3.0.0/22 is network pc3's
	EOF
	check_json "table 100 in JSON" '.[0].table == "100"' table 100
	check 0 "table main: notes only" table main <<-EOF
	$DEFAULT4
	$DEFAULT6
	EOF
	check 1 "all tables (the default), dev pc2" dev pc2 <<-EOF
	foreign-egress 10.3.0.0/22 via 10.2.0.2 dev pc2 table 100 proto boot: leads to network pc2, but 10.3.0.0/22 is network pc3's
	EOF
	check 0 "table all, dev pc1" table all dev pc1 <<-EOF
	EOF
	check_ok "table 100 goes" ip -n "$hub" route flush table 100
}

test_refusals()
{
	check 1 "unknown table name" table nosuch <<-EOF
	Error: invalid table "nosuch"
	$(rf route help 2>&1)
	EOF
	check 1 "table 0" table 0 <<-EOF
	Error: invalid table "0"
	$(rf route help 2>&1)
	EOF
	check 1 "table without a value" table <<-EOF
	Error: missing value after "table"
	$(rf route help 2>&1)
	EOF
	check 1 "duplicate dev" dev pc1 dev pc2 <<-EOF
	Error: duplicate "dev"
	$(rf route help 2>&1)
	EOF
	check 1 "a missing interface" dev nosuch <<-EOF
	Error: interface "nosuch" does not exist
	EOF
	check 1 "unknown argument" via 10.1.0.2 <<-EOF
	Error: unknown argument "via"
	$(rf route help 2>&1)
	EOF
	check_refused "route without a command" 1 \
		"Error: missing route command$(rf_usage route)" rf route
	check_refused "unknown route command" 1 \
		"Error: unknown route command \"show\"$(rf_usage route)" rf route show
	check_output "route help" "$(rf route help)" rf route help
	check_refused "monitor routes: bad argument" 1 - rf monitor routes x <<-EOF
	Error: unknown argument "x"
	Usage: rfence monitor routes [ table TABLE ] [ dev IFNAME ]
	EOF
}

# ---- monitor routes ----------------------------------------------------------

mon_has()
{
	grep -q -- "$2" "$1"
}

test_monitor()
{
	local f=$TMP/mon.txt j=$TMP/mon.json pid

	rf monitor routes > "$f" 2>&1 &
	pid=$!
	defer kill "$pid"
	check_ok "monitor routes prints the current findings first" \
		busywait 10000 mon_has "$f" "\] finding default-route default nhid 21 "
	check_ok "a hijack appears" \
		ip -n "$hub" route add 10.2.1.0/24 via 10.4.0.2 dev onprem
	check_ok "monitor: finding foreign-egress, one line, timestamped" \
		busywait 10000 mon_has "$f" "^\[[0-9-]*T[0-9:.]*\] finding foreign-egress 10.2.1.0/24 via 10.4.0.2 dev onprem proto boot: leads to network onprem, but 10.2.0.0/22 is network pc2's$"
	check_ok "the policy gives 10.2.1.0/24 to onprem... refused: it overlaps pc2" \
		bash -c "! $RFENCE -n $hub prefix add 10.2.1.0/24 network onprem 2> /dev/null"
	check_ok "the route goes" ip -n "$hub" route del 10.2.1.0/24
	check_ok "monitor: resolved foreign-egress" \
		busywait 10000 mon_has "$f" "\] resolved foreign-egress 10.2.1.0/24 "
	check_ok "onprem routes 192.168.50.0/24" \
		ip -n "$hub" route add 192.168.50.0/24 via 10.4.0.2 dev onprem
	check_ok "monitor: finding unowned" \
		busywait 10000 mon_has "$f" "\] finding unowned 192.168.50.0/24 "
	check_ok "the policy gives it to onprem" \
		rf prefix add 192.168.50.0/24 network onprem
	check_ok "monitor: a policy change alone resolves it" \
		busywait 10000 mon_has "$f" "\] resolved unowned 192.168.50.0/24 "
	kill "$pid"
	wait "$pid" 2> /dev/null
	ktap_print_msg "rfence monitor routes:"$'\n'"$(cat "$f")"
	check_output "monitor: each change reported once, in order" "\
finding default-route default
finding default-route default
finding foreign-egress 10.2.1.0/24
finding overlap 10.2.1.0/24
resolved foreign-egress 10.2.1.0/24
resolved overlap 10.2.1.0/24
finding unowned 192.168.50.0/24
resolved unowned 192.168.50.0/24" \
		bash -c "sed 's/^\[[^]]*\] //' $f | cut -d' ' -f1-3"

	rf -j monitor routes > "$j" 2>&1 &
	pid=$!
	defer kill "$pid"
	check_ok "-j monitor routes: the current findings" \
		busywait 10000 mon_has "$j" '"event":"finding"'
	check_ok "onprem's route to its new prefix goes" \
		ip -n "$hub" route del 192.168.50.0/24
	check_ok "-j monitor routes: finding unrouted" \
		busywait 10000 mon_has "$j" '"event":"finding","type":"unrouted"'
	check_ok "the prefix goes" rf prefix del 192.168.50.0/24
	check_ok "-j monitor routes: resolved" busywait 10000 mon_has "$j" '"event":"resolved"'
	kill "$pid"
	wait "$pid" 2> /dev/null
	check_output "-j monitor routes: one JSON object per line, with timestamp and event" \
		"finding default-route
finding default-route
finding unrouted
resolved unrouted" \
		bash -c "jq -r '\"\(.event) \(.type)\"' < $j"
	check_ok "-j monitor routes: the resolved one says what it was" \
		bash -c "jq -e -s '.[3] | .network == \"onprem\" and .prefix == \"192.168.50.0/24\" and .timestamp != null' < $j"
}

if ! ip -n "$hub" -batch - < <(setup); then
	ktap_test_fail "interfaces and routes are set up"
	ktap_finished
fi
ktap_test_pass "interfaces and routes are set up"
write_policy > "$TMP/policy"
check_ok "the policy loads" rf load "$TMP/policy"

test_clean
test_foreign
test_supernet
test_unowned
test_overlap_equal
test_tables
test_refusals
test_monitor

ktap_finished
