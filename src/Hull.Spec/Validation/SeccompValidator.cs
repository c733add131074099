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
        // No default action and no rules: no filter, as runc takes it.
        if (string.IsNullOrEmpty(seccomp.DefaultAction) && seccomp.Syscalls is not { Count: > 0 })
        {
            return;
        }
        if (string.IsNullOrEmpty(seccomp.DefaultAction))
        {
            context.Error(path + ".defaultAction", "string  is not a valid action for seccomp");
        }
        else if (seccomp.DefaultAction == Notify)
        {
            context.Error(path + ".defaultAction", "SCMP_ACT_NOTIFY cannot be used as default action");
        }
        else
        {
            CheckAction(context, path + ".defaultAction", seccomp.DefaultAction);
        }
        CheckNames(context, path + ".architectures", seccomp.Architectures, SeccompNames.Architectures, name => $"string {name} is not a valid arch for seccomp");
        CheckNames(context, path + ".flags", seccomp.Flags, SeccompNames.Flags, name => $"unknown seccomp flag {Q(name)}");
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
            context.Error(path + ".names", "unable to start container process: unable to init seccomp: SCMP_ACT_NOTIFY cannot be used for the write syscall");
        }
        var args = syscall.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i] ?? new LinuxSeccompArg();
            var argPath = At(path + ".args", i);
            if (arg.Index is null or > MaxArgumentIndex)
            {
                context.Error(argPath + ".index", "unable to start container process: unable to init seccomp: error creating seccomp syscall condition for syscall "
                    + $"{syscall.Names?.FirstOrDefault()}: syscalls only have up to 6 arguments ({arg.Index ?? 0} given)");
            }
            if (arg.Value is null)
            {
                context.Error(argPath + ".value", "syscall argument value must be specified");
            }
            if (arg.Op is null || !SeccompNames.Operators.Contains(arg.Op))
            {
                context.Error(argPath + ".op", $"string {arg.Op} is not a valid operator for seccomp");
            }
        }
    }

    private static void CheckAction(ValidationContext context, string path, string action)
    {
        if (!SeccompNames.Actions.Contains(action))
        {
            context.Error(path, $"string {action} is not a valid action for seccomp");
        }
    }

    private static void CheckNames(
        ValidationContext context, string path, List<string>? values, IReadOnlyList<string> known, Func<string, string> unknown)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            if (!known.Contains(values![i]))
            {
                context.Error(At(path, i), unknown(values[i]));
            }
        }
    }
}
