#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The policy engine over time: audit mode forwards and counts; "rfence get"
# predicts what real packets experience; a load transaction is all or
# nothing; namespaces are isolated; unprivileged users can read but not
# write; a deleted (or moved) bound interface leaves the policy by itself;
# deleting a network takes its prefixes, bindings and links with it; and
# namespace deletion and rmmod with a policy loaded leave nothing behind.
#
#       a 10.1.0.0/22      b 10.2.0.0/22      c 10.3.0.0/22 (default-route deny)
#         fd00:1::/48        fd00:2::/48        fd00:3::/48
#          eth0 .2            eth0 .2            eth0 .2
#            |                  |                  |
#     +------a------------------b------------------c-------inet---+  hub
#     |  links a-b, b-c, c-inet; default routes via inet           |
#     +------------------------------------------------------------+
#                                                     |
#             inet: 198.51.100.2, 2001:db8:ffff::2; host 203.0.113.1,
#                   2001:db8:1::1 on lo (no prefix: behind the default route)
#
#   iso: a second router, h1 (10.1.0.2) -- iso -- h2 (10.2.0.2), networks
#        x1 and x2 with the hub's prefixes and no link.
#   scr: dummies for the interface and network deletion cases.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init ping jq sysctl lsmod

SITES=(a b c)
declare -A SITE_IDX=([a]=1 [b]=2 [c]=3)
hub='' a='' inet='' iso='' h1='' h2='' scr=''	# namespaces, set by setup_ns
dmesg_start=$(dmesg 2> /dev/null | wc -l)
init_policy=$("$RFENCE" save 2>&1)

# ---- topology --------------------------------------------------------------

addr()
{
	case $2 in
	inet)	[[ $1 == 4 ]] && echo 203.0.113.1 || echo 2001:db8:1::1 ;;
	*)	[[ $1 == 4 ]] && echo "10.${SITE_IDX[$2]}.0.2" ||
			echo "fd00:${SITE_IDX[$2]}::2" ;;
	esac
}

setup_topology()
{
	local s i

	setup_ns hub a b c inet iso h1 h2 scr || return
	# shellcheck disable=SC2034 # read by lib.sh (rf)
	RF_NS=$hub
	rf_router "$hub" && rf_router "$iso" || return
	for s in "${SITES[@]}"; do
		i=${SITE_IDX[$s]}
		rf_link_ns "$hub" "$s" "${!s}" "10.$i.0.1" "10.$i.0.2" \
			"fd00:$i::1" "fd00:$i::2" || return
	done
	rf_link_ns "$hub" inet "$inet" 198.51.100.1 198.51.100.2 \
		2001:db8:ffff::1 2001:db8:ffff::2 || return
	ip -n "$inet" addr add 203.0.113.1/32 dev lo &&
	ip -n "$inet" addr add 2001:db8:1::1/128 dev lo &&
	ip -n "$hub" route add default via 198.51.100.2 &&
	ip -n "$hub" -6 route add default via 2001:db8:ffff::2 || return
	rf_link_ns "$iso" x1 "$h1" 10.1.0.1 10.1.0.2 fd00:1::1 fd00:1::2 &&
	rf_link_ns "$iso" x2 "$h2" 10.2.0.1 10.2.0.2 fd00:2::1 fd00:2::2
}

hub_policy()
{
	local s i

	echo "network add a id 1"
	echo "network add b id 2"
	echo "network add c id 3 default-route deny"
	echo "network add inet id 4"
	for s in "${SITES[@]}"; do
		i=${SITE_IDX[$s]}
		echo "prefix add 10.$i.0.0/22 network $s"
		echo "prefix add fd00:$i::/48 network $s"
	done
	for s in "${SITES[@]}" inet; do
		echo "dev add $s network $s"
	done
	echo "link add a b"
	echo "link add b c"
	echo "link add c inet"
}

