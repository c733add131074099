using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>A NUL-terminated array of UTF-8 C strings in unmanaged memory, for argv and envp.</summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private readonly nint[] _strings;

    public NativeStringArray(IReadOnlyList<string> values)
    {
        _strings = new nint[values.Count];
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        for (int i = 0; i < values.Count; i++)
        {
            _strings[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            Pointer[i] = (byte*)_strings[i];
        }
    }

    public byte** Pointer { get; }

    public void Dispose()
    {
        foreach (nint s in _strings)
            Marshal.FreeCoTaskMem(s);
        NativeMemory.Free(Pointer);
    }
}
