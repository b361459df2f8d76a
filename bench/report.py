#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the consoles of the bench boots into the table and the plot data.

report.py --out DIR [--command TEXT] BENCH_LOG BENCH_N_LOG

Writes DIR/table.md (also printed), DIR/lat-{c,g,u}.dat and
DIR/evl-{c,v,e}-PAUSE.dat (sorted latencies in microseconds with their
cumulative fraction) and DIR/latency.gp (the gnuplot script for
DIR/latency.png and DIR/events.png).
"""
import argparse
import math
import os
import re
import sys


def pct(values, p):
    """Nearest-rank percentile of a non-empty list."""
    v = sorted(values)
    k = max(0, math.ceil(p / 100 * len(v)) - 1)
    return v[k]


def kv(line):
    return dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", line))


def parse(path):
    r = {"lat": {"c": [], "g": [], "u": []}, "mass": {}, "fe": {},
         "mkdir": {}, "mem": {}, "kunit": [], "relpath": None, "phases": [], "lost": [],
         "kernel": "", "evl": {}, "evmass": {}, "tasksread": {}}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            # css_get+css_put, named css_tryget+css_put since the re-split
            m = re.search(r"(css_(?:try)?get\+css_put)(?: \(([^)]*)\))?: ([0-9.]+) ns/op(.*)",
                          line)
            if m:
                r["kunit"].append((m.group(1), m.group(2) or "", float(m.group(3)),
                                   m.group(4).strip()))
                continue
            m = re.search(r"release without the helper: queue (\d+) ns, report (\d+) ns", line)
            if m:
                r["relpath"] = (int(m.group(1)), int(m.group(2)))
                continue
            w = line.split()
            if len(w) >= 4 and w[0] == "LAT":
                r["lat"][w[1]].append(int(w[3]) / 1000.0)
            elif len(w) >= 5 and w[0] == "EVL":
                # EVL SIDE PAUSE_MS I NS gap_ns= spurious= asleep=
                d = kv(line)
                d["lat_us"] = int(w[4]) / 1000.0
                r["evl"].setdefault((w[1], int(w[2])), []).append(d)
            elif len(w) >= 2 and w[0] == "BENCH":
                d = kv(line)
                if w[1] == "mass":
                    r["mass"].setdefault((w[2], int(w[3])), []).append(d)
                elif w[1] == "forkexit":
                    r["fe"][w[2]] = d
                elif w[1] == "mkdir":
                    r["mkdir"][w[2]] = d
                elif w[1] == "mem":
                    r["mem"][w[2]] = d
                elif w[1] == "phase":
                    r["phases"].append((w[2], float(w[3])))
                elif w[1] == "evmass":
                    r["evmass"].setdefault((w[2], int(w[3])), []).append(d)
                elif w[1] == "tasksread":
                    r["tasksread"][(w[2], int(d["m"]))] = d
                elif w[1] in ("lost", "evlost"):
                    r["lost"].append(line)
                elif w[1] == "kernel":
                    r["kernel"] = line
    return r


def fmt(x, unit="", nd=1):
    if x is None:
        return "n/a"
    if isinstance(x, str):
        return x
    if abs(x) >= 100:
        nd = 0
    return f"{x:,.{nd}f}{unit}"


class Table:
    """The rows (metric, containers, cgroup v1, ratio, target, verdict) and
    the notes below them."""

    def __init__(self):
        self.rows = []
        self.notes = []

    def row(self, metric, c, g, ratio=None, target="", verdict="", unit=""):
        """A row of numbers, formatted."""
        self.rows.append((metric, fmt(c, unit), fmt(g, unit),
                          "" if ratio is None else f"{ratio:.2f}x", target, verdict))

    def text(self, *cells):
        """A row of ready-made cells."""
        self.rows.append(cells)


def ratio(c, g):
    return c / g if c is not None and g else None


def verdict(r, met):
    return "n/a" if r is None else ("met" if met(r) else "MISSED")


def latency_rows(t, lat):
    for p in (50, 90, 99):
        c = pct(lat["c"], p) if lat["c"] else None
        g = pct(lat["g"], p) if lat["g"] else None
        r = ratio(c, g)
        tgt = verd = ""
        if p == 50:
            tgt = "c <= 0.8x g"
            verd = verdict(r, lambda x: x <= 0.8)
        t.row(f"release latency p{p} (us, {len(lat['c'])}/{len(lat['g'])} releases)",
              c, g, r, tgt, verd)
    if lat["u"]:
        t.text(f"fork+exec of the agent from userspace p50/p90/p99 (us, {len(lat['u'])})",
               " / ".join(fmt(pct(lat["u"], p)) for p in (50, 90, 99)),
               "", "", "floor", "")


def mass_stats(mass):
    """Each size ran in rounds: per (side, size) the median round's time,
    lost and duplicated summed over all rounds, the median gap between
    agent starts and the median span from the first agent to the last;
    and every round's time."""
    mass_t = {}
    mass_rounds = {}
    for (side, num), ds in mass.items():
        tot = sorted(int(d["total_us"]) / 1000.0 for d in ds)
        gaps = sorted(int(d.get("gap_p50_us", -1)) for d in ds)
        spans = sorted((int(d["total_us"]) - int(d["first_us"])) / 1000.0 for d in ds)
        mass_t[(side, num)] = (pct(tot, 50), sum(int(d["lost"]) for d in ds),
                               sum(int(d["dups"]) for d in ds), pct(gaps, 50), pct(spans, 50))
        mass_rounds[(side, num)] = tot
    return mass_t, mass_rounds


