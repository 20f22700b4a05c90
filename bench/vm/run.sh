#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: the VM part of "make bench". Generates the benchmark policies on
# the host (cached in build/bench-vm/), boots ONE guest with the module
# from the build tree and runs in it fwd.sh (forwarding cost, V0..V5),
# commit.sh (rfence load vs nft -f), incr.sh (single changes against the
# whole policy, and the ip route / nft element anchors) and atomic.sh
# (whole-policy commits, then single-prefix commits, under traffic), then
# prints one table (report.py). The raw results and the
# table are kept in build/bench-vm/last-run.txt.
#
# Usage: bench/vm/run.sh            (from the repository root or anywhere)
#
# Environment:
#   BENCH_SCALE         policy scale for fwd and commit (1.0 = 1M IPv4 +
#                       200k IPv6 prefixes over 4,095 networks)
#   BENCH_NFT_SCALE     scale(s) of the commit comparison, run in this
#                       order (default: those of 0.00833 and 0.0833 that
#                       are below BENCH_SCALE, then BENCH_SCALE: 10k, 100k
#                       and 1.2M prefixes; incr.sh's nft anchor needs the
#                       last one to be BENCH_SCALE)
#   BENCH_ATOMIC_SCALE  scale of the two policies of atomic.sh (default:
#                       the smaller of BENCH_SCALE and 0.1: 100 commits of
#                       the full policy take over an hour under TCG)
#   BENCH_PARTS         which parts to run (default "fwd commit incr atomic
#                       atomic-single")
#   BENCH_ATOMIC1_SCALE scale of atomic-single's policy (default:
#                       BENCH_SCALE), BENCH_ATOMIC1_COMMITS its number of
#                       single-prefix commits (default 10000)
#   BENCH_REPS, BENCH_COUNT, BENCH_FAMS, BENCH_COMMIT_REPS,
#                       BENCH_INCR_REPS, BENCH_FIB_ROUTES,
#                       BENCH_ATOMIC_COMMITS, BENCH_ATOMIC_MODE: see the
#                       scripts; BENCH_MEM guest memory (default 12G: nft -f
#                       of the full-scale twin needs more than 6G)
#   BENCH_ICOUNT        1 (default): one vCPU under "-icount shift=0,sleep=off",
#                       so guest time counts guest instructions (1 ns = 1
#                       instruction): deterministic, immune to the host's
#                       load, but blind to memory effects (TCG models no
#                       caches anyway). 0: two vCPUs, wall-clock time.
#   VM_TIMEOUT          seconds for the whole guest run (default 10800)

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${RF_BUILD_DIR:-$repo/build}/bench-vm

# gen SCALE VARIANT: the policy directory, generated unless up to date.
gen()
{
	local d=$out/pol-$1-$2

	if [[ ! -s $d/policy.env || $d/policy.env -ot $here/genpolicy.py ]]; then
		echo "run.sh: generating the scale $1 policy ($2) in $d" >&2
		python3 "$here/genpolicy.py" --scale "$1" --variant "$2" "$d.tmp" >&2
		rm -rf "$d"
		mv "$d.tmp" "$d"
	fi
	echo "$d"
}

# In the guest: run the parts, collect the results, print the table.
guest()
{
	local pol=$1 npol=$2 pa=$3 pb=$4 pa1=$5 res=/tmp/bench-results.txt rc=0 part p

	: > "$res"
	echo "# guest: ${BENCH_QEMU_ARGS:-wall clock}, $(nproc) CPUs, $(awk '/MemTotal/ { print $2 / 1048576 }' /proc/meminfo) GiB," \
		"$(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1), kernel $(uname -r)"
	for part in ${BENCH_PARTS:-fwd commit incr atomic atomic-single}; do
		echo "# ---- $part ----"
		case $part in
		fwd)    "$here/fwd.sh" "$pol" ;;
		commit) for p in ${npol//:/ }; do "$here/commit.sh" "$p" || exit 1; done ;;
		incr)   "$here/incr.sh" "$pol" ;;
		atomic) "$here/atomic.sh" "$pa" "$pb" ;;
		atomic-single)
			BENCH_ATOMIC_MODE=single \
			BENCH_ATOMIC_COMMITS=${BENCH_ATOMIC1_COMMITS:-10000} \
				"$here/atomic.sh" "$pa1" "$pa1" ;;
		*)      echo "FAIL unknown part $part" ;;
		esac 2>&1 | tee -a "$res" || rc=1
	done
	echo "# ---- results ----"
	python3 "$here/report.py" "$res"
	grep -q '^FAIL' "$res" && rc=1
	return "$rc"
}

main()
{
	local scale=${BENCH_SCALE:-1.0} pol npol='' pa pb ascale rc=0 mem=${BENCH_MEM:-12G} smp=2 s krel pa1
	local parts=${BENCH_PARTS:-fwd commit incr atomic atomic-single}
	local nscales=${BENCH_NFT_SCALE:-$(awk -v s="$scale" 'BEGIN {
		if (0.00833 < s) printf "0.00833 "
		if (0.0833 < s) printf "0.0833 "
		print s }')}
	local ko=$repo/kmod/routefence.ko

	if [[ ${1:-} == --guest ]]; then
		shift
		guest "$@"
		return
	fi
	[[ -f $ko ]] || { echo "run.sh: $ko missing (make)" >&2; exit 1; }
	[[ -x $repo/tools/rfence ]] || { echo "run.sh: tools/rfence missing (make)" >&2; exit 1; }
	mkdir -p "$out"
	pol=$(gen "$scale" bench)
	for s in $nscales; do
		npol=${npol:+$npol:}$(gen "$s" bench)
	done
	ascale=${BENCH_ATOMIC_SCALE:-$(awk -v s="$scale" 'BEGIN { print (s < 0.1) ? s : 0.1 }')}
	pa=$(gen "$ascale" A)
	pb=$pa
	[[ ${BENCH_ATOMIC_MODE:-} == single ]] || pb=$(gen "$ascale" B)
	pa1=$pa
	[[ " $parts " != *" atomic-single "* ]] || pa1=$(gen "${BENCH_ATOMIC1_SCALE:-$scale}" A)
	export VM_TIMEOUT=${VM_TIMEOUT:-10800}
	if [[ ${BENCH_ICOUNT:-1} == 1 ]]; then
		# tools/vm/vmrun has no option for extra qemu arguments: a
		# wrapper first in PATH appends them. icount hangs SMP bring-up
		# here, hence one vCPU.
		export PATH=$here/qemu:$PATH
		export BENCH_QEMU_ARGS="-icount shift=0,sleep=off"
		smp=1
	fi
	echo "run.sh: $(git -C "$repo" describe --always --dirty 2> /dev/null || echo '?'); module" \
		"$(stat -c '%y' "$ko" | cut -d. -f1), md5 $(md5sum < "$ko" | cut -c1-12)" >&2
	echo "run.sh: one VM ($mem, $smp vCPU, ${BENCH_QEMU_ARGS:-wall clock}), scale $scale;" \
		"host: $(nproc) CPUs, $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n1)" >&2
	# the kernel the module was built for (vmrun's default is the newest
	# installed one, which may be another, e.g. the PREEMPT_RT build)
	krel=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	"$repo/tools/vm/vmrun" --kernel "$krel" --mem "$mem" --smp "$smp" --modules "$ko" --path "$repo/tools" \
		-- "$here/run.sh" --guest "$pol" "$npol" "$pa" "$pb" "$pa1" |
		tee "$out/last-run.txt" || rc=$?
	return "$rc"
}

main "$@"
