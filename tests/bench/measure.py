#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""Timing and reporting for make bench, Python stdlib only.

measure.py run OUT ROW TITLE [--runs N] [--warmup N] [--timeout S]
           [--rss N] [-p LABEL PREP]... [-a LABEL STATUS]...
           -c LABEL CMD [-c LABEL CMD]...
    Runs the commands interleaved (A B A B ...), after the warm-up rounds,
    and appends one JSON line per command to OUT: wall times and user+sys
    CPU times (wait4 of the child, descendants included) of each run, then
    the peak RSS of two more runs (--rss N: N) under GNU time. The first -c is relkit's,
    the others its peers. A CMD that starts with "n/a" is not run and is
    reported as such. PREP runs, untimed, before every run of LABEL. An
    exit status other than 0 (or a STATUS allowed by -a) stops measuring
    that command. A CMD without shell syntax is run directly (no sh in the
    measurement); one with it under sh -c.
measure.py note OUT KEY VALUE
    Records a fact (a probe's result) for the report.
measure.py readbytes STRACE FILE
    How many bytes of FILE a process read (from strace -f -y output).
measure.py threads STRACE
    How many threads the traced process started (strace -f output).
measure.py steps STEPS FIRST
    The markdown table of release.mk's seconds per step.
measure.py relsteps LOGDIR
    The markdown table of the whole-release row's steps: release.mk's
    "wall time per step" line in LOGDIR/relkit.N.log and the "lap STEP
    MICROSECONDS" lines of LOGDIR/byhand.N.log, medians over N > 1 (run
    1 is the warm-up).
measure.py report OUT
    Prints the markdown report: machine, table, targets met or not.
