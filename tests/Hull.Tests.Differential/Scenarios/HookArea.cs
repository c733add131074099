using static Hull.Tests.Differential.Scenarios.Config;

namespace Hull.Tests.Differential.Scenarios;

/// <summary>Hooks: which run, in what order, where, with what state on stdin, and what their failure does.</summary>
internal static class HookArea
{
    private static readonly string[] Kinds = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

    /// <summary>A hook that records its kind, working directory and the state's status in $T/hooks (the host's path).</summary>
    private static string Recording(string kind) =>
        Hook(kind, $"echo \"{kind} $(pwd) $(jq -r .status)\" >> /tmp/oci-diff/work/tmp/hooks");

    /// <summary>startContainer and createContainer hooks run in the container: they record where the container sees its /tmp.</summary>
    private static string RecordingInContainer(string kind) =>
        $".hooks.{kind} += [{Json(new { path = "/bin/sh", args = new[] { "sh", "-c", $"echo \"{kind} $(pwd)\" >> /tmp/hooks" } })}]";

    private const string Log = "cat $T/hooks 2>/dev/null; cat rootfs/tmp/hooks 2>/dev/null; true";

    public static IEnumerable<Scenario> All =>
    [
        new("hooks/order-run", "$R run $ID", Log)
        {
            Config = And(Writable, Shell("echo process"), Recording("prestart"), Recording("createRuntime"), RecordingInContainer("createContainer"),
                RecordingInContainer("startContainer"), Recording("poststart"), Recording("poststop")),
        },
        new("hooks/order-create-start-delete", "$R create $ID", Log, "$R start $ID", Log, "waitfor stopped", "$R delete $ID", Log)
        {
            Config = And(Writable, Shell("echo process"), Recording("prestart"), Recording("createRuntime"), RecordingInContainer("createContainer"),
                RecordingInContainer("startContainer"), Recording("poststart"), Recording("poststop")),
        },
        .. Kinds.Select(kind => new Scenario($"hooks/{kind}-fails", "$R run $ID; echo rc=$?", "$R list -q")
            { Config = And(Writable, Shell("echo process"), Hook(kind, "echo failing >&2; exit 3")) }),
        .. Kinds.Select(kind => new Scenario($"hooks/{kind}-missing-binary", "$R run $ID; echo rc=$?", "$R list -q")
            { Config = And(Shell("echo process"), $".hooks.{kind} = [{{\"path\": \"/nonexistent/hook\"}}]") }),
        new("hooks/state-on-stdin", "$R run $ID", "jq -S -c 'del(.pid)' $T/state")
        { Config = And(Shell("true"), ".annotations = {\"k\": \"v\"}", Hook("prestart", "cat > /tmp/oci-diff/work/tmp/state")) },
        new("hooks/environment", "$R run $ID", "sort $T/env")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"env | grep -v '^PWD=' > /tmp/oci-diff/work/tmp/env\"], \"env\": [\"HOOK=1\"]}]") },
        new("hooks/arguments", "$R run $ID", "cat $T/args")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"/bin/sh\", \"args\": [\"first\", \"-c\", \"echo $0 $1 > /tmp/oci-diff/work/tmp/args\", \"second\"]}]") },
        new("hooks/no-arguments", "$R run $ID", "echo ran")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"/bin/true\"}]") },
        new("hooks/timeout", "$R run $ID; echo rc=$?", "$R list -q")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"/bin/sleep\", \"args\": [\"sleep\", \"10\"], \"timeout\": 1}]"), StepTimeout = 30 },
        new("hooks/timeout-zero", "$R run $ID; echo rc=$?")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"/bin/true\", \"timeout\": 0}]") },
        new("hooks/relative-path", "$R run $ID; echo rc=$?")
        { Config = And(Shell("true"), ".hooks.prestart = [{\"path\": \"true\"}]") },
        new("hooks/output", "$R run $ID")
        { Config = And(Shell("echo process"), Hook("prestart", "echo hook-stdout; echo hook-stderr >&2")) },
        new("hooks/poststop-on-failed-create", "$R run $ID; echo rc=$?", Log)
        { Config = And(Args("nonexistent"), Recording("poststop")) },
        new("hooks/create-container-in-rootfs", "$R run $ID", Log)
        { Config = And(Writable, Shell("true"), ".hooks.createContainer = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"touch ./created-here; pwd > /tmp/hooks\"]}]") },
        new("hooks/start-container-sees-container", "$R run $ID", Log)
        { Config = And(Writable, Shell("true"), ".hooks.startContainer = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"hostname > /tmp/hooks; id -u >> /tmp/hooks\"]}]", ".hostname = \"inside\"") },
    ];
}