# site_traffic FAM FROM TO WANT: ping between two of the hub's sites.
site_traffic()
{
	local src=

	[[ $2 != inet ]] || src=$(addr "$1" inet)
	check_traffic "IPv$1 $2 -> $3" "$1" "${!2}" "$(addr "$1" "$3")" "$4" "$src"
}

# expect_pass FAM A B / expect_drop FAM A B REASON: the hub's enforce mode.
expect_pass()
{
	exp_fwd "$1" "$2"
	exp_fwd "$1" "$3"
	site_traffic "$1" "$2" "$3" pass
}

expect_drop()
{
	exp_drop "$2" "$4"
	site_traffic "$1" "$2" "$3" fail
}

# ---- get agrees with real packets ------------------------------------------

# rf_get FAM FROM TO: "VERDICT REASON FROM-NET TO-NET" for FROM's address to
# TO's address arriving on FROM's interface ("-" for no reason, and for an
# address that is in no network: the text output prints the address).
# Parsed from the text output ("drop not-linked: a -> c (a links: b)"),
# whose format rfence_cli.sh pins down.
rf_get()
{
	local out v r f t re='^([a-z]+)( [a-z-]+)?: ([^ ]+) -> ([^ ]+)'
	local src dst

	src=$(addr "$1" "$2")
	dst=$(addr "$1" "$3")
	out=$(rf get from "$src" to "$dst" iif "$2") || return
	[[ $out =~ $re ]] || { echo "unparsed: $out"; return 1; }
	v=${BASH_REMATCH[1]} r=${BASH_REMATCH[2]# } f=${BASH_REMATCH[3]}
	t=${BASH_REMATCH[4]}
	[[ $f != "$src" ]] || f=-
	[[ $t != "$dst" ]] || t=-
	echo "$v ${r:--} $f $t"
}

# Documented outcome of the request of each ordered pair (enforce mode).
declare -A DOC=(
	[a,b]="accept - a b" [b,a]="accept - b a" [b,c]="accept - b c"
	[c,b]="accept - c b" [a,c]="drop not-linked a c"
	[c,a]="drop not-linked c a" [a,inet]="drop not-linked a inet"
	[inet,a]="drop not-linked inet a" [b,inet]="drop not-linked b inet"
	[inet,b]="drop not-linked inet b" [c,inet]="drop default-route c inet"
	[inet,c]="accept - inet c"
)

# get_vs_ping FAM X Y: get's answers for X's request and Y's reply predict
# the ping outcome and which counters move.
get_vs_ping()
{
	local fam=$1 x=$2 y=$3 req rep v r f want=pass

	req=$(rf_get "$fam" "$x" "$y")
	check_output "IPv$fam get $x -> $y says ${DOC[$x,$y]}" "${DOC[$x,$y]}" \
		echo "$req"
	read -r v r f _ <<< "$req"
	[[ $v == accept ]] && exp_fwd "$fam" "$f"
	[[ $r == - ]] || exp_drop "$f" "$r"
	[[ $v == accept ]] || want=fail
	if [[ $v == accept ]]; then
		rep=$(rf_get "$fam" "$y" "$x")
		read -r v r f _ <<< "$rep"
		[[ $v == accept ]] && exp_fwd "$fam" "$f"
		[[ $r == - ]] || exp_drop "$f" "$r"
		[[ $v == accept ]] || want=fail
	fi
	site_traffic "$fam" "$x" "$y" "$want"
}

test_get_agrees()
{
	local fam x y

	for fam in 4 6; do
		for x in a b c inet; do
			for y in a b c inet; do
				[[ $x == "$y" ]] || get_vs_ping "$fam" "$x" "$y"
			done
		done
	done
}

# ---- audit mode ------------------------------------------------------------

# shellcheck disable=SC2317 # called through check_output
get_audit()
{
	rf -j get from "$1" to "$2" iif a |
		jq -r '"\(.verdict) \(.reason) \(.audit)"'
}

test_audit()
{
	local fam

	check_ok "config set mode audit" rf config set mode audit
	check_output "audit: IPv4 get a -> c says accept not-linked (audit)" \
		"accept not-linked true" get_audit 10.1.0.2 10.3.0.2
	check_output "audit: IPv6 get a -> c says accept not-linked (audit)" \
		"accept not-linked true" get_audit fd00:1::2 fd00:3::2
	for fam in 4 6; do
		# Both directions are violations: counted and forwarded.
		exp_fwd "$fam" a; exp_drop a not-linked
		exp_fwd "$fam" c; exp_drop c not-linked
		site_traffic "$fam" a c pass
		exp_fwd "$fam" c; exp_drop c default-route
		exp_fwd "$fam" inet
		site_traffic "$fam" c inet pass
	done
	check_ok "config set mode enforce" rf config set mode enforce
	for fam in 4 6; do
		expect_drop "$fam" a c not-linked
	done
}

# ---- transactions ----------------------------------------------------------

# load_fails DESC FILE LINE MESSAGE: load is refused at FILE:LINE with
# MESSAGE and changes nothing.
load_fails()
{
	check_refused "$1" 2 "$2:$3: $4" rf load "$2"
}

# The hub's policy with a-b unlinked and a-c linked.
swapped_policy()
{
	hub_policy | sed 's/^link add a b$/link add a c/'
}

test_transactions()
{
	local f n fam saved

	f=$(mktemp)
	saved=$(mktemp)
	defer rm -f "$f" "$saved"
	rf save "$saved"

	{ swapped_policy; echo "link add a a"; } > "$f"
	n=$(wc -l < "$f")
	load_fails "load whose last line fails is refused, policy unchanged" \
		"$f" "$n" "Error: cannot link network a to itself."
	for fam in 4 6; do
		expect_pass "$fam" a b
		expect_drop "$fam" a c not-linked
	done

	{
		swapped_policy | grep -v '^dev add\|^link add'
		echo "prefix add 10.2.0.0/24 network a"
		swapped_policy | grep '^dev add\|^link add'
	} > "$f"
	n=$(grep -n '^prefix add 10.2.0.0/24' "$f" | cut -d: -f1)
	load_fails "load with an overlap in the middle is refused, policy unchanged" \
		"$f" "$n" "Error: 10.2.0.0/24 of network a overlaps 10.2.0.0/22 of network b."
	for fam in 4 6; do
		expect_pass "$fam" a b
	done

	swapped_policy > "$f"
	check_ok "load FILE check of a valid file succeeds" rf load "$f" check
	check_output "load FILE check changes nothing" "$(cat "$saved")" rf save
	check_ok "the same file without the failing line loads" rf load "$f"
	for fam in 4 6; do
		expect_drop "$fam" a b not-linked
		expect_pass "$fam" a c
	done
	check_ok "the original policy loads again" rf load "$saved"
	check_output "the original policy is back" "$(cat "$saved")" rf save
}

# ---- namespace isolation ---------------------------------------------------

# shellcheck disable=SC2317 # called through check_output
init_save()
{
	"$RFENCE" save 2>&1
}

# shellcheck disable=SC2317 # called through check_output
names()
{
	"$RFENCE" -n "$1" -j network show | jq -r '.[]["net-name"]' | paste -sd ' '
}

test_isolation()
{
	local fam

	check_ok "iso: networks x1 and x2 with the hub's prefixes, no link, unmanaged drop" \
		"$RFENCE" -n "$iso" load /dev/stdin <<- EOF
		config set unmanaged drop
		network add x1
		network add x2
		prefix add 10.1.0.0/22 network x1
		prefix add fd00:1::/48 network x1
		prefix add 10.2.0.0/22 network x2
		prefix add fd00:2::/48 network x2
		dev add x1 network x1
		dev add x2 network x2
		EOF
	check_output "rfence -n iso sees only iso's networks" "x1 x2" names "$iso"
	check_output "rfence -n hub sees only the hub's networks" "a b c inet" names "$hub"
	RF_COUNTED=("=$hub" "iso:=$iso")
	for fam in 4 6; do
		# iso's policy drops h1 -> h2; the hub's counters do not move.
		exp_drop x1 not-linked iso:
		check_traffic "IPv$fam iso h1 -> h2" "$fam" "$h1" \
			"$(addr "$fam" b)" fail
		# The hub forwards a -> b; iso's counters do not move.
		exp_fwd "$fam" a
		exp_fwd "$fam" b
		site_traffic "$fam" a b pass
	done
	check_output "the initial namespace's policy is untouched" \
		"$init_policy" init_save
}

# ---- unprivileged users ----------------------------------------------------

# nobody_refused ARGS...: rfence ARGS as nobody in the hub: exit 2, the
# permission message (after "FILE: " for load), the policy and the
# counters unchanged.
nobody_refused()
{
	local msg="Error: permission denied: changing routefence needs CAP_NET_ADMIN"

	[[ $1 != load ]] || msg="$2: $msg"
	check_refused "unprivileged $* refused" 2 "$msg" rf_nobody "$@"
}

# nobody_reads ARGS...: rfence ARGS as nobody prints what it prints as root.
nobody_reads()
{
	check_output "unprivileged $* reads what root reads" "$(rf "$@")" \
		rf_nobody "$@"
}

test_unprivileged()
{
	local f

	if ! command -v setpriv > /dev/null; then
		skip "unprivileged users cannot write" "setpriv not found"
		return
	fi
	f=$(mktemp)
	defer rm -f "$f"
	hub_policy > "$f"
	chmod 644 "$f"
	nobody_refused network add x
	nobody_refused network set a default-route deny
	nobody_refused network del a
	nobody_refused prefix add 10.9.0.0/16 network a
	nobody_refused prefix del 10.1.0.0/22
	nobody_refused dev add lo network a
	nobody_refused dev del a
	nobody_refused link add a c
	nobody_refused link del a b
	nobody_refused config set mode audit
	nobody_refused stats reset
	nobody_refused flush
	nobody_refused load "$f"
	nobody_reads save
	nobody_reads -j network show
	nobody_reads -j prefix show
	nobody_reads -j dev show
	nobody_reads -j link show
	nobody_reads -j config show
	nobody_reads -j stats show
	nobody_reads -j get from 10.1.0.2 to 10.3.0.2 iif a
	nobody_reads -j get from fd00:1::2 to fd00:2::2 iif a
}

# ---- interfaces that disappear ---------------------------------------------

# shellcheck disable=SC2317 # called through check_output and busywait
scr_devs()
{
	"$RFENCE" -n "$scr" -j dev show |
		jq -r '.[] | "\(.ifname)=\(.["net-name"])"' | paste -sd ' '
}

# shellcheck disable=SC2317
devs_are()
{
	[[ $(scr_devs) == "$1" ]]
}

# shellcheck disable=SC2317
iso_devs()
{
	"$RFENCE" -n "$iso" -j dev show |
		jq -r '.[] | "\(.ifname)=\(.["net-name"])"' | paste -sd ' '
}

# shellcheck disable=SC2317
x_devcount()
{
	"$RFENCE" -n "$scr" -j network show x |
		jq 'if type == "array" then .[0] else . end | .["dev-count"]'
}

# shellcheck disable=SC2317
scr_prefixes()
{
	"$RFENCE" -n "$scr" -j prefix show |
		jq -r '.[] | "\(.prefix)=\(.["net-name"])"' | paste -sd ' '
}

# shellcheck disable=SC2317
scr_links()
{
	"$RFENCE" -n "$scr" -j link show |
		jq -r '.[] | "\(.["net-name"])-\(.["peer-name"])"' | paste -sd ' '
}

# shellcheck disable=SC2317
scr_counts()
{
	"$RFENCE" -n "$scr" -j config show |
		jq -r '"nets \(.["net-count"]) prefixes \(.["prefix-count"]) devs \(.["dev-count"]) links \(.["link-count"])"'
}

# shellcheck disable=SC2317
monitor_saw()
{
	jq -e --argjson i "$2" 'select(.event == "dev-del" and .ifindex == $i and
		.["net-name"] == "x")' "$1" > /dev/null 2>&1
}

