using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>Checks <c>linux.seccomp</c>: actions, operators, architectures and flags must be known.</summary>
internal static class SeccompValidator
{
    private const string Notify = "SCMP_ACT_NOTIFY";
    private const int MaxArgumentIndex = 5;

    public static void Check(ValidationContext context, LinuxSeccomp? seccomp)
    {
        if (seccomp is null)
        {
            return;
        }
        const string path = "$.linux.seccomp";
        if (string.IsNullOrEmpty(seccomp.DefaultAction))
        {
            context.Error(path + ".defaultAction", "seccomp defaultAction must be specified");
        }
        else if (seccomp.DefaultAction == Notify)
        {
            context.Error(path + ".defaultAction", "SCMP_ACT_NOTIFY cannot be used as default action");
        }
        else
        {
            CheckAction(context, path + ".defaultAction", seccomp.DefaultAction);
        }
        CheckNames(context, path + ".architectures", seccomp.Architectures, SeccompNames.Architectures, "architecture");
        CheckNames(context, path + ".flags", seccomp.Flags, SeccompNames.Flags, "flag");
        var syscalls = seccomp.Syscalls ?? [];
        for (var i = 0; i < syscalls.Count; i++)
        {
            CheckSyscall(context, At(path + ".syscalls", i), syscalls[i] ?? new LinuxSyscall());
        }
    }

    private static void CheckSyscall(ValidationContext context, string path, LinuxSyscall syscall)
    {
        if (syscall.Names is not { Count: > 0 })
        {
            context.Error(path + ".names", "syscall names must not be empty");
        }
        if (string.IsNullOrEmpty(syscall.Action))
        {
            context.Error(path + ".action", "syscall action must be specified");
        }
        else
        {
            CheckAction(context, path + ".action", syscall.Action);
        }
        if (syscall.Action == Notify && syscall.Names?.Contains("write") == true)
        {
            context.Error(path + ".names", "SCMP_ACT_NOTIFY cannot be used for the write syscall");
        }
        var args = syscall.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? new LinuxSeccompArg();
            var argPath = At(path + ".args", i);
            if (arg.Index is null or > MaxArgumentIndex)
            {
                context.Error(argPath + ".index", $"syscall argument index must be between 0 and {MaxArgumentIndex}");
            }
            if (arg.Value is null)
            {
                context.Error(argPath + ".value", "syscall argument value must be specified");
            }
            if (arg.Op is null || !SeccompNames.Operators.Contains(arg.Op))
            {
                context.Error(argPath + ".op", $"unknown seccomp operator {Q(arg.Op)}");
            }
        }
    }

    private static void CheckAction(ValidationContext context, string path, string action)
    {
        if (!SeccompNames.Actions.Contains(action))
        {
            context.Error(path, $"unknown seccomp action {Q(action)}");
        }
    }

    private static void CheckNames(
        ValidationContext context, string path, List<string>? values, IReadOnlyList<string> known, string what)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (!known.Contains(values![i]))
            {
                context.Error(At(path, i), $"unknown seccomp {what} {Q(values[i])}");
            }
        }
    }
}
