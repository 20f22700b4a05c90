#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# commit.sh POLDIR: time committing the whole policy, in the VM.
#
# Per repetition, in fresh namespaces (the order of the two tools
# alternates):
#   rfence  "rfence load policy.rf" into an empty namespace, then the same
#           file again (a no-op for traffic, the whole transaction still
#           runs), then "rfence flush"
#   nft     "nft -f policy.nft" (the equivalent interval maps, sets and
#           chains) into an empty namespace; with BENCH_COMMIT_NFT_DELETE=1
#           also "nft delete table" (slow at scale: otherwise the namespaces
#           stay until the guest powers off, so that no deferred teardown
#           runs during the next measurement)
# plus the kernel memory each one holds once loaded (Slab + VmallocUsed +
# Percpu from /proc/meminfo, after minus before: noisy, a few MiB).
# Ends with a dmesg check for soft lockups and RCU stalls.
#
# Environment: BENCH_COMMIT_REPS (3), BENCH_COMMIT_NFT_REPS (default 1: at
# full scale one nft -f is ~15 min of guest CPU, and under icount a second
# sample repeats the first to 0.02%; 0 skips nft).
# Output: "RES commit ..." and "RES mem ..." lines (see report.py). The
# namespaces are named after the scale, so that run.sh can run it at several
# scales in one boot; /tmp/bench-nft-twin names the namespace that holds
# the last nft twin (incr.sh times single element adds against it).

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

pol=${1:?usage: commit.sh POLDIR}
# shellcheck source=/dev/null
source "$pol/policy.env"
reps=${BENCH_COMMIT_REPS:-3}
nft_reps=${BENCH_COMMIT_NFT_REPS:-1}
pf=/tmp/commit-policy

# kmem_kib: Slab + VmallocUsed + Percpu, in KiB.
kmem_kib()
{
	awk '/^(Slab|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}

# settle: let deferred frees (RCU, workqueues) finish.
settle()
{
	sleep 2
}

commit_rfence()
{
	local ns=c$1-$POL_SCALE m0 m1

	ip netns add "$ns"
	settle
	m0=$(kmem_kib)
	timed rfence first "$RFENCE" -n "$ns" load "$pf/policy.rf"
	settle
	m1=$(kmem_kib)
	echo "RES mem tool=rfence scale=$POL_SCALE kib=$((m1 - m0)) n=$((POL_N4 + POL_N6))"
	timed rfence again "$RFENCE" -n "$ns" load "$pf/policy.rf"
	timed rfence flush "$RFENCE" -n "$ns" flush
	ip netns del "$ns"
}

commit_nft()
{
	local ns=n$1-$POL_SCALE m0 m1

	ip netns add "$ns"
	settle
	m0=$(kmem_kib)
	timed nft first ip netns exec "$ns" nft -f "$pf/policy.nft"
	settle
	m1=$(kmem_kib)
	echo "RES mem tool=nft scale=$POL_SCALE kib=$((m1 - m0)) n=$((NFT_N4 + NFT_N6))"
	if [[ ${BENCH_COMMIT_NFT_DELETE:-0} == 1 ]]; then
		timed nft flush ip netns exec "$ns" nft delete table inet rfbench
		ip netns del "$ns"
	else
		# incr.sh adds single elements to this namespace's twin
		echo "$ns $POL_SCALE" > /tmp/bench-nft-twin
	fi
}

main()
{
	local rep

	# Both files into the guest's RAM (tmpfs), both tools warmed up.
	mkdir -p "$pf"
	cp "$pol/policy.rf" "$pol/policy.nft" "$pf/"
	modprobe routefence
	"$RFENCE" flush > /dev/null 2>&1 || true
	nft --version > /dev/null
	for ((rep = 1; rep <= reps; rep++)); do
		log "commit repetition $rep of $reps"
		if ((rep % 2)); then
			commit_rfence "$rep"
			((rep > nft_reps)) || commit_nft "$rep"
		else
			((rep > nft_reps)) || commit_nft "$rep"
			commit_rfence "$rep"
		fi
	done
	rm -rf "$pf"
	rmmod routefence
	dmesg_check
}

main "$@"
