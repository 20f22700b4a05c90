#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fwd.sh POLDIR: forwarding cost of routefence vs nftables and BPF, in the VM.
#
# POLDIR holds genpolicy.py's policy.rf, policy.nft and policy.env. Six
# router namespaces, identical but for the filtering (PERF.md 3(a)):
#   V0 r0  no hook (routefence not loaded)
#   V1 r1  routefence loaded, empty policy
#   V2 r2  routefence loaded, the full policy (every packet allowed)
#   V3 r3  the equivalent nftables ruleset (routefence not loaded)
#   V4 r4  an empty nftables base chain on forward
#   V5 r5  the BPF twin (bench/bpf/twin.bpf.c: tc ingress on in0, two LPM
#          trie lookups and a link bitmap; routefence not loaded), loaded
#          by rfbpf from the same policy.rf
# routefence hooks every namespace while loaded, so each repetition has a
# "loaded" phase (modprobe, rfence load of the policy into r2, V1 and V2)
# and an "unloaded" phase (rmmod, V0, V3, V4, V5); the phases alternate their
# order and the variants rotate inside them. Repetition 0 is a warm-up and
# is not reported.
#
# Each run: pktgen (netif_receive on in0, one CPU) sends BENCH_COUNT
# packets with random addresses over the policy's two sides; out0's tx
# counter must grow by exactly BENCH_COUNT (all forwarded), and for V2
# routefence's forwarded counter too, with no drops (V5: the twin's).
#
# Environment: BENCH_REPS (5), BENCH_COUNT (100000), BENCH_FAMS ("4 6"),
# BENCH_DENY_COUNT (20000; the deny check, 0 to skip), BENCH_RFBPF (the
# twin's loader, default build/bench/rfbpf: "make -C bench bpf"),
# BENCH_FWD_VARS (the variants to run, default all: "V0 V1 V2 V3 V4 V5";
# without V3 the nftables twin is not loaded, which at full scale saves
# ~15 minutes of guest time).
# Output: "RES fwd ..." and "RES commit ..." lines (see report.py), and
# "FAIL ..." lines; exit status 1 if a check failed.

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

pol=${1:?usage: fwd.sh POLDIR}
# shellcheck source=/dev/null
source "$pol/policy.env"
reps=${BENCH_REPS:-5}
count=${BENCH_COUNT:-100000}
fams=${BENCH_FAMS:-4 6}
deny=${BENCH_DENY_COUNT:-20000}
rfbpf=${BENCH_RFBPF:-$here/../../build/bench/rfbpf}
bpfpin=/run/rfbpf		# a bpffs for the twin's counters
vars=${BENCH_FWD_VARS:-V0 V1 V2 V3 V4 V5}
fail=0

check()
{
	if [[ $1 != "$2" ]]; then
		echo "FAIL $3: got $1, expected $2"
		fail=1
	fi
}

unload()
{
	if [[ -d /sys/module/routefence ]]; then
		rmmod routefence
	fi
}

# load_policy: the module, and the full policy in r2 (timed: it is also a
# commit-time sample, fresh module, first load).
load_policy()
{
	modprobe routefence
	timed rfence fwd-first "$RFENCE" -n r2 load "$pol/policy.rf"
}

# bpf_total KEY: a counter of the BPF twin (V5).
bpf_total()
{
	"$rfbpf" stats "$bpfpin" | awk -v k="$1" '$1 == k { print $2 }'
}

# load_bpf: the BPF twin on r5's in0 (timed like a commit: the loader
# parses policy.rf and fills the maps one prefix per bpf() call).
load_bpf()
{
	[[ -x $rfbpf ]] || die "$rfbpf missing (make -C bench bpf)"
	mkdir -p "$bpfpin"
	mountpoint -q "$bpfpin" || mount -t bpf bpf "$bpfpin"
	log "loading the BPF twin into r5 ($POL_N4 + $POL_N6 prefixes)"
	timed bpf fwd-first ip netns exec r5 "$rfbpf" load "$pol/policy.rf" in0 "$bpfpin"
}

# pg_setup FAM NS: pktgen device in0 in NS, random addresses of family FAM
# over the policy's source and destination sides.
pg_setup()
{
	local fam=$1 ns=$2 n=${3:-$count}

	pg_reset "$ns"
	pg_dev "$ns" in0 "$n"
	if [[ $fam == 4 ]]; then
		pg_v4 "$ns" in0 "$SRC4_MIN" "$SRC4_MAX" "$DST4_MIN" "$DST4_MAX"
	else
		pg_v6 "$ns" in0 "$SRC6" "$DST6_MIN" "$DST6_MAX"
	fi
}

