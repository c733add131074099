using Hull.Spec;

namespace Hull.Cgroups;

/// <summary>
/// The v1 devices controller's state as the kernel keeps it: a default (allow or deny everything) and exceptions by
/// device, each with its access. Rules are applied as the kernel applies them, so a list of rules reduces to that state;
/// going from one state to another writes only what changes, in runc's order (by major, minor, then type, "*" first).
/// That order is what devices.list shows afterwards.
/// </summary>
internal sealed class V1DeviceEmulator
{
    private readonly SortedDictionary<(long Major, long Minor, char Type), Access> _exceptions = new(ExceptionOrder.Instance);

    private V1DeviceEmulator(bool defaultAllow) => DefaultAllow = defaultAllow;

    public bool DefaultAllow { get; private set; }

    /// <summary>What the rules leave, applied in order to a cgroup that denies everything.</summary>
    public static V1DeviceEmulator Of(IEnumerable<LinuxDeviceCgroup> rules)
    {
        var emulator = new V1DeviceEmulator(defaultAllow: false);
        foreach (var rule in rules)
            emulator.Apply(rule.Allow == true, Type(rule.Type), rule.Major ?? -1, rule.Minor ?? -1, AccessOf(rule.Access));
        return emulator;
    }

    /// <summary>The state devices.list shows: "a *:* rwm" alone for allow-all, else the allowed exceptions.</summary>
    public static V1DeviceEmulator Parse(string list)
    {
        var emulator = new V1DeviceEmulator(defaultAllow: false);
        foreach (string line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4 || fields[0] == "a")
                return new V1DeviceEmulator(defaultAllow: true);
            emulator.Apply(allow: true, fields[0][0], Number(fields[1]), Number(fields[2]), AccessOf(fields[3]));
        }
        return emulator;
    }

    /// <summary>The writes (allow or deny, and the rule) that turn this state into <paramref name="target"/>.</summary>
    public List<(bool Allow, string Rule)> TransitionTo(V1DeviceEmulator target)
    {
        var writes = new List<(bool, string)>();
        var old = _exceptions;
        // devices.list cannot show the deny exceptions of an allow-all cgroup: such a one is reset too.
        if (DefaultAllow || DefaultAllow != target.DefaultAllow)
        {
            writes.Add((target.DefaultAllow, "a"));
            old = new SortedDictionary<(long, long, char), Access>(ExceptionOrder.Instance);
        }
        foreach (var (key, access) in old)
        {
            var dropped = access & ~target._exceptions.GetValueOrDefault(key);
            if (dropped != Access.None)
                writes.Add((target.DefaultAllow, Format(key, dropped)));
        }
        foreach (var (key, access) in target._exceptions)
        {
            var gained = access & ~old.GetValueOrDefault(key);
            if (gained != Access.None)
                writes.Add((!target.DefaultAllow, Format(key, gained)));
        }
        return writes;
    }

    private void Apply(bool allow, char type, long major, long minor, Access access)
    {
        if (type == 'a')
        {
            DefaultAllow = allow;
            _exceptions.Clear();
            return;
        }
        var key = (major, minor, type);
        // An exception widens what the default does not give, and a rule that agrees with the default narrows one.
        if (allow != DefaultAllow)
        {
            _exceptions[key] = _exceptions.GetValueOrDefault(key) | access;
            return;
        }
        var left = _exceptions.GetValueOrDefault(key) & ~access;
        if (left == Access.None)
            _exceptions.Remove(key);
        else
            _exceptions[key] = left;
    }

    private static char Type(string? type) => string.IsNullOrEmpty(type) ? 'a' : type[0];

    private static long Number(string text) => text == "*" ? -1 : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The access letters it names; others are ignored, as runc ignores them.</summary>
    private static Access AccessOf(string? text)
    {
        var access = Access.None;
        foreach (char c in string.IsNullOrEmpty(text) ? "rwm" : text)
        {
            access |= c switch
            {
                'r' => Access.Read,
                'w' => Access.Write,
                'm' => Access.Mknod,
                _ => Access.None,
            };
        }
        return access;
    }

    private static string Format((long Major, long Minor, char Type) key, Access access) =>
        $"{key.Type} {Wildcard(key.Major)}:{Wildcard(key.Minor)} {(access.HasFlag(Access.Read) ? "r" : "")}{(access.HasFlag(Access.Write) ? "w" : "")}{(access.HasFlag(Access.Mknod) ? "m" : "")}";

    private static string Wildcard(long number) => number < 0 ? "*" : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Flags]
    private enum Access
    {
        None = 0,
        Read = 1,
        Write = 2,
        Mknod = 4,
    }

    /// <summary>By major, then minor, then type; "*" (-1) before any number.</summary>
    private sealed class ExceptionOrder : IComparer<(long Major, long Minor, char Type)>
    {
        public static readonly ExceptionOrder Instance = new();

        public int Compare((long Major, long Minor, char Type) x, (long Major, long Minor, char Type) y) =>
            x.Major != y.Major ? x.Major.CompareTo(y.Major) : x.Minor != y.Minor ? x.Minor.CompareTo(y.Minor) : x.Type.CompareTo(y.Type);
    }
}