def mass_rows(t, mass_t, mass_rounds):
    for num in sorted({k[1] for k in mass_t}):
        c = mass_t.get(("c", num))
        g = mass_t.get(("g", num))
        r = ratio(c and c[0], g and g[0])
        nr = len(mass_rounds.get(("c", num), []))
        t.row(f"mass release of {num:,}: time until every agent ran (ms, median of {nr} rounds)",
              c and c[0], g and g[0], r, "c <= 0.8x g", verdict(r, lambda x: x <= 0.8))
        for s in "cg":
            if (s, num) in mass_rounds:
                t.notes.append(f"mass release of {num:,} ({s}), every round (ms): " +
                               ", ".join(f"{x:,.0f}" for x in mass_rounds[(s, num)]))
        t.text(f"mass release of {num:,}: lost / duplicated (all rounds)",
               f"{c[1]} / {c[2]}" if c else "n/a",
               f"{g[1]} / {g[2]}" if g else "n/a", "", "0 / 0",
               "met" if c and c[1] == 0 and c[2] == 0 else "MISSED")
        if c and g and c[3] >= 0 and g[3] >= 0:
            t.row(f"mass release of {num:,}: gap between agent starts, p50 (us)",
                  c[3], g[3], ratio(c[3], g[3]) if g[3] else None)


def growth_rows(t, mass_t, nums):
    """From the smallest mass release to the largest."""
    lo, hi = nums[0], nums[-1]
    both = [s for s in "cg" if (s, lo) in mass_t and (s, hi) in mass_t]
    gr = {s: mass_t[(s, hi)][0] / mass_t[(s, lo)][0] for s in both if mass_t[(s, lo)][0] > 0}
    lin = hi / lo
    verd = "met" if "c" in gr and gr["c"] <= 1.25 * lin else "MISSED"
    t.row(f"mass release growth {lo:,} -> {hi:,} (x, linear = {lin:.0f}x)",
          gr.get("c"), gr.get("g"), None, f"c <= {1.25 * lin:.1f}x", verd)
    # the same without the wait for the first agent, which at 10,000 is
    # mostly the exit of 10,000 killed tasks, on both sides
    gs = {s: mass_t[(s, hi)][4] / mass_t[(s, lo)][4] for s in both if mass_t[(s, lo)][4] > 0}
    t.row("  growth from the first agent to the last (x)", gs.get("c"), gs.get("g"))
    for s in both:
        t.notes.append(f"per release ({s}): {mass_t[(s, lo)][0] / lo * 1000:.0f} us at {lo:,}, "
                       f"{mass_t[(s, hi)][0] / hi * 1000:.0f} us at {hi:,}")


