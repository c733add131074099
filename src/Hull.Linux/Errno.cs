using System.Runtime.InteropServices;

namespace Hull.Linux;

/// <summary>errno values Hull branches on, and their descriptions.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int EXDEV = 18;
    public const int EPROTO = 71;
    public const int EMSGSIZE = 90;
    public const int EOPNOTSUPP = 95;
    public const int EIO = 5;
    public const int EPIPE = 32;
    public const int ECONNRESET = 104;
    public const int ECONNREFUSED = 111;
    public const int ENFILE = 23;
    public const int EMFILE = 24;

    /// <summary>The C library's text for an errno, lowercased like Go's syscall errors.</summary>
    public static string Describe(int errno)
    {
        string text = Marshal.GetPInvokeErrorMessage(errno);
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : $"errno {errno}";
    }

    internal static int Last() => Marshal.GetLastPInvokeError();
}
