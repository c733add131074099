using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>Checks <c>linux.devices</c> (nodes to create) and <c>linux.resources.devices</c> (cgroup rules).</summary>
internal static class DeviceValidator
{
    public static void Check(ValidationContext context, Linux linux)
    {
        var devices = linux.Devices ?? [];
        for (var i = 0; i < devices.Count; i++)
        {
            CheckNode(context, At("$.linux.devices", i), devices[i] ?? new LinuxDevice());
        }
        var rules = linux.Resources?.Devices ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            CheckRule(context, At("$.linux.resources.devices", i), rules[i] ?? new LinuxDeviceCgroup());
        }
    }

    private static void CheckNode(ValidationContext context, string path, LinuxDevice device)
    {
        if (string.IsNullOrEmpty(device.Path))
        {
            context.Error(path + ".path", "device path must be specified");
        }
        else if (!IsAbsolute(device.Path))
        {
            context.Error(path + ".path", $"device path {Q(device.Path)} must be absolute");
        }
        if (device.Type is not ("b" or "c" or "u" or "p"))
        {
            context.Error(path + ".type", $"invalid device type {Q(device.Type)}");
        }
        else if (device.Type != "p" && (device.Major is null || device.Minor is null))
        {
            context.Error(path, $"major and minor numbers must be specified for device type {Q(device.Type)}");
        }
    }

    private static void CheckRule(ValidationContext context, string path, LinuxDeviceCgroup rule)
    {
        if (rule.Type is not (null or "" or "a" or "b" or "c"))
        {
            context.Error(path + ".type", $"invalid cgroup device type {Q(rule.Type)}");
        }
    }
}
