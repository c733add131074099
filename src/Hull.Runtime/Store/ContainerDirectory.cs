using System.Text.Json;
using Hull.Linux;
using Hull.Spec.Json;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Store;

/// <summary>
/// One container's state directory, held under an exclusive lock for as long as this object lives,
/// so concurrent commands on one id are serialised.
/// </summary>
public sealed class ContainerDirectory : IDisposable
{
    private readonly SafeFileHandle _lock;

    private ContainerDirectory(string id, string path, SafeFileHandle lockHandle)
    {
        Id = id;
        Path = path;
        _lock = lockHandle;
    }

    public string Id { get; }

    public string Path { get; }

    public string StateFile => System.IO.Path.Combine(Path, "state.json");

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    /// <summary>Where restore bind-mounts the rootfs for CRIU; a restore killed halfway may leave it mounted.</summary>
    public string CriuRoot => System.IO.Path.Combine(Path, "criu-root");

    /// <summary>The FIFO the init blocks on until start; it exists only while the container is "created".</summary>
    public string ExecFifo => System.IO.Path.Combine(Path, "exec.fifo");

    /// <summary>Locks a container directory; null if it does not exist (or was removed while waiting).</summary>
    internal static ContainerDirectory? Lock(string id, string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = Syscall.Open(path, Syscall.O_RDONLY | Syscall.O_DIRECTORY | Syscall.O_CLOEXEC);
        }
        catch (SyscallException e) when (e.Errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            return null;
        }
        Syscall.LockExclusive(handle, $"container {id}");
        if (!Directory.Exists(path))
        {
            handle.Dispose();
            return null;
        }
        return new ContainerDirectory(id, path, handle);
    }

    /// <summary>Writes state.json atomically: a reader sees the old or the new file, never a torn one.</summary>
    public void Save(ContainerRecord record)
    {
        // The rename keeps readers from seeing half a file. No fsync: state lives under /run, which does not
        // outlive a reboot, and on a disk-backed /run the flush alone cost more than the rest of `create`.
        string temp = StateFile + ".tmp";
        Syscall.WriteFile(temp, SpecJson.Write(record, ContainerRecord.Codec, indented: false));
        Syscall.Rename(temp, StateFile);
    }

    public ContainerRecord Load()
    {
        byte[] state = Syscall.ReadFile(StateFile) ?? throw HullException.NotFound();
        try
        {
            var record = SpecJson.Read(state, ContainerRecord.Codec) ?? throw new JsonException("the state is null");
            if (record.Id != Id)
                throw new JsonException($"it names container \"{record.Id}\"");
            if (record.Bundle.Length == 0 || record.Rootfs.Length == 0)
                throw new JsonException("it names no bundle or rootfs");
            return record;
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $"at {e.Path}: ";
            throw new HullException($"state of container {Id} is corrupt: {at}{Hull.Spec.JsonErrorText.Describe(e.Message)}", ErrorKind.CorruptState, e);
        }
    }

    /// <summary>
    /// Removes the directory and everything in it; the lock is released on dispose. A rootfs still mounted for CRIU is
    /// detached first: the recursive delete would otherwise empty the bundle's rootfs through it.
    /// </summary>
    public void Remove()
    {
        if (Directory.Exists(CriuRoot))
            Syscall.TryUnmount(CriuRoot, Syscall.MNT_DETACH);
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }

    public void Dispose() => _lock.Dispose();
}
