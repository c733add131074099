using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>Signals sent to a foreground `run` or `exec` reach the container's process, as under runc.</summary>
public sealed class SignalTests
{
    private const int SIGTERM = 15;

    // Without a pid namespace the container's sleep is not an init, which would ignore a SIGTERM it has no handler for.
    private static TestBundle StartedThenSleeping()
    {
        var bundle = new TestBundle("sh", "-c", "echo started; exec sleep 30");
        bundle.Spec.Linux!.Namespaces!.RemoveAll(n => n.Type == "pid");
        return bundle;
    }

    [Fact]
    public void RunRelaysASignalToTheContainersProcess()
    {
        using var bundle = StartedThenSleeping();
        using var run = BackgroundHull.Start("run", "--bundle", bundle.Save().Dir, bundle.Id);
        run.WaitForOutput("started\n");

        run.Signal(SIGTERM);

        var result = run.WaitForExit();
        Assert.True(result.ExitCode == 128 + SIGTERM, result.ToString());
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ASignalWhileRunCreatesTheContainerIsRelayedOnceItRuns()
    {
        using var bundle = StartedThenSleeping();
        string inHook = Path.Combine(bundle.Dir, "in-hook");
        bundle.Spec.Hooks = new Hooks { CreateRuntime = [new Hook { Path = "/bin/sh", Args = ["sh", "-c", $"touch {inHook}; sleep 1"] }] };
        using var run = BackgroundHull.Start("run", "--bundle", bundle.Save().Dir, bundle.Id);
        BackgroundHull.WaitUntil(() => File.Exists(inHook), "the createRuntime hook");

        run.Signal(SIGTERM);

        // Relayed as the process execs, the signal may end the shell before it prints; a run that died of it instead
        // would have left the container behind.
        var result = run.WaitForExit();
        Assert.True(result.ExitCode == 128 + SIGTERM, result.ToString());
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void ExecRelaysASignalToItsProcess()
    {
        using var bundle = new TestBundle("sleep", "60");
        Assert.Equal(0, bundle.Run("--detach").ExitCode);
        using (var exec = BackgroundHull.Start("exec", bundle.Id, "sh", "-c", "echo started; exec sleep 30"))
        {
            exec.WaitForOutput("started\n");

            exec.Signal(SIGTERM);

            var result = exec.WaitForExit();
            Assert.True(result.ExitCode == 128 + SIGTERM, result.ToString());
        }
        Assert.Equal("running", bundle.Status());
        Assert.Equal(0, bundle.Hull("delete", "--force", bundle.Id).ExitCode);
        HostState.AssertNothingLeft(bundle);
    }
}
