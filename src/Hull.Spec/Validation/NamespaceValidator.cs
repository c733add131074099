using static Hull.Spec.ValidationContext;

namespace Hull.Spec;

/// <summary>Checks <c>linux.namespaces</c> and the settings that need a namespace: id mappings, time offsets, net devices.</summary>
internal static class NamespaceValidator
{
    private const int MaxInterfaceNameLength = 15;

    public static void Check(ValidationContext context, Linux linux)
    {
        CheckList(context, linux.Namespaces);
        CheckUser(context, linux);
        CheckTime(context, linux.TimeOffsets);
        CheckNetDevices(context, linux.NetDevices);
    }

    private static void CheckList(ValidationContext context, List<LinuxNamespace>? namespaces)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < (namespaces?.Count ?? 0); i++)
        {
            var path = At("$.linux.namespaces", i);
            var ns = namespaces![i] ?? new LinuxNamespace();
            if (string.IsNullOrEmpty(ns.Type))
            {
                context.Error(path + ".type", "namespace type must be specified");
            }
            else if (!NamespaceTypes.IsKnown(ns.Type))
            {
                context.Error(path + ".type", $"namespace {GoStruct(ns)} does not exist");
            }
            else if (!seen.Add(ns.Type))
            {
                context.Error(path + ".type", $"malformed spec file: duplicated ns {GoStruct(ns)}");
            }
            if (!string.IsNullOrEmpty(ns.Path) && !IsAbsolute(ns.Path))
            {
                context.Error(path + ".path", $"namespace path {Q(ns.Path)} must be absolute");
            }
        }
    }

    /// <summary>The namespace as runc's error messages print it, a Go struct with quoted fields: {"pid" ""}.</summary>
    private static string GoStruct(LinuxNamespace ns) => $"{{{Q(ns.Type ?? "")} {Q(ns.Path ?? "")}}}";

    // Mappings without a user namespace are left unused, as runc leaves them.
    private static void CheckUser(ValidationContext context, Linux linux)
    {
        var userns = context.Namespace(NamespaceTypes.User);
        if (userns is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(userns.Path) && linux.UidMappings is not { Count: > 0 })
        {
            context.Error("$.linux.uidMappings", "User namespaces enabled, but no uid mappings found.");
        }
        else if (string.IsNullOrEmpty(userns.Path) && linux.GidMappings is not { Count: > 0 })
        {
            context.Error("$.linux.gidMappings", "User namespaces enabled, but no gid mappings found.");
        }
        CheckMappings(context, "$.linux.uidMappings", linux.UidMappings);
        CheckMappings(context, "$.linux.gidMappings", linux.GidMappings);
    }

    private static void CheckMappings(ValidationContext context, string path, List<LinuxIdMapping>? mappings)
    {
        for (var i = 0; i < (mappings?.Count ?? 0); i++)
        {
            var mapping = mappings![i];
            if (mapping?.ContainerId is null || mapping.HostId is null || mapping.Size is null)
            {
                context.Error(At(path, i), "containerID, hostID and size must be specified");
            }
            else if (mapping.Size == 0)
            {
                context.Error(At(path, i) + ".size", "mapping size must be greater than zero");
            }
        }
    }

    private static void CheckTime(ValidationContext context, Dictionary<string, LinuxTimeOffset>? offsets)
    {
        const string path = "$.linux.timeOffsets";
        var timens = context.Namespace(NamespaceTypes.Time);
        if (offsets is null)
        {
            return;
        }
        if (timens is null)
        {
            context.Error(path, "time namespace offsets specified, but time namespace isn't enabled in the config");
        }
        else if (!string.IsNullOrEmpty(timens.Path))
        {
            context.Error(path, "time namespace enabled, but both namespace path and time offsets specified -- you may only provide one");
        }
        foreach (var (clock, offset) in offsets)
        {
            if (clock is not ("monotonic" or "boottime"))
            {
                context.Error(Key(path, clock), $"unknown clock {Q(clock)}: expected monotonic or boottime");
            }
            else if (offset?.Nanosecs >= 1_000_000_000)
            {
                context.Error(Key(path, clock) + ".nanosecs", "nanosecs must be less than 1000000000");
            }
        }
    }

    private static void CheckNetDevices(ValidationContext context, Dictionary<string, LinuxNetDevice>? devices)
    {
        const string path = "$.linux.netDevices";
        if (devices is not { Count: > 0 })
        {
            return;
        }
        if (!context.HasNamespace(NamespaceTypes.Network))
        {
            context.Error(path, "unable to move network devices without a NET namespace");
        }
        foreach (var (name, device) in devices)
        {
            if (!IsValidInterfaceName(name))
            {
                context.Error(Key(path, name), $"invalid network device name {Q(name)}");
            }
            if (!string.IsNullOrEmpty(device?.Name) && !IsValidInterfaceName(device.Name))
            {
                context.Error(Key(path, name) + ".name", $"invalid network device name {Q(device.Name)}");
            }
        }
    }

    // The kernel's dev_valid_name: 1 to 15 bytes, not "." or "..", no '/', ':' or whitespace.
    private static bool IsValidInterfaceName(string name) =>
        System.Text.Encoding.UTF8.GetByteCount(name) is > 0 and <= MaxInterfaceNameLength
        && name is not ("." or "..")
        && !name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c));
}
