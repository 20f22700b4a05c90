#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink fuzzer (nlfuzz, driven by uapi/routefence.yaml) against the
# module: six processes in two router namespaces, as root, as an
# unprivileged user, as root of a user namespace with a network namespace
# of its own, and as root of a user namespace facing a namespace it does
# not own; valid-shaped and mutated requests, transactions committed,
# aborted and abandoned. Then the state it left must be sound:
#   - nlfuzz's own assertions held (see nlfuzz.c) and the kernel reported
#     nothing while it ran
#   - no transaction was left behind: a new socket can write
#   - "rfence save" loads back with "rfence load" and saves the same text
#   - "rfence get" agrees with real packets (pktgen) on a random sample
#   - the kernel log has no report (KASAN, lockdep, ... on a debug kernel)
#
#   r1, r2: routers as in bench/vm/lib.sh (router_ns): dummies in0..in3
#           (one MAC) where pktgen injects, out0 where routes lead
#           (default routes, and 10.0.0.0/11 and fd00::/14, the fuzzer's
#           address space), forwarding on, rp_filter off
#
# Environment: RF_FUZZ_SEED (default: random; printed, and a failure of
# nlfuzz prints the message that triggered it), RF_FUZZ_MESSAGES (3000),
# RF_FUZZ_PROCS (6), RF_FUZZ_SAMPLES (packets checked per namespace, 4),
# RF_FUZZ_RUNS (consecutive runs, seeds SEED, SEED+1, ...; default 1),
# RF_FUZZ_TIMEOUT (seconds an answer may take, 120).

here=$(dirname "$(readlink -f "$0")")
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=../bench/vm/lib.sh
source "$here/../bench/vm/lib.sh"

NLFUZZ=${NLFUZZ:-$here/nlfuzz}
seed=${RF_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
messages=${RF_FUZZ_MESSAGES:-3000}
procs=${RF_FUZZ_PROCS:-6}
samples=${RF_FUZZ_SAMPLES:-4}
runs=${RF_FUZZ_RUNS:-1}
timeout=${RF_FUZZ_TIMEOUT:-120}

require_root
require_cmd ip modprobe "$RFENCE" "$NLFUZZ"
require_module
ktap_print_header
r1='' r2=''		# set by setup_ns

# fuzz_router NS: bench's router, with the fuzzer's address space routed.
fuzz_router()
{
	local mac d

	router_ns "$1" in1 in2 in3 > /dev/null || return
	mac=$(ip netns exec "$1" cat /sys/class/net/in0/address)
	for d in in1 in2 in3; do
		ip -n "$1" link set "$d" address "$mac" || return
	done
	ip -n "$1" route del 0.0.0.0/1 && ip -n "$1" route del 128.0.0.0/1 &&
	ip -n "$1" -6 route del ::/1 && ip -n "$1" -6 route del 8000::/1 &&
	route_via "$1" 0.0.0.0/0 out0 && route_via "$1" ::/0 out0 &&
	route_via "$1" 10.0.0.0/11 out0 && route_via "$1" fd00::/14 out0
}

# ---- no transaction left behind, save and load -------------------------------

# roundtrip NS: save, load that back, save again: the same text.
roundtrip()
{
	local f

	f=$(mktemp)
	defer rm -f "$f"
	"$RFENCE" -n "$1" save > "$f" || return
	check_ok "$1: the policy the fuzzer left loads back" "$RFENCE" -n "$1" load "$f"
	check_output "$1: and saves to the same text ($(grep -c . "$f") lines)" \
		"$(cat "$f")" "$RFENCE" -n "$1" save
}

# ---- rfence get against packets ------------------------------------------------

# pg_sample NS IIF SRC DST: inject 3 packets SRC -> DST on IIF (pktgen,
# netif_receive) and print how many out0 transmitted.
pg_sample()
{
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec "$1" sh -c '
		set -e
		cd /proc/net/pktgen
		t=kpktgend_$5
		echo rem_device_all > $t
		i=0
		while grep -q "^Running: [a-z]\|^Stopped: [a-z]" $t; do
			i=$((i + 1)); [ $i -lt 200 ] || exit 1; sleep 0.01
		done
		echo "add_device $2" > $t
		for c in "count 3" "clone_skb 0" "delay 0" "pkt_size 80" \
			"xmit_mode netif_receive" "flag NO_TIMESTAMP" \
			"dst_mac $(cat /sys/class/net/$2/address)"; do
			echo "$c" > $2
		done
		case $3 in
		*:*) echo "dst6 $4" > $2; echo "src6 $3" > $2 ;;
		*) for c in "dst $4" "src_min $3" "src_max $3"; do echo "$c" > $2; done ;;
		esac
		o=/sys/class/net/out0/statistics/tx_packets
		b=$(cat $o)
		echo start > pgctrl
		echo $(($(cat $o) - b))
	' sh "$1" "$2" "$3" "$4" "$PG_CPU"
}

