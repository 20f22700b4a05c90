#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # helpers are run through check_ok and busywait
#
# rfence_cli.sh: the rfence tool against the real module, on the seeds'
# Azure VMware Solution topology. Private clouds pc1..pc3 are chained by
# (non-transitive) interconnects, on-premises reaches all of them but may
# not use the default route towards the internet:
#
#        h1 10.1.0.2 --- r-pc1 \                 / r-inet --- hi 198.51.100.2
#        h2 10.2.0.2 --- r-pc2 -- R (router) ---<         ("internet", R's
#        h3 10.3.0.2 --- r-pc3 /                 \ r-onp  default route)
#                                                     |
#                                               ho 192.168.0.2 (onprem)
#
#   links: pc1-pc2, pc2-pc3, pc1-onprem, pc2-onprem, pc3-onprem
#   onprem: default-route deny
#
# Every case asserts exact output (text) or parses it (JSON, with jq) and
# the exit status: 0 ok, 1 syntax/usage, 2 kernel refused.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init jq ping setpriv

TMP=$(mktemp -d)
chmod 755 "$TMP"	# the unprivileged cases read files from it
defer rm -rf "$TMP"

setup_ns R H1 H2 H3 HO HI || ktap_skip_all "cannot create network namespaces"
# shellcheck disable=SC2034 # read by lib.sh (rf)
RF_NS=$R

# ---- topology -------------------------------------------------------------

# link_host NS RIF HOSTADDR ROUTERADDR PLEN
link_host()
{
	ip link add "$2" netns "$R" type veth peer name eth0 netns "$1" &&
	ip -n "$R" addr add "$4/$5" dev "$2" &&
	ip -n "$R" link set "$2" up &&
	ip -n "$1" addr add "$3/$5" dev eth0 &&
	ip -n "$1" link set eth0 up &&
	ip -n "$1" route add default via "$4"
}

topology()
{
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 &&
	link_host "$H1" r-pc1 10.1.0.2 10.1.0.1 22 &&
	link_host "$H2" r-pc2 10.2.0.2 10.2.0.1 22 &&
	link_host "$H3" r-pc3 10.3.0.2 10.3.0.1 22 &&
	link_host "$HO" r-onp 192.168.0.2 192.168.0.1 24 &&
	link_host "$HI" r-inet 198.51.100.2 198.51.100.1 24 &&
	ip -n "$R" route add default via 198.51.100.2
}
topology || ktap_fail_all "cannot build the test topology"

# ---- tool only: usage, syntax errors, exit 1 -----------------------------

test_usage()
{
	check_ok "help exits 0" rf help
	check_ok "OBJECT help exits 0" rf network help
	check_ok "-V exits 0" rf -V
	check_refused "unknown object: exit 1, names it" 1 - rf netw <<-EOF
	Error: unknown object "netw"
	$("$RFENCE" help)
	EOF
	check_refused "no prefix matching of commands" 1 - rf network sh <<-EOF
	Error: unknown network command "sh"
	$("$RFENCE" network help)
	EOF
	check_refused "bad token named with usage" 1 - rf prefix add 10.1.0.1/22 network pc1 <<-EOF
	Error: host bits set in prefix "10.1.0.1/22"
	$("$RFENCE" prefix help)
	EOF
	check_refused "missing value" 1 - rf network add pc9 id <<-EOF
	Error: missing value after "id"
	$("$RFENCE" network help)
	EOF
	check_refused "unknown interface" 1 - rf dev add nosuch0 network pc1 <<-EOF
	Error: interface "nosuch0" does not exist
	EOF
	check_refused "unknown option" 1 - rf -frob network <<-EOF
	Error: unknown option "-frob"
	$("$RFENCE" help)
	EOF
	check_refused "-n with an unknown namespace" 1 - "$RFENCE" -n nosuch-ns network <<-EOF
	Error: cannot open network namespace "nosuch-ns": No such file or directory
	EOF
}

# ---- an empty policy ----------------------------------------------------------

test_empty()
{
	check_output "network show: empty" "" rf network show
	check_output "-j network show: []" "[]" rf -j network show
	check_output "-j prefix show: []" "[]" rf -j prefix show
	check_output "-j dev show: []" "[]" rf -j dev show
	check_output "-j link show: []" "[]" rf -j link show
	check_json "-j config show: defaults" \
		'.mode == "enforce" and .unmanaged == "accept" and .["drop-events"] == 100 and .["no-policy"] == "accept" and .["net-count"] == 0' \
		rf -j config show
	check_output "save: only the settings" \
		"config set mode enforce unmanaged accept drop-events 100" rf save
}

