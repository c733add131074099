using System.Text.Json;
using Hull.Linux;
using Hull.Runtime;
using Hull.Runtime.Store;
using Microsoft.Win32.SafeHandles;
using Hull.Spec;

namespace Hull.Driver.Monitor;

/// <summary>
/// The body of the monitor process (`hull monitor`), conmon's job: it creates the container with its
/// stdio on pipes (or a terminal) it holds, answers its launcher, then logs the output, serves attach,
/// reaps the init and records its exit status. It runs in a session of its own and outlives the launcher.
/// </summary>
public static class ContainerMonitor
{
    /// <summary>The descriptors the launcher passes: the request to read, and where the reply goes.</summary>
    public const int RequestFd = 3;

    /// <summary>The descriptor the monitor answers its launcher on.</summary>
    public const int ReplyFd = 4;

    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs the monitor until the container's init has exited and its status is recorded; returns the process exit code.</summary>
    public static int Run()
    {
        ProcessReaper.DriveFromCallersLoop();
        MonitorRequest request;
        using (var requestPipe = new FileStream(new SafeFileHandle(RequestFd, ownsHandle: true), FileAccess.Read, 0))
            request = JsonSerializer.Deserialize(requestPipe, MonitorJsonContext.Default.MonitorRequest)!;
        using var reply = new FileStream(new SafeFileHandle(ReplyFd, ownsHandle: true), FileAccess.Write, 0);
        Container? container = null;
        ContainerLogWriter? log = null;
        AttachServer? attach = null;
        ContainerInput? input = null;
        MonitorFiles files;
        try
        {
            var host = new ContainerHost(new HostOptions
            {
                Backend = request.Runtime is null ? ContainerBackend.Hull : ContainerBackend.OciRuntime(request.Runtime, request.Root, [.. request.RuntimeArguments ?? []]),
                Root = request.Root,
                SystemdCgroup = request.SystemdCgroup,
                Rootless = request.Rootless,
                HullExecutable = "/proc/self/exe",
            });
            var spec = request.SpecJson is null
                ? SpecLoader.Load(Path.Combine(request.Bundle, "config.json"))
                : SpecLoader.Parse(request.SpecJson);
            var containerRequest = new ContainerRequest
            {
                Id = request.Id,
                Bundle = request.Bundle,
                Spec = spec,
                Stdio = spec.Process?.Terminal == true ? StdioMode.Terminal : StdioMode.Pipes,
                PidFile = request.PidFile,
                NoPivot = request.NoPivot,
                NoNewKeyring = request.NoNewKeyring,
            };
            container = request.Restore is { } restore ? host.Restore(containerRequest, restore) : host.Create(containerRequest);
            files = new MonitorFiles(host.DirectoryOf(request.Id));
            if (request.Restore is { } restored)
                files.TakeLogs(restored.ImagePath);
            File.WriteAllText(files.MonitorProcess, $"{Environment.ProcessId} {ProcessIdentity.ReadStartTime(Environment.ProcessId)}\n");
            log = new ContainerLogWriter(files, request.LogMaxSize);
            input = InputOf(container.Io);
            attach = new AttachServer(files.AttachSocket, container.Io, input);
            // Output written before the pumps run waits in the pipe or terminal: none is lost.
            if (request.Start && request.Restore is null)
                container.Start();
        }
        catch (Exception e) when (e is HullException or SpecException or IOException or SyscallException or NotSupportedException)
        {
            // Nothing may outlive a monitor that could not take the container over.
            attach?.Dispose();
            input?.Dispose();
            log?.Dispose();
            try
            {
                container?.DestroyAsync().GetAwaiter().GetResult();
            }
            catch (Exception cleanup) when (cleanup is HullException or IOException or SyscallException)
            {
                Answer(reply, new MonitorReply { Error = $"{e.Message} (and removing the container failed: {cleanup.Message})" });
                return 1;
            }
            Answer(reply, new MonitorReply { Error = e.Message });
            return 1;
        }
        Answer(reply, new MonitorReply { Pid = container.Pid });
        reply.Dispose();
        // What setting up took (the config, the runtime's work, the code that did it) is garbage for the rest of the
        // container's life: a monitor per container keeps only what serving it needs.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Syscall.ReleaseReadOnlyFilePages();
        using (log)
        using (input)
        using (attach)
            Serve(container, files, log, attach, input);
        return 0;
    }

    /// <summary>The container's stdin as attach clients write it: the pipe, or the terminal; null when it has neither.</summary>
    private static ContainerInput? InputOf(ProcessIo io) =>
        io.Handles.Input is not { } handle ? null
        : io.Terminal is null ? new ContainerInput(handle, io.Input!.Dispose)
        : new ContainerInput(handle, close: null);

    /// <summary>Logs the output and serves attach until the init has exited, then records its exit status.</summary>
    private static void Serve(Container container, MonitorFiles files, ContainerLogWriter log, AttachServer attach, ContainerInput? input)
    {
        new MonitorLoop(container, log, attach, input, OutputGrace).Run();
        var exited = container.WaitAsync();
        while (!exited.IsCompleted)
            ProcessReaper.Dispatch(timeoutMs: 10);
        var status = exited.GetAwaiter().GetResult();
        var record = ExitRecord.From(status);
        try
        {
            record.Write(files.ExitRecord);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted while running: there is nobody left to ask for the status.
        }
        attach.Broadcast(AttachFrameType.Exit, JsonSerializer.SerializeToUtf8Bytes(record, MonitorJsonContext.Default.ExitRecord));
    }

    /// <summary>Answers the launcher, which may have gone already: the container lives on regardless.</summary>
    private static void Answer(FileStream reply, MonitorReply answer)
    {
        try
        {
            reply.Write(JsonSerializer.SerializeToUtf8Bytes(answer, MonitorJsonContext.Default.MonitorReply));
        }
        catch (IOException)
        {
        }
    }
}
