using System.Text;

namespace Hull.Linux;

/// <summary>Runs a helper program (newuidmap, ps) to completion and captures one of its outputs, without System.Diagnostics.Process.</summary>
public static class ChildProgram
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="argv"/>; returns its wait status and what it wrote to the
    /// <paramref name="capturedFds"/> (1, 2 or both, combined in the order written).
    /// </summary>
    public static (int Status, string Output) Run(string path, IReadOnlyList<string> argv, params int[] capturedFds)
    {
        var (read, write) = Syscall.Pipe();
        int child;
        using (read)
        {
            using (write)
            {
                int source = Syscall.Dup(write, 100);
                try
                {
                    child = Syscall.Spawn(path, argv, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], [.. capturedFds.Select(fd => (source, fd))]);
                }
                finally
                {
                    Syscall.CloseRaw(source);
                }
            }
            var output = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (Syscall.Read(read, buffer) is int n and > 0)
                output.Append(Encoding.UTF8.GetString(buffer, 0, n));
            return (Syscall.WaitPid(child)!.Value, output.ToString());
        }
    }

    /// <summary>This process's environment as execve takes it ("NAME=value"), for a program that inherits it.</summary>
    public static List<string> CurrentEnvironment() =>
        [.. System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}")];

    /// <summary>The first of the usual system directories that holds <paramref name="program"/>.</summary>
    public static string? Find(string program) =>
        new[] { "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
