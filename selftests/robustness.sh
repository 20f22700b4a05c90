#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel side under conditions a router meets: an interface deleted
# while a large commit holds the namespace's lock (the netdevice notifier
# runs under RTNL and must not wait for it), deletions inside a large
# transaction (no quadratic scan, no soft lockup), the prefix limit,
# interfaces whose traffic may bypass the forward hook, and unloading the
# module with bound interfaces while a monitor listens (nothing is sent
# once the family is gone).

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd ip nft awk jq dmesg "$RFENCE"
require_module
ktap_print_header

big='' flow=''
tmp=$(mktemp -d)
defer rm -rf "$tmp"
param=/sys/module/routefence/parameters/max_prefixes

# prefixes N NET: N distinct IPv4 /32s for network NET, as file lines.
prefixes()
{
	awk -v n="$1" -v net="$2" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "prefix add 10.%d.%d.%d/32 network %s\n",
				int(i / 65536) % 256, int(i / 256) % 256, i % 256, net
	}'
}

# ---- an interface goes away during a long commit -----------------------------

# committing PID: PID spends its time in the kernel only, in one long call
# (its commit, under the namespace's lock): over 0.1 s its system time grew
# (by two ticks at least: the guest's CPU may be shared with the host's
# other guests) and its user time not at all (while it parses the file or
# sends prefixes, both grow).
# shellcheck disable=SC2317 # called through busywait
committing()
{
	local a b

	read -r -a a < "/proc/$1/stat" || return 2
	sleep 0.1
	read -r -a b < "/proc/$1/stat" || return 2
	[[ ${b[13]} == "${a[13]}" && $((b[14] - a[14])) -ge 2 ]]
}

# devs: "IFNAME=NETWORK ..." of big's bindings.
# shellcheck disable=SC2317 # called through check_output
devs()
{
	"$RFENCE" -n "$big" dev show | awk 'NR > 1 { printf "%s%s=%s", sep, $1, $3; sep = " " } END { print "" }'
}

test_unbind_during_commit()
{
	local f=$tmp/big.conf loadpid t0 t1 ms alive rc=0

	setup_ns big || return
	ip -n "$big" link add bd0 type dummy && ip -n "$big" link add bd1 type dummy
	{
		echo "network add a"
		echo "dev add bd0 network a"
		echo "dev add bd1 network a"
		prefixes 1000000 a
	} > "$f"
	"$RFENCE" -n "$big" load "$f" > "$tmp/load.out" 2>&1 &
	loadpid=$!
	check_ok "the load of 1,000,000 prefixes is committing (holding big's lock)" \
		busywait 120000 committing "$loadpid"
	t0=${EPOCHREALTIME/[^0-9]/}
	ip -n "$big" link del bd0
	t1=${EPOCHREALTIME/[^0-9]/}
	kill -0 "$loadpid" 2> /dev/null && alive=1 || alive=0
	ms=$(((t1 - t0) / 1000))
	check_ok "ip link del of a bound interface returns while the commit runs (${ms} ms)" \
		test "$alive" = 1
	wait "$loadpid" || rc=$?
	check_ok "the load succeeds" test "$rc" = 0
	check_output "bd0's binding is gone after the commit" "bd1=a" \
		busywait 10000 devs_is "bd1=a"
}

# shellcheck disable=SC2317 # called through busywait
devs_is()
{
	[[ $(devs) == "$1" ]] && echo "$1"
}

# ---- deletions inside a large transaction ------------------------------------

test_txn_deletions()
{
	local f=$tmp/txn.conf

	{
		echo "network add a"
		prefixes 200000 a
		prefixes 8192 a | sed 's/^prefix add/prefix del/; s/ network a$//'
	} > "$f"
	check_ok "one load adds 200,000 prefixes then deletes 8,192 of them" \
		"$RFENCE" -n "$big" load "$f"
	check_output "191,808 prefixes are left" 191808 \
		bash -c "'$RFENCE' -n '$big' -j config show | jq '.[\"prefix-count\"]'"
}

# ---- the prefix limit ----------------------------------------------------------

# shellcheck disable=SC2317 # called through check_output
generation()
{
	"$RFENCE" -n "$big" -j config show | jq '.generation'
}

