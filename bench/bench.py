#!/usr/bin/python3
"""Hull vs runc vs crun: the measurements behind bench.sh (which prepares the bundle and the mount namespace).

Every latency is the wall time of one runtime command, spawned with posix_spawn and reaped with waitpid.
The runtimes are interleaved (the order rotates every repetition) so that background noise spreads over
all three; results are medians after warm-up.
"""
import ctypes
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time

WORK = os.environ.get("BENCH_WORK", "")
TAG = os.environ.get("BENCH_TAG", "hb")
OUT = os.environ.get("BENCH_OUT", os.path.dirname(os.path.abspath(__file__)))
REPS = int(os.environ.get("BENCH_REPS", "30"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
SEQ = int(os.environ.get("BENCH_SEQ", "100"))
SEQ_ROUNDS = int(os.environ.get("BENCH_SEQ_ROUNDS", "3"))
PAR = int(os.environ.get("BENCH_PAR", "10"))
PAR_ROUNDS = int(os.environ.get("BENCH_PAR_ROUNDS", "20"))
RSS_REPS = int(os.environ.get("BENCH_RSS_REPS", "5"))
MEM_HIGH = 64 << 20
MEM_LOW = 256 << 10
MEM_STEP = 16 << 10
TIMEOUT = 30.0
NAMES = ["hull", "runc", "crun"]


def binaries():
    return {
        "hull": os.environ.get("HULL") or os.path.abspath("hull"),
        "runc": shutil.which("runc"),
        "crun": shutil.which("crun"),
    }


def state_root(name):
    return os.path.join(WORK, f"state-{name}")


class Runtime:
    def __init__(self, name, binary):
        self.name = name
        self.binary = binary
        self.root = state_root(name)
        os.makedirs(self.root, exist_ok=True)
        self.counter = 0

    def argv(self, *args):
        return [self.binary, "--root", self.root, *args]

    def new_id(self, what):
        self.counter += 1
        return f"{TAG}-{self.name}-{what}{self.counter}"


_devnull = None
_errpath = None


def spawn(argv, errpath=None):
    """Starts argv with stdin/stdout on /dev/null and stderr appended to a file; returns the pid."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, errpath or _errpath, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
    ]
    return os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)


def wait(pid, deadline):
    """Blocks until pid exits (SIGKILLed at the monotonic deadline); returns its exit status."""
    remaining = deadline - time.monotonic()
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))
    try:
        _, status = os.waitpid(pid, 0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return os.waitstatus_to_exitcode(status)


def timed(argv, check=True, timeout=TIMEOUT):
    """Runs argv to completion; returns (seconds, exit status)."""
    open(_errpath, "w").close()
    t0 = time.perf_counter()
    pid = spawn(argv)
    code = wait(pid, time.monotonic() + timeout)
    elapsed = time.perf_counter() - t0
    if check and code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {last_error()}")
    return elapsed, code


def last_error(path=None):
    with open(path or _errpath) as f:
        lines = [l.strip() for l in f if l.strip()]
    return lines[-1] if lines else "(no message)"


def quiet(argv):
    """Runs argv and ignores failure (cleanup)."""
    try:
        subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pass


def reap_orphans():
    """Container inits are reparented to us (we are a subreaper); reap any that have exited."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def wait_gone(pid, timeout=TIMEOUT):
    """Waits until pid has exited: reaps it when it is our child, else polls /proc."""
    try:
        os.waitpid(pid, 0)
        return
    except ChildProcessError:
        pass
    deadline = time.monotonic() + timeout
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return
        except OSError:
            return
        time.sleep(0.0005)


def state_pid(rt, cid):
    out = subprocess.run(rt.argv("state", cid), capture_output=True, text=True, check=True).stdout
    return int(json.loads(out)["pid"])


def rotations(i):
    k = i % len(NAMES)
    return NAMES[k:] + NAMES[:k]


def variant_bundle(name, mutate):
    """A bundle sharing the main bundle's rootfs, with a changed config."""
    base = os.path.join(WORK, "bundle")
    path = os.path.join(WORK, name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(base, "config.json")) as f:
        config = json.load(f)
    config["root"]["path"] = os.path.join(base, "rootfs")
    mutate(config)
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump(config, f, indent="\t")
    return path


# ---------------------------------------------------------------- measurements

FAILURES = {n: [] for n in NAMES}


def attempt(rt, test, argv, cleanup_id=None):
    """Runs one timed command; on failure records it (the run goes on) and force-deletes cleanup_id."""
    t, code = timed(argv, check=False)
    if code == 0:
        return t
    FAILURES[rt.name].append((test, code, last_error()))
    if cleanup_id:
        quiet(rt.argv("delete", "--force", cleanup_id))
    reap_orphans()
    return None


def bench_run(rts, bundle):
    samples = {n: [] for n in NAMES}
    for i in range(WARMUP + REPS):
        for n in rotations(i):
            rt = rts[n]
            cid = rt.new_id("run")
            t = attempt(rt, "run", rt.argv("run", "--bundle", bundle, cid), cid)
            if i >= WARMUP and t is not None:
                samples[n].append(t)
    return samples


def bench_phases(rts, bundle):
    phases = {p: {n: [] for n in NAMES} for p in ("create", "start", "delete")}
    for i in range(WARMUP + REPS):
        for n in rotations(i):
            rt = rts[n]
            cid = rt.new_id("cs")
            tc = attempt(rt, "create", rt.argv("create", "--bundle", bundle, cid), cid)
            if tc is None:
                continue
            pid = state_pid(rt, cid)
            ts = attempt(rt, "start", rt.argv("start", cid), cid)
            if ts is None:
                continue
            wait_gone(pid)
            td = attempt(rt, "delete", rt.argv("delete", cid), cid)
            if i >= WARMUP and td is not None:
                phases["create"][n].append(tc)
                phases["start"][n].append(ts)
                phases["delete"][n].append(td)
        reap_orphans()
    return phases


def bench_exec(rts, sleeper):
    ids = {}
    try:
        for n in NAMES:
            rt = rts[n]
            ids[n] = rt.new_id("exec")
            timed(rt.argv("run", "-d", "--bundle", sleeper, ids[n]))
        samples = {n: [] for n in NAMES}
        for i in range(WARMUP + REPS):
            for n in rotations(i):
                t = attempt(rts[n], "exec", rts[n].argv("exec", ids[n], "/bin/true"))
                if i >= WARMUP and t is not None:
                    samples[n].append(t)
        return samples
    finally:
        for n, cid in ids.items():
            quiet(rts[n].argv("delete", "--force", cid))
        reap_orphans()


def bench_sequential(rts, bundle):
    totals = {n: [] for n in NAMES}
    for r in range(SEQ_ROUNDS):
        for n in rotations(r):
            rt = rts[n]
            t0 = time.perf_counter()
            for _ in range(SEQ):
                cid = rt.new_id("seq")
                attempt(rt, "sequential run", rt.argv("run", "--bundle", bundle, cid), cid)
            totals[n].append(time.perf_counter() - t0)
    return totals


def bench_parallel(rts, bundle):
    totals = {n: [] for n in NAMES}
    for r in range(1 + PAR_ROUNDS):
        for n in rotations(r):
            rt = rts[n]
            ids = [rt.new_id("par") for _ in range(PAR)]
            errs = [os.path.join(WORK, f"stderr-{k}") for k in range(PAR)]
            for e in errs:
                open(e, "w").close()
            t0 = time.perf_counter()
            pids = [spawn(rt.argv("run", "--bundle", bundle, cid), e) for cid, e in zip(ids, errs)]
            deadline = time.monotonic() + TIMEOUT
            codes = [wait(p, deadline) for p in pids]
            t = time.perf_counter() - t0
            if r > 0:
                totals[n].append(t)
            for cid, code, e in zip(ids, codes, errs):
                if code != 0:
                    FAILURES[n].append(("parallel run", code, last_error(e)))
                    quiet(rt.argv("delete", "--force", cid))
            reap_orphans()
    return totals


def bench_rss(rts, bundle):
    rss = {n: [] for n in NAMES}
    for i in range(RSS_REPS):
        for n in rotations(i):
            rt = rts[n]
            cid = rt.new_id("rss")
            timed(rt.argv("create", "--bundle", bundle, cid))
            try:
                pid = state_pid(rt, cid)
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            rss[n].append(int(line.split()[1]) * 1024)
            finally:
                quiet(rt.argv("delete", "--force", cid))
        reap_orphans()
    return rss


def memory_mount():
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, right = line.split(" - ", 1)
            fstype, _, options = right.split()[:3]
            if fstype == "cgroup" and "memory" in options.split(","):
                return left.split()[4]
            if fstype == "cgroup2":
                return left.split()[4]
    return None


def memory_limit_file(pid):
    mount = memory_mount()
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if "memory" in controllers.split(","):
                return os.path.join(mount, path.lstrip("/"), "memory.limit_in_bytes")
            if controllers == "" and os.path.exists(os.path.join(mount, "cgroup.controllers")):
                return os.path.join(mount, path.lstrip("/"), "memory.max")
    return None


def limit_applied(rt, limit):
    bundle = variant_bundle(f"mem-check-{rt.name}", lambda c: c["linux"].setdefault("resources", {}).__setitem__("memory", {"limit": limit}))
    cid = rt.new_id("memchk")
    try:
        _, code = timed(rt.argv("create", "--bundle", bundle, cid), check=False)
        if code != 0:
            return None
        path = memory_limit_file(state_pid(rt, cid))
        if path is None or not os.path.exists(path):
            return False
        with open(path) as f:
            value = f.read().strip()
        return value != "max" and abs(int(value) - limit) < 4096
    finally:
        quiet(rt.argv("delete", "--force", cid))
        reap_orphans()


def bench_min_memory(rts):
    def runs_with(rt, limit):
        bundle = variant_bundle(f"mem-{rt.name}", lambda c: c["linux"].setdefault("resources", {}).__setitem__("memory", {"limit": limit}))
        for _ in range(2):  # a failure is retried once, so that a flaky start is not taken for lack of memory
            cid = rt.new_id("mem")
            _, code = timed(rt.argv("run", "--bundle", bundle, cid), check=False)
            quiet(rt.argv("delete", "--force", cid))
            reap_orphans()
            if code == 0:
                return True
        return False

    result = {}
    # One binary search per runtime, interleaved step by step.
    bounds = {}
    for n in NAMES:
        rt = rts[n]
        if not runs_with(rt, MEM_HIGH):
            result[n] = None  # fails even at the highest limit
        elif runs_with(rt, MEM_LOW):
            result[n] = MEM_LOW
        else:
            bounds[n] = [MEM_LOW, MEM_HIGH]  # [fails, succeeds]
    while bounds:
        for n in list(bounds):
            lo, hi = bounds[n]
            if hi - lo <= MEM_STEP:
                result[n] = hi
                del bounds[n]
                continue
            mid = (lo + hi) // 2 // 4096 * 4096
            if runs_with(rts[n], mid):
                bounds[n][1] = mid
            else:
                bounds[n][0] = mid
    applied = {n: limit_applied(rts[n], 32 << 20) for n in NAMES}
    return result, applied


# ---------------------------------------------------------------- output

def med(xs):
    return statistics.median(xs)


def quartiles(xs):
    if len(xs) < 4:
        return min(xs), max(xs)
    q = statistics.quantiles(xs, n=4)
    return q[0], q[2]


def fmt_ms(xs):
    lo, hi = quartiles(xs)
    return f"{med(xs) * 1000:.1f} ({lo * 1000:.1f}–{hi * 1000:.1f})"


def fmt_s(xs):
    lo, hi = quartiles(xs)
    return f"{med(xs):.2f} ({lo:.2f}–{hi:.2f})"


def fmt_bytes(n):
    if n >= 1 << 20:
        return f"{n / (1 << 20):.2f} MiB"
    return f"{n / 1024:.0f} KiB"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def versions(bins):
    out = {}
    for n, b in bins.items():
        try:
            first = subprocess.run([b, "--version"], capture_output=True, text=True).stdout.splitlines()
            out[n] = first[0] if first else "?"
        except OSError:
            out[n] = "?"
    return out


def write_results(rows, notes, bins, started, elapsed):
    vers = versions(bins)
    load = os.getloadavg()
    lines = [
        "# Hull vs runc vs crun",
        "",
        f"Generated by `make bench` (bench/bench.sh) on {started:%Y-%m-%d %H:%M} UTC in {elapsed:.0f} s. "
        f"Kernel {platform.release()}, {os.cpu_count()} CPUs, load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.",
        "",
        "Runtimes: " + "; ".join(f"`{n}`: {vers[n]} ({bins[n]})" for n in NAMES) + ".",
        "",
        f"Bundle: `scripts/make-bundle.sh ./hull DIR true` (busybox, `/bin/true`, pid/network/ipc/uts/mount/cgroup "
        f"namespaces), ociVersion 1.0.2-dev, the same directory for all three. Every runtime runs in one private mount "
        f"namespace with the hybrid host's `/sys/fs/cgroup/unified` unmounted (crun refuses the hybrid layout; a scratch "
        f"tmpfs takes its place so that crun's stray `cgroup.procs` files stay private), so all three use the cgroup v1 "
        f"hierarchies; each has its own `--root` under `/run/hull-bench-PID/`. Latencies: median (interquartile range) of {REPS} samples per runtime "
        f"after {WARMUP} warm-up rounds, runtimes interleaved with a rotating order. Lower is better everywhere; a ratio "
        f"above 1 means Hull is slower or bigger.",
        "",
        "| Metric | hull | runc | crun | hull/runc | hull/crun |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, cells, values in rows:
        lines.append(f"| {label} | {cells['hull']} | {cells['runc']} | {cells['crun']} | "
                     f"{ratio(values['hull'], values['runc'])} | {ratio(values['hull'], values['crun'])} |")
    table = lines[-(len(rows) + 2):]
    lines += [""] + [f"- {n}" for n in notes] + [""]
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write("\n".join(lines))
    embed_in_readme(table)


README_TABLE_START = "<!-- bench table: written by bench/bench.py -->"
README_TABLE_END = "<!-- end of bench table -->"


def embed_in_readme(table):
    """Replaces the table between the README's markers, when the results go to the repository's bench/."""
    here = os.path.dirname(os.path.abspath(__file__))
    if os.path.abspath(OUT) != here:
        return
    readme = os.path.join(os.path.dirname(here), "README.md")
    with open(readme) as f:
        text = f.read()
    start, end = text.find(README_TABLE_START), text.find(README_TABLE_END)
    if start < 0 or end < start:
        return
    text = text[:start + len(README_TABLE_START)] + "\n" + "\n".join(table) + "\n" + text[end:]
    with open(readme, "w") as f:
        f.write(text)


def shared_libraries(binary):
    """Every shared library the binary loads, the C library and the dynamic loader included; none when static."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    libs = set()
    for line in out.splitlines():
        path = line.split("=>")[-1].split()[0] if line.strip() else ""
        if path.startswith("/"):
            libs.add(os.path.realpath(path))
    return sorted(libs)


def write_chart(chart):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"hull": "#6a3d9a", "runc": "#1f78b4", "crun": "#33a02c"}
    fig, axes = plt.subplots(2, 2, figsize=(12, 8))
    for ax, (title, unit, metrics) in zip(axes.flat, chart):
        width = 0.8 / len(NAMES)
        for k, n in enumerate(NAMES):
            xs = [i + (k - 1) * width for i in range(len(metrics))]
            ys = [m[1].get(n) or 0 for m in metrics]
            bars = ax.bar(xs, ys, width, label=n, color=colors[n])
            for b, m in zip(bars, metrics):
                if m[1].get(n) is None:
                    ax.annotate("not\napplied", (b.get_x() + b.get_width() / 2, 0), ha="center", va="bottom", fontsize=7)
        ax.set_xticks(range(len(metrics)))
        ax.set_xticklabels([m[0] for m in metrics])
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
        ax.legend()
    fig.suptitle("Hull vs runc vs crun (medians, lower is better)")
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, "results.png"), dpi=110)


def main():
    global _errpath
    started = datetime.datetime.now(datetime.timezone.utc)
    t_start = time.perf_counter()
    # Inits are reparented to the nearest subreaper when their runtime exits: that is us, so we can wait for them.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    _errpath = os.path.join(WORK, "stderr")
    bins = binaries()
    rts = {n: Runtime(n, bins[n]) for n in NAMES}
    bundle = os.path.join(WORK, "bundle")
    sleeper = variant_bundle("sleeper", lambda c: c["process"].__setitem__("args", ["sleep", "3600"]))

    def step(what):
        print(f"bench: {what} ...", file=sys.stderr, flush=True)

    step(f"run latency ({REPS}×)")
    run = bench_run(rts, bundle)
    step(f"create/start/delete ({REPS}×)")
    phases = bench_phases(rts, bundle)
    step(f"exec latency ({REPS}×)")
    execs = bench_exec(rts, sleeper)
    step(f"{SEQ} sequential containers ({SEQ_ROUNDS} rounds)")
    seq = bench_sequential(rts, bundle)
    step(f"{PAR} parallel containers ({PAR_ROUNDS} rounds)")
    par = bench_parallel(rts, bundle)
    step("init RSS in created")
    rss = bench_rss(rts, bundle)
    step("smallest memory limit for run")
    minmem, applied = bench_min_memory(rts)
    sizes = {n: os.path.getsize(os.path.realpath(bins[n])) for n in NAMES}
    with_libs = {n: sizes[n] + sum(os.path.getsize(l) for l in shared_libraries(bins[n])) for n in NAMES}

    rows = []

    def latency_row(label, samples):
        rows.append((label, {n: fmt_ms(samples[n]) for n in NAMES}, {n: med(samples[n]) for n in NAMES}))

    latency_row("`run` /bin/true (create+start+wait+delete), ms", run)
    latency_row("`create`, ms", phases["create"])
    latency_row("`start`, ms", phases["start"])
    latency_row("`delete` (stopped), ms", phases["delete"])
    latency_row("`exec` /bin/true into a running container, ms", execs)
    rows.append((f"{SEQ} sequential `run`s, total s", {n: fmt_s(seq[n]) for n in NAMES}, {n: med(seq[n]) for n in NAMES}))
    rows.append((f"{PAR} parallel `run`s, wall ms", {n: fmt_ms(par[n]) for n in NAMES}, {n: med(par[n]) for n in NAMES}))
    rows.append(("init RSS while `created` (VmRSS)", {n: fmt_bytes(med(rss[n])) for n in NAMES}, {n: med(rss[n]) for n in NAMES}))

    def mem_cell(n):
        if minmem[n] is None:
            cell = f"> {fmt_bytes(MEM_HIGH)}"
        elif minmem[n] == MEM_LOW:
            cell = f"≤ {fmt_bytes(MEM_LOW)}"
        else:
            cell = fmt_bytes(minmem[n])
        if applied[n] is False:
            cell += " (limit not applied)"
        elif applied[n] is None:
            cell += " (limit check failed)"
        return cell

    mem_values = {n: (minmem[n] if applied[n] else None) for n in NAMES}
    rows.append(("smallest memory limit at which `run` succeeds", {n: mem_cell(n) for n in NAMES}, mem_values))
    rows.append(("executable size", {n: fmt_bytes(sizes[n]) for n in NAMES}, sizes))
    rows.append(("executable + the shared libraries it loads", {n: fmt_bytes(with_libs[n]) for n in NAMES}, with_libs))

    notes = [
        f"Memory limit: binary search over `linux.resources.memory.limit` from {fmt_bytes(MEM_HIGH)} down to "
        f"{fmt_bytes(MEM_LOW)} in {fmt_bytes(MEM_STEP)} steps; \"limit not applied\" means that with a 32 MiB limit the "
        "container's memory cgroup file did not show it, so the number says nothing (no ratio is given).",
        "Init RSS: VmRSS of the pid that `state` reports, while the container waits in `created`.",
        "Sizes are of the stripped executables as installed. runc and crun are dynamically linked: the second size row "
        "adds every shared library `ldd` resolves, the C library and the loader included (runc: libseccomp and glibc; "
        "crun: libseccomp, libcap, libyajl, libsystemd and theirs, and glibc). hull is statically linked, libseccomp "
        "and glibc included, so its two rows are the same. The bundle has no seccomp profile, so no runtime loads a filter.",
        f"{SEQ} sequential: median of {SEQ_ROUNDS} rounds; {PAR} parallel: median of {PAR_ROUNDS} rounds after one warm-up.",
        "The machine has 2 CPUs and other work (builds, tests) was running during the measurement: absolute numbers are "
        "noisy; the interleaving spreads that noise over the three runtimes, so the ratios are the figure to read.",
    ]
    for n in NAMES:
        by_kind = {}
        for test, code, msg in FAILURES[n]:
            if 'msg="' in msg:  # runc-style log line: keep only the message
                msg = msg.split('msg="', 1)[1].rsplit('"', 1)[0]
            by_kind[(test, msg)] = by_kind.get((test, msg), 0) + 1
        for (test, msg), count in by_kind.items():
            notes.append(f"**{n}: {count} failed {test}{'s' if count > 1 else ''}** (left out of the latencies; "
                         f"sequential/parallel totals include them): `{msg}`")
        if not FAILURES[n]:
            notes.append(f"{n}: no command failed.")
    elapsed = time.perf_counter() - t_start
    write_results(rows, notes, bins, started, elapsed)
    ms = lambda s: {n: med(s[n]) * 1000 for n in NAMES}
    chart = [
        ("Single operations", "ms", [("run", ms(run)), ("create", ms(phases["create"])), ("start", ms(phases["start"])),
                                     ("delete", ms(phases["delete"])), ("exec", ms(execs))]),
        ("Many containers", "s", [(f"{SEQ} sequential", {n: med(seq[n]) for n in NAMES}),
                                  (f"{PAR} parallel", {n: med(par[n]) for n in NAMES})]),
        ("Memory", "MiB", [("init RSS (created)", {n: med(rss[n]) / (1 << 20) for n in NAMES}),
                           ("min. memory limit", {n: (mem_values[n] / (1 << 20) if mem_values[n] else None) for n in NAMES})]),
        ("Executable size", "MiB", [("executable", {n: sizes[n] / (1 << 20) for n in NAMES}),
                                     ("+ shared libraries", {n: with_libs[n] / (1 << 20) for n in NAMES})]),
    ]
    write_chart(chart)
    with open(os.path.join(OUT, "results.md")) as f:
        print(f.read())


def cleanup():
    """Deletes every container left in the bench's state roots and removes cgroups named after the bench."""
    if not WORK or not os.path.isdir(WORK):
        return
    bins = binaries()
    for n in NAMES:
        root = state_root(n)
        if not os.path.isdir(root) or not bins.get(n):
            continue
        for cid in os.listdir(root):
            if cid.startswith(TAG):
                quiet([bins[n], "--root", root, "delete", "--force", cid])
    for mount in cgroup_mounts():
        for top, dirs, _ in os.walk(mount):
            for d in list(dirs):
                if d.startswith(TAG + "-"):
                    rmtree_cgroup(os.path.join(top, d))
                    dirs.remove(d)
            if top.count("/") - mount.count("/") >= 3:
                dirs[:] = []


def cgroup_mounts():
    """Mount points of cgroup hierarchies (not the scratch tmpfs that stands in for the unified one)."""
    result = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, right = line.split(" - ", 1)
            if right.split()[0] in ("cgroup", "cgroup2"):
                result.append(left.split()[4])
    return result


def rmtree_cgroup(path):
    for top, dirs, _ in os.walk(path, topdown=False):
        for d in dirs:
            try:
                os.rmdir(os.path.join(top, d))
            except OSError:
                pass
    try:
        os.rmdir(path)
    except OSError as e:
        print(f"bench: cannot remove cgroup {path}: {e}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:] == ["--cleanup"]:
        cleanup()
    else:
        main()
