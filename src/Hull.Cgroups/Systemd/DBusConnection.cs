using System.Text;
using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Cgroups.Systemd;

/// <summary>A received D-Bus message: type, header fields Hull reads, and the body.</summary>
internal sealed record DBusMessage(byte Type, uint ReplySerial, string? ErrorName, string? Member, string Signature, byte[] Body)
{
    public const byte MethodCall = 1;
    public const byte MethodReturn = 2;
    public const byte Error = 3;
    public const byte Signal = 4;

    public DBusReader Reader() => new(Body);
}

/// <summary>
/// The smallest D-Bus client that drives systemd: a peer-to-peer connection to systemd's private socket
/// (/run/systemd/private, root only, no bus daemon needed), EXTERNAL authentication, method calls, and
/// signals queued while waiting for replies.
/// </summary>
internal sealed class DBusConnection : IDisposable
{
    public const string DefaultSocket = "/run/systemd/private";
    private readonly SafeFileHandle _socket;
    private readonly Queue<DBusMessage> _signals = new();
    private readonly List<byte> _pending = [];
    private uint _serial;

    private static bool Trace => Environment.GetEnvironmentVariable("HULL_TRACE_DBUS") == "1";

    private DBusConnection(SafeFileHandle socket)
    {
        _socket = socket;
    }