def relpath_rows(t, relpath, mass_t, nums):
    """The framework's share of one release, without the helper."""
    q, rep = relpath
    t.text("release without the helper, KUnit container_perf: queue / report "
           "(ns per container)", f"{q:,} / {rep:,}", "", "", "", "")
    for num in nums:
        if ("c", num) in mass_t:
            per = mass_t[("c", num)][0] / num * 1e6
            t.notes.append(f"framework share of a release at {num:,} (c): "
                           f"{(q + rep) / per * 100:.3f}% of {per / 1000:,.0f} us")


def fe(r, k):
    """fork+exit+wait of side k in a parsed log, us per op."""
    d = r["fe"].get(k)
    return int(d["median_ns"]) / 1000.0 if d else None


def forkexit_rows(t, b, n):
    fc, fg, nr = fe(b, "c"), fe(b, "g"), fe(n, "r")
    t.row("fork+exit+wait in a notify_on_release=1 container / v1 cgroup (us/op, median of rounds)",
          fc, fg, ratio(fc, fg))
    t.text("fork+exit+wait, wall clock: c in this boot vs roots in the =n boot (us/op)",
           fmt(fc), f"=n: {fmt(nr)}",
           "" if ratio(fc, nr) is None else f"{ratio(fc, nr):.3f}x", "",
           "boot-to-boot noise 5-10%")


def icount_rows(t, ic):
    """=y against =n in instructions: QEMU -icount shift=0 makes one ns of
    guest time one instruction, deterministic from boot to boot."""
    icc, icr, icn = fe(ic[0], "c"), fe(ic[0], "r"), fe(ic[1], "r")
    r = ratio(icc, icn)

    def ins(x):
        return "n/a" if x is None else f"{x * 1000:,.0f}"
    t.text("fork+exit+wait in instructions (QEMU -icount): c in =y vs roots in =n "
           "(per op)", ins(icc), f"=n: {ins(icn)}",
           "" if r is None else f"{r:.4f}x", "c <= 1.01x =n", verdict(r, lambda x: x <= 1.01))
    t.text("fork+exit+wait in instructions: roots in =y vs =n (per op)",
           ins(icr), f"=n: {ins(icn)}",
           "" if ratio(icr, icn) is None else f"{ratio(icr, icn):.4f}x", "", "")
    if icc and icn:
        t.notes.append(f"fork+exit+wait with the framework on: {(icc - icn) * 1000:+,.0f} "
                       "instructions per op against =n (QEMU -icount, 1 vCPU, norandmaps; "
                       "exact for one pair of builds: a second pair of builds of the same "
                       "source in another folder differed by ~300, so read it as +-0.2%)")


def css_rows(t, kunit):
    for op, variant, nsop, detail in kunit:
        t.text(f"{op}{' (' + variant + ')' if variant else ''}, "
               f"KUnit container_perf (ns/op) {detail}",
               f"{nsop:g}", "", "", "", "")
    if not kunit:
        t.text("css_get+css_put, KUnit container_perf (ns/op)",
               "n/a (suite missing)", "", "", "", "")


def mkdir_rows(t, mc, mg):
    rc = 1e9 / int(mc["pair_median_ns"])
    rg = 1e9 / int(mg["pair_median_ns"])
    r = rc / rg
    t.row("mkdir+rmdir rate (pairs/s, median of rounds)", rc, rg, r,
          "c >= 1.2x g", "met" if r >= 1.2 else "MISSED")
    t.row("  mkdir alone (us each)", int(mc["mkdir_median_ns"]) / 1000,
          int(mg["mkdir_median_ns"]) / 1000,
          int(mc["mkdir_median_ns"]) / int(mg["mkdir_median_ns"]))


