namespace Hull.Spec;

/// <summary>The modes and flags of <see cref="LinuxMemoryPolicy"/>.</summary>
public static class MemoryPolicyNames
{
    /// <summary>Modes of <see cref="LinuxMemoryPolicy.Mode"/>.</summary>
    public static IReadOnlyList<string> Modes { get; } =
    [
        "MPOL_DEFAULT",
        "MPOL_PREFERRED",
        "MPOL_BIND",
        "MPOL_INTERLEAVE",
        "MPOL_LOCAL",
        "MPOL_PREFERRED_MANY",
        "MPOL_WEIGHTED_INTERLEAVE",
    ];

    /// <summary>Flags of <see cref="LinuxMemoryPolicy.Flags"/>.</summary>
    public static IReadOnlyList<string> Flags { get; } =
    [
        "MPOL_F_NUMA_BALANCING",
        "MPOL_F_RELATIVE_NODES",
        "MPOL_F_STATIC_NODES",
    ];
}
