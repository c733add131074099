using System.Text.Json;
using Hull.Spec;

namespace Hull.Tests.Integration;

public sealed class HookTests
{
    /// <summary>A hook that appends its name to the shared log and saves the state it was given.</summary>
    private static Hook Recorder(string logDir, string name) => new()
    {
        Path = "/bin/sh",
        Args = ["sh", "-c", $"cat > {logDir}/{name}.json; echo {name} >> {logDir}/order"],
    };

    [Fact]
    public void AllHooksRunInTheSpecsOrderWithTheStateOnStdin()
    {
        using var bundle = new TestBundle("sh", "-c", "echo running");
        string log = Path.Combine(bundle.Dir, "hooks");
        Directory.CreateDirectory(log);
        // startContainer runs after pivot_root, so it sees the log directory where it is mounted in the container.
        bundle.Spec.Mounts!.Add(new Mount { Destination = log, Type = "bind", Source = log, Options = ["bind"] });
        bundle.Spec.Hooks = new Hooks
        {
            Prestart = [Recorder(log, "prestart")],
            CreateRuntime = [Recorder(log, "createRuntime")],
            CreateContainer = [Recorder(log, "createContainer")],
            StartContainer = [Recorder(log, "startContainer")],
            Poststart = [Recorder(log, "poststart")],
            Poststop = [Recorder(log, "poststop")],
        };
        var result = bundle.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
            File.ReadAllLines(Path.Combine(log, "order")));
        foreach (string name in new[] { "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop" })
        {
            using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(log, $"{name}.json")));
            Assert.Equal(bundle.Id, state.RootElement.GetProperty("id").GetString());
            Assert.Equal(bundle.Dir, state.RootElement.GetProperty("bundle").GetString());
        }
        using var poststart = JsonDocument.Parse(File.ReadAllText(Path.Combine(log, "poststart.json")));
        Assert.Equal("running", poststart.RootElement.GetProperty("status").GetString());
        Assert.True(poststart.RootElement.GetProperty("pid").GetInt32() > 0);
        using var poststop = JsonDocument.Parse(File.ReadAllText(Path.Combine(log, "poststop.json")));
        Assert.Equal("stopped", poststop.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void HooksGetTheirOwnEnvironmentAndArguments()
    {
        using var bundle = new TestBundle("true");
        string output = Path.Combine(bundle.Dir, "env");
        bundle.Spec.Hooks = new Hooks
        {
            CreateRuntime = [new Hook { Path = "/bin/sh", Args = ["sh", "-c", $"echo \"$0 $1 $HOOK_VAR\" > {output}", "first", "second"], Env = ["HOOK_VAR=set"] }],
        };
        Assert.Equal(0, bundle.Run().ExitCode);
        Assert.Equal("first second set\n", File.ReadAllText(output));
    }

    [Fact]
    public void AFailingCreateRuntimeHookFailsCreateAndLeavesNothing()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Hooks = new Hooks { CreateRuntime = [new Hook { Path = "/bin/false" }] };
        var result = bundle.Create();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error running hook #0: error running hook: exit status 1, stdout: , stderr: ", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AHookThatOverrunsItsTimeoutIsKilledAndFailsCreate()
    {
        using var bundle = new TestBundle("true");
        bundle.Spec.Hooks = new Hooks { Prestart = [new Hook { Path = "/bin/sleep", Args = ["sleep", "30"], Timeout = 1 }] };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = bundle.Create();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error running hook #0: hook ran past specified timeout of 1.0s", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AFailingPoststopHookIsLoggedAndStopsTheLaterOnesButNotTheDelete()
    {
        using var bundle = new TestBundle("true");
        string log = Path.Combine(bundle.Dir, "hooks");
        Directory.CreateDirectory(log);
        bundle.Spec.Hooks = new Hooks { Poststop = [Recorder(log, "first"), new Hook { Path = "/bin/false" }, Recorder(log, "third")] };
        var result = bundle.Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("level=error msg=\"error running hook #1: error running hook: exit status 1, stdout: , stderr: \"", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["first"], File.ReadAllLines(Path.Combine(log, "order")));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AFailingPoststartHookFailsRunAndTheContainerGoes()
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Spec.Hooks = new Hooks { Poststart = [new Hook { Path = "/bin/sh", Args = ["sh", "-c", "echo out; echo err >&2; exit 3"] }] };
        var result = bundle.Run();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error running hook #0: error running hook: exit status 3, stdout: out\\n, stderr: err\\n", result.Stderr, StringComparison.Ordinal);
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void AFailingPoststartHookFailsStartAndStopsTheContainer()
    {
        using var bundle = new TestBundle("sleep", "30");
        bundle.Spec.Hooks = new Hooks { Poststart = [new Hook { Path = "/bin/false" }] };
        Assert.Equal(0, bundle.Create().ExitCode);
        var start = bundle.Hull("start", bundle.Id);
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("error running hook #0", start.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"stopped\"", bundle.Hull("state", bundle.Id).Stdout, StringComparison.Ordinal);
        Assert.Equal(0, bundle.Hull("delete", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }
}
