using System.Runtime.InteropServices;
using Hull.Runtime.Protocol;

namespace Hull.Runtime.Child;

/// <summary>The call into native/lastmile.c, linked into the hull executable: it never returns.</summary>
internal static partial class LastMile
{
    public static unsafe void Enter(LastMileMessage message)
    {
        byte[] bytes = message.ToArray();
        fixed (byte* p = bytes)
            hull_last_mile(p, (nuint)bytes.Length);
    }

    [LibraryImport("hull_native")]
    private static unsafe partial void hull_last_mile(byte* message, nuint length);
}
