using Hull.Driver.Monitor;

namespace Hull.Tests.Driver;

/// <summary>A monitor launched from the library: a config built in code, the log and exit record read back through the API.</summary>
public sealed class MonitoredContainerTests(BusyboxRootfs rootfs) : IClassFixture<BusyboxRootfs>
{
    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AMonitoredContainerLogsItsOutputAndRecordsItsExit(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipWhen(backend == "lxc", "a monitor drives Hull or a runtime binary, not LXC's tools");
        var container = LaunchRunning(backend, "sh", "-c", "echo to-out; echo to-err >&2; exit 9");
        try
        {
            var record = await container.WaitAsync(Within.Test).Deadline();
            Assert.Equal(new Hull.Driver.ExitStatus(9, null, false), record.Status);
            var entries = container.ReadLog().ToList();
            Assert.Contains(entries, e => e.Stream == LogStream.Stdout && e.Text == "to-out" && !e.Partial);
            Assert.Contains(entries, e => e.Stream == LogStream.Stderr && e.Text == "to-err");
        }
        finally
        {
            rootfs.HostFor(backend).Delete(container.Id, force: true);
        }
        HostLeftovers.AssertNone(container.Id, backend);
    }

    [Theory, MemberData(nameof(Backends.Each), MemberType = typeof(Backends))]
    public async Task AttachSeesOutputAndTheExitRecord(string backend)
    {
        Backends.SkipWhereUnusable(backend);
        Assert.SkipWhen(backend == "lxc", "a monitor drives Hull or a runtime binary, not LXC's tools");
        var container = LaunchRunning(backend, "sh", "-c", "read line; echo echoed $line; exit 4");
        try
        {
            using var session = container.Attach();
            session.WriteInput("hi\n"u8);
            var output = new System.Text.StringBuilder();
            var record = await Task.Run(() => session.Receive((_, data) => output.Append(System.Text.Encoding.UTF8.GetString(data.Span))), Within.Test).Deadline();
            Assert.Equal(4, record!.ExitCode);
            Assert.Equal("echoed hi\n", output.ToString());
        }
        finally
        {
            rootfs.HostFor(backend).Delete(container.Id, force: true);
        }
    }

    /// <summary>A monitor that creates and starts a container running <paramref name="args"/>, as a library user launches one.</summary>
    private MonitoredContainer LaunchRunning(string backend, params string[] args) => MonitoredContainer.Launch(new MonitorRequest
    {
        Id = BusyboxRootfs.NewId(),
        SpecJson = Hull.Spec.SpecLoader.Serialize(rootfs.Spec(args).Build()),
        Start = true,
        Root = Backends.Root(backend),
        Runtime = Backends.Binary(backend),
        RuntimeArguments = Backends.Arguments(backend),
    }, rootfs.Host.HullExecutable);

    [Fact]
    public void ALogLineParsesBackToWhatWasWritten()
    {
        var time = new DateTimeOffset(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero);
        var entries = LogEntry.Split(LogStream.Stderr, "full line\npart"u8, time).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("2026-11-23T12:00:00.123000000Z stderr F full line\n", entries[0].Format());
        Assert.Equal(entries[0], LogEntry.Parse(entries[0].Format().TrimEnd('\n')));
        Assert.Equal(new LogEntry(time, LogStream.Stderr, true, "part"), LogEntry.Parse(entries[1].Format().TrimEnd('\n')));
        Assert.Null(LogEntry.Parse("not a log line"));
    }
}