def mem_rows(t, mmc, mmg):
    num = int(mmc["n"])
    sc = int(mmc["slab_median_kb"]) * 1024 / num
    sg = int(mmg["slab_median_kb"]) * 1024 / num
    pc = int(mmc["percpu_median_kb"]) * 1024 / num
    pg = int(mmg["percpu_median_kb"]) * 1024 / num
    t.row("memory per container: slab (bytes)", sc, sg, ratio(sc, sg))
    t.row("memory per container: percpu (bytes)", pc, pg, None)
    r = ratio(sc + pc, sg + pg)
    t.row("memory per container: slab + percpu (bytes)", sc + pc, sg + pg, r,
          "c <= g", verdict(r, lambda x: x <= 1.0))


def pcts(values, ps=(50, 90, 99)):
    return " / ".join(fmt(pct(values, p)) for p in ps) if values else "n/a"


def faster(c, g):
    """The ratio cell c/g of a row where c should be much smaller than g."""
    if not c or ratio(c, g) is None:
        return ""
    return f"{c / g:.3f}x ({g / c:,.1f}x faster)" if c <= g else f"{c / g:.2f}x (slower)"


def evlat_rows(t, evl, lat, lost):
    """Wake-up latency of a poll() on events against cgroup v2's
    cgroup.events, the eventfd floor and the agent path of task containers
    (a) and of cgroup v1 (g), per pause between populating and exiting.
    Older logs have no a/g samples there: the release latency phase's
    agents stand in (measured from waitpid(), not from the exit)."""
    for pause in sorted({k[1] for k in evl}, reverse=True):
        when = f"{pause} ms pause" if pause else "no pause"
        us = {s: [d["lat_us"] for d in evl.get((s, pause), [])] for s in "cveag"}
        nlost = {s: sum(1 for x in lost if x.split()[1:4] == ["evlost", s, f"pause_ms={pause}"])
                 for s in "cveag"}
        p50 = {s: (pct(us[s], 50) if us[s] else None) for s in "cveag"}
        for p in (50, 90, 99):
            c = pct(us["c"], p) if us["c"] else None
            v = pct(us["v"], p) if us["v"] else None
            r = ratio(c, v)
            t.row(f"events wake-up, exit -> poll() return, {when}: p{p} (us, {len(us['c'])}/"
                  f"{len(us['v'])}; g = cgroup v2 cgroup.events)", c, v, r,
                  "c <= 0.8x v2" if p == 50 else "",
                  verdict(r, lambda x: x <= 0.8) if p == 50 else "")
        t.text(f"  events wake-ups lost (none within 10 s), {when} (c / v2)",
               str(nlost["c"]), str(nlost["v"]), "", "0",
               "met" if us["c"] and nlost["c"] == 0 else "MISSED")
        t.text(f"  eventfd write -> poll() return, {when}: p50/p90/p99 (us, {len(us['e'])})",
               "", pcts(us["e"]), "", "floor", "")
        r = ratio(p50["c"], p50["e"])
        t.row(f"  events p50 against the eventfd floor, {when} (us; g = eventfd)",
              p50["c"], p50["e"], r, "c <= 10x eventfd", verdict(r, lambda x: x <= 10))
        agents = (("a", "task containers'"), ("g", "cgroup v1's"))
        if us["a"] or us["g"]:
            t.text(f"  release agent, exit -> agent's first instruction, {when}: "
                   f"p50/p90/p99 (us, {len(us['a'])}/{len(us['g'])}; c = task containers, "
                   "g = cgroup v1)", pcts(us["a"]), pcts(us["g"]),
                   f"{ratio(p50['a'], p50['g']):.2f}x" if p50["a"] and p50["g"] else "",
                   "", "")
            ref = {s: p50[s] for s in "ag"}
            src = "the same phase"
        else:
            ref = {"a": pct(lat["c"], 50) if lat["c"] else None,
                   "g": pct(lat["g"], 50) if lat["g"] else None}
            src = "release latency phase, from waitpid()"
        for s, name in agents:
            r = ratio(p50["c"], ref[s])
            t.text(f"  events p50 against {name} agent path p50, {when} (us; g = agent, {src})",
                   fmt(p50["c"]), fmt(ref[s]), faster(p50["c"], ref[s]),
                   "c <= 0.05x agent (20x faster)", verdict(r, lambda x: x <= 0.05))
        for s in "cvag":
            ds = evl.get((s, pause), [])
            if not ds:
                continue
            gaps = [int(d["gap_ns"]) / 1000.0 for d in ds]
            t.notes.append(
                f"events wake-up ({s}), {when}: populate to exit p50 {fmt(pct(gaps, 50))} us; "
                f"{sum(int(d['spurious']) for d in ds)} wake-ups still read populated 1; "
                f"watcher asleep at the exit in {sum(int(d['asleep']) for d in ds)}"
                f"/{len(ds)}; lost {nlost[s]}")


