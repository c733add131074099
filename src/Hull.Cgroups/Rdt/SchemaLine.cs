using System.Globalization;

namespace Hull.Cgroups;

/// <summary>One line of a resctrl schemata file: a resource and its value per domain, as in <c>L3:0=7f0;1=1f</c>.</summary>
public sealed record SchemaLine(string Resource, IReadOnlyList<KeyValuePair<int, string>> Values)
{
    /// <summary>The line as the kernel reads it (blanks around the parts do not count); null when it is not one.</summary>
    public static SchemaLine? TryParse(string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || line.Contains('\n', StringComparison.Ordinal))
            return null;
        string resource = line[..colon].Trim();
        var values = new List<KeyValuePair<int, string>>();
        foreach (string part in line[(colon + 1)..].Split(';'))
        {
            string[] pair = part.Split('=', 2);
            if (pair.Length != 2 || !int.TryParse(pair[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int domain) || pair[1].Trim().Length == 0)
                return null;
            values.Add(new(domain, pair[1].Trim()));
        }
        return resource.Length == 0 ? null : new SchemaLine(resource, values);
    }

    /// <summary>The lines of a schemata file that parse.</summary>
    public static IReadOnlyList<SchemaLine> ParseFile(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TryParse).OfType<SchemaLine>()];

    public override string ToString() => $"{Resource}:{string.Join(';', Values.Select(v => $"{v.Key}={v.Value}"))}";
}