# ---- building the policy with single commands ------------------------------

test_build()
{
	check_ok "network add with id" rf network add pc1 id 1
	check_ok "network add, kernel picks the id" rf network add pc2
	check_ok "network add id 3" rf network add pc3 id 3
	check_ok "network add default-route deny" \
		rf network add onprem id 4 default-route deny
	check_ok "prefix add" rf prefix add 10.1.0.0/22 network pc1
	check_ok "prefix add IPv6" rf prefix add 2001:db8:1::/48 network pc1
	check_ok "prefix add pc2" rf prefix add 10.2.0.0/22 network pc2
	check_ok "prefix add pc3" rf prefix add 10.3.0.0/22 network pc3
	check_ok "prefix add onprem" rf prefix add 192.168.0.0/16 network onprem
	check_ok "dev add" rf dev add r-pc1 network pc1
	check_ok "dev add pc2" rf dev add r-pc2 network pc2
	check_ok "dev add pc3" rf dev add r-pc3 network pc3
	check_ok "dev add onprem" rf dev add r-onp network onprem
	check_ok "link add" rf link add pc1 pc2
	check_ok "link add pc2 pc3" rf link add pc2 pc3
	check_ok "link add pc1 onprem" rf link add pc1 onprem
	check_ok "link add pc2 onprem" rf link add onprem pc2
	check_ok "link add pc3 onprem" rf link add pc3 onprem
	check_ok "network set" rf network set pc3 default-route allow
	check_ok "config set" rf config set drop-events 50
	check_ok "config set, all of it" \
		rf config set mode enforce unmanaged accept drop-events 100
}

test_show_text()
{
	check_output "network show" - rf network show <<-EOF
	ID    NAME             DEFAULT-ROUTE  PREFIXES  DEVS  LINKS
	1     pc1              allow          2         1     2
	2     pc2              allow          1         1     3
	3     pc3              allow          1         1     2
	4     onprem           deny           1         1     3
	EOF
	check_output "network show NAME" - rf network show onprem <<-EOF
	ID    NAME             DEFAULT-ROUTE  PREFIXES  DEVS  LINKS
	4     onprem           deny           1         1     3
	EOF
	check_output "prefix show" - rf prefix show <<-EOF
	PREFIX                   NETWORK
	10.1.0.0/22              pc1
	10.2.0.0/22              pc2
	10.3.0.0/22              pc3
	192.168.0.0/16           onprem
	2001:db8:1::/48          pc1
	EOF
	check_output "prefix show network" - rf prefix show network pc1 <<-EOF
	PREFIX                   NETWORK
	10.1.0.0/22              pc1
	2001:db8:1::/48          pc1
	EOF
	check_output "dev show network" - rf dev show network pc2 <<-EOF
	IFNAME           IFINDEX  NETWORK
	$(printf '%-16s %-8s %s' r-pc2 "$(ip netns exec "$R" cat /sys/class/net/r-pc2/ifindex)" pc2)
	EOF
	check_output "link show NAME" - rf link show pc1 <<-EOF
	NETWORK          PEER
	pc1              pc2
	pc1              onprem
	EOF
	check_output "link show" - rf link show <<-EOF
	NETWORK          PEER
	pc1              pc2
	pc1              onprem
	pc2              pc3
	pc2              onprem
	pc3              onprem
	EOF
	check_output "config show" "$(printf '%s\n' \
		"mode          enforce" "unmanaged     accept" "drop-events   100")" \
		bash -c "\"$RFENCE\" -n $R config show | head -n 3"
	check_ok "-s network show has counters" \
		bash -c "\"$RFENCE\" -n $R -s network show pc1 | grep -q '^      fwd-packets [0-9]* fwd-bytes [0-9]* not-linked [0-9]* default-route [0-9]* spoofed [0-9]* unmanaged [0-9]* no-policy [0-9]*$'"
}