    /// <param name="socketPath">The manager's private socket.</param>
    /// <param name="usersOwn">A user's own systemd, which runs in the parent user namespace: it knows the caller by its uid there.</param>
    public static DBusConnection Open(string socketPath = DefaultSocket, bool usersOwn = false)
    {
        SafeFileHandle socket;
        try
        {
            socket = Syscall.ConnectUnix(socketPath);
        }
        catch (SyscallException e)
        {
            throw new CgroupException($"cannot reach systemd at {socketPath} (is systemd the init?): {Errno.Describe(e.Errno)}", e);
        }
        var connection = new DBusConnection(socket);
        try
        {
            connection.Authenticate(usersOwn ? UidMap.ToHost(Syscall.EffectiveUid()) : Syscall.EffectiveUid());
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>"\0AUTH EXTERNAL &lt;hex uid&gt;", expecting OK, then BEGIN: the kernel vouches for the uid, as systemd sees it.</summary>
    private void Authenticate(uint asSeen)
    {
        string uid = Convert.ToHexString(Encoding.ASCII.GetBytes(asSeen.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Syscall.Write(_socket, Encoding.ASCII.GetBytes($"\0AUTH EXTERNAL {uid}\r\n"));
        string reply = ReadLine();
        if (Trace)
            Console.Error.WriteLine($"dbus auth: {reply}");
        if (!reply.StartsWith("OK", StringComparison.Ordinal))
            throw new CgroupException($"systemd refused D-Bus authentication: {reply}");
        Syscall.Write(_socket, "BEGIN\r\n"u8);
    }

    private string ReadLine()
    {
        var line = new List<byte>();
        while (line.Count < 2 || line[^2] != '\r' || line[^1] != '\n')
            line.Add(ReadExactly(1)[0]);
        return Encoding.ASCII.GetString([.. line]).TrimEnd();
    }

    /// <summary>Calls a method and returns its reply; an error reply becomes a <see cref="DBusException"/>.</summary>
    public DBusMessage Call(string path, string iface, string member, string signature, Action<DBusWriter>? body, TimeSpan timeout)
    {
        uint serial = Send(path, iface, member, signature, body);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var message = ReceiveNudging(deadline, $"{member} reply");
            if (message.Type == DBusMessage.Signal)
            {
                _signals.Enqueue(message);
                continue;
            }
            if (message.ReplySerial != serial)
                continue;
            if (message.Type == DBusMessage.Error)
            {
                string text = message.Signature.StartsWith('s') ? message.Reader().String() : "";
                throw new DBusException(message.ErrorName ?? "error", $"systemd {member}: {text} ({message.ErrorName})");
            }
            return message;
        }
    }

    /// <summary>
    /// The next message. systemd (252 at least) can leave a request that came right behind the authentication unread, or
    /// its answer unsent, until something else arrives on the connection: each second of silence sends it a Ping, whose
    /// answer is dropped like any reply to another call.
    /// </summary>
    private DBusMessage ReceiveNudging(DateTime deadline, string what)
    {
        while (true)
        {
            var slice = DateTime.UtcNow + NudgeInterval;
            if (_pending.Count > 0 || slice >= deadline || Syscall.PollReadable(_socket, (int)NudgeInterval.TotalMilliseconds))
                return Receive(deadline, what);
            Send(PingPath, "org.freedesktop.DBus.Peer", "Ping", "", null);
        }
    }

    private const string PingPath = "/org/freedesktop/systemd1";
    private static readonly TimeSpan NudgeInterval = TimeSpan.FromSeconds(1);

    /// <summary>The next signal (queued first), or null at the deadline.</summary>
    public DBusMessage? NextSignal(DateTime deadline, string what)
    {
        if (_signals.Count > 0)
            return _signals.Dequeue();
        while (true)
        {
            var message = Receive(deadline, what);
            if (message.Type == DBusMessage.Signal)
                return message;
        }
    }

    private uint Send(string path, string iface, string member, string signature, Action<DBusWriter>? body)
    {
        var bodyWriter = new DBusWriter();
        body?.Invoke(bodyWriter);
        byte[] bodyBytes = bodyWriter.ToArray();
        uint serial = ++_serial;
        var w = new DBusWriter();
        w.Byte((byte)'l');
        w.Byte(DBusMessage.MethodCall);
        w.Byte(0);
        w.Byte(1);
        w.UInt32((uint)bodyBytes.Length);
        w.UInt32(serial);
        w.Array(8, () =>
        {
            Field(w, 1, "o", () => w.ObjectPath(path));
            Field(w, 2, "s", () => w.String(iface));
            Field(w, 3, "s", () => w.String(member));
            Field(w, 6, "s", () => w.String("org.freedesktop.systemd1"));
            if (signature.Length > 0)
                Field(w, 8, "g", () => w.Signature(signature));
        });
        w.Align(8);
        w.Raw(bodyBytes);
        Syscall.Write(_socket, w.ToArray());
        if (Trace)
            Console.Error.WriteLine($"dbus -> {member} serial {serial} sig {signature}");
        return serial;
    }

    private static void Field(DBusWriter w, byte code, string signature, Action value)
    {
        w.Align(8);
        w.Byte(code);
        w.Signature(signature);
        value();
    }

    private DBusMessage Receive(DateTime deadline, string what)
    {
        byte[] fixedPart = ReadExactly(16, deadline, what);
        if (fixedPart[0] != (byte)'l')
            throw new CgroupException("systemd sent a big-endian D-Bus message, which Hull does not read");
        var head = new DBusReader(fixedPart);
        head.Byte();
        byte type = head.Byte();
        head.Byte();
        head.Byte();
        uint bodyLength = head.UInt32();
        head.UInt32();
        uint fieldsLength = head.UInt32();
        int headerEnd = (int)((16 + fieldsLength + 7) / 8 * 8);
        byte[] rest = ReadExactly(headerEnd - 16 + (int)bodyLength, deadline, what);
        byte[] header = [.. fixedPart, .. rest.AsSpan(0, headerEnd - 16)];
        var fields = new DBusReader(header, 16);
        uint replySerial = 0;
        string? errorName = null, member = null;
        string signature = "";
        while (fields.Position < 16 + fieldsLength)
        {
            fields.Align(8);
            byte code = fields.Byte();
            string? value = fields.Value(fields.Signature());
            switch (code)
            {
                case 3: member = value; break;
                case 4: errorName = value; break;
                case 5: replySerial = uint.Parse(value!, System.Globalization.CultureInfo.InvariantCulture); break;
                case 8: signature = value ?? ""; break;
            }
        }
        if (Trace)
            Console.Error.WriteLine($"dbus <- type {type} member {member} reply {replySerial} sig {signature} error {errorName}");
        return new DBusMessage(type, replySerial, errorName, member, signature, rest[(headerEnd - 16)..]);
    }

    private byte[] ReadExactly(int count, DateTime? deadline = null, string what = "systemd's answer")
    {
        var result = new byte[count];
        int done = 0;
        byte[] chunk = new byte[65536];
        while (done < count)
        {
            if (_pending.Count > 0)
            {
                int take = Math.Min(_pending.Count, count - done);
                _pending.CopyTo(0, result, done, take);
                _pending.RemoveRange(0, take);
                done += take;
                continue;
            }
            int wait = deadline is null ? 30000 : (int)Math.Max(0, (deadline.Value - DateTime.UtcNow).TotalMilliseconds);
            if (!Syscall.PollReadable(_socket, wait))
                throw new CgroupException($"timed out waiting for {what} from systemd");
            int n = Syscall.Read(_socket, chunk) ?? 0;
            if (n == 0)
                throw new CgroupException($"systemd closed the D-Bus connection while Hull waited for {what}");
            _pending.AddRange(chunk.AsSpan(0, n));
        }
        return result;
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>An error reply from systemd, with its D-Bus error name (e.g. org.freedesktop.systemd1.NoSuchUnit).</summary>
internal sealed class DBusException : Exception
{
    public DBusException(string name, string message)
        : base(message)
    {
        Name = name;
    }

    public string Name { get; }
}
