using Hull.Linux;
using Hull.Runtime.Child;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;
using LinuxConfig = Hull.Spec.Linux;

namespace Hull.Runtime.Parent;

/// <summary>
/// Idmapped bind mounts, prepared by the parent: only it holds CAP_SYS_ADMIN over the source's
/// filesystem, which idmapping requires. It clones each source as a detached tree mapped through a user
/// namespace made for the mapping; the init attaches the trees inside the container.
/// </summary>
internal sealed class IdmappedMounts : IDisposable
{
    private readonly List<SafeFileHandle> _trees = [];

    private IdmappedMounts()
    {
    }

    /// <summary>For each mount index that is idmapped, its detached, idmapped tree.</summary>
    public Dictionary<int, SafeFileHandle> ByMount { get; } = [];

    /// <summary>
    /// A mount is idmapped when it has uidMappings/gidMappings, or the "idmap"/"ridmap" option, which
    /// without mappings of its own takes the container's user namespace mappings.
    /// </summary>
    public static IdmappedMounts Prepare(RuntimeSpec spec, string? childBinary)
    {
        var result = new IdmappedMounts();
        var byMapping = new Dictionary<string, SafeFileHandle>(StringComparer.Ordinal);
        var mounts = spec.Mounts ?? [];
        try
        {
            PrepareTrees(spec, childBinary, mounts, byMapping, result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
        finally
        {
            foreach (var userns in byMapping.Values)
                userns.Dispose();
        }
    }

    private static void PrepareTrees(RuntimeSpec spec, string? childBinary, List<Mount> mounts, Dictionary<string, SafeFileHandle> byMapping, IdmappedMounts result)
    {
            for (int i = 0; i < mounts.Count; i++)
            {
                var mount = mounts[i];
                bool option = mount.Options?.Any(o => o is "idmap" or "ridmap") == true;
                var uids = mount.UidMappings ?? (option ? spec.Linux?.UidMappings : null);
                var gids = mount.GidMappings ?? (option ? spec.Linux?.GidMappings : null);
                if (uids is null && gids is null && !option)
                    continue;
                if (uids is not { Count: > 0 } || gids is not { Count: > 0 })
                    throw new HullException($"idmapped mount {mount.Destination} needs both uid and gid mappings", ErrorKind.InvalidArgument);
                string key = string.Join(';', uids.Select(Text)) + "|" + string.Join(';', gids.Select(Text));
                if (!byMapping.TryGetValue(key, out var userns))
                {
                    userns = ChildLauncher.CreateUserNamespace(new LinuxConfig { UidMappings = uids, GidMappings = gids }, childBinary);
                    byMapping[key] = userns;
                }
                if (mount.Source is null || !MountOptions.Parse(mount.Options).IsBind && mount.Type != "bind")
                    throw new HullException($"mount {mount.Destination}: only bind mounts can be idmapped", ErrorKind.InvalidArgument);
                bool recursive = MountOptions.Parse(mount.Options).IsRecursiveBind || mount.Options?.Contains("ridmap") == true;
                var tree = Syscall.CloneIdmappedTree(mount.Source, userns, recursive);
                result._trees.Add(tree);
                result.ByMount[i] = tree;
            }
    }

    public void Dispose()
    {
        foreach (var tree in _trees)
            tree.Dispose();
    }

    private static string Text(LinuxIdMapping m) => $"{m.ContainerId}:{m.HostId}:{m.Size}";
}