test_show_json()
{
	check_json "-j network show" \
		'length == 4 and .[0] == {"net-id":1,"net-name":"pc1","default-route":"allow","prefix-count":2,"dev-count":1,"link-count":2}' \
		rf -j network show
	check_json "-j -s network show NAME" \
		'.[0]["net-name"] == "onprem" and (.[0].stats | keys) == ["default-route","fwd-bytes","fwd-packets","no-policy","not-linked","spoofed","unmanaged"]' \
		rf -j -s network show onprem
	check_json "-j prefix show" \
		'length == 5 and .[0] == {"prefix":"10.1.0.0/22","addr":"10.1.0.0","len":22,"net-id":1,"net-name":"pc1"} and .[4].prefix == "2001:db8:1::/48"' \
		rf -j prefix show
	check_json "-j dev show" \
		'length == 4 and .[0].ifname == "r-pc1" and .[0]["net-name"] == "pc1" and (.[0].ifindex | type) == "number"' \
		rf -j dev show
	check_json "-j link show" \
		'length == 5 and .[0] == {"net-id":1,"net-name":"pc1","peer-id":2,"peer-name":"pc2"}' \
		rf -j link show
	check_json "-j config show" \
		'.["drop-events"] == 100 and .["net-count"] == 4 and .["prefix-count"] == 5 and .["dev-count"] == 4 and .["link-count"] == 5 and (.generation | type) == "number"' \
		rf -j config show
	check_json "-j stats show" \
		'(.stats | has("fwd-packets")) and (.networks | length) == 4 and .networks[3]["net-name"] == "onprem"' \
		rf -j stats show
	check_json "-j stats show network" \
		'(.networks | length) == 1 and .networks[0].stats["not-linked"] >= 0' \
		rf -j stats show network pc1
	check_ok "-j -p output is valid JSON" \
		bash -c "\"$RFENCE\" -n $R -j -p network show | python3 -m json.tool > /dev/null"
	check_output "-j -p is indented" "    {" \
		bash -c "\"$RFENCE\" -n $R -j -p link show | sed -n 2p"
}

# ---- the kernel's refusals: exit 2 and its message -----------------------------

test_refusals()
{
	check_refused "duplicate network" 2 - rf network add pc1 <<-EOF
	Error: network pc1 already exists.
	EOF
	check_refused "id in use" 2 - rf network add pc9 id 2 <<-EOF
	Error: network id 2 is already used by network pc2.
	EOF
	check_refused "overlapping prefix" 2 - rf prefix add 10.1.2.0/24 network pc3 <<-EOF
	Error: 10.1.2.0/24 of network pc3 overlaps 10.1.0.0/22 of network pc1.
	EOF
	check_refused "link to itself" 2 - rf link add pc1 pc1 <<-EOF
	Error: cannot link network pc1 to itself.
	EOF
	check_refused "link exists" 2 - rf link add pc2 pc1 <<-EOF
	Error: networks pc1 and pc2 are already linked.
	EOF
	check_refused "link does not exist" 2 - rf link del pc1 pc3 <<-EOF
	Error: networks pc1 and pc3 are not linked.
	EOF
	check_refused "prefix does not exist" 2 - rf prefix del 10.9.0.0/16 <<-EOF
	Error: prefix 10.9.0.0/16 does not exist.
	EOF
	check_refused "unknown network" 2 "Error: network nosuch does not exist." \
		rf prefix add 10.9.0.0/16 network nosuch
	check_refused "unknown network in show" 2 \
		"Error: network nosuch does not exist." rf network show nosuch
	check_refused "dev already bound" 2 \
		"Error: r-pc1 is already bound to network pc1." \
		rf dev add r-pc1 network pc2
	check_output "refusals changed nothing" \
		"$(printf '%s\n' 1 2 3 4)" \
		bash -c "\"$RFENCE\" -n $R -j network show | jq '.[][\"net-id\"]'"
	check_output "refused write: exit status 2" 2 \
		bash -c "\"$RFENCE\" -n $R network add pc1 2> /dev/null; echo \$?"
}

# ---- deleting ------------------------------------------------------------------

