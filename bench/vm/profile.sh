#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile.sh POLDIR: where the forwarding path spends its instructions,
# in the VM. Software cpu-clock sampling works without a PMU; under
# "-icount" (run.sh's default) guest time counts instructions, so the
# samples are instruction-weighted. Profiles IPv4 and IPv6 traffic through
# routefence with the full policy (V2), with an empty policy (V1) and
# through the nftables twin (V3), and prints the top symbols of each.
#
# Environment: BENCH_PROFILE_COUNT (300000 packets), BENCH_PROFILE_FREQ
# (10000 samples per second of guest time), BENCH_PROFILE_TOP (25);
# BENCH_PROFILE_COMMIT=1 profiles "rfence load POLDIR/policy.rf" instead.

set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$here/lib.sh"

pol=${1:?usage: profile.sh POLDIR}
# shellcheck source=/dev/null
source "$pol/policy.env"
count=${BENCH_PROFILE_COUNT:-300000}
freq=${BENCH_PROFILE_FREQ:-10000}
top=${BENCH_PROFILE_TOP:-25}

prof()
{
	local what=$1 ns=$2 fam=$3

	pg_reset "$ns"
	pg_dev "$ns" in0 "$count"
	if [[ $fam == 4 ]]; then
		pg_v4 "$ns" in0 "$SRC4_MIN" "$SRC4_MAX" "$DST4_MIN" "$DST4_MAX"
	else
		pg_v6 "$ns" in0 "$SRC6" "$DST6_MIN" "$DST6_MAX"
	fi
	perf record -q -e cpu-clock -F "$freq" -a -o /tmp/perf.data -- \
		ip netns exec "$ns" sh -c 'echo start > /proc/net/pktgen/pgctrl' 2> /dev/null
	echo "## profile $what IPv$fam ($(pg_pps "$ns" in0) pps), scale $POL_SCALE: top symbols"
	perf report -q -i /tmp/perf.data --stdio --no-children --sort sym 2> /dev/null |
		awk -v top="$top" 'NF && n++ < top'
	echo "## profile $what IPv$fam: filtering symbols (rf_, nf_, nft_, ipt_)"
	perf report -q -i /tmp/perf.data --stdio --no-children --sort sym 2> /dev/null |
		awk '/\] (rf_|nf_|nft_|__nft_|ipt_)/'
}

# prof_commit: where "rfence load" of the whole policy spends its
# instructions (user and kernel), first load and a second one.
prof_commit()
{
	local i

	modprobe routefence
	ip netns add pc
	cat "$pol/policy.rf" > /dev/null
	for i in first again; do
		perf record -q -e cpu-clock -F "$freq" -a -o /tmp/perf.data -- \
			"$RFENCE" -n pc load "$pol/policy.rf" 2> /dev/null
		echo "## profile rfence load ($i), scale $POL_SCALE: top symbols"
		perf report -q -i /tmp/perf.data --stdio --no-children \
			--sort comm,dso,sym 2> /dev/null | awk -v top="$top" 'NF && n++ < top'
	done
	ip netns del pc
	rmmod routefence
}

main()
{
	if [[ ${BENCH_PROFILE_COMMIT:-0} == 1 ]]; then
		echo 0 > /proc/sys/kernel/kptr_restrict
		prof_commit
		return
	fi
	modprobe pktgen
	echo 0 > /proc/sys/kernel/kptr_restrict
	echo -1 > /proc/sys/kernel/perf_event_paranoid
	router_ns p1
	router_ns p2
	router_ns p3
	ip netns exec p3 nft -f "$pol/policy.nft"
	modprobe routefence
	"$RFENCE" -n p2 load "$pol/policy.rf"
	sleep 2
	prof "V2 routefence full policy" p2 4
	prof "V1 routefence empty policy" p1 4
	prof "V2 routefence full policy" p2 6
	rmmod routefence
	prof "V3 nftables twin" p3 4
}

main "$@"
