using System.Globalization;
using System.Text;
using Hull.Linux;
using Hull.Spec.Json;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The managed child's end of the conversation (see <see cref="SyncMessage"/>): its configuration, the requests it
/// makes of the parent before it is ready, and its failures. From Ready on the native last mile speaks on it.
/// </summary>
public sealed class ChildEnd : IDisposable
{
    /// <summary>Names the sync socket in a container child's environment; its native stage reads it first.</summary>
    public const string DescriptorVariable = "HULL_BOOTSTRAP_FD";

    private readonly SyncChannel _channel;

    private ChildEnd(int fd)
    {
        Descriptor = fd;
        _channel = new SyncChannel(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>True in a process hull started as a container's init or exec child.</summary>
    public static bool InContainerChild => Environment.GetEnvironmentVariable(DescriptorVariable) is not null;

    /// <summary>The descriptor of the channel, which the last mile takes over.</summary>
    public int Descriptor { get; }

    /// <summary>The end of this process, as the native stage left it.</summary>
    public static ChildEnd Open() =>
        new(int.Parse(Environment.GetEnvironmentVariable(DescriptorVariable)!, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>Receives the configuration, its descriptor slots turned into the descriptors that came with it.</summary>
    public ChildConfig ReceiveConfig()
    {
        var (type, payload, descriptors) = _channel.ReceiveWithDescriptors();
        if (type != SyncMessage.Config || payload.Length < 1)
            throw new HullException($"expected the configuration from the parent, got {type}");
        var fds = descriptors.ToList();
        byte[] json;
        if (payload.Span[0] == ParentEnd.ConfigInline[0])
        {
            json = payload[1..].ToArray();
        }
        else
        {
            using var memfd = fds[^1];
            fds.RemoveAt(fds.Count - 1);
            json = Syscall.ReadAll(memfd);
        }
        var config = SpecJson.Read(json, ChildConfig.Codec) ?? throw new HullException("the parent sent an empty configuration");
        config.ResolveSlots([.. fds.Select(Keep)]);
        return config;
    }

    /// <summary>A received descriptor as a number this process now owns.</summary>
    private static int Keep(SafeFileHandle handle)
    {
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return fd;
    }

    /// <summary>Asks the parent to run the prestart and createRuntime hooks (and move it meanwhile), and waits.</summary>
    public void RequestRuntimeHooks()
    {
        _channel.Send(SyncMessage.CreateRuntimeHooks);
        Expect(SyncMessage.HooksDone);
    }

    /// <summary>Waits for the parent to have moved this process into its cgroup2 hierarchy (exec).</summary>
    public void AwaitCgroupJoined() => Expect(SyncMessage.CgroupJoined);

    private void Expect(SyncMessage expected)
    {
        var (type, _) = _channel.Receive();
        if (type != expected)
            throw new ParentGoneException();
    }

    /// <summary>
    /// Tells the parent what failed: a step of the container's init, or (<paramref name="initStep"/> false) one of
    /// starting its process. False when the parent no longer listens.
    /// </summary>
    public bool ReportFailure(string message, bool initStep)
    {
        try
        {
            _channel.Send(SyncMessage.Error, [initStep ? ParentEnd.InitStepFailure : ParentEnd.ProcessStepFailure, .. Encoding.UTF8.GetBytes(message)]);
            return true;
        }
        catch (SyscallException)
        {
            return false;
        }
    }

    public void Dispose() => _channel.Dispose();
}

/// <summary>The parent went away (or said something else than it had to): nobody waits for this child any more.</summary>
public sealed class ParentGoneException() : Exception("the parent went away");