test_delete()
{
	check_ok "network add (to delete)" rf network add tmp id 9
	check_ok "prefix add (to delete)" rf prefix add 172.16.0.0/12 network tmp
	check_ok "dev add (to delete)" rf dev add r-inet network tmp
	check_ok "link add (to delete)" rf link add tmp pc1
	check_ok "prefix del" rf prefix del 172.16.0.0/12
	check_ok "dev del" rf dev del r-inet
	check_ok "link del" rf link del pc1 tmp
	check_json "...all gone" '.[0]["prefix-count"] == 0 and .[0]["dev-count"] == 0 and .[0]["link-count"] == 0' \
		rf -j network show tmp
	check_ok "prefix add again" rf prefix add 172.16.0.0/12 network tmp
	check_ok "link add again" rf link add tmp pc1
	check_ok "network del takes its prefixes and links" rf network del tmp
	check_json "...gone with them" '.["net-count"] == 4 and .["prefix-count"] == 5 and .["link-count"] == 5' \
		rf -j config show
	check_refused "prefix show of an unknown network" 2 \
		"Error: network tmp does not exist." rf prefix show network tmp
}

# ---- load / save ------------------------------------------------------------

SAVED="config set mode enforce unmanaged accept drop-events 100
network add pc1 id 1 default-route allow
network add pc2 id 2 default-route allow
network add pc3 id 3 default-route allow
network add onprem id 4 default-route deny
prefix add 10.1.0.0/22 network pc1
prefix add 10.2.0.0/22 network pc2
prefix add 10.3.0.0/22 network pc3
prefix add 192.168.0.0/16 network onprem
prefix add 2001:db8:1::/48 network pc1
dev add r-onp network onprem
dev add r-pc1 network pc1
dev add r-pc2 network pc2
dev add r-pc3 network pc3
link add pc1 pc2
link add pc1 onprem
link add pc2 pc3
link add pc2 onprem
link add pc3 onprem"

test_load_save()
{
	check_output "save: the whole policy, in order" "$SAVED" rf save
	check_output "save FILE writes nothing on stdout" "" rf save "$TMP/a.rf"
	check_output "...and the same policy into FILE" "$SAVED" cat "$TMP/a.rf"
	check_ok "flush" rf flush
	check_output "flush empties the policy" "[]" rf -j network show
	check_ok "load the saved file" rf load "$TMP/a.rf"
	rf save "$TMP/b.rf"
	check_ok "save -> flush -> load -> save is byte-identical" \
		cmp "$TMP/a.rf" "$TMP/b.rf"
	check_ok "load of the same file again" rf load "$TMP/a.rf"
	check_output "...changes nothing" "$SAVED" rf save
	check_ok "load from stdin" bash -c "\"$RFENCE\" -n $R load - < $TMP/a.rf"

	# A different, valid policy: check validates but changes nothing.
	printf 'network add x id 7\nprefix add 10.0.0.0/8 network x\n' > "$TMP/other.rf"
	check_ok "load check of a valid file" rf load "$TMP/other.rf" check
	check_output "load check changed nothing" "$SAVED" rf save

	# All or nothing: an error on the last line keeps the old policy.
	{ cat "$TMP/other.rf"; echo "link add x nosuch"; } > "$TMP/bad1.rf"
	check_refused "load: error on the last line" 2 \
		"$TMP/bad1.rf:3: Error: network nosuch does not exist." \
		rf load "$TMP/bad1.rf"
	check_output "...left the old policy in force" "$SAVED" rf save
	{ cat "$TMP/other.rf"; echo "network add y"; echo "prefix add 10.1.0.0/16 network y"; } > "$TMP/bad2.rf"
	check_refused "load: overlap found at commit names the line" 2 - rf load "$TMP/bad2.rf" <<-EOF
	$TMP/bad2.rf:4: Error: 10.1.0.0/16 of network y overlaps 10.0.0.0/8 of network x.
	EOF
	check_output "...left the old policy in force" "$SAVED" rf save
	{
		echo "network add x"
		for i in 1 2 3; do echo "prefix add 10.$i.0.0/16 network x"; done
		echo "prefix add 10.4.0.0/16 network nosuch"
		echo "prefix add 10.5.0.0/16 network x"
	} > "$TMP/bad3.rf"
	check_refused "load: a refused prefix in a batch names its line" 2 - rf load "$TMP/bad3.rf" <<-EOF
	$TMP/bad3.rf:5: Error: network nosuch does not exist.
	EOF
	check_output "...left the old policy in force" "$SAVED" rf save
	check_refused "load check finds the overlap too" 2 \
		"$TMP/bad2.rf:4: Error: 10.1.0.0/16 of network y overlaps 10.0.0.0/8 of network x." \
		rf load "$TMP/bad2.rf" check

	# Syntax errors: every bad line named, exit 1, nothing sent.
	printf 'network add a\nnetwork add\nprefix add 10.0.0.1/8 network a\nfrob\n' > "$TMP/syntax.rf"
	check_refused "load: syntax errors, FILE:LINE each" 1 - rf load "$TMP/syntax.rf" <<-EOF
	$TMP/syntax.rf:2: Error: missing network name
	$TMP/syntax.rf:3: Error: host bits set in prefix "10.0.0.1/8"
	$TMP/syntax.rf:4: Error: not a configuration command "frob"
	EOF
	check_output "...changed nothing" "$SAVED" rf save
}

