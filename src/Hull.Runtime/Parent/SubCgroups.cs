using Hull.Cgroups;

namespace Hull.Runtime.Parent;

/// <summary>
/// exec's --cgroup, as runc reads it: one "path" for every hierarchy, or "controller[,controller]:path" items for
/// some; each path is below the container's cgroup there (and must exist: the process joins it, nothing is created).
/// </summary>
internal static class SubCgroups
{
    public static CgroupState Apply(CgroupState state, IReadOnlyList<string> given)
    {
        if (given.Count == 0)
            return state;
        var paths = new Dictionary<string, string>(state.Paths, StringComparer.Ordinal);
        foreach (var (controller, sub) in Parse(given))
        {
            var keys = controller.Length == 0
                ? paths.Keys.ToList()
                : paths.Keys.Where(key => key.Split(',').Contains(controller) || key == "name=" + controller).ToList();
            if (keys.Count == 0)
                throw new HullException($"unknown controller {controller} in SubCgroupPaths", ErrorKind.InvalidArgument);
            foreach (string key in keys)
                paths[key] = Below(state.Paths[key], sub);
        }
        return state with { Paths = paths };
    }

    private static IEnumerable<(string Controller, string Path)> Parse(IReadOnlyList<string> given)
    {
        foreach (string item in given)
        {
            string[] parts = item.Split(':');
            if (parts.Length > 2)
                throw new HullException($"invalid --cgroup argument: {item}", ErrorKind.InvalidArgument);
            if (parts.Length == 1)
            {
                if (given.Count != 1)
                    throw new HullException($"invalid --cgroup argument: {item} (missing <controller>: prefix)", ErrorKind.InvalidArgument);
                yield return ("", item);
                continue;
            }
            foreach (string controller in parts[0].Split(','))
                yield return (controller, parts[1]);
        }
    }

    /// <summary>The container's directory joined with <paramref name="sub"/>, which must stay inside it.</summary>
    private static string Below(string directory, string sub)
    {
        string joined = Path.GetFullPath(Path.Combine(directory, sub.TrimStart('/')));
        if (!joined.StartsWith(directory, StringComparison.Ordinal))
            throw new HullException($"unable to create new parent process: {sub} is not a sub cgroup path", ErrorKind.InvalidArgument);
        return joined;
    }
}
