using Hull.Runtime.Store;
using Hull.Runtime.Checkpoint;
using Hull.Runtime.Parent;

namespace Hull.Runtime;

public sealed partial class ContainerRuntime
{
    /// <summary>
    /// Checkpoints a running or paused container with CRIU into <see cref="CriuOptionsBase.ImagePath"/>. Unless it is
    /// left running (or only pre-dumped), its processes end with the dump and the container is deleted, as runc does.
    /// </summary>
    /// <param name="id">The container.</param>
    /// <param name="options">Where the images go, and what CRIU may handle.</param>
    /// <param name="keep">
    /// Given the container's directory once the dump has ended its processes, before the container goes: for what a
    /// caller keeps there that the restored container should have (a monitor's log).
    /// </param>
    public void Checkpoint(string id, CheckpointOptions options, Action<string>? keep = null)
    {
        ContainerRecord record;
        string path;
        using (var directory = _store.Open(id))
        {
            path = directory.Path;
            record = directory.Load();
            var status = StatusOf(record, directory);
            if (status is ContainerStatus.Created or ContainerStatus.Stopped)
                throw new HullException($"Container cannot be checkpointed in {status.ToText()} state", ErrorKind.InvalidState);
            var config = LoadConfig(directory) ?? throw new HullException($"config of container {id} is missing");
            CheckpointFlow.Run(_options.Criu, record, config, options);
        }
        if (!options.LeaveRunning && !options.PreDump)
        {
            ProcessWaiter.WaitUntilGone(record.Init);
            keep?.Invoke(path);
            Delete(id, force: true);
        }
    }

    /// <summary>
    /// Restores a container from a checkpoint, under <see cref="CreateOptions.Id"/> and from the bundle given there, and
    /// returns once it runs again. The restored init is this process's child, as a created one is.
    /// </summary>
    public ContainerInfo Restore(CreateOptions options, RestoreOptions restore)
    {
        using var console = ConsoleSocket.ForDetached(options.ConsoleSocket, options.ConsoleConnection);
        var (record, _) = new RestoreFlow(_store, _options).Restore(options, restore, console);
        return ContainerInfo.From(record, ContainerStatus.Running);
    }

    /// <summary>
    /// `restore` in the foreground: restores the container, relays signals to it, waits for its init, deletes the
    /// container and returns the init's exit code (128 + signal for a signal death), as `run` does.
    /// </summary>
    public int RestoreAndWait(CreateOptions options, RestoreOptions restore)
    {
        using var signals = SignalForwarder.Catch();
        using var console = ConsoleSocket.ForForeground(options.ConsoleSocket, options.ConsoleConnection);
        var (record, spec) = new RestoreFlow(_store, _options).Restore(options, restore, console);
        int status;
        using (console.Proxy(spec.Process?.Terminal == true))
            status = signals.RelayUntilExit(record.InitPid);
        Delete(options.Id, force: true);
        return WaitStatus.ToExitCode(status);
    }
}