# Many prefixes: batched PREFIX_NEW messages, one transaction.
test_load_many()
{
	local n=100000 start ms

	{
		echo "network add big id 1 default-route allow"
		awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
			printf "prefix add 11.%d.%d.%d/32 network big\n",
			       int(i / 65536), int(i / 256) % 256, i % 256 }'
	} > "$TMP/big.rf"
	start=$(date +%s%3N)
	check_ok "load $n prefixes" "$RFENCE" -n "$H1" load "$TMP/big.rf"
	ms=$(($(date +%s%3N) - start))
	ktap_print_msg "loaded $n prefixes in $ms ms"
	check_json "...all of them" ".[\"prefix-count\"] == $n" "$RFENCE" -n "$H1" -j config show
	check_ok "...save reproduces them" \
		bash -c "\"$RFENCE\" -n $H1 save | tail -n +2 | cmp - $TMP/big.rf"
	check_ok "flush them" "$RFENCE" -n "$H1" flush
}

# ---- -batch ---------------------------------------------------------------------

test_batch()
{
	printf 'network add b1\nnetwork add pc1\nnetwork add b2\n' > "$TMP/batch.rf"
	check_exit "-batch stops at the first failure" 2 - rf -batch "$TMP/batch.rf" <<-EOF
	$TMP/batch.rf:2: Error: network pc1 already exists.
	EOF
	check_output "...after running the lines before it" "b1" \
		bash -c "\"$RFENCE\" -n $R -j network show | jq -r '.[4:][][\"net-name\"]'"
	check_ok "cleanup" rf network del b1
	check_exit "-force -batch runs every line" 2 - rf -force -batch "$TMP/batch.rf" <<-EOF
	$TMP/batch.rf:2: Error: network pc1 already exists.
	EOF
	check_output "...including those after the failure" "$(printf 'b1\nb2')" \
		bash -c "\"$RFENCE\" -n $R -j network show | jq -r '.[4:][][\"net-name\"]'"
	printf 'network del b1\nnetwork frob\nnetwork del b2\n' > "$TMP/batch2.rf"
	check_exit "-force -batch: syntax error exit 1" 1 - rf -force -batch "$TMP/batch2.rf" <<-EOF
	$TMP/batch2.rf:2: Error: unknown network command "frob"
	EOF
	check_output "-batch - reads stdin" "pc3" \
		bash -c "echo 'network show pc3' | \"$RFENCE\" -n $R -j -batch - | jq -r '.[0][\"net-name\"]'"
	check_output "...and back to the saved policy" "$SAVED" rf save
}

# ---- -n --------------------------------------------------------------------------

test_netns()
{
	check_output "-n: another namespace has its own policy" "[]" \
		"$RFENCE" -n "$H2" -j network show
	check_output "-n: same as ip netns exec" \
		"$(ip netns exec "$R" "$RFENCE" save)" rf save
	check_ok "-netns long form" "$RFENCE" -netns "$R" network show pc1
	check_ok "--netns with two dashes" "$RFENCE" --netns "$R" network show pc1
}

# ---- unprivileged ----------------------------------------------------------------

test_unprivileged()
{
	check_output "unprivileged save" "$SAVED" rf_nobody save
	check_json "unprivileged -j stats show" '.networks | length == 4' rf_nobody -j stats show
	check_json "unprivileged get" '.verdict == "accept"' \
		rf_nobody -j get from 10.1.0.2 to 10.2.0.2
	check_ok "unprivileged show" rf_nobody network show
	check_refused "unprivileged write fails clearly" 2 - rf_nobody network add x <<-EOF
	Error: permission denied: changing routefence needs CAP_NET_ADMIN
	EOF
	check_refused "unprivileged load fails clearly" 2 - rf_nobody load "$TMP/a.rf" <<-EOF
	$TMP/a.rf: Error: permission denied: changing routefence needs CAP_NET_ADMIN
	EOF
	check_refused "unprivileged monitor drops fails clearly" 2 - rf_nobody monitor drops <<-EOF
	Error: permission denied: the "drops" group needs CAP_NET_ADMIN
	EOF
	check_exit "unprivileged monitor follows config only" 124 \
		'Warning: not following "drops": it needs CAP_NET_ADMIN.' \
		timeout 4 ip netns exec "$R" setpriv --reuid=65534 --regid=65534 \
		--clear-groups -- "$RFENCE" monitor
}

