#!/usr/bin/python3
"""Density: what each runtime costs per container when many run, beside bench.py (same bundle, namespace, roots).

Three parts, written to bench/scale.md (and the first two drawn in bench/scale.png):
- the monitor: BENCH_MONITORS idle containers under Hull's `run -d --monitor` and under conmon driving runc (as
  podman runs them): PSS, RSS, threads and idle CPU of the monitor processes, per container (conmon runs one per
  container, Hull one for the containers of a state directory);
- scale: BENCH_SCALE containers (`run -d`, an idle `sleep`) created and started, then `list`, `state`, `ps` and
  `events --stats` timed with all of them present, then all deleted; for hull, runc and crun in turn;
- the library host (bench/LibraryHost): one .NET process running BENCH_SCALE containers on pipes at once.
"""
import datetime
import json
import os
import subprocess
import sys
import time

import bench as b

SCALE = int(os.environ.get("BENCH_SCALE", "1000"))
MONITORS = int(os.environ.get("BENCH_MONITORS", "10"))
QUERY_REPS = int(os.environ.get("BENCH_QUERY_REPS", "10"))
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "10"))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def smaps(pid):
    """(PSS, RSS) in bytes and the thread count of a process."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("Pss", "Rss"):
                values[key] = int(rest.split()[0]) * 1024
    return values["Pss"], values["Rss"], len(os.listdir(f"/proc/{pid}/task"))


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def idle_cost(pids):
    """Per container: PSS, RSS, threads and CPU milliseconds per idle minute of the monitor processes (one per
    container for conmon, shared by the containers of a state directory for Hull), summed and divided by the
    number of containers."""
    containers = len(pids)
    pids = sorted(set(pids))
    # What a monitor does once set up (Hull's collects its garbage when the launches stop) is not idling.
    time.sleep(1)
    start = {p: cpu_ticks(p) for p in pids}
    time.sleep(IDLE_SECONDS)
    cpu = [(cpu_ticks(p) - start[p]) * 1000 / CLK_TCK * 60 / IDLE_SECONDS for p in pids]
    mem = [smaps(p) for p in pids]
    n = containers
    return {
        "pss": sum(m[0] for m in mem) / n,
        "rss": sum(m[1] for m in mem) / n,
        "threads": sum(m[2] for m in mem) / n,
        "cpu": sum(cpu) / n,
        "processes": len(pids),
    }


def hull_monitors(rt, bundle):
    ids = [rt.new_id("mon") for _ in range(MONITORS)]
    for cid in ids:
        b.timed(rt.argv("run", "-d", "--monitor", "--bundle", bundle, cid))
    pids = []
    for cid in ids:
        with open(os.path.join(rt.root, cid, "monitor.pid")) as f:
            pids.append(int(f.read().split()[0]))
    try:
        return idle_cost(pids)
    finally:
        for cid in ids:
            b.quiet(rt.argv("delete", "--force", cid))
        b.reap_orphans()


def conmon_monitors(rt, bundle):
    """conmon 2 as podman starts it: it daemonizes, runs `runc create`, and podman starts the container after."""
    work = os.path.join(b.WORK, "conmon")
    os.makedirs(work, exist_ok=True)
    ids = [rt.new_id("conmon") for _ in range(MONITORS)]
    pids = []
    try:
        for cid in ids:
            pidfile = os.path.join(work, f"{cid}.conmon.pid")
            # conmon says on the sync pipe when the runtime has created the container, as it tells podman.
            sync_read, sync_write = os.pipe()
            conmon = subprocess.Popen(
                ["/usr/bin/conmon", "--api-version", "1", "-c", cid, "-u", cid, "-n", cid, "-r", rt.binary,
                 "-b", bundle, "-p", os.path.join(work, f"{cid}.pid"), "-l", f"k8s-file:{work}/{cid}.log",
                 "--exit-dir", work, "--socket-dir-path", work, "--conmon-pidfile", pidfile,
                 "--runtime-arg", f"--root={rt.root}", "--log-level", "error"],
                env={**os.environ, "_OCI_SYNCPIPE": str(sync_write)}, pass_fds=(sync_write,),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(sync_write)
            # One message now; the pipe stays open for the exit status that conmon sends later.
            created = os.read(sync_read, 4096).decode()
            os.close(sync_read)
            conmon.wait(timeout=b.TIMEOUT)
            if '"data"' not in created:
                raise RuntimeError(f"conmon did not create {cid}: {created!r}")
            b.timed(rt.argv("start", cid))
            with open(pidfile) as f:
                pids.append(int(f.read().split()[0]))
        return idle_cost(pids)
    finally:
        for cid in ids:
            b.quiet(rt.argv("delete", "--force", cid))
        for pid in pids:
            b.wait_gone(pid, timeout=5)
        b.reap_orphans()


def scale(rt, bundle):
    """Times for BENCH_SCALE containers: create+start all, the queries with all present, delete all."""
    ids = [rt.new_id("scale") for _ in range(SCALE)]
    result = {"failures": 0}
    started = []
    t0 = time.perf_counter()
    for cid in ids:
        _, code = b.timed(rt.argv("run", "-d", "--bundle", bundle, cid), check=False)
        if code == 0:
            started.append(cid)
        else:
            result["failures"] += 1
            b.FAILURES[rt.name].append(("scale run -d", code, b.last_error()))
            b.quiet(rt.argv("delete", "--force", cid))
    result["up"] = time.perf_counter() - t0
    try:
        probe = started[len(started) // 2]
        for query, argv in (("list", rt.argv("list")), ("state", rt.argv("state", probe)),
                            ("ps", rt.argv("ps", probe)), ("events", rt.argv("events", "--stats", probe))):
            samples = [b.timed(argv, check=False) for _ in range(QUERY_REPS)]
            # A command the runtime does not have (crun has no `events`) leaves its cell empty.
            result[query] = [t for t, code in samples] if all(code == 0 for _, code in samples) else None
            if result[query] is None:
                result.setdefault("missing", []).append(f"`{query}` ({b.last_error()})")
    finally:
        t0 = time.perf_counter()
        for cid in started:
            _, code = b.timed(rt.argv("delete", "--force", cid), check=False)
            if code != 0:
                result["failures"] += 1
                b.FAILURES[rt.name].append(("scale delete --force", code, b.last_error()))
        result["down"] = time.perf_counter() - t0
        b.reap_orphans()
    result["left"] = len([d for d in os.listdir(rt.root) if d.startswith(b.TAG)])
    return result


def library_host(rt):
    """bench/LibraryHost's figures (a JSON object), or None with the reason when it could not run."""
    project = os.path.join(os.path.dirname(os.path.abspath(__file__)), "LibraryHost")
    built = subprocess.run(["dotnet", "build", project, "-c", "Release", "-o", os.path.join(b.WORK, "libraryhost")],
                           capture_output=True, text=True)
    if built.returncode != 0:
        return None, "build failed: " + built.stdout[-300:]
    rootfs = os.path.join(b.WORK, "bundle", "rootfs")
    ran = subprocess.run([os.path.join(b.WORK, "libraryhost", "LibraryHost"), rootfs, str(SCALE), f"{b.TAG}-lib", rt.root],
                         capture_output=True, text=True, env={**os.environ, "HULL_BINARY": rt.binary}, timeout=600)
    if ran.returncode != 0:
        return None, f"exit {ran.returncode}: {(ran.stderr or ran.stdout)[-300:]}"
    return json.loads(ran.stdout.strip().splitlines()[-1]), None


