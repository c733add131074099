using System.Runtime.InteropServices;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Checkpoint;

/// <summary>
/// One `criu swrk` process, spoken to over a SOCK_SEQPACKET pair (its end is its fd 3): a request goes in, and
/// notifications come back, each answered once handled, until the request's own response.
/// </summary>
internal sealed class CriuProcess : IDisposable
{
    /// <summary>The first descriptor after the socket: extra descriptors handed to CRIU are numbered from here.</summary>
    public const int FirstExtraFd = 4;

    private readonly SafeFileHandle _socket;
    private bool _reaped;

    private CriuProcess(SafeFileHandle socket, int pid)
    {
        _socket = socket;
        Pid = pid;
    }

    public int Pid { get; }

    /// <summary>
    /// Starts CRIU with <paramref name="stdio"/> as its standard streams (/dev/null without; the restored process
    /// inherits those it maps with inherit_fd) and <paramref name="extraFds"/> from fd <see cref="FirstExtraFd"/> on.
    /// </summary>
    public static CriuProcess Start(string criu, ProcessStdio? stdio = null, IReadOnlyList<SafeHandle>? extraFds = null)
    {
        string path = Resolve(criu);
        var (ours, theirs) = Syscall.SeqPacketPair();
        using var devNull = Syscall.Open("/dev/null", Syscall.O_RDWR | Syscall.O_CLOEXEC);
        using (theirs)
        {
            // By target: stdio, the socket as fd 3, then the extra descriptors.
            SafeHandle[] given = [stdio?.Input ?? devNull, stdio?.Output ?? devNull, stdio?.Error ?? devNull, theirs, .. extraFds ?? []];
            // Each source is duplicated above every target first, so that no dup2 in the child overwrites one still needed.
            var map = given.Select((handle, target) => (From: Syscall.Dup(handle, given.Length), To: target)).ToList();
            try
            {
                int pid = Syscall.Spawn(path, [path, "swrk", "3"], ChildProgram.CurrentEnvironment(), map, closeFrom: given.Length);
                return new CriuProcess(ours, pid);
            }
            catch (SyscallException e)
            {
                ours.Dispose();
                throw new HullException($"exec: \"{criu}\": {Errno.Describe(e.Errno)}", ErrorKind.Failed, e);
            }
            finally
            {
                foreach (var (from, _) in map)
                    Syscall.CloseRaw(from);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and answers its notifications with <paramref name="notified"/> (given the
    /// notification and any descriptors sent with it) until CRIU's response to the request, which is returned.
    /// </summary>
    public CriuResponse Call(CriuRequest request, Action<CriuResponse, SafeFileHandle[]>? notified = null)
    {
        Send(request);
        while (true)
        {
            var (received, buffer, fds) = Receive();
            if (received == 0)
                throw new HullException($"criu failed: {ExitDescription()}", ErrorKind.Failed);
            var response = CriuResponse.Decode(buffer.AsSpan(0, received));
            if (response.Type != CriuRequestType.Notify)
            {
                foreach (var fd in fds)
                    fd.Dispose();
                return response;
            }
            try
            {
                notified?.Invoke(response, fds);
            }
            finally
            {
                foreach (var fd in fds)
                    fd.Dispose();
            }
            Send(new CriuRequest(CriuRequestType.Notify, NotifySuccess: true));
        }
    }

    /// <summary>The next message and the descriptors sent with it; a length of 0 when CRIU has closed its end (or died with our request unread).</summary>
    private (int Length, byte[] Buffer, SafeFileHandle[] Fds) Receive()
    {
        try
        {
            int length = Syscall.NextPacketLength(_socket);
            var buffer = new byte[Math.Max(length, 1)];
            if (length == 0)
                return (0, buffer, []);
            var (received, fds) = Syscall.ReceiveWithDescriptors(_socket, buffer);
            return (received, buffer, fds);
        }
        catch (SyscallException e) when (e.Errno == Errno.ECONNRESET)
        {
            return (0, [], []);
        }
    }

    /// <summary>Sends a request; a CRIU that is gone already is reported by how it ended.</summary>
    private void Send(CriuRequest request)
    {
        try
        {
            Syscall.SendPacket(_socket, request.Encode());
        }
        catch (SyscallException e) when (e.Errno is Errno.EPIPE or Errno.ECONNRESET)
        {
            throw new HullException($"criu failed: {ExitDescription()}", ErrorKind.Failed, e);
        }
    }

    /// <summary>Closes the socket, which ends CRIU's service loop, and reaps CRIU.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        if (!_reaped)
            Syscall.WaitPid(Pid);
        _reaped = true;
    }

    private string ExitDescription()
    {
        _socket.Dispose();
        int status = Syscall.WaitPid(Pid) ?? 0;
        _reaped = true;
        return WaitStatus.Describe(status);
    }

    private static string Resolve(string criu)
    {
        if (criu.Contains('/'))
            return criu;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, criu);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new HullException($"exec: \"{criu}\": executable file not found in $PATH", ErrorKind.Failed);
    }
}