# ---- get, and what real packets experience ------------------------------------------

test_get()
{
	check_output "get: not-linked explained" - \
		rf get from 10.1.0.2 to 10.3.0.2 iif r-pc1 <<-EOF
	drop not-linked: pc1 -> pc3 (pc1 links: pc2, onprem) route 10.3.0.0/22 oif r-pc3
	EOF
	check_output "get: accept" - rf get from 10.1.0.2 to 10.2.0.2 <<-EOF
	accept: pc1 -> pc2 route 10.2.0.0/22 oif r-pc2
	EOF
	check_output "get: default-route" - rf get from 192.168.0.2 to 8.8.8.8 <<-EOF
	drop default-route: onprem -> 8.8.8.8 route 0.0.0.0/0 oif r-inet
	EOF
	check_output "get: spoofed source on a bound interface" - \
		rf get from 10.2.0.9 to 10.3.0.2 iif r-pc1 <<-EOF
	drop spoofed: pc1 -> pc3 route 10.3.0.0/22 oif r-pc3
	EOF
	check_json "-j get: drop" \
		'.verdict == "drop" and .reason == "not-linked" and .from == "pc1" and .to == "pc3" and .prefixlen == 22 and .oif == "r-pc3" and .links == ["pc2","onprem"]' \
		rf -j get from 10.1.0.2 to 10.3.0.2
	check_json "-j get: accept has reason null, unmanaged to null" \
		'.verdict == "accept" and .reason == null and .from == "pc1" and .to == null and .prefixlen == 0 and .oif == "r-inet" and .route == "0.0.0.0/0"' \
		rf -j get from 10.1.0.2 to 8.8.8.8
	check_refused "get without a route: the kernel's refusal" 2 \
		"Error: no route to 2001:db8:9::1." \
		rf get from 2001:db8:1::1 to 2001:db8:9::1
}

# verdict SRC DST IIF: get's verdict for one direction, the first word of
# its text output ("accept: pc1 -> pc2 ...", "drop not-linked: ...").
verdict()
{
	local out

	out=$(rf get from "$1" to "$2" iif "$3") || return
	out=${out%%:*}
	echo "${out%% *}"
}

# agree DESC NS SRC DST IIF_THERE IIF_BACK: ping passes exactly when get
# accepts both directions.
agree()
{
	local desc=$1 ns=$2 src=$3 dst=$4 want=fail got=fail

	if [[ $(verdict "$src" "$dst" "$5") == accept &&
	      $(verdict "$dst" "$src" "$6") == accept ]]; then
		want=pass
	fi
	ip netns exec "$ns" ping -q -c 1 -W 1 "$dst" > /dev/null 2>&1 && got=pass
	check_output "get matches traffic: $desc ($want)" "$want" echo "$got"
}

