using Hull.Driver.Monitor;
using Hull.Linux;

namespace Hull.Cli.Commands;

/// <summary>
/// Connects this terminal (or these pipes) to a monitored container: output from the moment of attaching,
/// stdin to the container, and, for a terminal, raw mode and the window size as it changes. Exits with the
/// container's code.
/// </summary>
internal sealed class AttachCommand : Command
{
    public override string Name => "attach";

    public override string Summary => "attach stdin, stdout and stderr to a monitored container";

    public override string ArgumentsUsage => "<container-id>";

    public override IReadOnlyList<Flag> Flags => [new("no-stdin", "do not pass stdin to the container")];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        var container = MonitoredContainer.Open(global.ToRuntimeOptions().Root, args.Positionals[0]);
        using var session = container.Attach();
        byte[]? savedMode = Syscall.IsTerminal(0) ? Syscall.MakeRaw(0) : null;
        using var resize = savedMode is null ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                PassWindowSize(session);
            });
        try
        {
            if (savedMode is not null)
                PassWindowSize(session);
            if (!args.Has("no-stdin"))
                new Thread(() => ForwardInput(session)) { IsBackground = true, Name = "attach input" }.Start();
            using var stdout = StandardStreams.OpenOutput();
            using var stderr = StandardStreams.OpenError();
            var record = session.Receive((stream, data) => (stream == LogStream.Stdout ? stdout : stderr).Write(data.Span));
            return record?.Status.Code ?? 0;
        }
        finally
        {
            if (savedMode is not null)
                Syscall.RestoreTerminal(0, savedMode);
        }
    }

    private static void PassWindowSize(AttachSession session)
    {
        if (Syscall.GetWindowSize(0) is { } size)
            session.Resize(size.Rows, size.Columns);
    }

    private static void ForwardInput(AttachSession session)
    {
        using var stdin = StandardStreams.OpenInput();
        byte[] buffer = new byte[4096];
        try
        {
            int n;
            while ((n = stdin.Read(buffer)) > 0)
                session.WriteInput(buffer.AsSpan(0, n));
            session.CloseInput();
        }
        catch (Exception e) when (e is IOException or Hull.Linux.SyscallException or ObjectDisposedException)
        {
        }
    }
}
