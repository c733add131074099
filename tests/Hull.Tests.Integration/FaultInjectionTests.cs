using System.Diagnostics;
using Hull.Linux;

namespace Hull.Tests.Integration;

/// <summary>
/// kill -9 of a hull command at spread moments of its run, as a node under pressure does it: afterwards the state never
/// contradicts the processes, `delete --force` succeeds, and nothing of the container is left (state, cgroups, mounts,
/// processes). The delays are seeded, and spread over the command's own measured duration.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const int Trials = 100;
    private const int SIGKILL = 9;

    /// <summary>Marks the container's processes, so that one left anywhere is found by its environment.</summary>
    private const string Marker = "HULL_FAULT_TRIAL";

    [Theory]
    [InlineData("create", 1)]
    [InlineData("run", 2)]
    [InlineData("start", 3)]
    [InlineData("exec", 4)]
    [InlineData("delete", 5)]
    public void KillNineAtAnyMomentLeavesNothing(string command, int seed)
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Spec.Process!.Env = [.. bundle.Spec.Process.Env ?? [], $"{Marker}=1"];
        bundle.Save();
        var random = new Random(seed);
        var duration = Measure(command, bundle);
        int killedMidway = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            string id = $"{bundle.Id}-{trial}";
            Prepare(command, bundle, id);
            var delay = TimeSpan.FromTicks((long)(random.NextDouble() * 1.2 * duration.Ticks));
            if (KillAfter(Arguments(command, bundle, id), delay))
                killedMidway++;
            AssertConsistent(id, $"{command} killed after {delay.TotalMilliseconds:F1} ms (trial {trial}, seed {seed})");
            var delete = bundle.Hull("delete", "--force", id);
            Assert.True(delete.ExitCode == 0, $"delete --force after {command} killed at {delay.TotalMilliseconds:F1} ms: {delete}");
            AssertNothingLeft(bundle, id, $"{command} killed after {delay.TotalMilliseconds:F1} ms (trial {trial}, seed {seed})");
        }
        output.WriteLine($"{command}: {Trials} trials over {duration.TotalMilliseconds:F1} ms, {killedMidway} killed before they finished, 0 leaks");
        Assert.True(killedMidway >= Trials / 2, $"only {killedMidway} of {Trials} kills landed while {command} ran");
    }

    private static string[] Arguments(string command, TestBundle bundle, string id) => command switch
    {
        "create" => ["create", "--bundle", bundle.Dir, id],
        "run" => ["run", "--bundle", bundle.Dir, id],
        "start" => ["start", id],
        "exec" => ["exec", id, "true"],
        "delete" => ["delete", "--force", id],
        _ => throw new ArgumentException(command),
    };

    /// <summary>What must exist before the command runs: a created container for start, a running one for exec and delete.</summary>
    private static void Prepare(string command, TestBundle bundle, string id)
    {
        if (command is "create" or "run")
            return;
        Assert.Equal(0, bundle.Hull("create", "--bundle", bundle.Dir, id).ExitCode);
        if (command != "start")
            Assert.Equal(0, bundle.Hull("start", id).ExitCode);
    }

    /// <summary>How long the command takes when left alone (the fastest of three), on a container prepared for it.</summary>
    private TimeSpan Measure(string command, TestBundle bundle)
    {
        var fastest = TimeSpan.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            string id = $"{bundle.Id}-m{i}";
            Prepare(command, bundle, id);
            var clock = Stopwatch.StartNew();
            int pid = Spawn(Arguments(command, bundle, id));
            if (command == "run")
            {
                // A foreground run lasts as long as its container: it is measured until the container runs.
                BackgroundHull.WaitUntil(() => bundle.Hull("state", id).Stdout.Contains("\"running\"", StringComparison.Ordinal), "the container to run");
                fastest = Min(fastest, clock.Elapsed);
                Syscall.Kill(pid, SIGKILL);
                Syscall.WaitPid(pid);
            }
            else
            {
                Syscall.WaitPid(pid);
                fastest = Min(fastest, clock.Elapsed);
            }
            Assert.Equal(0, bundle.Hull("delete", "--force", id).ExitCode);
        }
        return fastest;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Starts hull, kills it after <paramref name="delay"/>; returns whether it was still running then.</summary>
    private static bool KillAfter(string[] args, TimeSpan delay)
    {
        int pid = Spawn(args);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < delay)
        {
            if (delay - clock.Elapsed > TimeSpan.FromMilliseconds(2))
                Thread.Sleep(1);
        }
        bool running = Syscall.WaitPid(pid, Syscall.WNOHANG) is null;
        if (running)
        {
            Syscall.Kill(pid, SIGKILL);
            Syscall.WaitPid(pid);
        }
        return running;
    }

    private static int Spawn(string[] args)
    {
        using var devnull = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC);
        int fd = (int)devnull.DangerousGetHandle();
        return Syscall.Spawn(HullProcess.Binary, ["hull", .. args], ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], [(fd, 0), (fd, 1), (fd, 2)]);
    }

    /// <summary>`state` and `list` answer, and a live status has its process alive.</summary>
    private static void AssertConsistent(string id, string when)
    {
        var list = HullProcess.Run("list", "--format", "json");
        Assert.True(list.ExitCode == 0, $"list after {when}: {list}");
        var state = HullProcess.Run("state", id);
        if (state.ExitCode != 0)
        {
            Assert.True(state.Stderr.Contains("container does not exist", StringComparison.Ordinal), $"state after {when}: {state}");
            return;
        }
        var document = System.Text.Json.JsonDocument.Parse(state.Stdout).RootElement;
        string status = document.GetProperty("status").GetString()!;
        int pid = document.GetProperty("pid").GetInt32();
        if (status == "stopped")
            return;
        Assert.True(pid > 0 && Directory.Exists($"/proc/{pid}"), $"state says {status} with pid {pid}, which is gone, after {when}");
    }

    /// <summary>No state, cgroup or mount of the container, and no process of it (marked, or a hull child of its) left alive.</summary>
    private static void AssertNothingLeft(TestBundle bundle, string id, string when)
    {
        Assert.False(Directory.Exists(Path.Combine("/run/hull", id)), $"state directory left after {when}");
        Assert.True(HostCgroups.Named(id).Count == 0, $"cgroups left after {when}: {string.Join(", ", HostCgroups.Named(id))}");
        Assert.DoesNotContain(bundle.Dir, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        // A process killed by delete may take a moment to be gone from /proc.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<int> left;
        while ((left = Leftovers()).Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        Assert.True(left.Count == 0, $"processes left after {when}: {string.Join(", ", left.Select(Describe))}");
    }

    /// <summary>Live processes that are a container's (by the marker) or a hull container child not yet exec'd.</summary>
    private static List<int> Leftovers() =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!))
            .Where(pid => Read($"/proc/{pid}/stat") is { } stat && State(stat) != 'Z'
                && (Command(stat).StartsWith("hull:[", StringComparison.Ordinal) || (Read($"/proc/{pid}/environ") ?? "").Contains(Marker, StringComparison.Ordinal)))];

    private static string Describe(int pid) => Read($"/proc/{pid}/stat") is { } stat ? $"{pid} ({Command(stat)})" : $"{pid}";

    private static string Command(string stat) => stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];

    private static char State(string stat) => stat[stat.LastIndexOf(')') + 2];

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
