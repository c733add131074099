namespace Hull.Runtime.Child;

/// <summary>Finds the program to exec the way a shell would: a name with a '/' as is, otherwise along the process's PATH.</summary>
internal static class ExecutableLookup
{
    public static string Find(string program, IEnumerable<string>? env)
    {
        if (program.Contains('/'))
        {
            Check(program, program);
            return program;
        }
        string path = env?.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..]
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (string dir in path.Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? "." : dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        throw new HullException($"exec: \"{program}\": executable file not found in $PATH", ErrorKind.InvalidArgument);
    }

    private static void Check(string path, string program)
    {
        if (Directory.Exists(path))
            throw new HullException($"exec: \"{program}\": is a directory", ErrorKind.InvalidArgument);
        if (!File.Exists(path))
            throw new HullException($"exec: \"{program}\": stat {program}: no such file or directory", ErrorKind.InvalidArgument);
        if (!IsExecutable(path))
            throw new HullException($"exec: \"{program}\": permission denied", ErrorKind.InvalidArgument);
    }

    private static bool IsExecutable(string path) =>
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
