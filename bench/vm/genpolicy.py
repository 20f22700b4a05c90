#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic benchmark policy for routefence, and its nftables twin.

genpolicy.py [--scale S] [--variant bench|A|B] [--seed N] OUTDIR

Writes into OUTDIR:
  policy.rf    an "rfence load" file
  policy.nft   the equivalent nftables ruleset (table inet rfbench)
  policy.env   shell variables for the benchmark scripts (counts, traffic
               ranges, addresses)

Scale 1.0 is 1,000,000 IPv4 + 200,000 IPv6 prefixes over 4,095 networks;
smaller scales shrink the prefix counts and the number of networks.

Shape. IPv4 prefix lengths follow a DFZ-like mix (58% /24, 9% /23, 11% /22,
the rest /8../21 plus a few /25../32); IPv6 lengths are mostly /32../48
(/28../48). 98% of the prefixes tile the address space without overlap:
shortest first, each goes into a random free block (chosen with probability
proportional to its size), split buddy-style, so no two networks ever
overlap. The other 2% are more-specifics nested in a prefix of the same
network (allowed by routefence; the nft twin leaves them out, see below).

Layout, so that every benchmark packet is allowed by the policy without a
full mesh of links (4,095 networks would need 8.4M links): the "source side"
of the IPv4 space (whole /8s from 11.0.0.0, just enough for half the
prefixes) belongs to 8 hub networks (ids 1..8), the "destination side"
(/8s from 128.0.0.0) to the other networks. Every hub is linked to every
network. IPv6 likewise: the source side is 2400::/16 (hubs, a tenth of the
prefixes), the destination side 2a00::/P (the others, P as long as fits).
policy.env gives the traffic ranges and their coverage. 10.0.0.0/8 is left
out for the atomicity test's own prefixes.

