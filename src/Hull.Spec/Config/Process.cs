using System.Text.Json;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>The process started in the container and its environment.</summary>
public sealed class Process : IJsonExtensible
{
    public static readonly ObjectCodec<Process> Codec = new ObjectCodec<Process>()
        .Add("terminal", JsonScalars.Boolean, x => x.Terminal, (x, v) => x.Terminal = v)
        .Add("consoleSize", Box.Codec, x => x.ConsoleSize, (x, v) => x.ConsoleSize = v)
        .Add("user", User.Codec, x => x.User, (x, v) => x.User = v)
        .Add("args", JsonScalars.Strings, x => x.Args, (x, v) => x.Args = v)
        .Add("commandLine", JsonScalars.String, x => x.CommandLine, (x, v) => x.CommandLine = v)
        .Add("env", JsonScalars.Strings, x => x.Env, (x, v) => x.Env = v)
        .Add("cwd", JsonScalars.String, x => x.Cwd, (x, v) => x.Cwd = v)
        .Add("capabilities", LinuxCapabilities.Codec, x => x.Capabilities, (x, v) => x.Capabilities = v)
        .Add("rlimits", new ListCodec<PosixRlimit>(PosixRlimit.Codec), x => x.Rlimits, (x, v) => x.Rlimits = v)
        .Add("noNewPrivileges", JsonScalars.Boolean, x => x.NoNewPrivileges, (x, v) => x.NoNewPrivileges = v)
        .Add("apparmorProfile", JsonScalars.String, x => x.ApparmorProfile, (x, v) => x.ApparmorProfile = v)
        .Add("oomScoreAdj", JsonScalars.Int32, x => x.OomScoreAdj, (x, v) => x.OomScoreAdj = v)
        .Add("scheduler", Scheduler.Codec, x => x.Scheduler, (x, v) => x.Scheduler = v)
        .Add("selinuxLabel", JsonScalars.String, x => x.SelinuxLabel, (x, v) => x.SelinuxLabel = v)
        .Add("ioPriority", LinuxIOPriority.Codec, x => x.IOPriority, (x, v) => x.IOPriority = v)
        .Add("execCPUAffinity", CpuAffinity.Codec, x => x.ExecCpuAffinity, (x, v) => x.ExecCpuAffinity = v);

    /// <summary>Whether the process gets a pseudo-terminal.</summary>
    public bool? Terminal { get; set; }

    /// <summary>Size of the console when <see cref="Terminal"/> is set.</summary>
    public Box? ConsoleSize { get; set; }

    /// <summary>The user the process runs as.</summary>
    public User? User { get; set; }

    /// <summary>The executable and its arguments.</summary>
    public List<string>? Args { get; set; }

    /// <summary>Full command line (Windows only).</summary>
    public string? CommandLine { get; set; }

    /// <summary>Environment in <c>KEY=value</c> form.</summary>
    public List<string>? Env { get; set; }

    /// <summary>Absolute working directory inside the container.</summary>
    public string? Cwd { get; set; }

    /// <summary>Capability sets kept for the process.</summary>
    public LinuxCapabilities? Capabilities { get; set; }

    /// <summary>Resource limits applied to the process.</summary>
    public List<PosixRlimit>? Rlimits { get; set; }

    /// <summary>Sets <c>PR_SET_NO_NEW_PRIVS</c>.</summary>
    public bool? NoNewPrivileges { get; set; }

    /// <summary>AppArmor profile for the process.</summary>
    public string? ApparmorProfile { get; set; }

    /// <summary>Value written to <c>/proc/PID/oom_score_adj</c>.</summary>
    public int? OomScoreAdj { get; set; }

    /// <summary>Scheduling attributes (<c>sched_setattr</c>).</summary>
    public Scheduler? Scheduler { get; set; }

    /// <summary>SELinux context the process runs with.</summary>
    public string? SelinuxLabel { get; set; }

    /// <summary>I/O priority (<c>ioprio_set</c>).</summary>
    public LinuxIOPriority? IOPriority { get; set; }

    /// <summary>CPU affinity for processes started by exec.</summary>
    public CpuAffinity? ExecCpuAffinity { get; set; }

    /// <summary>Fields this version does not know, kept so that they survive a load and save.</summary>
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
