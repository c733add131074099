using System.Runtime.InteropServices;

namespace Hull.Runtime.Lifecycle;

/// <summary>The descriptors handed to a container child after its sync socket, and the numbers they get there.</summary>
internal sealed class PassedDescriptors
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

    /// <summary>The descriptor number a slot has in the launched child; -1 for no slot.</summary>
    public static int NumberIn(LaunchedChild child, int slot) => slot < 0 ? -1 : child.PassedFdNumbers[slot];
}
