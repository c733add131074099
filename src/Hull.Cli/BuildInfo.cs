using System.Reflection;

namespace Hull.Cli;

/// <summary>Facts stamped in at build time.</summary>
internal static class BuildInfo
{
    public static string Commit => typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "HullCommit")?.Value ?? "unknown";
}