"""
import json
import os
import platform
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

GNU_TIME = "/usr/bin/time"
RSS_RUNS = 2
SHELL_CHARS = set("|&;<>()$`*?~\n")


def argv_of(cmd):
    if SHELL_CHARS & set(cmd):
        return ["/bin/sh", "-c", cmd]
    return shlex.split(cmd)


def run_once(argv, errpath, timeout):
    fa = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
          (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
          (os.POSIX_SPAWN_OPEN, 2, errpath,
           os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=fa)
    killer = threading.Timer(timeout, os.kill, (pid, signal.SIGKILL))
    killer.start()
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    killer.cancel()
    return (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024,
            os.waitstatus_to_exitcode(status))


def cmd_run(args):
    import argparse
    ap = argparse.ArgumentParser(prog="measure.py run")
    ap.add_argument("out")
    ap.add_argument("row")
    ap.add_argument("title")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--rss", type=int, default=RSS_RUNS)
    ap.add_argument("-c", nargs=2, action="append", required=True,
                    metavar=("LABEL", "CMD"))
    ap.add_argument("-p", nargs=2, action="append", default=[],
                    metavar=("LABEL", "PREP"))
    ap.add_argument("-a", nargs=2, action="append", default=[],
                    metavar=("LABEL", "STATUS"))
    a = ap.parse_args(args)
    prep = dict(a.p)
    allowed = {}
    for label, st in a.a:
        allowed.setdefault(label, {0}).add(int(st))
    recs = []
    for i, (label, cmd) in enumerate(a.c):
        recs.append({"row": a.row, "title": a.title, "label": label,
                     "role": "relkit" if i == 0 else "peer", "cmd": cmd,
                     "wall": [], "cpu": [], "rss": [], "error": None,
                     "status": 0})
    fd, errpath = tempfile.mkstemp(prefix="bench-err.")
    os.close(fd)
    try:
        for rnd in range(a.warmup + a.runs):
            for r in recs:
                if r["cmd"].startswith("n/a") or r["error"]:
                    continue
                if r["label"] in prep:
                    subprocess.run(prep[r["label"]], shell=True, check=True,
                                   stdout=subprocess.DEVNULL)
                wall, cpu, _, rc = run_once(argv_of(r["cmd"]), errpath,
                                            a.timeout)
                if rc not in allowed.get(r["label"], {0}):
                    with open(errpath, errors="replace") as f:
                        tail = f.read()[-300:].strip().replace("\n", " | ")
                    r["error"] = f"exit {rc}: {tail}"
                    sys.stderr.write(f"bench: {a.row}: {r['label']}: "
                                     f"{r['error']}\n")
                    continue
                r["status"] = rc
                if rnd >= a.warmup:
                    r["wall"].append(wall)
                    r["cpu"].append(cpu)
        # Peak RSS from GNU time, whose small process forks the command: a
        # child spawned by this Python process would inherit Python's RSS
        # as its high-water mark at exec.
        for r in recs:
            if r["cmd"].startswith("n/a") or r["error"]:
                continue
            r["rss"] = []
            for _ in range(a.rss):
                if r["label"] in prep:
                    subprocess.run(prep[r["label"]], shell=True, check=True,
                                   stdout=subprocess.DEVNULL)
                argv = [GNU_TIME, "-f", "%M", "-o", errpath + ".rss"] + \
                    argv_of(r["cmd"])
                *_, rc = run_once(argv, errpath, a.timeout)
                with open(errpath + ".rss") as f:
                    kb = f.read().split()[-1]
                if rc in allowed.get(r["label"], {0}):
                    r["rss"].append(int(kb) * 1024)
    finally:
        os.unlink(errpath)
        if os.path.exists(errpath + ".rss"):
            os.unlink(errpath + ".rss")
    with open(a.out, "a") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    for r in recs:
        if r["wall"] and not r["error"]:
            sys.stderr.write(f"bench: {a.row}: {r['label']}: "
                             f"{fmt_t(statistics.median(r['wall']))}\n")
    return 0


def cmd_note(args):
    out, key, value = args
    with open(out, "a") as f:
        f.write(json.dumps({"note": key, "value": value}) + "\n")
    return 0


def cmd_readbytes(args):
    """How much of FILE the traced process read (strace -f -y output)."""
    trace, path = args
    size = os.path.getsize(path)
    got = {}
    pat = re.compile(r"^(?:\d+ +)?(read|pread64|readv|preadv2?|mmap)\((.*)\)"
                     r" += (0x[0-9a-f]+|-?\d+)")
    with open(trace, errors="replace") as f:
        for line in f:
            m = pat.match(line)
            if not m or f"<{path}>" not in m.group(2):
                continue
            if m.group(1) == "mmap":
                n = int(m.group(2).split(",")[1])
            elif m.group(3).startswith("-"):
                continue
            else:
                n = int(m.group(3))
            got[m.group(1)] = got.get(m.group(1), 0) + n
    total = sum(got.values())
    v = total / size
    verdict = "yes" if 0.99 <= v < 1.05 else "**no**"
    how = ", ".join(f"{n / 1e6:.1f} MB by {call}"
                    for call, n in sorted(got.items()))
    print(f"{verdict} ({v:.2f}× the file's size: {how})")
    return 0


def cmd_steps(args):
    """Markdown table of release.mk's steps from "STEP MICROSECONDS" lines:
    the timed runs (prebuilt archives) and the first run (real build)."""
    path, built = args
    times, order = {}, []
    with open(path) as f:
        for line in f:
            step, us = line.split()
            if step not in times:
                times[step] = []
                order.append(step)
            times[step].append(int(us) / 1e6)
    first = {}
    with open(built) as f:
        for line in f:
            step, us = line.split()
            first[step] = int(us) / 1e6
    runs = max(len(v) for v in times.values())
    print(f"release.mk, seconds per step of the demo release ({runs} runs "
          "with prebuilt archives: median, min–max; one make invocation per "
          "step; `noop` is `make release` once everything is done):")
    print("")
    print("| step | median | min–max | first run (python3 -m build) |")
    print("| --- | --- | --- | --- |")
    total = 0
    for step in order:
        v = times[step]
        m = statistics.median(v)
        total += m if step != "noop" else 0
        b = fmt_t(first[step]) if step in first else ""
        print(f"| {step} | {fmt_t(m)} | {fmt_t(min(v))}–{fmt_t(max(v))} "
              f"| {b} |")
    print(f"| all steps | {fmt_t(total)} | | "
          f"{fmt_t(sum(v for k, v in first.items() if k != 'noop'))} |")
    return 0


def cmd_relsteps(args):
    """Seconds per step of both sides of the whole-release row."""
    (logdir,) = args
    rk, hand, rkorder, hdorder = {}, {}, [], []
    pat = re.compile(r"^release\.mk: wall time per step: (.*) \(")
    for name in sorted(os.listdir(logdir)):
        m = re.match(r"^(relkit|byhand)\.(\d+)\.log$", name)
        if not m or int(m.group(2)) < 2:
            continue
        with open(os.path.join(logdir, name), errors="replace") as f:
            for line in f:
                if m.group(1) == "relkit":
                    w = pat.match(line)
                    if not w:
                        continue
                    for item in w.group(1).split(", "):
                        step, t = item.rsplit(" ", 1)
                        if step not in rk:
                            rkorder.append(step)
                        rk.setdefault(step, []).append(float(t.rstrip("s")))
                elif line.startswith("lap "):
                    _, step, us = line.split()
                    if step not in hand:
                        hdorder.append(step)
                    hand.setdefault(step, []).append(int(us) / 1e6)
    if not rk and not hand:
        return 0
    print("The whole release, seconds per step (median of the timed runs): "
          "release.mk's own report, and the script's laps:")
    print("")
    print("| release.mk step | median | by-hand step | median |")
    print("| --- | --- | --- | --- |")
    for i in range(max(len(rkorder), len(hdorder))):
        a = rkorder[i] if i < len(rkorder) else ""
        b = hdorder[i] if i < len(hdorder) else ""
        ta = fmt_t(statistics.median(rk[a])) if a else ""
        tb = fmt_t(statistics.median(hand[b])) if b else ""
        print(f"| {a} | {ta} | {b} | {tb} |")
    sa = sum(statistics.median(v) for v in rk.values())
    sb = sum(statistics.median(v) for v in hand.values())
    print(f"| all | {fmt_t(sa)} | all | {fmt_t(sb)} |")
    return 0


def cmd_threads(args):
    """How many threads or processes the traced process started."""
    (trace,) = args
    pat = re.compile(r"^(?:\d+ +)?(clone3?|fork|vfork)\(.* = \d+$")
    with open(trace, errors="replace") as f:
        print(sum(1 for line in f if pat.match(line)))
    return 0


def fmt_t(s):
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def fmt_mb(b):
    if not b:
        return "?"
    return f"{b / 1e6:.1f} MB"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    fl = set(line.split(":", 1)[1].split())
                    have = [x for x in ("sha_ni", "avx2", "avx512f") if x in fl]
                    flags = ", " + " ".join(have) if have else ", no SHA/AVX2"
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1048576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    osname = ""
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = ", " + line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
            f"{model}{flags}{mem}, Linux {platform.release()}{osname}")


def load(path):
    rows, notes = {}, {}
    order = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "note" in r:
                notes[r["note"]] = r["value"]
                continue
            if r["row"] not in rows:
                rows[r["row"]] = []
                order.append(r["row"])
            rows[r["row"]].append(r)
    return order, rows, notes


def med(r):
    if r is None or r["error"] or not r["wall"]:
        return None
    return statistics.median(r["wall"])


def find(rows, row, label=None):
    for r in rows.get(row, []):
        if label is None and r["role"] == "relkit" or r["label"] == label:
            return r
    return None


def why_missing(r):
    if r is None:
        return "row not run"
    if r["cmd"].startswith("n/a"):
        return r["cmd"]
    if r["error"]:
        return "failed: " + r["error"][:80]
    return "no samples"


def target_lines(rows, notes):
    out = []

    def ratio(row, peer, cond, want, what):
        a, b = find(rows, row), find(rows, row, peer)
        ma, mb = med(a), med(b)
        if ma is None or mb is None:
            miss = why_missing(a if ma is None else b)
            out.append(f"- {what}: **not measured** ({miss})")
            return
        if cond == "faster":
            v = mb / ma
            ok = v >= want
            got = f"{v:.1f}× faster"
        else:
            v = ma / mb
            ok = v <= want
            got = f"{v:.2f}× the time of {peer}"
        out.append(f"- {what}: **{'met' if ok else 'not met'}** ({got})")

    ratio("up6", "twine upload", "faster", 8,
          "pypiup ≥ 8× faster than twine on the six small dists")
    ratio("up6", "curl, one process (floor)", "within", 3,
          "pypiup within 3× of the curl floor on the six small dists")
    ratio("upbig", "twine upload", "faster", 3,
          "pypiup ≥ 3× faster than twine on the big wheel")
    a = find(rows, "upbig")
    if med(a) is None:
        out.append("- pypiup peak memory under 20 MB on the big wheel: "
                   f"**not measured** ({why_missing(a)})")
    else:
        rss = max(a["rss"], default=0)
        out.append("- pypiup peak memory under 20 MB on the big wheel: "
                   f"**{'met' if rss < 20e6 else 'not met'}** ({fmt_mb(rss)})")
    # The digest floor: both tools one after the other, or the slower of the
    # two when pypiup hashes in two threads (it started a thread).
    a = find(rows, "digest")
    o, b = find(rows, "digest", "openssl dgst -sha256"), \
        find(rows, "digest", "b2sum -l 256")
    what = "digest pass ≤ 1.1× the floor"
    if None in (med(a), med(o), med(b)):
        bad = next(x for x in (a, o, b) if med(x) is None)
        out.append(f"- {what}: **not measured** ({why_missing(bad)})")
    else:
        par = int(notes.get("digest-threads", "0")) > 0
        floor = max(med(o), med(b)) if par else med(o) + med(b)
        v = med(a) / floor
        kind = ("two threads: floor = the slower tool" if par else
                "one thread: floor = openssl + b2sum")
        ctx = ""
        both = med(find(rows, "digest", "both at once (openssl & b2sum)"))
        if both:
            # What two threads can gain on this machine during this run.
            ctx = (f"; {med(a) / (med(o) + med(b)):.2f}× the two tools' sum, "
                   f"{med(a) / both:.2f}× the two run at once")
        out.append(f"- {what}: **{'met' if v <= 1.1 else 'not met'}** "
                   f"({v:.2f}× a floor of {fmt_t(floor)}; {kind}{ctx})")
    if "digest-reads" in notes:
        out.append(f"- digest pass reads the file once: {notes['digest-reads']}")
    ratio("check", "twine check", "faster", 3,
          "`pkgls -c` ≥ 3× faster than `twine check`")
    if "check-tampered" in notes:
        out.append(f"- `pkgls -c` verifies every RECORD hash: "
                   f"{notes['check-tampered']}")
    ratio("lswhl", "unzip -l", "within", 1.5,
          "pkgls within 1.5× of `unzip -l` on the wheel")
    ratio("lssdist", "bsdtar -tf", "within", 1.2,
          "pkgls within 1.2× of `bsdtar -tf` on the sdist")
    ratio("setver", "bumpversion", "faster", 20,
          "setver ≥ 20× faster than bumpversion")
    if "setver-fsync" in notes:
        out.append(f"- fsync calls per version bump: {notes['setver-fsync']}")
    if "setver-same" in notes:
        out.append(f"- setver and bumpversion make the same edit: "
                   f"{notes['setver-same']}")
    pypi_targets(rows, notes, out, ratio)
    ratio("relall", "by hand (sh: build, twine, venv, pip, git)", "faster",
          1.5, "the demo's whole release, rehearsal included: release.mk "
          "≥ 1.5× faster than the checklist by hand")
    return out


def pypi_targets(rows, notes, out, ratio):
    """Issue 17's targets, for the rows of tests/bench/pypilike.sh."""
    if not any(r in rows for r in ("pyup6", "pyup40", "pyup40first", "pyupbig",
                                   "pymem")):
        return
    if "pypilike" in notes:
        out.append(f"- the PyPI-like index: {notes['pypilike']}")
    ratio("pyup6", "twine upload", "faster", 4,
          "PyPI-like, six dists: pypiup ≥ 4× faster than twine")
    ratio("pyup6", "pypiup, the slowest file alone", "within", 1.3,
          "PyPI-like, six dists: within 1.3× of the slowest file alone")
    ratio("pyup40", "twine upload", "faster", 5,
          "PyPI-like, forty wheels: pypiup ≥ 5× faster than twine")
    def floor(row, lim, what):
        a = find(rows, row)
        if med(a) is None or "pyup40-floor" not in notes:
            return
        fl = float(notes["pyup40-floor"])
        v = med(a) / fl
        out.append(f"- {what}: within {lim}× of the link's floor: "
                   f"**{'met' if v <= lim else 'not met'}** ({v:.2f}× a floor of "
                   f"{fmt_t(fl)}: every byte at the link's rate, one processing "
                   "time, one round trip)")

    floor("pyup40", 1.4, "PyPI-like, forty wheels")
    ratio("pyup40first", "twine upload", "faster", 5,
          "PyPI-like, a first run (pypiup dist/*, empty cache): ≥ 5× faster "
          "than twine")
    floor("pyup40first", 1.3, "PyPI-like, a first run")
    ratio("pyupbig", "curl -F", "within", 1.05,
          "PyPI-like, 300 MB wheel: within 1.05× of curl")
    for row, lim, what in (("pyupbig", 20e6, "one 300 MB wheel"),
                           ("pymem", 24e6, "eight 300 MB wheels at -j 8")):
        a = find(rows, row)
        if med(a) is None:
            continue
        rss = max(a["rss"], default=0)
        out.append(f"- pypiup peak memory under {lim / 1e6:.0f} MB, {what}: "
                   f"**{'met' if rss < lim else 'not met'}** ({fmt_mb(rss)})")


