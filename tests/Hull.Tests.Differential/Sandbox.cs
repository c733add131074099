using System.Diagnostics;

namespace Hull.Tests.Differential;

/// <summary>
/// The place a scenario runs, the same path under both runtimes one after the other, so that what they print needs no
/// rewriting of paths: a bundle (busybox rootfs and config.json), a state root and a scratch directory.
/// Steps run in the bundle directory with these variables:
/// <list type="table">
/// <item><term>$RT</term><description>the runtime's binary</description></item>
/// <item><term>$R</term><description>the runtime with its state root: <c>$RT --root $S</c></description></item>
/// <item><term>$ID, $ID2</term><description>container ids, fresh for each scenario</description></item>
/// <item><term>$B, $S, $T</term><description>bundle, state root, scratch directory</description></item>
/// <item><term>$RECVTTY</term><description>a receiver for --console-socket (recvtty.c)</description></item>
/// </list>
/// and the helpers of <see cref="Prelude"/>.
/// </summary>
public static class Sandbox
{
    private const string Base = "/tmp/oci-diff";

    public static string PreludePath => Path.Combine(Base, "prelude.sh");

    private static string Template => Path.Combine(Base, "template");

    private static string Work => Path.Combine(Base, "work");

    private static readonly Lazy<bool> Prepared = new(Prepare);

    /// <summary>Runs <paramref name="scenario"/> under <paramref name="runtime"/>, cleans up after it, and says what it saw and left.</summary>
    public static Observation Run(Scenario scenario, RuntimeUnderTest runtime, string id)
    {
        _ = Prepared.Value;
        string bundle = Path.Combine(Work, "bundle"), state = Path.Combine(Work, "state"), scratch = Path.Combine(Work, "tmp");
        string output = Path.Combine(Base, "output");
        RemoveWork();
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(state);
        Directory.CreateDirectory(scratch);
        Directory.CreateDirectory(output);
        Shell($"cp -a {Template} {bundle} && chmod 755 {Work} {scratch}");
        Shell($"jq --arg id {id} {Quote(scenario.Config)} {Template}/config.json > {bundle}/config.json");
        var before = Tree.Snapshot(bundle);
        var environment = new Dictionary<string, string>
        {
            ["RT"] = runtime.Binary,
            ["R"] = $"{runtime.Binary} --root {state}",
            ["ID"] = id,
            ["ID2"] = id + "b",
            ["B"] = bundle,
            ["S"] = state,
            ["T"] = scratch,
            ["RECVTTY"] = Path.Combine(Base, "recvtty"),
        };
        var runner = new StepRunner(bundle, environment, output);
        var steps = scenario.Steps.Select(step => runner.Run(step, TimeSpan.FromSeconds(scenario.StepTimeout))).ToList();
        var leaks = CleanUp(runtime, state, runner, [id, id + "b"]);
        var files = Tree.Changes(before, Tree.Snapshot(bundle));
        RemoveWork();
        return new Observation(steps, files, leaks);
    }

