namespace Hull.Linux;

/// <summary>A failed system call: the operation that failed, the object it acted on, and the errno.</summary>
public sealed class SyscallException : Exception
{
    /// <summary>A refusal of Hull's own before any system call, worded as the kernel's would be reported.</summary>
    public SyscallException(string message)
        : base(message)
    {
        Operation = message;
    }

    public SyscallException(string operation, int errno)
        : base($"{operation}: {Linux.Errno.Describe(errno)}")
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>What was attempted, e.g. "mount tmpfs on /dev".</summary>
    public string Operation { get; }

    public int Errno { get; }
}