# shellcheck disable=SC2317
monitor_ready()
{
	"$RFENCE" -n "$scr" config set drop-events 100 &&
		grep -q '"event":"config"' "$1"
}

test_dev_gone()
{
	local mon monpid idx0 idx1

	ip -n "$scr" link add dd0 type dummy && ip -n "$scr" link add dd1 type dummy
	check_ok "scr: network x with dd0 and dd1 bound" "$RFENCE" -n "$scr" \
		load /dev/stdin <<- EOF
		network add x
		network add y
		dev add dd0 network x
		dev add dd1 network x
		EOF
	idx0=$(ip -n "$scr" -j link show dd0 | jq '.[0].ifindex')
	idx1=$(ip -n "$scr" -j link show dd1 | jq '.[0].ifindex')
	mon=$(mktemp)
	defer rm -f "$mon"
	"$RFENCE" -n "$scr" -j monitor config > "$mon" 2>&1 &
	monpid=$!
	defer kill "$monpid"
	check_ok "monitor config is following scr" busywait 5000 monitor_ready "$mon"

	check_ok "ip link del dd0" ip -n "$scr" link del dd0
	check_ok "dd0's binding disappears by itself" busywait 3000 devs_are "dd1=x"
	check_output "scr counts one binding left" "nets 2 prefixes 0 devs 1 links 0" \
		scr_counts
	check_output "network x counts one binding" 1 x_devcount
	check_ok "monitor config reports dev-del of dd0 (ifindex $idx0, network x)" \
		busywait 3000 monitor_saw "$mon" "$idx0"
	check_ok "a new dd0 appears" ip -n "$scr" link add dd0 type dummy
	check_output "the new dd0 is not bound" "dd1=x" scr_devs

	check_ok "dd1 moves to another namespace" ip -n "$scr" link set dd1 netns "$iso"
	check_ok "dd1's binding disappears with it" busywait 3000 devs_are ""
	check_ok "monitor config reports dev-del of dd1 (ifindex $idx1, network x)" \
		busywait 3000 monitor_saw "$mon" "$idx1"
	check_output "dd1 is not bound in its new namespace either" "x1=x1 x2=x2" \
		iso_devs
	kill "$monpid" 2> /dev/null
	wait "$monpid" 2> /dev/null
}

