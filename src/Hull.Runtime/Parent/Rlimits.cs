using Hull.Linux;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>
/// The process's rlimits, set by the parent on the waiting child (prlimit), as runc sets them: from outside a user
/// namespace a hard limit may still be raised, and the child's runtime never runs under them.
/// </summary>
internal static class Rlimits
{
    /// <summary>Sets them all; a refusal is thrown after <paramref name="step"/>, as runc words the step it fails at.</summary>
    public static void Apply(int pid, IEnumerable<PosixRlimit>? rlimits, string step)
    {
        foreach (var limit in rlimits ?? [])
        {
            int resource = RlimitNames.NumberOf(limit.Type);
            if (Syscall.TrySetProcessLimit(pid, resource, limit.Soft ?? 0, limit.Hard ?? 0) is { } errno)
                throw new HullException($"{step}: error setting rlimit type {resource}: {Errno.Describe(errno)}");
        }
    }

    public const string ForInit = "error setting rlimits for ready process";

    public const string ForExec = "unable to start container process: error setting rlimits for process";
}