test_traffic()
{
	agree "pc1 -> pc2" "$H1" 10.1.0.2 10.2.0.2 r-pc1 r-pc2
	agree "pc1 -> pc3 (not linked)" "$H1" 10.1.0.2 10.3.0.2 r-pc1 r-pc3
	agree "pc2 -> pc3" "$H2" 10.2.0.2 10.3.0.2 r-pc2 r-pc3
	agree "onprem -> pc3" "$HO" 192.168.0.2 10.3.0.2 r-onp r-pc3
	agree "onprem -> internet (default route)" "$HO" 192.168.0.2 198.51.100.2 r-onp r-inet
	agree "pc1 -> internet" "$H1" 10.1.0.2 198.51.100.2 r-pc1 r-inet

	check_ok "stats reset" rf stats reset
	check_output "stats show" - rf stats show <<-EOF
	NETWORK           FWD-PACKETS      FWD-BYTES NOT-LINKED DEFAULT-ROUTE  SPOOFED UNMANAGED NO-POLICY
	(all)                       0              0          0             0        0         0         0
	pc1                         0              0          0             0        0         0         0
	pc2                         0              0          0             0        0         0         0
	pc3                         0              0          0             0        0         0         0
	onprem                      0              0          0             0        0         0         0
	EOF
	ip netns exec "$H1" ping -q -c 2 -W 1 10.3.0.2 > /dev/null 2>&1
	check_json "stats: the real drops were counted" \
		'.networks[0].stats["not-linked"] == 2' rf -j stats show network pc1
	check_json "stats: namespace totals" '.stats["not-linked"] == 2' rf -j stats show
	check_ok "load of the same policy again" rf load "$TMP/a.rf"
	check_json "...kept the counters" '.networks[0].stats["not-linked"] == 2' \
		rf -j stats show network pc1

	check_ok "audit mode" rf config set mode audit
	check_output "get in audit mode" - rf get from 10.1.0.2 to 10.3.0.2 <<-EOF
	accept not-linked (audit): pc1 -> pc3 (pc1 links: pc2, onprem) route 10.3.0.0/22 oif r-pc3
	EOF
	agree "pc1 -> pc3 in audit mode" "$H1" 10.1.0.2 10.3.0.2 r-pc1 r-pc3
	check_ok "enforce mode" rf config set mode enforce
}

# ---- monitor -----------------------------------------------------------------------

# mon_start FILE ARGS...: rfence ARGS monitor in the background.
mon_start()
{
	local f=$1

	shift
	rf "$@" > "$f" 2> "$f.err" &
	defer kill $!
	MON_PID=$!
}

# toggle_seen FILE PATTERN: change pc3 twice (another process), until FILE
# shows PATTERN.
toggle_seen()
{
	rf network set pc3 default-route deny && rf network set pc3 default-route allow &&
		grep -q "$2" "$1"
}

ping_seen()
{
	ip netns exec "$H1" ping -q -c 1 -W 1 10.3.0.2 > /dev/null 2>&1
	grep -q "$2" "$1"
}

test_monitor()
{
	local f=$TMP/mon.txt j=$TMP/mon.json d=$TMP/drops.json

	mon_start "$f" monitor config
	# Wait for the first change of a toggle: the monitor may subscribe
	# between the two changes of the first one.
	check_ok "monitor sees another process's change" \
		busywait 10000 toggle_seen "$f" ' net-set pc3 id 3 default-route deny$'
	check_ok "monitor line: timestamp, event, attributes" \
		grep -Eq '^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}\] net-set pc3 id 3 default-route deny$' "$f"
	kill "$MON_PID"; wait "$MON_PID" 2> /dev/null

	mon_start "$j" -j monitor
	check_ok "-j monitor sees a change" \
		busywait 10000 toggle_seen "$j" '"event":"net-set"'
	rf link del pc2 pc3 && rf link add pc2 pc3 && rf load "$TMP/a.rf"
	check_ok "-j monitor: link and commit events" \
		busywait 5000 grep -q '"event":"commit"' "$j"
	check_ok "-j monitor: every line is a JSON object" \
		bash -c "jq -e -s 'all(has(\"timestamp\") and has(\"event\"))' < $j > /dev/null"
	check_json "-j monitor: link-del" \
		'[.[] | select(.event == "link-del")][0] | .["net-name"] == "pc2" and .["peer-name"] == "pc3"' \
		jq -s . "$j"
	kill "$MON_PID"; wait "$MON_PID" 2> /dev/null

	mon_start "$d" -j monitor drops
	check_ok "monitor drops: a real packet's drop report" \
		busywait 10000 ping_seen "$d" '"reason":"not-linked"'
	check_json "drop report: what, where, why" \
		'.event == "drop" and .reason == "not-linked" and .audit == false and .["src-net-name"] == "pc1" and .["dst-net-name"] == "pc3" and .src == "10.1.0.2" and .dst == "10.3.0.2" and .iifname == "r-pc1" and .oifname == "r-pc3"' \
		head -n 1 "$d"
	kill "$MON_PID"; wait "$MON_PID" 2> /dev/null
}

test_usage
test_empty
test_build
test_show_text
test_show_json
test_refusals
test_delete
test_load_save
test_load_many
test_batch
test_netns
test_unprivileged
test_get
test_traffic
test_monitor
check_output "the policy survived it all" "$SAVED" rf save

ktap_finished
