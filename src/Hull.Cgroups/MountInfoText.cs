namespace Hull.Cgroups;

/// <summary>The fields of a /proc/self/mountinfo line, which the kernel writes with octal escapes.</summary>
internal static class MountInfoText
{
    /// <summary>A path field as the file system knows it: the kernel escapes space, tab, newline and backslash.</summary>
    public static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
