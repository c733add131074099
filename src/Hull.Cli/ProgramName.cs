namespace Hull.Cli;

/// <summary>The name hull was invoked by, for help and usage errors (runc uses its argv[0] the same way).</summary>
internal static class ProgramName
{
    /// <summary>argv[0] as given, e.g. "/usr/local/bin/hull".</summary>
    public static string AsInvoked { get; } = ReadArgv0();

    /// <summary>Its last path component, e.g. "hull".</summary>
    public static string Short => Path.GetFileName(AsInvoked) is { Length: > 0 } name ? name : "hull";

    private static string ReadArgv0()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            return System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
        }
        catch (IOException)
        {
            return "hull";
        }
    }
}
