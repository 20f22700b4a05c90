#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No unfiltered window: loaded with drop_before_policy=1, routefence drops
# what a namespace forwards until the namespace's first commit (reason
# no-policy), in every namespace, also those created later; a check-only
# or failed load does not open it, a committed policy does. Unloading the
# module stops all filtering; loading it again with the parameter closes
# the namespaces again. Without the parameter nothing is dropped before the
# first commit. Reloads the module: skipped when the initial namespace has
# a policy (rmmod would destroy it).
#
#     a 10.1.0.2 --- hub --- b 10.2.0.2      hub forwards; networks a, b,
#                     |                      c by prefix, link a-b only
#                     c 10.3.0.2
#
#   d: a namespace created after the first commit, with a dummy route.

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_root
require_cmd ip ping jq modprobe modinfo lsmod "$RFENCE"
require_module
ktap_print_header

PARAM=/sys/module/routefence/parameters/drop_before_policy
# shellcheck disable=SC2034 # c is read as ${!s} in setup_topology
hub='' a='' c='' d=''	# namespaces (and b), set by setup_ns
policy=$(mktemp)
broken=$(mktemp)
defer rm -f "$policy" "$broken"

# shellcheck disable=SC2317 # called indirectly
rf()
{
	"$RFENCE" -n "$hub" "$@"
}

# why_not_reload: why the module cannot be reloaded here, or nothing.
why_not_reload()
{
	if [[ ! -e /sys/module/routefence/initstate ]]; then
		echo "routefence is built in"
	elif [[ $(lsmod | awk '$1 == "routefence" { print $3 }') != 0 ]]; then
		echo "routefence is in use"
	elif [[ $("$RFENCE" -j config show | jq '.["net-count"]') != 0 ]]; then
		echo "the initial namespace has a policy: rmmod would destroy it"
	elif ! modinfo routefence > /dev/null 2>&1; then
		echo "modprobe cannot load routefence (not installed)"
	fi
}

# state [NS]: "no-policy generation" of a namespace's config (default: the
# initial namespace).
# shellcheck disable=SC2317 # called indirectly
state()
{
	"$RFENCE" ${1:+-n "$1"} -j config show |
		jq -r '"\(.["no-policy"]) \(.generation)"'
}

# shellcheck disable=SC2317 # called indirectly
json_reason()
{
	rf -j get from 10.1.0.2 to 10.2.0.2 | jq -r .reason
}

setup_topology()
{
	local s i=0

	setup_ns hub a b c || return
	rf_router "$hub" || return
	for s in a b c; do
		i=$((i + 1))
		rf_link_ns "$hub" "$s" "${!s}" "10.$i.0.1" "10.$i.0.2" \
			"fd00:$i::1" "fd00:$i::2" || return
	done
}

write_policy()
{
	local s i=0

	for s in a b c; do
		i=$((i + 1))
		echo "network add $s"
		echo "prefix add 10.$i.0.0/24 network $s"
		echo "prefix add fd00:$i::/64 network $s"
	done
	echo "link add a b"
}

# shellcheck disable=SC2317 # called indirectly
reload()
{
	modprobe -r routefence && modprobe routefence "$@"
}

why=$(why_not_reload)
if [[ -n $why ]]; then
	ktap_skip_all "$why"
fi
defer modprobe routefence
defer modprobe -r routefence

# ---- the parameter ------------------------------------------------------------

check_exit "modprobe drop_before_policy=maybe is refused" 1 \
	"modprobe: ERROR: could not insert 'routefence': Invalid argument" \
	reload drop_before_policy=maybe
check_ok "and leaves routefence unloaded" test ! -d /sys/module/routefence
check_ok "modprobe routefence drop_before_policy=1" \
	modprobe routefence drop_before_policy=1
check_output "the parameter reads Y" Y cat "$PARAM"
check_output "the parameter is read-only (0444)" 444 stat -c %a "$PARAM"
check_output "init namespace: no-policy drop, generation 0" "drop 0" state
check_output "config show prints it" "no-policy     drop" \
	bash -c "\"$RFENCE\" config show | grep '^no-policy'"

