#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Incremental commits give what a full load gives. Namespace "inc" loads a
# policy of 100,000 IPv4 and 10,000 IPv6 prefixes, then takes 400 single
# changes, each its own commit (prefixes added and deleted, links, bindings,
# default-route settings; an rfence -batch file). Namespace "full" loads the
# final policy in one go. Both must save the same policy and answer
# "rfence get" the same for a sample of 300 packets.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd ip awk cmp jq "$RFENCE"
require_module
ktap_print_header

inc='' full=''
tmp=$(mktemp -d)
defer rm -rf "$tmp"
NETS=50

# interfaces and routes, the same in both namespaces
setup()
{
	local ns i

	setup_ns inc full || return
	for ns in "$inc" "$full"; do
		for i in 0 1 2 3; do
			ip -n "$ns" link add "d$i" type dummy &&
			ip -n "$ns" link set "d$i" up || return
		done
		ip -n "$ns" route add default dev d0 &&
		ip -n "$ns" route add 10.0.0.0/8 dev d1 &&
		ip -n "$ns" -6 route add default dev d0 &&
		ip -n "$ns" -6 route add fd00::/16 dev d2 || return
	done
}

# The base policy: network nN owns 10.N.0.0/16 (as /28s) and fd00:N::/32.
base_policy()
{
	awk -v nets="$NETS" 'BEGIN {
		for (n = 1; n <= nets; n++)
			printf "network add n%d id %d default-route %s\n", n, n,
				n % 7 ? "allow" : "deny"
		for (i = 0; i < 100000; i++) {
			n = i % nets + 1
			j = int(i / nets)
			printf "prefix add 10.%d.%d.%d/28 network n%d\n", n,
				int(j / 16), j % 16 * 16, n
		}
		for (i = 0; i < 10000; i++) {
			n = i % nets + 1
			printf "prefix add fd00:%x:%x::/48 network n%d\n", n,
				int(i / nets), n
		}
		for (n = 1; n < nets; n++)
			printf "link add n%d n%d\n", n, n + 1
		print "dev add d1 network n1"
	}'
}

# 400 changes, one commit each. Some are refused (an existing link, say):
# a refusal changes nothing, which the comparison also covers.
changes()
{
	awk -v nets="$NETS" 'BEGIN {
		srand(7)
		for (k = 0; k < 400; k++) {
			n = int(rand() * nets) + 1
			m = int(rand() * nets) + 1
			x = int(rand() * 256)
			w = int(rand() * 10)
			if (w < 3)
				printf "prefix add 10.%d.%d.%d/32 network n%d\n", n, x,
					int(rand() * 256), n
			else if (w < 5)
				printf "prefix del 10.%d.%d.%d/28\n", n, x % 125,
					int(rand() * 16) * 16
			else if (w < 6)
				printf "prefix add fd00:%x:%x:1::/64 network n%d\n", n,
					int(rand() * 200), n
			else if (w < 7)
				printf "link %s n%d n%d\n", rand() < 0.5 ? "add" : "del", n, m
			else if (w < 8)
				printf "dev %s d%d%s\n", rand() < 0.5 ? "del" : "add",
					2 + int(rand() * 2), rand() < 0.5 ? "" : " network n" n
			else
				printf "network set n%d default-route %s\n", n,
					rand() < 0.5 ? "allow" : "deny"
		}
	}'
}

# 300 packets: addresses inside the networks' space, and outside it.
gets()
{
	awk -v nets="$NETS" 'BEGIN {
		srand(11)
		for (k = 0; k < 300; k++) {
			n = int(rand() * nets) + 1
			m = int(rand() * (nets + 5)) + 1
			if (k % 3)
				printf "get from 10.%d.%d.%d to 10.%d.%d.%d iif d%d\n", n,
					int(rand() * 256), int(rand() * 256), m,
					int(rand() * 256), int(rand() * 256), int(rand() * 2)
			else
				printf "get from fd00:%x:%x::1 to fd00:%x:%x::9\n", n,
					int(rand() * 250), m, int(rand() * 250)
		}
	}'
}

if ! setup; then
	ktap_test_fail "namespaces are set up"
	ktap_finished
fi
ktap_test_pass "namespaces are set up"
base_policy > "$tmp/base"
changes > "$tmp/changes"
gets > "$tmp/gets"
check_ok "inc loads 110,000 prefixes" "$RFENCE" -n "$inc" load "$tmp/base"
check_ok "inc takes 400 changes, one commit each (some refused)" \
	bash -c "'$RFENCE' -n '$inc' -force -batch '$tmp/changes' 2> '$tmp/refused'; true"
check_ok "the changes committed one by one (generation > 300)" \
	bash -c "test \"\$('$RFENCE' -n '$inc' -j config show | jq .generation)\" -gt 300"
"$RFENCE" -n "$inc" save > "$tmp/final"
check_ok "full loads the final policy in one commit" \
	"$RFENCE" -n "$full" load "$tmp/final"
"$RFENCE" -n "$full" save > "$tmp/full.save"
check_ok "both save the same policy ($(wc -l < "$tmp/final") lines)" \
	cmp "$tmp/final" "$tmp/full.save"
"$RFENCE" -n "$inc" -force -batch "$tmp/gets" > "$tmp/inc.get" 2>&1
"$RFENCE" -n "$full" -force -batch "$tmp/gets" > "$tmp/full.get" 2>&1
check_ok "both answer 300 gets the same" cmp "$tmp/inc.get" "$tmp/full.get"
check_ok "the gets gave answers" \
	bash -c "test \"\$(grep -cE '^(accept|drop)' '$tmp/inc.get')\" -ge 250"

ktap_finished
