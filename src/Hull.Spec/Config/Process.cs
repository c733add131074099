using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>The process started in the container and its environment.</summary>
public sealed class Process
{
    /// <summary>Whether the process gets a pseudo-terminal.</summary>
    [JsonPropertyName("terminal")]
    public bool? Terminal { get; set; }

    /// <summary>Size of the console when <see cref="Terminal"/> is set.</summary>
    [JsonPropertyName("consoleSize")]
    public Box? ConsoleSize { get; set; }

    /// <summary>The user the process runs as.</summary>
    [JsonPropertyName("user")]
    public User? User { get; set; }

    /// <summary>The executable and its arguments.</summary>
    [JsonPropertyName("args")]
    public List<string>? Args { get; set; }

    /// <summary>Full command line (Windows only).</summary>
    [JsonPropertyName("commandLine")]
    public string? CommandLine { get; set; }

    /// <summary>Environment in <c>KEY=value</c> form.</summary>
    [JsonPropertyName("env")]
    public List<string>? Env { get; set; }

    /// <summary>Absolute working directory inside the container.</summary>
    [JsonPropertyName("cwd")]
    public string? Cwd { get; set; }

    /// <summary>Capability sets kept for the process.</summary>
    [JsonPropertyName("capabilities")]
    public LinuxCapabilities? Capabilities { get; set; }

    /// <summary>Resource limits applied to the process.</summary>
    [JsonPropertyName("rlimits")]
    public List<PosixRlimit>? Rlimits { get; set; }

    /// <summary>Sets <c>PR_SET_NO_NEW_PRIVS</c>.</summary>
    [JsonPropertyName("noNewPrivileges")]
    public bool? NoNewPrivileges { get; set; }

    /// <summary>AppArmor profile for the process.</summary>
    [JsonPropertyName("apparmorProfile")]
    public string? ApparmorProfile { get; set; }

    /// <summary>Value written to <c>/proc/PID/oom_score_adj</c>.</summary>
    [JsonPropertyName("oomScoreAdj")]
    public int? OomScoreAdj { get; set; }

    /// <summary>Scheduling attributes (<c>sched_setattr</c>).</summary>
    [JsonPropertyName("scheduler")]
    public Scheduler? Scheduler { get; set; }

    /// <summary>SELinux context the process runs with.</summary>
    [JsonPropertyName("selinuxLabel")]
    public string? SelinuxLabel { get; set; }

    /// <summary>I/O priority (<c>ioprio_set</c>).</summary>
    [JsonPropertyName("ioPriority")]
    public LinuxIOPriority? IOPriority { get; set; }

    /// <summary>CPU affinity for processes started by exec.</summary>
    [JsonPropertyName("execCPUAffinity")]
    public CpuAffinity? ExecCpuAffinity { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
