namespace Hull.Spec;

/// <summary>The names of <see cref="PosixRlimit.Type"/>, indexed by resource number.</summary>
public static class RlimitNames
{
    /// <summary>Every Linux resource limit; the index is the <c>RLIMIT_*</c> resource number.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "RLIMIT_CPU",
        "RLIMIT_FSIZE",
        "RLIMIT_DATA",
        "RLIMIT_STACK",
        "RLIMIT_CORE",
        "RLIMIT_RSS",
        "RLIMIT_NPROC",
        "RLIMIT_NOFILE",
        "RLIMIT_MEMLOCK",
        "RLIMIT_AS",
        "RLIMIT_LOCKS",
        "RLIMIT_SIGPENDING",
        "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE",
        "RLIMIT_RTPRIO",
        "RLIMIT_RTTIME",
    ];

    /// <summary>The resource number of <paramref name="name"/>, or -1 when it is unknown.</summary>
    public static int NumberOf(string? name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether <paramref name="name"/> is a known resource limit.</summary>
    public static bool IsKnown(string? name) => NumberOf(name) >= 0;
}
