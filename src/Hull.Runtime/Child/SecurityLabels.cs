using Hull.Linux;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Child;

/// <summary>
/// SELinux as runc treats it: a process label on a host without SELinux is refused before anything is created, while a
/// mount label is left out of the mount options there. (An AppArmor profile is written for the next exec wherever one
/// is given, and the kernel's refusal reported, see <see cref="ProcessPreparation"/>.)
/// </summary>
internal static class SecurityLabels
{
    /// <summary>Refuses a process label this host cannot apply, in runc's words.</summary>
    public static void Check(Process? process)
    {
        if (!string.IsNullOrEmpty(process?.SelinuxLabel) && !SecurityModules.SelinuxEnabled)
            throw new HullException("selinux label is specified in config, but selinux is disabled or not supported", ErrorKind.InvalidArgument);
    }

    /// <summary>The mount option that labels a new filesystem, when SELinux is on and the config has a mount label.</summary>
    public static string? MountContext(LinuxConfig? linux) =>
        !string.IsNullOrEmpty(linux?.MountLabel) && SecurityModules.SelinuxEnabled ? $"context=\"{linux.MountLabel}\"" : null;
}
