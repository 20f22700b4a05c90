#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py [FILE...]: the VM benchmark table from fwd.sh, commit.sh and
atomic.sh output ("RES kind key=value ..." lines; other lines are ignored).
Medians over repetitions; the targets (issues 5 and 13) are printed next
to the ratios, never asserted."""

import fileinput
import statistics
import sys

VARS = [
    ("V0", "no hook (routefence not loaded)"),
    ("V1", "routefence loaded, empty policy"),
    ("V2", "routefence, full policy"),
    ("V3", "nftables twin (interval maps)"),
    ("V4", "nftables, empty base chain"),
    ("V5", "BPF twin (tc ingress, LPM tries)"),
]


def parse(lines):
    out = []
    for line in lines:
        if not line.startswith("RES "):
            continue
        w = line.split()
        rec = {"kind": w[1]}
        for kv in w[2:]:
            if "=" in kv:
                k, v = kv.split("=", 1)
                rec[k] = v
        out.append(rec)
    return out


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fwd_table(recs):
    fams = sorted({r["fam"] for r in recs if r["kind"] == "fwd"})
    for fam in fams:
        rs = [r for r in recs if r["kind"] == "fwd" and r["fam"] == fam]
        scale = rs[0]["scale"]
        count = rs[0]["count"]
        reps = max(int(r["rep"]) for r in rs)
        print("\nForwarding, IPv%s, scale %s, %s packets per run, %d "
              "interleaved repetitions (medians; min..max of ns/pkt)"
              % (fam, scale, count, reps))
        print("%-4s %-34s %10s %9s %15s %10s"
              % ("", "variant", "pps", "ns/pkt", "range", "+ns vs V0"))
        ns = {}
        for v, desc in VARS:
            pps = [float(r["pps"]) for r in rs if r["var"] == v]
            if not pps:
                continue
            npk = [1e9 / p for p in pps]
            ns[v] = med(npk)
            print("%-4s %-34s %10.0f %9.0f %7.0f..%-7.0f %10s"
                  % (v, desc, med(pps), ns[v], min(npk), max(npk),
                     "%+.0f" % (ns[v] - ns["V0"]) if "V0" in ns else ""))
        # Ratios of the added costs, from the medians; also per repetition
        # (each repetition's own V0), median of those.
        def added(v):
            return ns[v] - ns["V0"]

        def per_rep(num, den):
            out = []
            for rep in range(1, reps + 1):
                x = {r["var"]: 1e9 / float(r["pps"]) for r in rs
                     if int(r["rep"]) == rep}
                if all(k in x for k in (num, den, "V0")) and \
                   x[den] != x["V0"]:
                    out.append((x[num] - x["V0"]) / (x[den] - x["V0"]))
            return med(out)

        if all(k in ns for k in ("V0", "V1", "V2")):
            print("ratio (V2-V0)/(V1-V0) = %.2f  (per-rep median %.2f)   "
                  "target <= 1.5"
                  % (added("V2") / added("V1"), per_rep("V2", "V1")))
        if all(k in ns for k in ("V0", "V2", "V3")):
            print("ratio (V3-V0)/(V2-V0) = %.2f  (per-rep median %.2f)   "
                  "target >= 3"
                  % (added("V3") / added("V2"), per_rep("V3", "V2")))
        if all(k in ns for k in ("V0", "V2", "V5")):
            print("ratio (V5-V0)/(V2-V0) = %.2f  (per-rep median %.2f)   "
                  "target >= 3 (BPF twin)"
                  % (added("V5") / added("V2"), per_rep("V5", "V2")))


def commit_table(recs):
    cs = [r for r in recs if r["kind"] == "commit"]
    if not cs:
        return
    print("\nCommit of the whole policy: elapsed and CPU (user+sys) time of "
          "the tool, ms (median, min..max)")
    groups = {}
    for r in cs:
        key = (r["tool"], r["what"], r["scale"])
        groups.setdefault(key, []).append(r)
    label = {
        "first": "load into an empty namespace",
        "fwd-first": "load into an empty namespace (fwd.sh)",
        "again": "load the same policy again",
        "flush": "remove the policy",
    }
    print("  %-7s %-38s %-7s %9s %9s %17s %9s %9s %3s"
          % ("tool", "", "scale", "elapsed", "cpu", "cpu range", "user",
             "sys", "n"))
    for (tool, what, scale), rs in sorted(groups.items(),
                                          key=lambda kv: (float(kv[0][2]),
                                                          kv[0][:2])):
        ms = [float(r["ms"]) for r in rs]
        cpu = [float(r["cpu_ms"]) for r in rs if "cpu_ms" in r]
        usr = [float(r["user_ms"]) for r in rs if "user_ms" in r]
        sys_ = [float(r["sys_ms"]) for r in rs if "sys_ms" in r]
        print("  %-7s %-38s %-7s %9.0f %9s %17s %9s %9s %3d"
              % (tool, label.get(what, what), scale, med(ms),
                 "%.0f" % med(cpu) if cpu else "-",
                 "%.0f..%.0f" % (min(cpu), max(cpu)) if cpu else "",
                 "%.0f" % med(usr) if usr else "-",
                 "%.0f" % med(sys_) if sys_ else "-",
                 len(rs)))
    for scale in sorted({k[2] for k in groups}, key=float):
        rf = groups.get(("rfence", "first", scale), [])
        nf = groups.get(("nft", "first", scale), [])
        rfc = [float(r["cpu_ms"]) for r in rf if "cpu_ms" in r]
        nfc = [float(r["cpu_ms"]) for r in nf if "cpu_ms" in r]
        if rfc and nfc:
            print("  ratio nft -f / rfence load, CPU time (scale %s) = %.1f"
                  "   target >= 10" % (scale, med(nfc) / med(rfc)))
        rfe = [float(r["ms"]) for r in rf] + \
            [float(r["ms"]) for r in groups.get(("rfence", "fwd-first", scale), [])]
        nfe = [float(r["ms"]) for r in nf] + \
            [float(r["ms"]) for r in groups.get(("nft", "fwd-first", scale), [])]
        if rfe and nfe:
            print("  ratio nft -f / rfence load, elapsed  (scale %s) = %.1f"
                  "   target >= 10" % (scale, med(nfe) / med(rfe)))
    ms = [r for r in recs if r["kind"] == "mem"]
    for tool in ("rfence", "nft"):
        for scale in sorted({r["scale"] for r in ms}):
            xs = [r for r in ms if r["tool"] == tool and r["scale"] == scale]
            if not xs:
                continue
            kib = med([float(r["kib"]) for r in xs])
            n = int(xs[0]["n"])
            print("  kernel memory held, %-6s scale %-5s: %7.1f MiB, %5.1f "
                  "B/prefix (%d prefixes/elements; Slab+VmallocUsed+Percpu "
                  "delta)" % (tool, scale, kib / 1024, kib * 1024 / n, n))


INCR = [
    ("pfx-add", "prefix add (one IPv4 /24)"),
    ("pfx-del", "prefix del (the same)"),
    ("pfx6-add", "prefix add (one IPv6 /48)"),
    ("pfx6-del", "prefix del (the same)"),
    ("link-add", "link add"),
    ("link-del", "link del"),
    ("dev-add", "dev add (binding)"),
    ("dev-del", "dev del"),
    ("batch100-add", "-batch of 100 prefix adds (100 commits)"),
    ("batch100-del", "-batch of 100 prefix dels (100 commits)"),
    ("txn100-add", "apply of 100 prefix adds (1 transaction)"),
    ("txn100-del", "apply of 100 prefix dels (1 transaction)"),
]


def cpu_med(recs, kind, tool, what):
    xs = [float(r["cpu_ms"]) for r in recs if r["kind"] == kind and
          r["tool"] == tool and r["what"] == what]
    return (med(xs), len(xs)) if xs else (None, 0)


def incr_scales(recs):
    """Per scale of incr.sh's records: the records with only that scale's
    incr records."""
    for scale in sorted({r["scale"] for r in recs if r["kind"] == "incr"},
                        key=float):
        yield scale, [r for r in recs
                      if r["kind"] != "incr" or r["scale"] == scale]


def incr_table(all_recs):
    for scale, recs in incr_scales(all_recs):
        incr_one(scale, recs)


def incr_one(scale, recs):
    """Single changes against the whole policy, and the anchors."""
    full, _ = cpu_med(recs, "incr", "rfence", "full")
    bare, nb = cpu_med(recs, "incr", "rfence", "bare")
    print("\nIncremental commits against the whole policy (scale %s), CPU "
          "(user+sys) ms of the process, medians" % scale)
    if full is None or bare is None:
        print("  (no full load or no bare process measured)")
        return
    print("  rfence load of the whole policy: %.0f ms; bare process "
          "(rfence -n NS config show): %.0f ms (n=%d)" % (full, bare, nb))
    print("  %-42s %8s %9s %9s %3s" % ("change", "cpu ms", "- bare",
                                      "% of load", "n"))
    for what, desc in INCR:
        m, n = cpu_med(recs, "incr", "rfence", what)
        if m is None:
            continue
        many = what.startswith(("batch100", "txn100"))
        print("  %-42s %8.0f %9.0f %8.2f%% %3d   %s"
              % (desc, m, m - bare, 100.0 * (m - bare) / full, n,
                 "%.2f ms per change" % ((m - bare) / 100) if many
                 else "target <= 1%"))
    one, _ = cpu_med(recs, "incr", "rfence", "pfx-add")
    for tool, what, desc in (("ip", "route-add", "ip route add, 1 route"),
                             ("ip", "route-del", "ip route del, 1 route"),
                             ("nft", "elem-add", "nft add element, 1"),
                             ("nft", "elem-del", "nft delete element, 1")):
        m, n = cpu_med(recs, "incr", tool, what)
        b, _ = cpu_med(recs, "incr", tool, "bare")
        if m is None or b is None:
            continue
        where = "FIB of %s routes" % next(
            (r["routes"] for r in recs if r["kind"] == "fib"), "?") \
            if tool == "ip" else "interval map of the scale %s twin" % scale
        print("  anchor: %-24s into the %s: %.0f ms - bare %.0f = %.0f ms%s"
              % (desc, where, m, b, m - b,
                 "; / rfence prefix add = %.1f" % ((m - b) / (one - bare))
                 if one is not None and one - bare > 0 else ""))
    m, _ = cpu_med(recs, "incr", "nft", "nft-list")
    if m is not None:
        print("  (nft list tables in that namespace: %.0f ms: nft fills its "
              "cache with every set's elements first)" % m)
    m, _ = cpu_med(recs, "incr", "ip", "fib-build")
    if m is not None:
        print("  (ip -batch building that FIB: %.0f ms)" % m)


def other(recs):
    for r in recs:
        if r["kind"] == "deny":
            print("Deny check %s: %s of %s packets between unlinked "
                  "networks forwarded (expected ~%s from the coverage gaps; "
                  "%s not-linked: %s)"
                  % (r["var"], r["forwarded"], r["count"], r["expected"],
                     {"V5": "BPF twin"}.get(r["var"], "routefence"),
                     r["rf_not_linked"]))
    for r in recs:
        if r["kind"] == "atomic":
            how = "single-prefix commits" if r.get("mode") == "single" \
                else "commits alternating A/B"
            print("\nAtomicity (scale %s): %s %s in "
                  "%s ms, flow 1 %s + flow 2 %s packets: allowed-but-dropped"
                  " %s, dropped-but-allowed %s (both must be 0)"
                  % (r["scale"], r["commits"], how, r["ms"], r["flow1_sent"],
                     r["flow2_sent"], r["allowed_but_dropped"],
                     r["dropped_but_allowed"]))


def incr_summary(scale, recs):
    """The summary rows of one scale's single changes and anchors."""
    rows = []
    full, _ = cpu_med(recs, "incr", "rfence", "full")
    bare, _ = cpu_med(recs, "incr", "rfence", "bare")
    if not full or bare is None:
        return rows
    for what, desc in INCR:
        m, _ = cpu_med(recs, "incr", "rfence", what)
        if m is None or what.startswith("batch100"):
            continue
        x = 100.0 * (m - bare) / full
        target = 1.0 if not what.startswith("txn100") else None
        rows.append(("scale %s: %s / full load" % (scale, desc),
                     "%.2f%%" % x, "<= 1%" if target else "-",
                     x <= target if target else None))
    one, _ = cpu_med(recs, "incr", "rfence", "pfx-add")
    for tool, what, desc in (("ip", "route-add", "ip route add"),
                             ("nft", "elem-add", "nft add element")):
        m, _ = cpu_med(recs, "incr", tool, what)
        b, _ = cpu_med(recs, "incr", tool, "bare")
        if m is not None and b is not None and one is not None:
            rows.append(("anchor: %s / rfence prefix add (ms - bare)"
                         % desc, "%.0f / %.0f" % (m - b, one - bare),
                         "-", None))
    return rows


