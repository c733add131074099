namespace Hull.Cgroups;

/// <summary>A cgroup operation failed; the message names the file or unit and what was attempted.</summary>
/// <remarks>An <see cref="IOException"/>: cgroup failures are file-system failures to every caller.</remarks>
public sealed class CgroupException : IOException
{
    public CgroupException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