# ---- deleting a network ----------------------------------------------------

test_net_del()
{
	ip -n "$scr" link add dd2 type dummy
	check_ok "scr: y gets prefixes, a binding and links" "$RFENCE" -n "$scr" \
		load /dev/stdin <<- EOF
		network add x
		network add y
		network add z
		prefix add 10.20.0.0/16 network y
		prefix add fd00:20::/48 network y
		prefix add 10.30.0.0/16 network z
		dev add dd2 network y
		link add x y
		link add y z
		link add x z
		EOF
	check_output "scr before: 3 networks, 3 prefixes, 1 binding, 3 links" \
		"nets 3 prefixes 3 devs 1 links 3" scr_counts
	check_ok "network del y" "$RFENCE" -n "$scr" network del y
	check_output "y's prefixes are gone" "10.30.0.0/16=z" scr_prefixes
	check_output "y's binding is gone" "" scr_devs
	check_output "y's links are gone" "x-z" scr_links
	check_output "scr after: 2 networks, 1 prefix, 0 bindings, 1 link" \
		"nets 2 prefixes 1 devs 0 links 1" scr_counts
	check_ok "y's IPv4 prefix is free for another network" \
		"$RFENCE" -n "$scr" prefix add 10.20.0.0/16 network x
	check_ok "y's IPv6 prefix is free for another network" \
		"$RFENCE" -n "$scr" prefix add fd00:20::/48 network x
	check_ok "y's interface is free for another network" \
		"$RFENCE" -n "$scr" dev add dd2 network x
}

