#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# incr.sh POLDIR: what one change costs against the whole policy, in the VM.
#
# Namespace "inc" loads POLDIR/policy.rf ("full"), then each repetition
# times, each its own rfence process and kernel commit:
#   bare        "rfence -n inc config show": starting a process in the
#               namespace and one netlink round trip (subtracted below)
#   pfx-add/del one IPv4 /24 added to a network and deleted again
#   pfx6-add/del one IPv6 /48 likewise
#   link-add/del a link between two networks that were not linked
#   dev-add/del a binding of a dummy interface to a network
#   batch100    one "rfence -batch" of 100 prefix adds (100 commits in one
#               process), and of the 100 deletes
#   txn100      one "rfence apply" of the same 100 adds (one transaction,
#               one commit), and of the 100 deletes
# and the anchors, in the same boot:
#   ip route add of one route into a FIB of BENCH_FIB_ROUTES (1,000,000)
#   routes ("fib-build": the ip -batch that built it), bare "ip link show
#   dev lo" in the same namespace;
#   nft add / delete element of one element in the dst4 interval map of the
#   nft twin commit.sh left loaded (/tmp/bench-nft-twin, when it is of the
#   same scale), bare "nft --version" in the same namespace (process start
#   and libnftables; "nft list tables", timed as nft-list, is no bare
#   process: nft 1.0.6 fills its cache with every set's elements first).
# report.py subtracts the bare medians and prints each change as a share of
# the full load.
#
# Environment: BENCH_INCR_REPS (7), BENCH_INCR_NFT_REPS (the nft anchor's
# repetitions; default BENCH_INCR_REPS below scale 0.5, else 1: at full
# scale each nft command costs 2-3 minutes of guest CPU, and under icount
# a second sample only repeats the first), BENCH_FIB_ROUTES (1000000; 0
# skips the FIB anchor). Output: "RES incr ..." lines (timed, lib.sh).

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

pol=${1:?usage: incr.sh POLDIR}
# shellcheck source=/dev/null
source "$pol/policy.env"
reps=${BENCH_INCR_REPS:-7}
nft_reps=${BENCH_INCR_NFT_REPS:-$(awk -v s="$POL_SCALE" -v r="$reps" 'BEGIN { print (s < 0.5) ? r : 1 }')}
routes=${BENCH_FIB_ROUTES:-1000000}
ns=inc
tmp=/tmp/incr
export TIMED_KIND=incr

# batch100 FILE OP: 100 prefix adds (OP add) or deletes (OP del) in 10.8/16.
batch100()
{
	awk -v op="$2" 'BEGIN {
		for (i = 0; i < 100; i++)
			if (op == "add")
				printf "prefix add 10.8.%d.0/24 network n9\n", i
			else
				printf "prefix del 10.8.%d.0/24\n", i
	}' > "$1"
}

rfence_changes()
{
	# the two last networks: both on the destination side, not linked
	local rep a=n$((POL_NETS - 1)) b=n$POL_NETS i

	ip netns add "$ns"
	ip -n "$ns" link add b0 type dummy
	timed rfence full "$RFENCE" -n "$ns" load "$tmp/policy.rf"
	batch100 "$tmp/add100" add
	batch100 "$tmp/del100" del
	for ((rep = 1; rep <= reps; rep++)); do
		timed rfence bare "$RFENCE" -n "$ns" config show
		timed rfence pfx-add "$RFENCE" -n "$ns" prefix add "10.9.$rep.0/24" network n9
		timed rfence pfx-del "$RFENCE" -n "$ns" prefix del "10.9.$rep.0/24"
		timed rfence pfx6-add "$RFENCE" -n "$ns" prefix add "2001:db8:$rep::/48" network n9
		timed rfence pfx6-del "$RFENCE" -n "$ns" prefix del "2001:db8:$rep::/48"
		timed rfence link-add "$RFENCE" -n "$ns" link add "$a" "$b"
		timed rfence link-del "$RFENCE" -n "$ns" link del "$a" "$b"
		timed rfence dev-add "$RFENCE" -n "$ns" dev add b0 network n9
		timed rfence dev-del "$RFENCE" -n "$ns" dev del b0
		timed rfence batch100-add "$RFENCE" -n "$ns" -batch "$tmp/add100"
		timed rfence batch100-del "$RFENCE" -n "$ns" -batch "$tmp/del100"
		timed rfence txn100-add "$RFENCE" -n "$ns" apply "$tmp/add100"
		timed rfence txn100-del "$RFENCE" -n "$ns" apply "$tmp/del100"
	done
	# the policy is the file's again
	"$RFENCE" -n "$ns" save "$tmp/saved.rf"
	i=$(grep -c '^prefix add' "$tmp/saved.rf" || true)
	if ((i != POL_N4 + POL_N6)); then
		echo "FAIL incr: $i prefixes saved after the changes, expected $((POL_N4 + POL_N6))"
		return 1
	fi
	ip netns del "$ns"
}

fib_anchor()
{
	local rep

	((routes > 0)) || return 0
	ip netns add fib
	ip -n fib link add d0 type dummy
	ip -n fib link set d0 up
	# /24s from 16.0.0.0 up (2^20 of them up to 31.255.255.0)
	awk -v n="$routes" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "route add %d.%d.%d.0/24 dev d0\n", 16 + int(i / 65536),
				int(i / 256) % 256, i % 256
	}' > "$tmp/fib.batch"
	timed ip fib-build ip -n fib -batch "$tmp/fib.batch"
	rm -f "$tmp/fib.batch"
	for ((rep = 1; rep <= reps; rep++)); do
		timed ip bare ip -n fib link show dev lo
		timed ip route-add ip -n fib route add "10.9.$rep.0/24" dev d0
		timed ip route-del ip -n fib route del "10.9.$rep.0/24" dev d0
	done
	echo "RES fib scale=$POL_SCALE routes=$routes"
	ip netns del fib
}

nft_anchor()
{
	local nns scale rep

	[[ -s /tmp/bench-nft-twin ]] || { log "no nft twin loaded: no nft anchor"; return 0; }
	read -r nns scale < /tmp/bench-nft-twin
	[[ $scale == "$POL_SCALE" ]] || { log "nft twin of scale $scale, not $POL_SCALE: no nft anchor"; return 0; }
	for ((rep = 1; rep <= nft_reps; rep++)); do
		timed nft bare ip netns exec "$nns" nft --version
		timed nft nft-list ip netns exec "$nns" nft list tables
		timed nft elem-add ip netns exec "$nns" nft add element inet rfbench dst4 "{ 10.9.$rep.0/24 : 9 }"
		timed nft elem-del ip netns exec "$nns" nft delete element inet rfbench dst4 "{ 10.9.$rep.0/24 }"
	done
}

main()
{
	mkdir -p "$tmp"
	cp "$pol/policy.rf" "$tmp/"
	modprobe routefence
	rfence_changes
	rmmod routefence
	fib_anchor
	nft_anchor
	rm -rf "$tmp"
	dmesg_check
}

main "$@"
