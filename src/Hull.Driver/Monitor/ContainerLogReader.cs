using System.Runtime.CompilerServices;

namespace Hull.Driver.Monitor;

/// <summary>Reads a monitor's log: the rotated file first, then the current one, optionally following it as it grows and rotates.</summary>
public static class ContainerLogReader
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Every entry kept so far.</summary>
    public static IEnumerable<LogEntry> Read(MonitorFiles files) =>
        new[] { files.RotatedLog, files.Log }.Where(File.Exists).SelectMany(ReadFile);

    /// <summary>The kept entries, then new ones as they are written, until <paramref name="stillWriting"/> says the writer is gone.</summary>
    public static async IAsyncEnumerable<LogEntry> FollowAsync(MonitorFiles files, Func<bool> stillWriting, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        if (File.Exists(files.RotatedLog))
        {
            foreach (var entry in ReadFile(files.RotatedLog))
                yield return entry;
        }
        var stream = OpenShared(files.Log);
        try
        {
            var pending = new List<byte>();
            byte[] buffer = new byte[16 * 1024];
            while (true)
            {
                bool writing = stillWriting();
                int n;
                while ((n = await stream.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                {
                    // Only complete lines are entries; the rest waits for its newline.
                    pending.AddRange(buffer.AsSpan(0, n));
                    int newline;
                    while ((newline = pending.IndexOf((byte)'\n')) >= 0)
                    {
                        string line = System.Text.Encoding.UTF8.GetString([.. pending.GetRange(0, newline)]);
                        pending.RemoveRange(0, newline + 1);
                        if (LogEntry.Parse(line) is { } entry)
                            yield return entry;
                    }
                }
                if (WasRotated(stream, files.Log))
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    stream = OpenShared(files.Log);
                    continue;
                }
                if (!writing)
                    yield break;
                await Task.Delay(FollowInterval, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IEnumerable<LogEntry> ReadFile(string path)
    {
        using var reader = new StreamReader(OpenShared(path));
        while (reader.ReadLine() is { } line)
        {
            if (LogEntry.Parse(line) is { } entry)
                yield return entry;
        }
    }

    /// <summary>An open log file was rotated when its path (as the kernel tracks it) is no longer the log's.</summary>
    private static bool WasRotated(FileStream stream, string log)
    {
        string? current = new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        return current != log && File.Exists(log);
    }

    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
