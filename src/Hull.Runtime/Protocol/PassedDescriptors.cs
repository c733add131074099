using System.Runtime.InteropServices;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The descriptors sent to a container child along with its configuration. The configuration names each by
/// its slot, the index in this list; the child's <see cref="ChildEnd.ReceiveConfig"/> turns slots into the numbers
/// the descriptors got there.
/// </summary>
public sealed class PassedDescriptors
{
    private readonly List<SafeHandle> _handles = [];

    public IReadOnlyList<SafeHandle> Handles => _handles;

    /// <summary>Queues a descriptor; returns its slot, or -1 for none.</summary>
    public int Add(SafeHandle? handle)
    {
        if (handle is null)
            return -1;
        _handles.Add(handle);
        return _handles.Count - 1;
    }
}