def summary(recs):
    """One table of every ratio against its target (issues 5 and 13)."""
    rows = []

    def fwd_ns(fam, var):
        xs = [1e9 / float(r["pps"]) for r in recs
              if r["kind"] == "fwd" and r["fam"] == fam and r["var"] == var]
        return med(xs) if xs else None

    for fam in sorted({r["fam"] for r in recs if r["kind"] == "fwd"}):
        v0, v1, v2, v3, v5 = (fwd_ns(fam, v)
                              for v in ("V0", "V1", "V2", "V3", "V5"))
        scale = next(r.get("scale", "1") for r in recs
                     if r["kind"] == "fwd" and r["fam"] == fam)
        # The forwarding targets are set for the full policy: a smaller
        # one is a smoke run, its ratios shown but not judged.
        full = float(scale) >= 1
        what = "forwarding IPv%s%s: " % (fam, "" if full else
                                          ", scale %s" % scale)

        def judge(ok):
            return ok if full else "(judged at scale 1)"
        if None not in (v0, v1, v2) and v1 != v0:
            x = (v2 - v0) / (v1 - v0)
            rows.append((what + "full / empty policy added cost",
                         "%.2f" % x, "<= 1.5", judge(x <= 1.5)))
        if None not in (v0, v2, v3) and v2 != v0:
            x = (v3 - v0) / (v2 - v0)
            rows.append((what + "nft twin / routefence added cost",
                         "%.1f" % x, ">= 3", judge(x >= 3)))
        if None not in (v0, v2, v5) and v2 != v0:
            x = (v5 - v0) / (v2 - v0)
            rows.append((what + "BPF twin / routefence added cost",
                         "%.1f" % x, ">= 3", judge(x >= 3)))
    cs = [r for r in recs if r["kind"] == "commit" and r["what"] == "first"]
    for scale in sorted({r["scale"] for r in cs}, key=float):
        rf = [float(r["cpu_ms"]) for r in cs
              if r["tool"] == "rfence" and r["scale"] == scale]
        nf = [float(r["cpu_ms"]) for r in cs
              if r["tool"] == "nft" and r["scale"] == scale]
        if rf and nf:
            x = med(nf) / med(rf)
            rows.append(("whole commit, scale %s: nft -f / rfence load"
                         % scale, "%.1f" % x, ">= 10", x >= 10))
    for scale, sub in incr_scales(recs):
        rows += incr_summary(scale, sub)
    for r in recs:
        if r["kind"] == "atomic":
            bad = int(r["allowed_but_dropped"]) + int(r["dropped_but_allowed"])
            rows.append(("atomicity, scale %s, %s %s commits: misdecided "
                         "packets of %d" % (r["scale"], r["commits"],
                                            r.get("mode", "replace"),
                                            int(r["flow1_sent"]) +
                                            int(r["flow2_sent"])),
                         "%d" % bad, "0", bad == 0))
    if not rows:
        return
    w = max(len(r[0]) for r in rows)
    print("\nSummary: every ratio against its target")
    print("  %-*s %12s %8s %s" % (w, "", "measured", "target", ""))
    for what, val, target, ok in rows:
        print("  %-*s %12s %8s %s" % (w, what, val, target,
                                      "" if ok is None else
                                      ok if isinstance(ok, str) else
                                      "met" if ok else "NOT MET"))


def main():
    lines = list(fileinput.input(sys.argv[1:]))
    recs = parse(lines)
    fwd_table(recs)
    commit_table(recs)
    incr_table(recs)
    other(recs)
    summary(recs)
    fails = [ln.rstrip() for ln in lines if ln.startswith("FAIL")]
    if fails:
        print("\nFAILED checks:")
        for f in fails:
            print("  " + f)


if __name__ == "__main__":
    main()
