using System.Net.Sockets;
using System.Text;
using Hull.Cgroups.Systemd;

namespace Hull.Tests.Unit.Cgroups;

/// <summary>
/// A stand-in for systemd's private D-Bus socket: EXTERNAL auth, then a method return for every call
/// (a job path for the job methods, followed by its JobRemoved signal), recording what was called.
/// </summary>
public sealed class FakeSystemd : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;

    public FakeSystemd(string dir)
    {
        SocketPath = Path.Combine(dir, "private");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(8);
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public string SocketPath { get; }

    /// <summary>Member names called, in order, with the raw body of each.</summary>
    public List<(string Member, byte[] Body)> Calls { get; } = [];

    /// <summary>The job result JobRemoved reports.</summary>
    public string JobResult { get; set; } = "done";

    private void Serve()
    {
        try
        {
            while (true)
            {
                using var client = _listener.Accept();
                ServeClient(client);
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ServeClient(Socket client)
    {
        var stream = new NetworkStream(client);
        string auth = ReadLine(stream);
        if (!auth.StartsWith("\0AUTH EXTERNAL ", StringComparison.Ordinal))
            return;
        stream.Write("OK 0123456789abcdef0123456789abcdef\r\n"u8);
        if (ReadLine(stream) != "BEGIN")
            return;
        uint serial = 100;
        while (true)
        {
            byte[] head = new byte[16];
            if (!Fill(stream, head))
                return;
            uint bodyLength = BitConverter.ToUInt32(head, 4);
            uint callSerial = BitConverter.ToUInt32(head, 8);
            uint fieldsLength = BitConverter.ToUInt32(head, 12);
            int headerEnd = (int)((16 + fieldsLength + 7) / 8 * 8);
            byte[] rest = new byte[headerEnd - 16 + bodyLength];
            Fill(stream, rest);
            byte[] header = [.. head, .. rest.AsSpan(0, headerEnd - 16)];
            var fields = new DBusReader(header, 16);
            string member = "";
            while (fields.Position < 16 + fieldsLength)
            {
                fields.Align(8);
                byte code = fields.Byte();
                string? value = fields.Value(fields.Signature());
                if (code == 3)
                    member = value!;
            }
            lock (Calls)
                Calls.Add((member, rest[(headerEnd - 16)..]));
            bool job = member is "StartTransientUnit" or "StopUnit";
            stream.Write(Message(2, ++serial, callSerial, null, job ? "o" : "", w => { if (job) w.ObjectPath("/org/freedesktop/systemd1/job/7"); }));
            if (job)
            {
                stream.Write(Message(4, ++serial, 0, "JobRemoved", "uoss", w =>
                {
                    w.UInt32(7);
                    w.ObjectPath("/org/freedesktop/systemd1/job/7");
                    w.String("unit");
                    w.String(JobResult);
                }));
            }
        }
    }

    private static byte[] Message(byte type, uint serial, uint replySerial, string? member, string signature, Action<DBusWriter> body)
    {
        var b = new DBusWriter();
        body(b);
        byte[] bodyBytes = b.ToArray();
        var w = new DBusWriter();
        w.Byte((byte)'l');
        w.Byte(type);
        w.Byte(0);
        w.Byte(1);
        w.UInt32((uint)bodyBytes.Length);
        w.UInt32(serial);
        w.Array(8, () =>
        {
            if (replySerial != 0)
                Field(w, 5, "u", () => w.UInt32(replySerial));
            if (member is not null)
            {
                Field(w, 1, "o", () => w.ObjectPath("/org/freedesktop/systemd1"));
                Field(w, 2, "s", () => w.String("org.freedesktop.systemd1.Manager"));
                Field(w, 3, "s", () => w.String(member));
            }
            if (signature.Length > 0)
                Field(w, 8, "g", () => w.Signature(signature));
        });
        w.Align(8);
        w.Raw(bodyBytes);
        return w.ToArray();
    }

    private static void Field(DBusWriter w, byte code, string signature, Action value)
    {
        w.Align(8);
        w.Byte(code);
        w.Signature(signature);
        value();
    }

    private static string ReadLine(NetworkStream stream)
    {
        var line = new StringBuilder();
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            int b = stream.ReadByte();
            if (b < 0)
                break;
            line.Append((char)b);
        }
        return line.ToString().TrimEnd('\r', '\n');
    }

    private static bool Fill(NetworkStream stream, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = stream.Read(buffer, done, buffer.Length - done);
            if (n == 0)
                return false;
            done += n;
        }
        return true;
    }

    public void Dispose() => _listener.Dispose();
}