def evmass_rows(t, evmass):
    """N events files in one epoll set, every task killed at once: the
    time until the last file was seen at populated 0, against cgroup v2,
    and the transitions seen, lost (no wake-up), silent (the file says 0
    but no wake-up came) and repeated (a second wake-up for one file)."""
    for num in sorted({k[1] for k in evmass}):
        st = {}
        for s in "cv":
            ds = evmass.get((s, num), [])
            if not ds:
                continue

            def tot(key):
                return sum(int(d.get(key, 0)) for d in ds)
            times = [int(d["total_us"]) / 1000.0 for d in ds]
            st[s] = {"t": pct(times, 50), "seen": tot("seen"), "lost": tot("lost"),
                     "silent": tot("silent"), "repeated": tot("repeated"),
                     "wakeups": tot("wakeups"), "spurious": tot("spurious"),
                     "rounds": len(ds)}
            def ms(key):
                return ", ".join(f"{int(d.get(key, -1000)) / 1000.0:,.0f}" for d in ds)
            t.notes.append(f"events mass release of {num:,} ({s}), every round (ms): " +
                           ", ".join(f"{x:,.0f}" for x in times) +
                           f"; first transition seen at {ms('first_us')}, half of them at "
                           f"{ms('half_us')}" +
                           f"; wake-ups {st[s]['wakeups']:,}, of which still populated "
                           f"{st[s]['spurious']:,}")
        c, v = st.get("c"), st.get("v")
        r = ratio(c and c["t"], v and v["t"])
        t.row(f"events mass release of {num:,} in one epoll set: time until the last "
              f"transition seen (ms, median of {c['rounds'] if c else 0} rounds; g = cgroup v2)",
              c and c["t"], v and v["t"], r, "c <= 1.0x v2", verdict(r, lambda x: x <= 1.0))

        def slv(x):
            return (f"{x['seen']:,} / {x['lost']} / {x['silent']} / {x['repeated']}"
                    if x else "n/a")
        ok = c and c["seen"] == num * c["rounds"] and not (c["lost"] or c["silent"] or
                                                          c["repeated"])
        t.text(f"events mass release of {num:,}: seen / lost / silent / repeated (all rounds)",
               slv(c), slv(v), "", f"all {num:,} per round, 0 / 0 / 0",
               "met" if ok else "MISSED")


