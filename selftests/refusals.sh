#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every configuration refusal of the policy engine, through rfence, in a
# fresh namespace: each case (check_refused) asserts the exit status (2 when
# the kernel refuses, 1 when the tool refuses the syntax itself), the exact
# stderr as printed by rfence (the message, and the usage after a syntax
# error), an empty stdout, and that the policy is unchanged afterwards
# (rfence save, the policy generation and the counters are the same before
# and after). Then the same refusals inside "rfence load FILE" (reported
# as FILE:LINE: Error: ...) must leave the old policy in force.
#
#   namespace "ns": dummy d0 (bound to pc1), dummy d1 (not bound)
#   pc1 (1): 10.1.0.0/22 fd00:1::/48, nested 10.1.2.0/24 fd00:1:0:2::/64
#   pc2 (2): 10.2.0.0/22 fd00:2::/48, around them 10.2.0.0/16 fd00:2::/32
#   pc3 (3): no prefixes    onprem (4, default-route deny)
#   links pc1-pc2, pc2-pc3

# shellcheck source=lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

rf_test_init jq

ns=''	# set by setup_ns

# load_refused RC LINE MESSAGE LINES...: a load file made of the current
# policy, a change that would apply (unlinking pc2 and pc3) and LINES is
# refused with "FILE:N: MESSAGE", N the file line of the LINE-th of LINES,
# and the old policy stays in force. One result.
load_refused()
{
	local rc=$1 line=$2 msg=$3 f=$tmp/load.rf n lines=()

	shift 3
	{ rf save; echo "link del pc2 pc3"; printf '%s\n' "$@"; } > "$f"
	mapfile -t lines < "$f"
	n=$((${#lines[@]} - $# + line))
	check_refused "load refused at line $line of: $*" "$rc" "$f:$n: $msg" \
		rf load "$f"
}

# shellcheck disable=SC2317 # called through check_output
prefixes_of()
{
	rf -j prefix show network "$1" | jq -r '.[].prefix' | paste -sd ' '
}

setup_ns ns || ktap_skip_all "cannot create network namespaces"
# shellcheck disable=SC2034 # read by lib.sh (rf)
RF_NS=$ns
tmp=$(mktemp -d)
defer rm -rf "$tmp"
if ! ip -n "$ns" link add d0 type dummy || ! ip -n "$ns" link add d1 type dummy; then
	ktap_fail_all "cannot create dummy interfaces"
fi

check_ok "network pc1 is created" rf network add pc1 id 1
check_ok "network pc2 is created" rf network add pc2 id 2
check_ok "network pc3 is created" rf network add pc3 id 3
check_ok "network onprem is created" rf network add onprem id 4 default-route deny
check_ok "10.1.0.0/22 added to pc1" rf prefix add 10.1.0.0/22 network pc1
check_ok "fd00:1::/48 added to pc1" rf prefix add fd00:1::/48 network pc1
check_ok "10.2.0.0/22 added to pc2" rf prefix add 10.2.0.0/22 network pc2
check_ok "fd00:2::/48 added to pc2" rf prefix add fd00:2::/48 network pc2
check_ok "d0 bound to pc1" rf dev add d0 network pc1
check_ok "pc1 and pc2 linked" rf link add pc1 pc2
check_ok "pc2 and pc3 linked" rf link add pc2 pc3

# Nesting inside one network is allowed, both ways.
check_ok "IPv4 nested prefix in the same network (10.1.2.0/24 in pc1's 10.1.0.0/22)" \
	rf prefix add 10.1.2.0/24 network pc1
check_ok "IPv6 nested prefix in the same network (fd00:1:0:2::/64 in pc1's fd00:1::/48)" \
	rf prefix add fd00:1:0:2::/64 network pc1
check_ok "IPv4 prefix around one of the same network's (10.2.0.0/16 over pc2's /22)" \
	rf prefix add 10.2.0.0/16 network pc2
check_ok "IPv6 prefix around one of the same network's (fd00:2::/32 over pc2's /48)" \
	rf prefix add fd00:2::/32 network pc2
check_output "pc1 holds both of its nested prefixes of each family" \
	"10.1.0.0/22 10.1.2.0/24 fd00:1::/48 fd00:1:0:2::/64" prefixes_of pc1
check_output "pc2 holds both of its nested prefixes of each family" \
	"10.2.0.0/16 10.2.0.0/22 fd00:2::/32 fd00:2::/48" prefixes_of pc2

# Boundaries that are accepted, undone right away.
check_ok "network id 4095 is accepted" rf network add edge id 4095
check_ok "network with id 4095 is deleted" rf network del edge
name31=$(printf 'a%.0s' {1..31})
name32=${name31}a
check_ok "31-character network name is accepted" rf network add "$name31"
check_ok "31-character network is deleted" rf network del "$name31"

# A refusal of the tool itself ends with the object's usage.
net_usage=$(rf_usage network)
prefix_usage=$(rf_usage prefix)

# ---- unknown network ----
check_refused "" 2 "Error: network nope does not exist." \
	rf prefix add 10.9.0.0/16 network nope
check_refused "" 2 "Error: network nope does not exist." \
	rf prefix add fd00:9::/48 network nope
check_refused "" 2 "Error: network nope does not exist." rf dev add d1 network nope
check_refused "" 2 "Error: network nope does not exist." rf link add pc1 nope
check_refused "" 2 "Error: network nope does not exist." rf link add nope pc1
check_refused "" 2 "Error: network nope does not exist." rf link del pc1 nope
check_refused "" 2 "Error: network nope does not exist." \
	rf network set nope default-route deny
check_refused "" 2 "Error: network nope does not exist." rf network del nope

# ---- names and ids ----
check_refused "" 2 "Error: network pc1 already exists." rf network add pc1
check_refused "" 2 "Error: network pc1 already exists." rf network add pc1 id 9
check_refused "" 2 "Error: network id 2 is already used by network pc2." \
	rf network add pc9 id 2
check_refused "" 1 'Error: invalid id "0" (expected 1..4095)'"$net_usage" \
	rf network add pc9 id 0
check_refused "" 1 'Error: invalid id "4096" (expected 1..4095)'"$net_usage" \
	rf network add pc9 id 4096
check_refused "" 1 "Error: invalid network name \"$name32\"$net_usage" \
	rf network add "$name32"
check_refused "" 1 'Error: invalid network name "a/b"'"$net_usage" rf network add a/b
check_refused "" 1 'Error: invalid network name "a b"'"$net_usage" rf network add "a b"
check_refused "" 1 'Error: invalid network name "pc1!"'"$net_usage" rf network add 'pc1!'
check_refused "" 1 'Error: invalid network name ""'"$net_usage" rf network add ""

# ---- links ----
check_refused "" 2 "Error: cannot link network pc1 to itself." rf link add pc1 pc1
check_refused "" 2 "Error: networks pc1 and pc2 are already linked." rf link add pc1 pc2
check_refused "" 2 "Error: networks pc1 and pc2 are already linked." rf link add pc2 pc1
check_refused "" 2 "Error: networks pc1 and pc3 are not linked." rf link del pc1 pc3
check_refused "" 2 "Error: networks pc1 and pc3 are not linked." rf link del pc3 pc1

# ---- prefixes: host bits ----
check_refused "" 1 'Error: host bits set in prefix "10.1.0.1/22"'"$prefix_usage" \
	rf prefix add 10.1.0.1/22 network pc1
check_refused "" 1 'Error: host bits set in prefix "fd00:1::1/48"'"$prefix_usage" \
	rf prefix add fd00:1::1/48 network pc1

# ---- prefixes: the overlap rule, IPv4 ----
check_refused "" 2 "Error: 10.1.0.0/22 of network pc2 overlaps 10.1.0.0/22 of network pc1." \
	rf prefix add 10.1.0.0/22 network pc2
check_refused "" 2 "Error: 10.1.0.0/24 of network pc2 overlaps 10.1.0.0/22 of network pc1." \
	rf prefix add 10.1.0.0/24 network pc2
check_refused "" 2 "Error: 10.1.2.128/25 of network pc3 overlaps 10.1.2.0/24 of network pc1." \
	rf prefix add 10.1.2.128/25 network pc3
check_refused "" 2 "Error: 10.0.0.0/8 of network pc3 overlaps 10.1.0.0/22 of network pc1." \
	rf prefix add 10.0.0.0/8 network pc3
check_refused "" 2 "Error: 10.1.0.0/16 of network pc3 overlaps 10.1.0.0/22 of network pc1." \
	rf prefix add 10.1.0.0/16 network pc3
check_refused "" 2 "Error: 0.0.0.0/0 of network onprem overlaps 10.1.0.0/22 of network pc1." \
	rf prefix add 0.0.0.0/0 network onprem
check_refused "" 2 "Error: 10.1.0.0/22 already exists in network pc1." \
	rf prefix add 10.1.0.0/22 network pc1
check_refused "" 2 "Error: 10.1.2.0/24 already exists in network pc1." \
	rf prefix add 10.1.2.0/24 network pc1

# ---- prefixes: the overlap rule, IPv6 ----
check_refused "" 2 "Error: fd00:1::/48 of network pc2 overlaps fd00:1::/48 of network pc1." \
	rf prefix add fd00:1::/48 network pc2
check_refused "" 2 "Error: fd00:1:0:5::/64 of network pc2 overlaps fd00:1::/48 of network pc1." \
	rf prefix add fd00:1:0:5::/64 network pc2
check_refused "" 2 "Error: fd00:1:0:2::/80 of network pc3 overlaps fd00:1:0:2::/64 of network pc1." \
	rf prefix add fd00:1:0:2::/80 network pc3
check_refused "" 2 "Error: fd00::/16 of network pc3 overlaps fd00:1::/48 of network pc1." \
	rf prefix add fd00::/16 network pc3
check_refused "" 2 "Error: fd00:1::/32 of network pc3 overlaps fd00:1::/48 of network pc1." \
	rf prefix add fd00:1::/32 network pc3
check_refused "" 2 "Error: ::/0 of network onprem overlaps fd00:1::/48 of network pc1." \
	rf prefix add ::/0 network onprem
check_refused "" 2 "Error: fd00:1::/48 already exists in network pc1." \
	rf prefix add fd00:1::/48 network pc1
check_refused "" 2 "Error: fd00:1:0:2::/64 already exists in network pc1." \
	rf prefix add fd00:1:0:2::/64 network pc1

# ---- prefixes: deleting what does not exist ----
check_refused "" 2 "Error: prefix 10.9.0.0/16 does not exist." rf prefix del 10.9.0.0/16
check_refused "" 2 "Error: prefix 10.1.0.0/23 does not exist." rf prefix del 10.1.0.0/23
check_refused "" 2 "Error: prefix fd00:9::/48 does not exist." rf prefix del fd00:9::/48
check_refused "" 2 "Error: prefix fd00:1::/49 does not exist." rf prefix del fd00:1::/49

# ---- interface bindings ----
check_refused "" 2 "Error: d0 is already bound to network pc1." rf dev add d0 network pc2
check_refused "" 2 "Error: d0 is already bound to network pc1." rf dev add d0 network pc1
check_refused "" 2 "Error: interface d1 is not bound." rf dev del d1
check_refused "" 1 'Error: interface "nosuch" does not exist' \
	rf dev add nosuch network pc1

# ---- the same refusals inside one load transaction ----
load_refused 2 1 "Error: network nope does not exist." "prefix add 10.9.0.0/16 network nope"
load_refused 2 1 "Error: network nope does not exist." "dev add d1 network nope"
load_refused 2 1 "Error: network nope does not exist." "link add pc1 nope"
load_refused 2 1 "Error: network pc1 already exists." "network add pc1"
load_refused 2 1 "Error: network id 2 is already used by network pc2." "network add pc9 id 2"
load_refused 1 1 'Error: invalid id "4096" (expected 1..4095)' "network add pc9 id 4096"
load_refused 1 1 'Error: invalid network name "a/b"' "network add a/b"
load_refused 2 1 "Error: cannot link network pc1 to itself." "link add pc1 pc1"
load_refused 2 1 "Error: networks pc1 and pc2 are already linked." "link add pc2 pc1"
load_refused 2 1 "Error: networks pc1 and pc3 are not linked." "link del pc1 pc3"
load_refused 1 1 'Error: host bits set in prefix "10.1.0.1/22"' \
	"prefix add 10.1.0.1/22 network pc1"
load_refused 2 1 "Error: 10.1.0.0/24 of network pc2 overlaps 10.1.0.0/22 of network pc1." \
	"prefix add 10.1.0.0/24 network pc2"
load_refused 2 1 "Error: 10.0.0.0/8 of network pc3 overlaps 10.1.0.0/22 of network pc1." \
	"prefix add 10.0.0.0/8 network pc3"
load_refused 2 1 "Error: fd00:1:0:5::/64 of network pc2 overlaps fd00:1::/48 of network pc1." \
	"prefix add fd00:1:0:5::/64 network pc2"
load_refused 2 1 "Error: fd00::/16 of network pc3 overlaps fd00:1::/48 of network pc1." \
	"prefix add fd00::/16 network pc3"
load_refused 2 1 "Error: 10.1.0.0/22 already exists in network pc1." \
	"prefix add 10.1.0.0/22 network pc1"
load_refused 2 1 "Error: fd00:1::/48 already exists in network pc1." \
	"prefix add fd00:1::/48 network pc1"
load_refused 2 1 "Error: d0 is already bound to network pc1." "dev add d0 network pc2"
load_refused 2 1 "Error: prefix 10.9.0.0/16 does not exist." "prefix del 10.9.0.0/16"
load_refused 2 1 "Error: interface d1 is not bound." "dev del d1"
# A refusal in the middle: the valid lines after it do not apply either.
load_refused 2 1 "Error: cannot link network pc1 to itself." \
	"link add pc1 pc1" "network add later" "prefix add 10.7.0.0/16 network later"
load_refused 2 2 "Error: 10.1.1.0/24 of network later overlaps 10.1.0.0/22 of network pc1." \
	"network add later" "prefix add 10.1.1.0/24 network later" \
	"prefix add 10.8.0.0/16 network later" "link add later pc3"

expected_policy="config set mode enforce unmanaged accept drop-events 100
network add pc1 id 1 default-route allow
network add pc2 id 2 default-route allow
network add pc3 id 3 default-route allow
network add onprem id 4 default-route deny
prefix add 10.1.0.0/22 network pc1
prefix add 10.1.2.0/24 network pc1
prefix add 10.2.0.0/16 network pc2
prefix add 10.2.0.0/22 network pc2
prefix add fd00:1::/48 network pc1
prefix add fd00:1:0:2::/64 network pc1
prefix add fd00:2::/32 network pc2
prefix add fd00:2::/48 network pc2
dev add d0 network pc1
link add pc1 pc2
link add pc2 pc3"
check_output "policy is exactly what the accepted commands made" \
	"$expected_policy" rf save

ktap_finished