test_limit()
{
	local old f=$tmp/limit.conf before

	old=$(cat "$param")
	check_ok "max_prefixes is set to 1000" bash -c "echo 1000 > $param"
	defer bash -c "echo $old > $param"
	before=$(generation)
	{ echo "network add a"; prefixes 1001 a; } > "$f"
	check_exit "a policy of 1001 prefixes is refused" 2 \
		"$f:1002: Error: too many prefixes: a namespace may have 1000 (module parameter max_prefixes)." \
		"$RFENCE" -n "$big" load "$f"
	check_output "the policy in force is unchanged (generation $before)" \
		"$before" generation
	{ echo "network add a"; prefixes 1000 a; } > "$f"
	check_ok "1000 prefixes load" "$RFENCE" -n "$big" load "$f"
	check_ok "max_prefixes back to $old" bash -c "echo $old > $param"
}

# ---- bypass ------------------------------------------------------------------------

bypass_lines()
{
	dmesg | grep -c "forwarded traffic through fl0 may bypass the policy: an nftables flowtable"
}

test_bypass()
{
	local before

	setup_ns flow || return
	ip -n "$flow" link add fl0 type dummy && ip -n "$flow" link set fl0 up
	before=$(bypass_lines)
	check_ok "a flowtable on fl0" ip netns exec "$flow" nft -f - <<-EOF
	add table inet ft
	add flowtable inet ft f { hook ingress priority 0; devices = { fl0 }; }
	EOF
	check_ok "a commit in the flowtable's namespace" \
		"$RFENCE" -n "$flow" network add a
	check_output "the kernel log warns about fl0's flowtable" $((before + 1)) \
		bypass_lines
	check_ok "another commit" "$RFENCE" -n "$flow" network add b
	check_output "... and warns only once" $((before + 1)) bypass_lines
	check_output "config show lists fl0 as a flowtable bypass" \
		"fl0 flowtable" bash -c "'$RFENCE' -n '$flow' -j config show |
		jq -r '.bypass[] | \"\\(.ifname) \\(.kinds | join(\",\"))\"'"
	check_output "config show warns in text" \
		"warning: forwarded traffic through fl0 may bypass the policy (nftables flowtable)" \
		bash -c "'$RFENCE' -n '$flow' config show | grep '^warning'"
	"$RFENCE" -n "$flow" monitor config > "$tmp/flow.mon" 2>&1 &
	defer kill $!
	check_ok "monitor shows the bypass with the next commit" busywait 5000 \
		bash -c "'$RFENCE' -n '$flow' config set drop-events 5 &&
		grep -q ' bypass fl0:flowtable' '$tmp/flow.mon'"
}

# ---- unloading with bound interfaces ---------------------------------------------

test_unload_bound()
{
	local mon=$tmp/mon.out monpid

	if [[ ! -e /sys/module/routefence/initstate ]] ||
	   ! modinfo routefence > /dev/null 2>&1; then
		skip "rmmod with bound interfaces" "routefence cannot be reloaded here"
		return
	fi
	ip -n "$big" link add bd2 type dummy
	check_ok "bd2 is bound" "$RFENCE" -n "$big" dev add bd2 network a
	"$RFENCE" -n "$big" -j monitor config > "$mon" 2>&1 &
	monpid=$!
	check_ok "the monitor follows big" busywait 5000 bash -c \
		"'$RFENCE' -n '$big' config set drop-events 10 && grep -q '\"config\"' '$mon'"
	: > "$mon"
	ip netns del "$flow"
	check_ok "rmmod routefence with bd1, bd2 bound and a listener" \
		rmmod routefence
	sleep 0.5
	kill "$monpid" 2> /dev/null
	wait "$monpid" 2> /dev/null
	check_output "the listener got no notification during the unload" "" \
		sed '/^$/d' "$mon"
	check_ok "routefence loads again" modprobe routefence
}

# ---- main ------------------------------------------------------------------------

dmesg_start=$(dmesg | wc -l)
test_unbind_during_commit
test_txn_deletions
test_limit
test_bypass
test_unload_bound
check_ok "no kernel warnings" bash -c \
	"! dmesg | tail -n +$((dmesg_start + 1)) | grep -E 'BUG:|WARNING:|Oops|KASAN|soft lockup'"

ktap_finished