# The prefixes of NS's policy, as addresses: v4 and v6 arrays.
policy_addrs()
{
	local line re='^prefix add ([0-9a-f.:]+)/[0-9]+ '

	v4=() v6=()
	while read -r line; do
		[[ $line =~ $re ]] || continue
		if [[ ${BASH_REMATCH[1]} == *:* ]]; then
			v6+=("${BASH_REMATCH[1]}")
		else
			v4+=("${BASH_REMATCH[1]}")
		fi
	done < <("$RFENCE" -n "$1" save)
}

# pick ARRAY OUTSIDE: an element of ARRAY (80%) or OUTSIDE.
pick()
{
	local -n arr=$1

	if [[ ${#arr[@]} -gt 0 && $((RANDOM % 5)) -ne 0 ]]; then
		echo "${arr[RANDOM % ${#arr[@]}]}"
	else
		echo "$2"
	fi
}

# get_vs_packets NS: for RF_FUZZ_SAMPLES packets, "rfence get" says
# accept (or audit) exactly when pktgen's packets come out.
get_vs_packets()
{
	local ns=$1 i src dst iif out verdict fwd want got bad=0 v4 v6

	policy_addrs "$ns"
	for ((i = 0; i < samples; i++)); do
		iif=in$((RANDOM % 4))
		if [[ $((RANDOM % 2)) -eq 0 ]]; then
			src=$(pick v4 198.18.0.7)
			dst=$(pick v4 203.0.113.9)
		else
			src=$(pick v6 2001:db8:9::7)
			dst=$(pick v6 2001:db8:7::9)
		fi
		out=$("$RFENCE" -n "$ns" get from "$src" to "$dst" iif "$iif" 2>&1) || {
			echo "#   get from $src to $dst iif $iif failed: $out"
			bad=1
			continue
		}
		verdict=${out%%:*}
		want=dropped
		[[ $verdict == accept* || $verdict == *"(audit)" ]] && want=forwarded
		fwd=$(pg_sample "$ns" "$iif" "$src" "$dst") || {
			echo "#   pktgen failed for $src -> $dst on $iif"
			bad=1
			continue
		}
		got=unclear
		[[ $fwd == 3 ]] && got=forwarded
		[[ $fwd == 0 ]] && got=dropped
		echo "#   $src -> $dst iif $iif: get says \"$out\"; packets $got ($fwd of 3 out)"
		[[ $got == "$want" ]] || bad=1
	done
	return "$bad"
}

# ---- main ------------------------------------------------------------------------

if ! setup_ns r1 r2 || ! modprobe pktgen || ! fuzz_router "$r1" ||
   ! fuzz_router "$r2"; then
	ktap_test_fail "routers set up"
	ktap_finished
fi
mark=$(kmsg_mark)
for ((run = 0; run < runs; run++)); do
	s=$((seed + run))
	echo "# [+] $NLFUZZ --seed $s --messages $messages --procs $procs --netns $r1,$r2"
	rc=0
	"$NLFUZZ" --seed "$s" --messages "$messages" --procs "$procs" \
		--timeout "$timeout" --netns "$r1,$r2" 2>&1 || rc=$?
	ktap_test_status "nlfuzz: $messages messages, seed $s, $procs processes" "$rc"
done
for ns in "$r1" "$r2"; do
	check_ok "$ns: no transaction left behind (a new socket can write)" \
		"$RFENCE" -n "$ns" config set drop-events 0
	roundtrip "$ns"
	echo "# [+] rfence get against pktgen's packets, $samples samples in $ns"
	out=$(get_vs_packets "$ns")
	rc=$?
	echo "$out"
	ktap_test_status "$ns: rfence get agrees with real packets" "$rc"
done
check_ok "the kernel reported nothing" kmsg_clean "$mark"
ktap_finished
