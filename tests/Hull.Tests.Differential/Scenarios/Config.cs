using System.Text.Json;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>jq filters that change the base config, to be joined with <see cref="And"/>.</summary>
internal static class Config
{
    /// <summary>A process that stays up until it is killed.</summary>
    public const string Sleeping = ".process.args = [\"sleep\", \"1000\"]";

    /// <summary>A writable rootfs (runc's spec makes it read-only).</summary>
    public const string Writable = ".root.readonly = false";

    public static string Args(params string[] args) => $".process.args = {Json(args)}";

    /// <summary>The process runs <paramref name="script"/> with busybox's sh.</summary>
    public static string Shell(string script) => Args("sh", "-c", script);

    public static string And(params string[] filters) => string.Join(" | ", filters.Where(f => f != "."));

    /// <summary>A JSON literal for a jq filter.</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>Appends a mount to .mounts.</summary>
    public static string Mount(string destination, string type, string source, params string[] options) =>
        $".mounts += [{Json(new { destination, type, source, options })}]";

    /// <summary>Adds a hook of <paramref name="kind"/> running <paramref name="script"/> with the host's sh.</summary>
    public static string Hook(string kind, string script) =>
        $".hooks.{kind} += [{Json(new { path = "/bin/sh", args = new[] { "sh", "-c", script } })}]";

    public static string Resources(string path, object value) => $".linux.resources.{path} = {Json(value)}";

    public static string WithoutNamespace(string type) => $".linux.namespaces |= map(select(.type != \"{type}\"))";

    public static string WithNamespace(string type) => $".linux.namespaces += [{{\"type\": \"{type}\"}}]";

    /// <summary>A user namespace mapping container ids 0-65535 to host ids from 100000.</summary>
    public const string UserNamespace =
        ".linux.namespaces += [{\"type\": \"user\"}] | .linux.uidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}]"
        + " | .linux.gidMappings = [{\"containerID\": 0, \"hostID\": 100000, \"size\": 65536}]";
}