nftables twin (the best design we know for this policy in nft 1.0.6):
  map src4/src6  interval, address -> "jump nN" (source network's chain)
  map dst4/dst6  interval, address -> mark (destination network id)
  set allow_N    hash set of the network ids N may reach (links and itself)
  chain n4_N/n6_N "meta mark set ip daddr map @dst4 meta mark != @allow_N drop"
  (a destination outside every network stops the rule: accepted, as in
  routefence; a source outside every network matches no element: accepted,
  like routefence's "unmanaged accept"). nft interval maps refuse
  overlapping elements, so the nested prefixes are left out: they map to
  the same value as their parent.

Variants A and B are the atomicity test's two policies: the same bulk
prefixes (B rotates the owners of the destination side by one network, so
the lookup tables differ) plus flows in 10.0.0.0/8 whose networks and links
are chosen so that any packet classified with a mix of A and B (source
network from one, destination network or links from the other) changes
verdict. See atomic.sh.
"""

import argparse
import os
import random
import sys

HUBS = 8
NESTED = 0.02       # share of prefixes nested in one of the same network

# Relative weights of IPv4 prefix lengths (sum 1).
V4_LEN = {
    8: 0.000002, 9: 0.000002, 10: 0.000005, 11: 0.00001, 12: 0.00003,
    13: 0.00006, 14: 0.00015, 15: 0.0003, 16: 0.004, 17: 0.006, 18: 0.015,
    19: 0.035, 20: 0.07, 21: 0.08, 22: 0.11, 23: 0.09,
    25: 0.003, 26: 0.002, 27: 0.001, 28: 0.001, 29: 0.0005, 30: 0.0005,
    31: 0.0002, 32: 0.0008,
}
V4_LEN[24] = 1.0 - sum(V4_LEN.values())

V6_LEN = {
    28: 0.01, 29: 0.04, 30: 0.005, 31: 0.005, 32: 0.15, 33: 0.02,
    34: 0.02, 35: 0.01, 36: 0.04, 37: 0.01, 38: 0.01, 39: 0.01, 40: 0.06,
    41: 0.005, 42: 0.015, 43: 0.005, 44: 0.08, 45: 0.015, 46: 0.025,
    47: 0.025,
}
V6_LEN[48] = 1.0 - sum(V6_LEN.values())

# Atomicity flows: (src prefix, dst prefix) and the networks that own them
# under A and B (indices into the 8 special networks, see special_nets()).
#   flow 1 (allowed under A and under B): A a1->a2 (linked), B b1->b2 (linked)
#   flow 2 (dropped under A and under B): A c1->d2, B d1->c2 (not linked);
#   links: A {a1-a2, c1-c2}, B {b1-b2, d1-d2}, so any mix flips the verdict.
A1, A2, B1, B2, C1, C2, D1, D2 = range(8)
FLOW_PFX = {"f1s": "10.1.0.0/16", "f1d": "10.2.0.0/16",
            "f2s": "10.3.0.0/16", "f2d": "10.4.0.0/16"}
OWNERS = {
    "A": {"f1s": A1, "f1d": A2, "f2s": C1, "f2d": D2},
    "B": {"f1s": B1, "f1d": B2, "f2s": D1, "f2d": C2},
}
SLINKS = {"A": [(A1, A2), (C1, C2)], "B": [(B1, B2), (D1, D2)]}


def counts(total, weights):
    """Integer counts per length summing to total."""
    out = {}
    acc = 0
    lens = sorted(weights)
    for ln in lens:
        out[ln] = int(round(total * weights[ln]))
        acc += out[ln]
    big = max(lens, key=lambda x: out[x])
    out[big] += total - acc
    return out


def tile(rng, bits, region_len, blocks, wanted):
    """Place prefixes of the lengths in `wanted` ({len: count}) without
    overlap into the free blocks `blocks` (values of length region_len),
    shortest first, each into a random free block (chosen with probability
    proportional to its size), splitting it buddy-style. Every free block
    is at most as long as the prefix being placed, so this never fails
    while the total size fits. Returns [(len, value)]."""
    free = {region_len: list(blocks)}
    out = []
    for ln in sorted(wanted):
        for _ in range(wanted[ln]):
            lens = [x for x in free if free[x]]
            wts = [len(free[x]) * 2.0 ** (region_len - x) for x in lens]
            r = rng.random() * sum(wts)
            for x, wt in zip(lens, wts):
                r -= wt
                if r < 0:
                    break
            lst = free[x]
            i = rng.randrange(len(lst))
            v = lst[i]
            lst[i] = lst[-1]
            lst.pop()
            while x < ln:
                v <<= 1
                x += 1
                bit = rng.getrandbits(1)
                free.setdefault(x, []).append(v | (bit ^ 1))
                v |= bit
            out.append((ln, v))
    del bits
    return out


def nested(rng, bits, items, n, maxstep):
    """n more-specifics of random items (same network), no duplicates."""
    seen = set((ln, v) for ln, v, _ in items)
    out = []
    while len(out) < n:
        ln, v, net = items[rng.randrange(len(items))]
        if ln >= bits:
            continue
        l2 = rng.randint(ln + 1, min(bits, ln + maxstep))
        v2 = (v << (l2 - ln)) | rng.getrandbits(l2 - ln)
        if (l2, v2) in seen:
            continue
        seen.add((l2, v2))
        out.append((l2, v2, net))
    return out


def split(cnt):
    """Per-length counts, halved between two sides."""
    a = {ln: c // 2 for ln, c in cnt.items()}
    b = {ln: c - a[ln] for ln, c in cnt.items()}
    return a, b


def size(bits, cnt):
    return sum(c << (bits - ln) for ln, c in cnt.items())


def fmt4(val, ln):
    a = val << (32 - ln)
    return "%d.%d.%d.%d/%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255,
                               a & 255, ln)


def addr6(a):
    # Compressed enough: our prefixes end by /48, so the last 5 groups are 0.
    g = [(a >> (112 - 16 * i)) & 0xffff for i in range(8)]
    while g and g[-1] == 0:
        g.pop()
    if len(g) == 8:
        return ":".join("%x" % x for x in g)
    return ":".join("%x" % x for x in g) + "::"


def addr6full(a):
    return ":".join("%x" % ((a >> (112 - 16 * i)) & 0xffff) for i in range(8))


def fmt6(val, ln):
    return "%s/%d" % (addr6(val << (128 - ln)), ln)


def ip4(a):
    return "%d.%d.%d.%d" % (a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float,
                    default=float(os.environ.get("BENCH_SCALE", "1.0")))
    ap.add_argument("--variant", choices=("bench", "A", "B"), default="bench")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--no-nft", action="store_true")
    ap.add_argument("outdir")
    args = ap.parse_args()

    s = args.scale
    n4 = max(100, int(round(1000000 * s)))
    n6 = max(20, int(round(200000 * s)))
    nnets = max(32, min(4095, int(round(4095 * s))))
    hubs = list(range(1, HUBS + 1))
    others = list(range(HUBS + 1, nnets + 1))
    rng = random.Random(args.seed)

    # IPv4: two sides of whole /8s, each just big enough for its half of
    # the prefixes: source side from 11.0.0.0 (hubs), destination side from
    # 128.0.0.0 (the others).
    c4 = counts(n4 - int(round(n4 * NESTED)), V4_LEN)
    cs, cd = split(c4)
    k4 = max(-(-size(32, cs) // (1 << 24)), -(-size(32, cd) // (1 << 24)))
    if 11 + k4 > 127:
        sys.exit("genpolicy: scale too large for the IPv4 layout")
    items4 = []
    for base, cnt, nets in ((11, cs, hubs), (128, cd, others)):
        for ln, v in tile(rng, 32, 8, range(base, base + k4), cnt):
            items4.append((ln, v, nets[rng.randrange(len(nets))]))
    cover4 = size(32, c4) / (2.0 * k4 * (1 << 24))
    cover4d = size(32, cd) / float(k4 * (1 << 24))
    nest4 = nested(rng, 32, items4, n4 - len(items4), 8)

    # IPv6: source side 2400::/16 (hubs, a tenth of the prefixes),
    # destination side 2a00::/P (the others), P as long as fits.
    c6 = counts(n6 - int(round(n6 * NESTED)), V6_LEN)
    cs = {ln: c // 10 for ln, c in c6.items()}
    cd = {ln: c - cs[ln] for ln, c in c6.items()}
    items6 = []
    for ln, v in tile(rng, 128, 16, [0x2400], cs):
        items6.append((ln, v, hubs[rng.randrange(len(hubs))]))
    p6 = 28
    while p6 > 8 and size(128, cd) > (1 << (128 - p6)):
        p6 -= 1
    dbase = (0x2a00 << 112) >> (128 - p6)
    for ln, v in tile(rng, 128, p6, [dbase], cd):
        items6.append((ln, v, others[rng.randrange(len(others))]))
    cover6 = size(128, cd) / float(1 << (128 - p6))
    nest6 = nested(rng, 128, items6, n6 - len(items6), 8)

    ids = list(range(1, nnets + 1))
    special = ids[-8:] if args.variant != "bench" else []
    owner_of = {}
    if args.variant == "B":
        # Rotate the owners of the destination side by one network.
        k = len(others)
        owner_of = {n: others[(i + 1) % k] for i, n in enumerate(others)}

    def own(net):
        return owner_of.get(net, net)

    # Links: every hub with every network (hubs among themselves once).
    links = [(h, n) for h in hubs for n in ids if n > h]
    if args.variant != "bench":
        for a, b in SLINKS[args.variant]:
            links.append((special[a], special[b]))
    allow = {n: {n} for n in ids}
    for a, b in links:
        allow[a].add(b)
        allow[b].add(a)

    os.makedirs(args.outdir, exist_ok=True)
    name = "n%d"
    # nft interval maps refuse overlapping elements: its twin leaves out
    # the nested prefixes (they map to the same value as their parent).
    top4 = [(fmt4(v, ln), own(n)) for ln, v, n in items4]
    top6 = [(fmt6(v, ln), own(n)) for ln, v, n in items6]
    pfx4 = top4 + [(fmt4(v, ln), own(n)) for ln, v, n in nest4]
    pfx6 = top6 + [(fmt6(v, ln), own(n)) for ln, v, n in nest6]
    rng.shuffle(pfx4)
    rng.shuffle(pfx6)
    if args.variant != "bench":
        for key, p in FLOW_PFX.items():
            pfx4.append((p, special[OWNERS[args.variant][key]]))
            top4.append((p, special[OWNERS[args.variant][key]]))

    with open(os.path.join(args.outdir, "policy.rf"), "w") as f:
        w = f.write
        w("# routefence benchmark policy: scale %g, variant %s, seed %d\n"
          % (s, args.variant, args.seed))
        w("config set mode enforce unmanaged accept\n")
        for n in ids:
            w("network add n%d id %d\n" % (n, n))
        for p, n in pfx4:
            w("prefix add %s network n%d\n" % (p, n))
        for p, n in pfx6:
            w("prefix add %s network n%d\n" % (p, n))
        for a, b in links:
            w("link add n%d n%d\n" % (a, b))

    if not args.no_nft:
        write_nft(os.path.join(args.outdir, "policy.nft"), ids, top4, top6,
                  allow)

    # Traffic for the forwarding benchmark: both addresses random over the
    # two sides (pktgen: uniform in [min, max]); IPv6: pktgen randomizes
    # only the destination, (random | min) & max, the source is fixed.
    ln, v, _ = items6[0]
    src6 = addr6((v << (128 - ln)) | 1)
    spec = ""
    if special:
        spec = " ".join("%s=n%d" % (k, special[i]) for k, i in
                        zip(("A1", "A2", "B1", "B2", "C1", "C2", "D1", "D2"),
                            range(8)))
    with open(os.path.join(args.outdir, "policy.env"), "w") as f:
        f.write("# generated by genpolicy.py\n")
        f.write("POL_SCALE=%g\nPOL_VARIANT=%s\nPOL_N4=%d\nPOL_N6=%d\n"
                "POL_NETS=%d\nPOL_LINKS=%d\nPOL_HUBS=%d\n"
                "NFT_N4=%d\nNFT_N6=%d\n"
                % (s, args.variant, len(pfx4), len(pfx6), nnets, len(links),
                   HUBS, len(top4), len(top6)))
        f.write("SRC4_MIN=11.0.0.0\nSRC4_MAX=%d.255.255.255\n"
                "DST4_MIN=128.0.0.0\nDST4_MAX=%d.255.255.255\n"
                % (10 + k4, 127 + k4))
        f.write("COVER4=%.4f\nCOVER4_DST=%.4f\nCOVER6=%.4f\n"
                % (cover4, cover4d, cover6))
        hi = (dbase << (128 - p6)) | ((1 << (128 - p6)) - 1)
        f.write("SRC6=%s\nDST6_MIN=%s\nDST6_MAX=%s\n"
                % (src6, addr6(dbase << (128 - p6)), addr6full(hi)))
        f.write("POL_SPECIAL='%s'\n" % spec)
        for k, p in FLOW_PFX.items():
            f.write("FLOW_%s=%s\n" % (k.upper(), p))


def write_nft(path, ids, pfx4, pfx6, allow):
    with open(path, "w") as f:
        w = f.write
        w("# equivalent nftables ruleset, generated by genpolicy.py\n")
        w("table inet rfbench {\n")
        for n in ids:
            w("\tset allow_%d {\n\t\ttype mark\n\t\telements = { %s }\n\t}\n"
              % (n, ", ".join(str(x) for x in sorted(allow[n]))))
        for fam, pfx, typ in (("4", pfx4, "ipv4_addr"),
                              ("6", pfx6, "ipv6_addr")):
            if not pfx:
                continue
            w("\tmap src%s {\n\t\ttype %s : verdict\n\t\tflags interval\n"
              "\t\telements = {\n" % (fam, typ))
            w(",\n".join("\t\t\t%s : jump n%s_%d" % (p, fam, n)
                         for p, n in pfx))
            w("\n\t\t}\n\t}\n")
            w("\tmap dst%s {\n\t\ttype %s : mark\n\t\tflags interval\n"
              "\t\telements = {\n" % (fam, typ))
            w(",\n".join("\t\t\t%s : %d" % (p, n) for p, n in pfx))
            w("\n\t\t}\n\t}\n")
            kw = "ip" if fam == "4" else "ip6"
            for n in ids:
                w("\tchain n%s_%d {\n\t\tmeta mark set %s daddr map @dst%s "
                  "meta mark != @allow_%d drop\n\t}\n" % (fam, n, kw, fam, n))
        w("\tchain forward {\n\t\ttype filter hook forward priority filter; "
          "policy accept;\n")
        if pfx4:
            w("\t\tip saddr vmap @src4\n")
        if pfx6:
            w("\t\tip6 saddr vmap @src6\n")
        w("\t}\n}\n")


if __name__ == "__main__":
    main()