# ---- closed until the first commit ----------------------------------------------

if ! setup_topology; then
	ktap_test_fail "topology is set up"
	ktap_finished
fi
ktap_test_pass "topology is set up"
# shellcheck disable=SC2034 # read by rf_counters (lib.sh)
RF_COUNTED=("=$hub")
write_policy > "$policy"
{ cat "$policy"; echo "prefix add 10.1.0.128/25 network b"; } > "$broken"

check_output "a namespace created after the load starts closed" "drop 0" \
	state "$hub"
for fam in 4 6; do
	dst=10.2.0.2
	[[ $fam == 4 ]] || dst=fd00:2::2
	exp_drop "" no-policy
	check_traffic "IPv$fam a -> b before any policy" "$fam" "$a" "$dst" fail
done
check_output "get explains it" "drop no-policy" \
	bash -c "\"$RFENCE\" -n $hub get from 10.1.0.2 to 10.2.0.2 | cut -d: -f1"
check_output "-j get: reason no-policy" no-policy json_reason
check_ok "load ... check validates" rf load "$policy" check
check_refused "a broken load is refused with file:line" 2 \
	"$broken:11: Error: 10.1.0.128/25 of network b overlaps 10.1.0.0/24 of network a." \
	rf load "$broken"
check_output "neither opened the namespace" "drop 0" state "$hub"
exp_drop "" no-policy
check_traffic "IPv4 a -> b still dropped" 4 "$a" 10.2.0.2 fail

check_ok "the first load commits" rf load "$policy"
check_output "generation 1, the setting stays visible" "drop 1" state "$hub"
exp_fwd 4 a
exp_fwd 4 b
check_traffic "IPv4 a -> b (linked) after the load" 4 "$a" 10.2.0.2 pass
exp_drop a not-linked
check_traffic "IPv4 a -> c (not linked) after the load" 4 "$a" 10.3.0.2 fail
exp_fwd 6 a
exp_fwd 6 b
check_traffic "IPv6 a -> b (linked) after the load" 6 "$a" fd00:2::2 pass

# ---- namespaces created later; flush is a commit ----------------------------------

if setup_ns d && ip -n "$d" link add dummy0 type dummy &&
   ip -n "$d" addr add 10.9.0.1/24 dev dummy0 &&
   ip -n "$d" link set dummy0 up; then
	check_output "a namespace created later starts closed" "drop 0" state "$d"
	check_output "its get says no-policy" "drop no-policy" \
		bash -c "\"$RFENCE\" -n $d get from 10.8.0.1 to 10.9.0.2 | cut -d: -f1"
	check_ok "flush is an explicit (empty) commit" "$RFENCE" -n "$d" flush
	check_output "and opens it" "accept" \
		bash -c "\"$RFENCE\" -n $d get from 10.8.0.1 to 10.9.0.2 | cut -d: -f1"
else
	ktap_test_fail "namespace d is set up"
fi

# ---- unloading with a policy in force --------------------------------------------

check_ok "rmmod routefence with the hub's policy in force" rmmod routefence
ping_cmd 4 "$a" 10.3.0.2 pass
check_ok "without the module nothing filters: a -> c passes" "${RF_PING[@]}"
check_ok "modprobe routefence drop_before_policy=1 again" \
	modprobe routefence drop_before_policy=1
check_output "the hub's policy is gone, the hub is closed again" "drop 0" state "$hub"
exp_drop "" no-policy
check_traffic "IPv4 a -> b dropped until the policy is loaded again" \
	4 "$a" 10.2.0.2 fail

# ---- without the parameter ---------------------------------------------------------

check_ok "modprobe routefence (no parameter)" reload
check_output "the parameter reads N" N cat "$PARAM"
check_output "the hub: no-policy accept, generation 0" "accept 0" state "$hub"
exp_fwd 4 ""
exp_fwd 4 ""
check_traffic "IPv4 a -> c forwarded before any policy" 4 "$a" 10.3.0.2 pass

ktap_finished