# ---- namespace deletion and rmmod ------------------------------------------

# no_new_kernel_warnings: no WARN, BUG, Oops or KASAN report since the test
# started. Soft lockups and RCU stalls are left to the runner's own scan:
# they also come from a starved TCG guest on a busy host.
# shellcheck disable=SC2317
no_new_kernel_warnings()
{
	local bad

	bad=$(dmesg | tail -n +"$((dmesg_start + 1))" |
		grep -E 'BUG:|WARNING:|Oops|general protection|KASAN' |
		grep -v 'BUG: soft lockup' || true)
	[[ -z $bad ]] || { echo "$bad"; return 1; }
}

# shellcheck disable=SC2317
refcnt()
{
	lsmod | awk '$1 == "routefence" { print $3 }'
}

# shellcheck disable=SC2317
empty_policy()
{
	rf -j config show | jq -r '"nets \(.["net-count"]) prefixes \(.["prefix-count"]) devs \(.["dev-count"]) links \(.["link-count"])"'
}

test_teardown()
{
	local why='' gone fam

	# A namespace with a policy, bindings and traffic counters goes away.
	check_ok "scr still has a policy" test "$("$RFENCE" -n "$scr" -j config show |
		jq '.["net-count"]')" -gt 0
	check_ok "ip netns del scr (with a policy)" ip netns del "$scr"
	check_ok "ip netns del iso (with a policy and counted traffic)" \
		ip netns del "$iso"
	RF_COUNTED=("=$hub")

	if [[ ! -d /sys/module/routefence ]]; then
		why="routefence is not loaded"
	elif [[ ! -e /sys/module/routefence/initstate ]]; then
		why="routefence is built in"
	elif [[ $(refcnt) != 0 ]]; then
		why="routefence is in use (refcount $(refcnt))"
	elif [[ $("$RFENCE" -j config show | jq '.["net-count"]') != 0 ]]; then
		why="the initial namespace has a policy: rmmod would destroy it"
	elif ! modinfo routefence > /dev/null 2>&1; then
		why="modprobe cannot load routefence again afterwards (not installed)"
	fi
	if [[ -n $why ]]; then
		skip "rmmod with a policy loaded" "$why"
		check_ok "no kernel warnings" no_new_kernel_warnings
		return
	fi
	check_output "lsmod: routefence refcount is 0 with policies loaded" 0 refcnt
	check_ok "rmmod routefence with the hub's policy loaded" rmmod routefence
	check_ok "routefence is gone" test ! -d /sys/module/routefence
	# Without the module nothing filters: a -> c (not linked) passes.
	for fam in 4 6; do
		ping_cmd "$fam" "$a" "$(addr "$fam" c)" pass
		check_ok "IPv$fam a -> c passes without the module" "${RF_PING[@]}"
	done
	check_ok "routefence loads again" modprobe routefence
	check_output "the hub's policy did not survive" \
		"nets 0 prefixes 0 devs 0 links 0" empty_policy
	gone=$(rf -j stats show | jq '[.stats[]] | add')
	check_output "the hub's counters start from zero" 0 echo "$gone"
	check_ok "no kernel warnings" no_new_kernel_warnings
}

# ---- main ------------------------------------------------------------------

if ! setup_topology; then
	ktap_test_fail "topology is set up"
	ktap_finished
fi
ktap_test_pass "topology is set up"
# shellcheck disable=SC2034 # read by rf_counters (lib.sh)
RF_COUNTED=("=$hub")
policy=$(mktemp)
defer rm -f "$policy"
hub_policy > "$policy"
check_ok "the hub's policy loads" rf load "$policy"

test_get_agrees
test_audit
test_transactions
test_isolation
test_unprivileged
test_dev_gone
test_net_del
test_teardown

ktap_finished
