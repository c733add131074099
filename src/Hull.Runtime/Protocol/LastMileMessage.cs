using System.Buffers.Binary;
using System.Text;

namespace Hull.Runtime.Protocol;

/// <summary>
/// The message native/lastmile.c carries out (see its header for the steps): records of u16 type, u32 length and
/// payload, in this machine's byte order. Every value in it was decided in C#; the C code only acts on them.
/// A list's items (arguments, variables, a hook's arguments) are added one after another.
/// </summary>
public sealed class LastMileMessage
{
    private enum Record : ushort
    {
        SyncFd = 1,
        WaitRun = 2,
        Start = 3,
        Fifo = 4,
        NoNewPrivileges = 5,
        SeccompProgram = 6,
        SeccompFlags = 7,
        SeccompLate = 8,
        SeccompAgent = 9,
        Capabilities = 10,
        User = 11,
        Cwd = 12,
        PreserveFds = 13,
        Parent = 14,
        Arg = 15,
        Env = 16,
        Hook = 17,
        HookArg = 18,
        HookEnv = 19,
        HookInheritEnv = 20,
        HookState = 21,
        Release = 22,
    }

    private readonly MemoryStream _records = new();

    public LastMileMessage(int syncFd) => Int(Record.SyncFd, syncFd);

    public void WaitForRun() => Add(Record.WaitRun, []);

    public void StartOn(StartSignal signal) => Add(Record.Start, [(byte)signal]);

    /// <summary>The exec FIFO (O_PATH) and the /proc/self/fd directory (O_PATH) to reopen it for writing through.</summary>
    public void Fifo(int procSelfFd, int fifoFd) => Ints(Record.Fifo, procSelfFd, fifoFd);

    public void NoNewPrivileges() => Add(Record.NoNewPrivileges, []);

    /// <summary>A compiled filter (struct sock_filter[]) and its seccomp(2) flags; late: after the identity is set.</summary>
    public void Seccomp(byte[] program, uint flags, bool late)
    {
        Add(Record.SeccompProgram, program);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, flags);
        Add(Record.SeccompFlags, value);
        if (late)
            Add(Record.SeccompLate, []);
    }

    /// <summary>The seccomp agent's socket, and the state it receives with the notify descriptor.</summary>
    public void SeccompAgent(int socket, string state)
    {
        byte[] text = Encoding.UTF8.GetBytes(state);
        byte[] value = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32LittleEndian(value, socket);
        text.CopyTo(value, 4);
        Add(Record.SeccompAgent, value);
    }

    public void Capabilities(ulong bounding, ulong effective, ulong permitted, ulong inheritable, ulong ambient, int lastCap)
    {
        Span<byte> value = stackalloc byte[5 * 8 + 4];
        ulong[] sets = [bounding, effective, permitted, inheritable, ambient];
        for (int i = 0; i < sets.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(value[(8 * i)..], sets[i]);
        BinaryPrimitives.WriteInt32LittleEndian(value[40..], lastCap);
        Add(Record.Capabilities, value);
    }

    /// <summary>The ids to take; with <paramref name="setGroups"/>, the supplementary groups too.</summary>
    public void User(uint uid, uint gid, bool setGroups, IReadOnlyList<uint> groups)
    {
        byte[] value = new byte[9 + 4 * groups.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(value, uid);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(4), gid);
        value[8] = setGroups ? (byte)1 : (byte)0;
        for (int i = 0; i < groups.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(9 + 4 * i), groups[i]);
        Add(Record.User, value);
    }

    public void Cwd(string cwd) => String(Record.Cwd, cwd);

    public void PreserveFds(int count) => Int(Record.PreserveFds, count);

    /// <summary>The parent-death signal to restore after the user changes, and the parent to still have then (0: any).</summary>
    public void Parent(int deathSignal, int parentPid) => Ints(Record.Parent, deathSignal, parentPid);

    public void Args(IEnumerable<string> args)
    {
        foreach (string arg in args)
            String(Record.Arg, arg);
    }

    public void Env(IEnumerable<string> env)
    {
        foreach (string variable in env)
            String(Record.Env, variable);
    }

    /// <summary>A startContainer hook; without <paramref name="env"/> it gets the process's environment, as with runc.</summary>
    public void Hook(string path, int timeoutSeconds, IEnumerable<string>? args, IEnumerable<string>? env)
    {
        byte[] text = Encoding.UTF8.GetBytes(path + "\0");
        byte[] value = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32LittleEndian(value, timeoutSeconds);
        text.CopyTo(value, 4);
        Add(Record.Hook, value);
        foreach (string arg in args ?? [])
            String(Record.HookArg, arg);
        if (env is null)
            Add(Record.HookInheritEnv, []);
        foreach (string variable in env ?? [])
            String(Record.HookEnv, variable);
    }

    public void HookState(string state) => String(Record.HookState, state);

    /// <summary>Memory ranges of file pages to give back before blocking on the FIFO (see Syscall.FilePageRuns).</summary>
    public void Release(IEnumerable<(nint Start, nuint Length)> runs)
    {
        var value = new List<byte>();
        Span<byte> pair = stackalloc byte[16];
        foreach (var (start, length) in runs)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(pair, (ulong)start);
            BinaryPrimitives.WriteUInt64LittleEndian(pair[8..], length);
            value.AddRange(pair);
        }
        Add(Record.Release, [.. value]);
    }

    public byte[] ToArray() => _records.ToArray();

    private void Int(Record type, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Add(type, bytes);
    }

    private void Ints(Record type, int first, int second)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, first);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], second);
        Add(type, bytes);
    }

    private void String(Record type, string value) => Add(type, Encoding.UTF8.GetBytes(value + "\0"));

    private void Add(Record type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt32LittleEndian(header[2..], (uint)value.Length);
        _records.Write(header);
        _records.Write(value);
    }
}