def tasksread_rows(t, tr):
    """The tasks file of a container with one task, M other threads."""
    ms = sorted({k[1] for k in tr})
    med = {}
    for m in ms:
        c, g = tr.get(("c", m)), tr.get(("g", m))
        if not c or not g:
            continue
        med[m] = (int(c["median_ns"]) / 1000, int(g["median_ns"]) / 1000)
        r = ratio(*med[m])
        # three decimals: the verdict is on the unrounded ratio
        t.text(f"read tasks (open+read+close) of a 1-task container, {m:,} other threads "
               f"in one process (us, median of {c['reps']})", fmt(med[m][0]), fmt(med[m][1]),
               f"{r:.3f}x", "c <= 1.0x g", verdict(r, lambda x: x <= 1.0))
        t.notes.append(
            f"tasks read with {m:,} other threads ({c['threads']} in the system): best "
            f"{int(c['best_ns']) / 1000:.1f} / {int(g['best_ns']) / 1000:.1f} us (c / g); "
            f"the tasks of the container of the {m:,} threads: "
            f"{int(c['others_ns']) / 1000:,.0f} / {int(g['others_ns']) / 1000:,.0f} us")
    if len(med) >= 2:
        lo, hi = min(med), max(med)
        gc, gg = med[hi][0] / med[lo][0], med[hi][1] / med[lo][1]
        t.text(f"  tasks read growth, {lo:,} -> {hi:,} other threads (x, flat = 1x)",
               f"{gc:.2f}", f"{gg:.2f}", "", "c <= 1.25x",
               "met" if gc <= 1.25 else "MISSED")


def build_table(b, n, ic):
    """The table of the parsed bench (b), =n (n) and -icount (ic) boots."""
    t = Table()
    latency_rows(t, b["lat"])
    mass_t, mass_rounds = mass_stats(b["mass"])
    mass_rows(t, mass_t, mass_rounds)
    nums = sorted({k[1] for k in mass_t})
    if len(nums) >= 2:
        growth_rows(t, mass_t, nums)
    if b["relpath"]:
        relpath_rows(t, b["relpath"], mass_t, nums)
    forkexit_rows(t, b, n)
    if ic:
        icount_rows(t, ic)
    css_rows(t, b["kunit"])
    if b["mkdir"].get("c") and b["mkdir"].get("g"):
        mkdir_rows(t, b["mkdir"]["c"], b["mkdir"]["g"])
    if b["mem"].get("c") and b["mem"].get("g"):
        mem_rows(t, b["mem"]["c"], b["mem"]["g"])
    if b["evl"]:
        evlat_rows(t, b["evl"], b["lat"], b["lost"])
    if b["evmass"]:
        evmass_rows(t, b["evmass"])
    if b["tasksread"]:
        tasksread_rows(t, b["tasksread"])
    if b["lost"]:
        t.notes.append("lost latency samples: " + "; ".join(b["lost"][:5]))
    ph = b["phases"]
    if ph:
        t.notes.append("guest phases (s): " + ", ".join(
            f"{ph[i][0]} {ph[i + 1][1] - ph[i][1]:.0f}" for i in range(len(ph) - 1)))
    return t


