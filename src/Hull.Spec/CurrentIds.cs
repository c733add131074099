namespace Hull.Spec;

/// <summary>The effective user and group of this process, read from <c>/proc/self/status</c>.</summary>
internal static class CurrentIds
{
    /// <summary>The effective uid and gid (the second field of the <c>Uid:</c> and <c>Gid:</c> lines).</summary>
    public static (uint Uid, uint Gid) Effective()
    {
        uint? uid = null;
        uint? gid = null;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                uid = SecondField(line);
            }
            else if (line.StartsWith("Gid:", StringComparison.Ordinal))
            {
                gid = SecondField(line);
            }
        }
        return (uid ?? throw Missing("Uid"), gid ?? throw Missing("Gid"));
    }

    private static uint SecondField(string line)
    {
        var fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return uint.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static InvalidOperationException Missing(string field) =>
        new($"/proc/self/status has no {field} line");
}
