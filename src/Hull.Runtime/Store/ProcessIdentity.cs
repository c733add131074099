namespace Hull.Runtime.Store;

/// <summary>A process named by pid and start time, so a reused pid is never taken for the container's.</summary>
public readonly record struct ProcessIdentity(int Pid, ulong StartTime)
{
    /// <summary>The identity of a live process, or null when it does not exist.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        ulong? start = ReadStartTime(pid);
        return start is null ? null : new ProcessIdentity(pid, start.Value);
    }

    /// <summary>True while this very process exists and has not been reaped (a zombie counts as gone).</summary>
    public bool IsAlive()
    {
        string? stat = ReadStat(Pid);
        return stat is not null && ParseStartTime(stat) == StartTime && ParseState(stat) is not ('Z' or 'X');
    }

    /// <summary>
    /// True while this process is still a container child of hull's, before its execve: the native stage names it
    /// "hull:[init]" (or "hull:[exec]"), and execve renames it after the program it runs.
    /// </summary>
    public bool IsHullChild()
    {
        string? stat = ReadStat(Pid);
        if (stat is null || ParseStartTime(stat) != StartTime)
            return false;
        int open = stat.IndexOf('(');
        return stat[(open + 1)..stat.LastIndexOf(')')].StartsWith("hull:[", StringComparison.Ordinal);
    }

    public static ulong? ReadStartTime(int pid)
    {
        string? stat = ReadStat(pid);
        return stat is null ? null : ParseStartTime(stat);
    }

    /// <summary>Field 22 of /proc/PID/stat, counted after the parenthesised command name (which may hold spaces).</summary>
    public static ulong ParseStartTime(string stat)
    {
        string[] fields = AfterCommand(stat).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ulong.Parse(fields[19]);
    }

    private static char ParseState(string stat) => AfterCommand(stat)[0];

    private static string AfterCommand(string stat) => stat[(stat.LastIndexOf(')') + 2)..];

    private static string? ReadStat(int pid)
    {
        try
        {
            return Hull.Linux.Syscall.ReadSmallFile($"/proc/{pid}/stat");
        }
        catch (Hull.Linux.SyscallException)
        {
            return null;
        }
    }
}
