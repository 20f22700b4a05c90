// SPDX-License-Identifier: GPL-2.0
/*
 * twin.bpf.c: routefence's forwarding policy as a tc (clsact ingress) eBPF
 * program, the design many engineers would write instead of the module:
 * two BPF_MAP_TYPE_LPM_TRIE lookups (source and destination address ->
 * network id, one trie per family) and a link bitmap. The benchmark
 * (bench/vm/fwd.sh, variant V5) measures it against routefence and the
 * nftables twin; rfbpf.c loads it from an "rfence load" policy file.
 *
 * Verdict, as routefence's for a forwarded packet (docs/design.md, "The
 * packet path"): S = network of the source address, D = network of the
 * destination address.
 *   no S        unmanaged: dropped only with "unmanaged drop"
 *   no D, D==S  forwarded
 *   no link     not-linked: dropped (counted only, in audit mode)
 * What it does not do (interface bindings, spoofing, default-route deny,
 * forwarded packets only, per-network counters, atomic policy changes):
 * see docs/performance.md, "BPF twin".
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

/* Address -> network id. The loader sizes them to the policy. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1);
	__type(key, struct twin_key4);
	__type(value, __u32);
} net4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1);
	__type(key, struct twin_key6);
	__type(value, __u32);
} net6 SEC(".maps");

/*
 * Link bitmap: bit S * stride + D is set when S may reach D (both
 * directions of every link). 64 bits per element; the loader sizes it
 * and fills it through mmap().
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} links SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TWIN_NR_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* Set by the loader before the program is loaded (the whole .rodata). */
const volatile struct twin_conf twin_conf = { .stride = 1 };

static __always_inline void count(__u32 reason)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &reason);

	if (c)
		*c += 1;
}

static __always_inline int linked(__u32 s, __u32 d)
{
	__u32 bit = s * twin_conf.stride + d;
	__u32 word = bit / 64;
	__u64 *w = bpf_map_lookup_elem(&links, &word);

	return w && (*w >> (bit % 64)) & 1;
}

/* The verdict for source network *s and destination network *d (NULL: none). */
static __always_inline int verdict(const __u32 *s, const __u32 *d)
{
	__u32 reason = TWIN_FWD;

	if (!s) {
		if (twin_conf.flags & TWIN_F_UNMANAGED_DROP)
			reason = TWIN_UNMANAGED;
	} else if (d && *d != *s && !linked(*s, *d)) {
		reason = TWIN_NOT_LINKED;
	}
	if (reason == TWIN_FWD)
		goto pass;
	count(reason);
	if (!(twin_conf.flags & TWIN_F_AUDIT))
		return TC_ACT_SHOT;
pass:
	count(TWIN_FWD);
	return TC_ACT_OK;
}

static __always_inline int twin_v4(void *data, void *end)
{
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct twin_key4 k = { .plen = 32 };
	__u32 *s, *d;

	if ((void *)(ip + 1) > end)
		return TC_ACT_OK;
	__builtin_memcpy(k.addr, &ip->saddr, 4);
	s = bpf_map_lookup_elem(&net4, &k);
	__builtin_memcpy(k.addr, &ip->daddr, 4);
	d = bpf_map_lookup_elem(&net4, &k);
	return verdict(s, d);
}

static __always_inline int twin_v6(void *data, void *end)
{
	struct ipv6hdr *ip6 = data + sizeof(struct ethhdr);
	struct twin_key6 k = { .plen = 128 };
	__u32 *s, *d;

	if ((void *)(ip6 + 1) > end)
		return TC_ACT_OK;
	__builtin_memcpy(k.addr, &ip6->saddr, 16);
	s = bpf_map_lookup_elem(&net6, &k);
	__builtin_memcpy(k.addr, &ip6->daddr, 16);
	d = bpf_map_lookup_elem(&net6, &k);
	return verdict(s, d);
}

SEC("tc")
int rf_twin(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;

	/* Only untagged Ethernet frames: the benchmark's. */
	if (skb->protocol == bpf_htons(ETH_P_IP))
		return twin_v4(data, end);
	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return twin_v6(data, end);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
