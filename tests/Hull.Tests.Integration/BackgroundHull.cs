using System.Diagnostics;
using Hull.Linux;

namespace Hull.Tests.Integration;

/// <summary>A `hull` command left running, as a shell's job would be, with its output in files: for signalling it midway.</summary>
public sealed class BackgroundHull : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hull-bg-").FullName;
    private readonly Process _process;

    private BackgroundHull(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec \"$0\" \"$@\" >{Stdout} 2>{Stderr} </dev/null");
        info.ArgumentList.Add(HullProcess.Binary);
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        _process = Process.Start(info)!;
    }

    private string Stdout => Path.Combine(_dir, "stdout");

    private string Stderr => Path.Combine(_dir, "stderr");

    public static BackgroundHull Start(params string[] args) => new(args);

    /// <summary>Sends <paramref name="signal"/> to hull itself (the shell exec'd it, so they share a pid).</summary>
    public void Signal(int signal) => Assert.True(Syscall.Kill(_process.Id, signal), $"hull {_process.Id} is gone");

    /// <summary>Waits until <paramref name="condition"/> holds, or fails after 20 s.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until hull has written <paramref name="text"/> to its standard output.</summary>
    public void WaitForOutput(string text) =>
        WaitUntil(() => File.Exists(Stdout) && File.ReadAllText(Stdout).Contains(text, StringComparison.Ordinal), $"\"{text}\" from hull");

    public HullResult WaitForExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(20)), "hull did not exit within 20 s");
        return new HullResult(_process.ExitCode, File.ReadAllText(Stdout), File.ReadAllText(Stderr));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_dir, true);
    }
}