def markdown(t, command, kernel):
    lines = [f"Command: `{command}`. {kernel.replace('BENCH ', '')}; QEMU TCG, 2 vCPUs.",
             "c = task containers, g = cgroup v1 (named hierarchy, no controllers), same boot, "
             "unless the row says g is cgroup v2 (mounted in the same boot), an eventfd or the "
             "agent path; ratio = c / g.", "",
             "| metric | containers (c) | cgroup (g) | ratio c/g | target | verdict |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    lines += ["| " + " | ".join(r) + " |" for r in t.rows]
    if t.notes:
        lines.append("")
        lines += [f"- {x}" for x in t.notes]
    return "\n".join(lines) + "\n"


def cdf_file(out, name, values, style=""):
    """DIR/NAME: sorted values with their cumulative fraction; the plot
    clause, with STYLE (more line options) and a %s for the title."""
    v = sorted(values)
    with open(os.path.join(out, name), "w") as f:
        for i, x in enumerate(v):
            f.write(f"{x:.3f} {(i + 1) / len(v):.5f}\n")
    # gnuplot's single-quoted strings double a quote; the caller's %s
    # (the title) must be quoted with gp_quote()
    return (f"'{name}' using 1:2 with steps lw 2{style} "
            f"title '%s (p50 {pct(v, 50):,.0f} us, n={len(v)})'")


def gp_quote(text):
    """TEXT for inside a gnuplot single-quoted string."""
    return text.replace("'", "''")


def cdf_plot(output, title, xlabel, plots, allv, key="bottom right"):
    """The gnuplot lines of one CDF plot into OUTPUT."""
    logx = bool(allv) and min(allv) > 0
    return (f"set output '{output}'\n"
            f"set title \"{title}\"\n"
            f"set xlabel '{xlabel}{', log scale' if logx else ''})'\n"
            "set ylabel 'fraction of samples'\n"
            + ("set logscale x\n" if logx else "unset logscale x\n") +
            f"set grid\nset key {key}\nset yrange [0:1.02]\n"
            "plot " + ", \\\n     ".join(plots) + "\n")


def write_plot(out, lat, evl):
    """The CDFs: release latency (DIR/lat-{c,g,u}.dat, latency.png) and
    the events wake-up latency (DIR/evl-SIDE-PAUSE.dat, events.png), and
    the gnuplot script that draws both, DIR/latency.gp."""
    names = {"c": "task containers", "g": "cgroup v1", "u": "fork+exec from userspace"}
    plots = [cdf_file(out, f"lat-{s}.dat", lat[s]) % gp_quote(names[s]) for s in "cgu" if lat[s]]
    gp = ("set terminal pngcairo size 900,520 font 'sans,10'\n" +
          cdf_plot("latency.png", "Release latency: last task's exit (waitpid return) to the "
                   "agent's first instruction", "latency (us", plots,
                   [x for s in "cgu" for x in lat[s]]))
    names = {"c": "events", "v": "cgroup v2 cgroup.events", "e": "eventfd",
             "a": "agent of task containers", "g": "agent of cgroup v1"}
    plots, allv = [], []
    for (s, pause) in sorted(evl, key=lambda k: (-k[1], "cveag".index(k[0]))):
        v = [d["lat_us"] for d in evl[(s, pause)]]
        allv += v
        # one colour per side, dashed without the pause
        style = f" lc {'cveag'.index(s) + 1}" + (" dt 2" if not pause else "")
        plots.append(cdf_file(out, f"evl-{s}-{pause}.dat", v, style) %
                     gp_quote(f"{names[s]}, {'%d ms pause' % pause if pause else 'no pause'}"))
    if plots:
        # ten curves: the key goes below the plot, on a taller canvas
        gp += "set terminal pngcairo size 1100,680 font 'sans,10'\n"
        gp += cdf_plot("events.png", "Wake-up latency: a task's exit (its last clock read) to "
                       "the watcher's poll() return, or to the agent's first instruction",
                       "latency (us", plots, allv, key="below Left reverse maxrows 5 width -6")
    with open(os.path.join(out, "latency.gp"), "w") as f:
        f.write(gp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default="make bench")
    ap.add_argument("bench_log")
    ap.add_argument("bench_n_log")
    ap.add_argument("--icount", nargs=2, metavar=("Y_LOG", "N_LOG"),
                    help="fork+exit-only boots of the =y and =n kernels under QEMU -icount")
    a = ap.parse_args()
    b = parse(a.bench_log)
    n = parse(a.bench_n_log)
    ic = [parse(x) for x in a.icount] if a.icount else None
    os.makedirs(a.out, exist_ok=True)

    table = markdown(build_table(b, n, ic), a.command, b["kernel"])
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write(table)
    sys.stdout.write(table)
    write_plot(a.out, b["lat"], b["evl"])


if __name__ == "__main__":
    main()