# run VARIANT FAM REP: one measured run.
run()
{
	local v=$1 fam=$2 rep=$3 ns=r${1#V} tx0 tx1 f0=0 f1 d0=0 d1 pps

	tx0=$(tx_packets "$ns" out0)
	if [[ $v == V2 ]]; then
		f0=$(rf_total "$ns" fwd-packets)
		d0=$(rf_total "$ns" not-linked)
	elif [[ $v == V5 ]]; then
		f0=$(bpf_total fwd-packets)
		d0=$(bpf_total not-linked)
	fi
	pg_run "$ns"
	pps=$(pg_pps "$ns" in0)
	tx1=$(tx_packets "$ns" out0)
	check $((tx1 - tx0)) "$count" "$v IPv$fam rep $rep: out0 tx packets"
	if [[ $v == V2 ]]; then
		f1=$(rf_total "$ns" fwd-packets)
		d1=$(rf_total "$ns" not-linked)
		check $((f1 - f0)) "$count" "$v IPv$fam rep $rep: routefence fwd-packets"
		check $((d1 - d0)) 0 "$v IPv$fam rep $rep: routefence not-linked"
	elif [[ $v == V5 ]]; then
		f1=$(bpf_total fwd-packets)
		d1=$(bpf_total not-linked)
		check $((f1 - f0)) "$count" "$v IPv$fam rep $rep: BPF twin fwd-packets"
		check $((d1 - d0)) 0 "$v IPv$fam rep $rep: BPF twin not-linked"
	fi
	if ((rep > 0)); then
		echo "RES fwd fam=$fam var=$v rep=$rep scale=$POL_SCALE count=$count pps=$pps"
	else
		log "warm-up $v IPv$fam: $pps pps"
	fi
}

# wanted VARIANT: is it in BENCH_FWD_VARS?
wanted()
{
	[[ " $vars " == *" $1 "* ]]
}

# rotate N WORD...: the wanted words rotated left by N.
rotate()
{
	local n=$1 a=() w
	shift
	for w in "$@"; do
		if [[ $w != V* ]] || wanted "$w"; then
			a+=("$w")
		fi
	done
	((${#a[@]})) || return 0
	n=$((n % ${#a[@]}))
	echo "${a[@]:n}" "${a[@]:0:n}"
}

# deny_check: packets between two non-hub networks (both addresses in the
# destination side) are dropped as not linked, by V2, V3 and V5, except
# those whose source or destination is in no network (the coverage gaps)
# or both in one network. Each must forward the expected share, within 6
# binomial standard deviations (pktgen's addresses are random, not the
# same packets for both).
deny_check()
{
	local ns v tx0 tx1 d0 d1 fwd verdict

	for v in V2 V3 V5; do
		wanted "$v" || continue
		ns=r${v#V}
		if [[ $v == V2 ]]; then
			load_policy > /dev/null
		else
			unload
		fi
		pg_reset "$ns"
		pg_dev "$ns" in0 "$deny"
		pg_v4 "$ns" in0 "$DST4_MIN" "$DST4_MAX" "$DST4_MIN" "$DST4_MAX"
		tx0=$(tx_packets "$ns" out0)
		d0=0
		[[ $v == V2 ]] && d0=$(rf_total "$ns" not-linked)
		[[ $v == V5 ]] && d0=$(bpf_total not-linked)
		pg_run "$ns"
		tx1=$(tx_packets "$ns" out0)
		d1=0
		[[ $v == V2 ]] && d1=$(rf_total "$ns" not-linked)
		[[ $v == V5 ]] && d1=$(bpf_total not-linked)
		fwd=$((tx1 - tx0))
		verdict=$(awk -v n="$deny" -v f="$fwd" -v c="$COVER4_DST" \
			-v k=$((POL_NETS - POL_HUBS)) 'BEGIN {
				p = 1 - c * c * (1 - 1 / k); sd = sqrt(n * p * (1 - p))
				d = f - n * p; if (d < 0) d = -d
				printf "%s expected=%.0f", (d <= 6 * sd + 5) ? "ok" : "bad", n * p
			}')
		echo "RES deny var=$v count=$deny forwarded=$fwd rf_not_linked=$((d1 - d0)) ${verdict#* }"
		if [[ $verdict != ok* ]]; then
			echo "FAIL deny check $v: $fwd of $deny forwarded, ${verdict#* }"
			fail=1
		fi
		if [[ $v == V2 || $v == V5 ]] && ((fwd + d1 - d0 != deny)); then
			echo "FAIL deny check $v: forwarded + not-linked != $deny"
			fail=1
		fi
	done
	unload
}

main()
{
	local ns fam rep phase v

	modprobe pktgen
	unload
	for ns in r0 r1 r2 r3 r4 r5; do
		router_ns "$ns"
	done
	ip netns exec r4 nft -f - <<- 'EOF'
		table inet rfempty {
			chain forward {
				type filter hook forward priority filter; policy accept;
			}
		}
	EOF
	if wanted V3; then
		log "loading the nftables twin into r3 ($NFT_N4 + $NFT_N6 interval elements)"
		timed nft fwd-first ip netns exec r3 nft -f "$pol/policy.nft"
	fi
	if wanted V5; then
		load_bpf
	fi
	sleep 3		# let IPv6 link-local/MLD chatter settle

	for fam in $fams; do
		for ns in r0 r1 r2 r3 r4 r5; do
			pg_setup "$fam" "$ns"
		done
		for ((rep = 0; rep <= reps; rep++)); do
			log "IPv$fam repetition $rep of $reps"
			for phase in $(rotate "$rep" loaded unloaded); do
				if [[ $phase == loaded ]]; then
					[[ -n $(rotate 0 V1 V2) ]] || continue
					load_policy
					for v in $(rotate "$rep" V1 V2); do
						run "$v" "$fam" "$rep"
					done
					unload
				else
					for v in $(rotate "$rep" V0 V3 V4 V5); do
						run "$v" "$fam" "$rep"
					done
				fi
			done
		done
	done
	if ((deny > 0)); then
		deny_check
	fi
	dmesg_check || fail=1
	return "$fail"
}

main "$@"