    /// <summary>
    /// Deletes the containers, ends what the steps left running, and reports (then removes) what is still on the host:
    /// state, cgroups, mounts, processes.
    /// </summary>
    private static List<string> CleanUp(RuntimeUnderTest runtime, string state, StepRunner runner, string[] ids)
    {
        foreach (string id in ids)
            Shell($"{runtime.Binary} --root {state} delete --force {id} >/dev/null 2>&1 || true");
        var leaks = new List<string>();
        foreach (string entry in Directory.EnumerateFileSystemEntries(state))
            leaks.Add($"state entry {Path.GetFileName(entry)}");
        foreach (string id in ids)
        {
            foreach (int pid in HostProcesses.InCgroupNaming(id))
                leaks.Add($"process in the container's cgroup ({Command(pid)})");
        }
        runner.KillLeftovers();
        foreach (string id in ids)
        {
            foreach (int pid in HostProcesses.InCgroupNaming(id))
                HostProcesses.Kill(pid);
        }
        foreach (string mount in Mounts.Under(Work))
        {
            leaks.Add($"mount {mount}");
            Shell($"umount -l {Quote(mount)} 2>/dev/null || true");
        }
        foreach (string id in ids)
        {
            foreach (string cgroup in Cgroups.Named(id))
            {
                leaks.Add($"cgroup {cgroup}");
                Cgroups.Remove(cgroup);
            }
        }
        return leaks;
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    private static void RemoveWork()
    {
        if (Directory.Exists(Work))
            Shell($"chattr -R -i {Work} 2>/dev/null; rm -rf {Work}");
    }

    private static bool Prepare()
    {
        Shell($"rm -rf {Base}; mkdir -p {Template}/rootfs && chmod 755 {Base} {Template}");
        string rootfs = Path.Combine(Template, "rootfs");
        Shell($"""
            cd {rootfs} && mkdir -p bin dev proc sys tmp etc root home usr/sbin var && chmod 1777 tmp &&
            cp /bin/busybox bin/ && for a in $(/bin/busybox --list); do [ -e bin/$a ] || ln -s busybox bin/$a; done &&
            printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > etc/passwd &&
            printf 'root:x:0:\ndaemon:x:1:\ntty:x:5:\nusers:x:100:\nnogroup:x:65534:\n' > etc/group &&
            cd {Template} && {RuntimeUnderTest.Runc.Binary} spec &&
            jq '.process.terminal = false' config.json > config.tmp && mv config.tmp config.json
            """);
        string sources = Path.Combine(Repository.Root, "tests", "Hull.Tests.Differential");
        Shell($"cc -O2 -Wall -o {Base}/recvtty {sources}/recvtty.c && cc -static -O2 -Wall -o {rootfs}/bin/probe {sources}/probe.c");
        File.WriteAllText(PreludePath, Prelude);
        return true;
    }

    /// <summary>Shell helpers every step can use.</summary>
    private const string Prelude = """
        # status [ID] / pid [ID]: what `state` says of a container
        status() { $R state "${1:-$ID}" | jq -r .status; }
        pid() { _s=$($R state "${1:-$ID}") && echo "$_s" | jq -r .pid; }
        # waitfor STATUS [ID]: until the container has that status (5 s at most)
        waitfor() { for _ in $(seq 100); do [ "$(status "$2" 2>/dev/null)" = "$1" ] && return 0; sleep 0.05; done; return 1; }
        # cgdir CONTROLLER [ID]: the container's cgroup directory in that controller's hierarchy, or in cgroup2's
        cgdir() {
            _p=$(pid "$2") || return 1
            _rel=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $3; exit } }' /proc/$_p/cgroup)
            if [ -n "$_rel" ]; then
                _mnt=$(findmnt -rn -t cgroup -o TARGET,OPTIONS | awk -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $1; exit } }')
            else
                _rel=$(awk -F: '$1 == "0" { print $3 }' /proc/$_p/cgroup)
                _mnt=$(findmnt -rn -t cgroup2 -o TARGET | head -n 1)
            fi
            echo "$_mnt$_rel"
        }
        # cg FILE [ID]: a file of the container's cgroup, e.g. cg memory.limit_in_bytes
        cg() { _d=$(cgdir "${1%%.*}" "$2") && cat "$_d/$1"; }
        # console: a receiver of --console-socket at $T/tty.sock, copying the terminal's output to $T/tty.out
        console() { $RECVTTY $T/tty.sock > $T/tty.out 2>&1 & for _ in $(seq 100); do [ -S $T/tty.sock ] && return 0; sleep 0.01; done; return 1; }
        # inside CMD...: a command run in the container by exec
        inside() { $R exec "$ID" sh -c "$*"; }

        """;

    private static void Shell(string script)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sandbox: {script}: {error}");
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