def cmd_report(args):
    (path,) = args
    order, rows, notes = load(path)
    p = print
    p(f"Machine: {machine()}.  ")
    for k, name in (("date", "Date"), ("build", "Build"),
                    ("scale", "Runs"), ("inputs", "Big inputs"),
                    ("inputs6", "Small dists"), ("load", "Load"),
                    ("relall-check", "Whole release, checked")):
        if k in notes:
            p(f"{name}: {notes[k]}.  ")
    p("Times are wall-clock medians; CPU is the median user+sys time of the "
      "process and its children; peak RSS (10^6 bytes) is GNU time's %M. "
      "The last column divides the peer's median by relkit's: above 1, "
      "relkit is faster.")
    p("")
    p("| row | program | median | min–max | peak RSS | CPU (user+sys) "
      "| peer ÷ relkit |")
    p("| --- | --- | --- | --- | --- | --- | --- |")
    for row in order:
        rs = rows[row]
        base = med(rs[0])
        for i, r in enumerate(rs):
            n = max(len(x["wall"]) for x in rs)
            title = f"{r['title']} ({n} runs)" if i == 0 else ""
            m = med(r)
            if m is None:
                p(f"| {title} | {r['label']} | {why_missing(r)} | | | | |")
                continue
            label = r["label"]
            if r.get("status"):
                label += f" (exit {r['status']})"
            rat = "—" if i == 0 else (f"{m / base:.2f}" if base else "")
            p(f"| {title} | {label} | {fmt_t(m)} | "
              f"{fmt_t(min(r['wall']))}–{fmt_t(max(r['wall']))} | "
              f"{fmt_mb(max(r['rss'], default=0))} | "
              f"{fmt_t(statistics.median(r['cpu']))} | {rat} |")
    for k, v in notes.items():
        if k.startswith("table:"):
            p("")
            p(v)
    p("")
    p("Targets:")
    p("")
    for line in target_lines(rows, notes):
        p(line)
    return 0


def main(argv):
    cmds = {"run": cmd_run, "note": cmd_note, "report": cmd_report,
            "readbytes": cmd_readbytes,
            "threads": cmd_threads, "steps": cmd_steps,
            "relsteps": cmd_relsteps}
    if len(argv) < 2 or argv[1] not in cmds:
        sys.stderr.write(__doc__)
        return 2
    return cmds[argv[1]](argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