def write(monitors, scaled, library, started, elapsed):
    n = b.NAMES
    lines = [
        "# Density: Hull vs runc vs crun (and conmon)",
        "",
        f"Generated by `make bench` (bench/scale.py) on {started:%Y-%m-%d %H:%M} UTC in {elapsed:.0f} s; "
        f"{os.cpu_count()} CPUs. Same bundle, mount namespace and state roots as bench/results.md.",
        "",
        f"## The monitor: {MONITORS} idle containers each",
        "",
        "Hull: `hull run -d --monitor` (the monitor holds the stdio, keeps the log, serves attach, records the exit; "
        "one monitor serves the containers of a state directory). "
        "conmon: conmon 2 driving runc, started as podman starts it (k8s-file log, exit dir, attach socket; one per "
        f"container). Monitor processes' totals divided by the containers; CPU over {IDLE_SECONDS:.0f} idle seconds, "
        "scaled to a minute.",
        "",
        "| Per container | hull | conmon | hull/conmon |",
        "| --- | ---: | ---: | ---: |",
    ]
    h, c = monitors["hull"], monitors["conmon"]
    lines.append(f"| monitor processes for {MONITORS} containers | {h['processes']} | {c['processes']} | – |")
    for label, key, fmt in (("PSS", "pss", b.fmt_bytes), ("RSS", "rss", b.fmt_bytes),
                            ("threads", "threads", lambda v: f"{v:.2f}"), ("CPU per idle minute, ms", "cpu", lambda v: f"{v:.1f}")):
        lines.append(f"| {label} | {fmt(h[key])} | {fmt(c[key])} | {b.ratio(h[key], c[key])} |")
    lines += [
        "",
        f"## {SCALE} containers",
        "",
        f"Each runtime in turn: {SCALE} `run -d` of an idle `sleep` (no monitor: the runtime alone), then each query "
        f"{QUERY_REPS} times with all {SCALE} present (median, interquartile range), then `delete --force` of each.",
        "",
        "| Metric | hull | runc | crun | hull/runc | hull/crun |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, key in ((f"{SCALE} × `run -d`, total s", "up"), (f"{SCALE} × `delete --force`, total s", "down")):
        v = {x: scaled[x][key] for x in n}
        lines.append(f"| {label} | " + " | ".join(f"{v[x]:.1f}" for x in n) + f" | {b.ratio(v['hull'], v['runc'])} | {b.ratio(v['hull'], v['crun'])} |")
    for label, key in (("`list`, ms", "list"), ("`state`, ms", "state"), ("`ps`, ms", "ps"), ("`events --stats`, ms", "events")):
        v = {x: scaled[x][key] for x in n}
        m = {x: b.med(v[x]) if v[x] else None for x in n}
        lines.append(f"| {label} | " + " | ".join(b.fmt_ms(v[x]) if v[x] else "–" for x in n)
                     + f" | {b.ratio(m['hull'], m['runc'])} | {b.ratio(m['hull'], m['crun'])} |")
    lines.append("")
    for x in n:
        s = scaled[x]
        missing = f"; failed every time: {', '.join(s['missing'])}" if s.get("missing") else ""
        lines.append(f"- {x}: {s['failures']} failed `run -d`/`delete`, {s['left']} containers left in its state root afterwards{missing}.")
    lines.append("- The machine's other work (builds, tests) adds noise; the runtimes ran one after another, so compare ratios with care.")
    lines += ["", f"## The library host: {SCALE} containers in one .NET process", ""]
    figures, failure = library
    if figures is None:
        lines.append(f"Did not run: {failure}")
    else:
        lines += [
            f"bench/LibraryHost: one `ContainerHost` runs {SCALE} containers at once, each on pipes (`sh -c 'read x; exit $x'`), "
            "then writes each its own exit code and awaits every status. RSS growth per container is measured against the "
            "host after one warm-up container.",
            "",
            "| Metric | value |",
            "| --- | ---: |",
            f"| {SCALE} containers created and started, s | {figures['up_s']:.1f} |",
            f"| all exited, reaped and deleted, s | {figures['exit_and_delete_s']:.1f} |",
            f"| host RSS per running container | {b.fmt_bytes(figures['rss_per_container'])} |",
            f"| host threads: idle / with {SCALE} running | {figures['threads_idle']:.0f} / {figures['threads_running']:.0f} |",
            f"| exit statuses reported correctly | {figures['statuses_correct']:.0f} of {SCALE} |",
        ]
    with open(os.path.join(b.OUT, "scale.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_chart(monitors, scaled):
    """bench/scale.png: the thousand containers under each runtime, and the monitor beside conmon."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"hull": "#6a3d9a", "runc": "#1f78b4", "crun": "#33a02c", "conmon": "#ff7f00"}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))

    def grouped(ax, names, metrics, unit, title):
        width = 0.8 / len(names)
        for k, name in enumerate(names):
            xs = [i + (k - (len(names) - 1) / 2) * width for i in range(len(metrics))]
            ax.bar(xs, [values.get(name) or 0 for _, values in metrics], width, label=name, color=colors[name])
        ax.set_xticks(range(len(metrics)))
        ax.set_xticklabels([label for label, _ in metrics])
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(axis="y", alpha=0.3)
        ax.legend()

    def median_ms(key):
        return {x: b.med(scaled[x][key]) * 1000 if scaled[x][key] else None for x in b.NAMES}

    grouped(axes[0], b.NAMES, [("run -d", {x: scaled[x]["up"] for x in b.NAMES}),
                               ("delete --force", {x: scaled[x]["down"] for x in b.NAMES})],
            "s", f"{SCALE} containers, one after another")
    grouped(axes[1], b.NAMES, [(q, median_ms(q)) for q in ("list", "state", "ps", "events")],
            "ms", f"one command with {SCALE} containers present")
    grouped(axes[2], ["hull", "conmon"], [("PSS, MiB", {m: monitors[m]["pss"] / (1 << 20) for m in monitors}),
                                          ("threads", {m: monitors[m]["threads"] for m in monitors})],
            "", f"monitors, per idle container ({MONITORS} containers)")
    fig.suptitle("Density: Hull vs runc vs crun, and Hull's monitor vs conmon (lower is better)")
    fig.tight_layout()
    fig.savefig(os.path.join(b.OUT, "scale.png"), dpi=110)


def main():
    started = datetime.datetime.now(datetime.timezone.utc)
    t_start = time.perf_counter()
    import ctypes
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: the inits come back to us
    b._errpath = os.path.join(b.WORK, "stderr-scale")
    bins = b.binaries()
    rts = {x: b.Runtime(x, bins[x]) for x in b.NAMES}
    sleeper = b.variant_bundle("scale-sleeper", lambda c: c["process"].__setitem__("args", ["sleep", "3600"]))
    print("bench: monitors ...", file=sys.stderr, flush=True)
    monitors = {"hull": hull_monitors(rts["hull"], sleeper), "conmon": conmon_monitors(rts["runc"], sleeper)}
    scaled = {}
    for x in b.NAMES:
        print(f"bench: {SCALE} containers under {x} ...", file=sys.stderr, flush=True)
        scaled[x] = scale(rts[x], sleeper)
    print(f"bench: {SCALE} containers in one library host ...", file=sys.stderr, flush=True)
    library = library_host(rts["hull"])
    write(monitors, scaled, library, started, time.perf_counter() - t_start)
    write_chart(monitors, scaled)
    print(open(os.path.join(b.OUT, "scale.md")).read())


if __name__ == "__main__":
    main()
