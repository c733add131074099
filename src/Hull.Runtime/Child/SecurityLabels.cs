using Hull.Linux;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Child;

/// <summary>
/// AppArmor profiles and SELinux labels: applied where the host runs the module; elsewhere the parent
/// warns once (<see cref="Warn"/>) and they are skipped, as runc does.
/// </summary>
internal static class SecurityLabels
{
    /// <summary>In the container child, just before exec: labels for the next program.</summary>
    public static void ApplyToExec(Process process)
    {
        if (!string.IsNullOrEmpty(process.ApparmorProfile) && SecurityModules.AppArmorEnabled)
            SecurityModules.SetAppArmorExecProfile(process.ApparmorProfile);
        if (!string.IsNullOrEmpty(process.SelinuxLabel) && SecurityModules.SelinuxEnabled)
            SecurityModules.SetSelinuxExecLabel(process.SelinuxLabel);
    }

    /// <summary>The mount option that labels a new filesystem, when SELinux is on and the config has a mount label.</summary>
    public static string? MountContext(LinuxConfig? linux) =>
        !string.IsNullOrEmpty(linux?.MountLabel) && SecurityModules.SelinuxEnabled ? $"context=\"{linux.MountLabel}\"" : null;

    /// <summary>In the parent, before launching: says which requested labels this host cannot apply.</summary>
    public static void Warn(Process? process, LinuxConfig? linux)
    {
        if (!string.IsNullOrEmpty(process?.ApparmorProfile) && !SecurityModules.AppArmorEnabled)
            RuntimeLog.Warning($"apparmor profile {process.ApparmorProfile} ignored: AppArmor is not enabled on this host");
        if (!string.IsNullOrEmpty(process?.SelinuxLabel) && !SecurityModules.SelinuxEnabled)
            RuntimeLog.Warning($"selinux label {process.SelinuxLabel} ignored: SELinux is not enabled on this host");
        if (!string.IsNullOrEmpty(linux?.MountLabel) && !SecurityModules.SelinuxEnabled)
            RuntimeLog.Warning($"selinux mount label {linux.MountLabel} ignored: SELinux is not enabled on this host");
    }
}
