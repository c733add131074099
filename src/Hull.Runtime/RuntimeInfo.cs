using System.Reflection;

namespace Hull.Runtime;

/// <summary>Versions Hull reports.</summary>
public static class RuntimeInfo
{
    /// <summary>The OCI runtime-spec version Hull implements.</summary>
    public const string SpecVersion = "1.2.0";

    public static string Version => typeof(RuntimeInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
