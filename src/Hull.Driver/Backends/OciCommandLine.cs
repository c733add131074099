using System.Text;
using System.Text.Json;
using Hull.Linux;
using Hull.Runtime;
using Microsoft.Win32.SafeHandles;

namespace Hull.Driver.Backends;

/// <summary>
/// Runs a runtime that speaks runc's command line (runc, crun, runsc) with its global flags, and turns a failure into
/// a <see cref="HullException"/> carrying the runtime's own message.
/// </summary>
internal sealed class OciCommandLine(string executable, string root, IReadOnlyList<string> globalArguments)
{
    private static readonly string[] Environment = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public string Executable { get; } = executable;

    /// <summary>Runs a command whose stdio is this program's to read: returns what it printed.</summary>
    public string Run(params string[] arguments)
    {
        var (outRead, outWrite) = Syscall.Pipe();
        var (errRead, errWrite) = Syscall.Pipe();
        using var nul = Syscall.Open("/dev/null", Syscall.O_RDONLY | Syscall.O_CLOEXEC);
        int pid;
        using (outWrite)
        using (errWrite)
            pid = Spawn(arguments, [(nul.DangerousGetHandle().ToInt32(), 0), (outWrite.DangerousGetHandle().ToInt32(), 1), (errWrite.DangerousGetHandle().ToInt32(), 2)]);
        string stdout, stderr;
        using (outRead)
        using (errRead)
        {
            var error = Task.Run(() => ReadAll(errRead));
            stdout = ReadAll(outRead);
            stderr = error.GetAwaiter().GetResult();
        }
        Check(Syscall.WaitPid(pid)!.Value, arguments, stderr);
        return stdout;
    }

    /// <summary>
    /// Runs a command that hands <paramref name="stdio"/> to a container process (create, exec): its own messages go
    /// to a log file, not into the container's output.
    /// </summary>
    public void RunWithStdio(ProcessStdio? stdio, params string[] arguments)
    {
        string log = Path.Combine(Path.GetTempPath(), $"hull-oci-{Guid.NewGuid():N}.log");
        try
        {
            using var nul = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC);
            int pid = Spawn(["--log", log, "--log-format", "json", .. arguments], StdioMap.Of(stdio, nul));
            Check(Syscall.WaitPid(pid)!.Value, arguments, LastError(log));
        }
        finally
        {
            File.Delete(log);
        }
    }

    private int Spawn(IReadOnlyList<string> arguments, (int From, int To)[] stdio) =>
        Syscall.Spawn(Executable, [Executable, "--root", root, .. globalArguments, .. arguments], Environment, stdio, closeFrom: 3);

    private void Check(int status, string[] arguments, string message)
    {
        if (WaitStatus.Succeeded(status))
            return;
        string text = message.Trim();
        if (text.Length == 0)
            text = $"{Path.GetFileName(Executable)} {arguments[0]} failed (exit status {WaitStatus.ToExitCode(status)})";
        throw new HullException(text, KindOf(text));
    }

    /// <summary>The error kinds engines act on, from the messages runc and crun give.</summary>
    private static ErrorKind KindOf(string message) =>
        message.Contains("does not exist", StringComparison.OrdinalIgnoreCase) || message.Contains("not found", StringComparison.OrdinalIgnoreCase) ? ErrorKind.NotFound
        : message.Contains("already exists", StringComparison.OrdinalIgnoreCase) || message.Contains("id exists", StringComparison.OrdinalIgnoreCase) ? ErrorKind.AlreadyExists
        : message.Contains("not running", StringComparison.OrdinalIgnoreCase) || message.Contains("not paused", StringComparison.OrdinalIgnoreCase)
          || message.Contains("is stopped", StringComparison.OrdinalIgnoreCase) || message.Contains("cannot ", StringComparison.OrdinalIgnoreCase) ? ErrorKind.InvalidState
        : ErrorKind.Failed;

    /// <summary>The last error message in a JSON log (runc's and crun's --log-format json): one object per line.</summary>
    private static string LastError(string log)
    {
        if (!File.Exists(log))
            return "";
        string last = "";
        foreach (string line in File.ReadLines(log))
        {
            try
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("level", out var level) && level.GetString() is "error" or "fatal"
                    && entry.RootElement.TryGetProperty("msg", out var msg))
                    last = msg.GetString() ?? last;
            }
            catch (JsonException)
            {
                last = line;
            }
        }
        return last;
    }

    private static string ReadAll(SafeFileHandle fd) => Encoding.UTF8.GetString(Syscall.ReadToEnd(fd));
}
