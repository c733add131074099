namespace Hull.Tests.Differential;

/// <summary>The entries of a directory tree by relative path and kind, to tell what a run added or removed.</summary>
public static class Tree
{
    public static SortedDictionary<string, char> Snapshot(string root)
    {
        var entries = new SortedDictionary<string, char>(StringComparer.Ordinal);
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateFileSystemEntries(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (string path in children)
            {
                var info = new FileInfo(path);
                char kind = info.LinkTarget is not null ? 'l'
                    : info.Attributes.HasFlag(FileAttributes.Directory) ? 'd'
                    : 'f';
                entries[Path.GetRelativePath(root, path)] = kind;
                if (kind == 'd')
                    pending.Push(path);
            }
        }
        return entries;
    }

    /// <summary>"+ path (kind)" for what appeared or changed kind, "- path" for what went, in path order.</summary>
    public static List<string> Changes(SortedDictionary<string, char> before, SortedDictionary<string, char> after)
    {
        var changes = new List<string>();
        foreach (var (path, kind) in after)
        {
            if (!before.TryGetValue(path, out char old) || old != kind)
                changes.Add($"+ {path} ({kind})");
        }
        foreach (string path in before.Keys.Where(p => !after.ContainsKey(p)))
            changes.Add($"- {path}");
        return changes;
    }
}
