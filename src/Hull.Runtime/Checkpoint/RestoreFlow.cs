using System.Runtime.InteropServices;
using System.Text.Json;
using Hull.Cgroups;
using Hull.Linux;
using Hull.Runtime.Child;
using Hull.Runtime.Hooks;
using Hull.Runtime.Parent;
using Hull.Runtime.Store;
using Hull.Spec;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Checkpoint;

/// <summary>
/// `restore`: a container made from a bundle, like create's, whose process tree CRIU brings back from a checkpoint
/// instead of starting it. The container's cgroup is made and limited first and CRIU placed in it, so the restored
/// processes are born there; the rootfs is bind-mounted under the state directory for CRIU's root; mounts from
/// outside the container and the joined namespaces are handed to CRIU by name, the init's pipes by descriptor.
/// The container is recorded as create records it, first with the cgroup only, then with the init once CRIU reports
/// it: a failure at any point, or a crash, leaves what delete --force removes, and a failure removes it at once.
/// </summary>
internal sealed class RestoreFlow(StateStore store, RuntimeOptions options)
{
    private const string LogFile = "restore.log";

    public (ContainerRecord Record, RuntimeSpec Spec) Restore(CreateOptions request, RestoreOptions restore, ConsoleSocket console)
    {
        int version = CriuSetup.CheckVersion(options.Criu);
        if ((restore.LsmProfile is not null || restore.LsmMountContext is not null) && version < 31600)
            throw new HullException($"--{(restore.LsmProfile is not null ? "lsm-profile" : "lsm-mount-context")} requires at least CRIU 3.16", ErrorKind.Failed);
        var bundle = ContainerBundle.Load(request);
        var spec = bundle.Spec;
        var consoleSocket = console.For(spec.Process?.Terminal == true, request.ConsoleSocket is not null);
        using var images = CriuSetup.OpenDirectory(restore.ImagePath, create: false);
        var descriptors = ReadDescriptors(restore.ImagePath);
        using var work = restore.WorkPath is { Length: > 0 } workPath ? CriuSetup.OpenDirectory(workPath, create: true) : null;
        using var directory = store.CreateNew(request.Id);
        var cgroup = new CgroupFactory().ForContainer(spec.Linux?.CgroupsPath, request.Id, options.SystemdCgroup, options.Rootless);
        var record = CreateFlow.NewRecord(request.Id, bundle, cgroup, options);
        directory.Save(record);
        string criuRoot = directory.CriuRoot;
        bool mounted = false;
        var namespaceFiles = new List<SafeHandle>();
        try
        {
            var placed = CreateFlow.CreateDirectories(cgroup, record, spec, options.Rootless);
            directory.Save(record);
            Syscall.WriteFile(directory.ConfigFile, System.Text.Encoding.UTF8.GetBytes(SpecLoader.Serialize(spec, indented: false)));
            PrepareMountpoints(bundle, spec);
            Directory.CreateDirectory(criuRoot);
            Syscall.Mount(bundle.Rootfs, criuRoot, null, Syscall.MS_BIND | Syscall.MS_REC, null, $"bind {bundle.Rootfs} for criu");
            mounted = true;
            var criuOptions = CriuSetup.OptionsFor(restore, images, work, LogFile);
            criuOptions.Root = criuRoot;
            criuOptions.EvasiveDevices = true;
            criuOptions.RestoreAsSibling = true;
            criuOptions.LsmProfile = restore.LsmProfile;
            criuOptions.LsmMountContext = restore.LsmMountContext;
            // The cgroup directories bound into the container are the new container's.
            foreach (var (destination, source) in CriuSetup.ExternalMounts(spec, bundle.Directory).Concat(placed is null ? [] : CriuSetup.CgroupMounts(spec, placed)))
                criuOptions.AddExternalMount(destination, source);
            AddNamespaces(criuOptions, spec, version, namespaceFiles);
            for (int fd = 0; fd < descriptors.Count; fd++)
            {
                if (descriptors[fd].Contains("pipe:", StringComparison.Ordinal))
                    criuOptions.InheritedFds.Add((descriptors[fd], fd));
            }
            // The restored init's pipes are CRIU's standard streams: the caller's, or this process's own.
            using var process = CriuProcess.Start(options.Criu, request.Stdio ?? OwnStdio, namespaceFiles);
            if (placed is not null)
            {
                placed.Apply(process.Pid);
                CreateFlow.SetResources(placed, spec, options.Rootless);
                // Where CRIU itself was placed becomes the root of the restored cgroups (cg_root).
                foreach (var (controllers, path) in CgroupPaths.ReadProcCgroup($"/proc/{process.Pid}/cgroup"))
                    criuOptions.CgroupRoots.Add((controllers, path));
            }
            var response = process.Call(new CriuRequest(CriuRequestType.Restore, criuOptions), (notify, fds) =>
                Notified(notify, fds, spec, record, directory, consoleSocket));
            if (!response.Success)
                throw CriuSetup.Failure(CriuRequestType.Restore, response, CriuSetup.LogPath(restore, LogFile));
            if (record.Phase != ContainerPhase.Created)
                Recorded(record, directory, response.RestoredPid);
            if (request.PidFile is not null)
                PidFile.Write(request.PidFile, record.InitPid);
            return (record, spec);
        }
        catch
        {
            if (record.InitPid > 0 && record.Init.IsAlive())
            {
                Syscall.Kill(record.InitPid, Syscall.SIGKILL);
                ProcessWaiter.WaitUntilGone(record.Init);
            }
            cgroup.Destroy();
            directory.Remove();
            throw;
        }
        finally
        {
            foreach (var file in namespaceFiles)
                file.Dispose();
            if (mounted)
                Syscall.TryUnmount(criuRoot, Syscall.MNT_DETACH);
            if (Directory.Exists(criuRoot))
                Directory.Delete(criuRoot);
        }
    }

    private static ProcessStdio OwnStdio =>
        new(new SafeFileHandle(0, ownsHandle: false), new SafeFileHandle(1, ownsHandle: false), new SafeFileHandle(2, ownsHandle: false));

    /// <summary>CRIU's steps of a restore that need the runtime: hooks once the namespaces exist, the init once it runs, its terminal.</summary>
    private static void Notified(CriuResponse notify, SafeFileHandle[] fds, RuntimeSpec spec, ContainerRecord record, ContainerDirectory directory, SafeHandle? consoleSocket)
    {
        switch (notify.NotifyScript)
        {
            case "setup-namespaces" when spec.Hooks?.Prestart is { Count: > 0 } || spec.Hooks?.CreateRuntime is { Count: > 0 }:
                var hookState = OciState.Of(record, StateStatus.Creating);
                hookState.Pid = notify.NotifyPid;
                string state = hookState.ToJson();
                HookRunner.RunAll(spec.Hooks?.Prestart, state);
                HookRunner.RunAll(spec.Hooks?.CreateRuntime, state);
                break;
            case "post-restore":
                Recorded(record, directory, notify.NotifyPid);
                break;
            case "orphan-pts-master" when consoleSocket is not null && fds.Length > 0:
                Syscall.SendDescriptor(consoleSocket, fds[0]);
                break;
        }
    }

    /// <summary>The restored init, recorded by pid and start time as create records its init: from now on a container like any other.</summary>
    private static void Recorded(ContainerRecord record, ContainerDirectory directory, int pid)
    {
        record.InitPid = pid;
        record.InitStartTime = ProcessIdentity.ReadStartTime(pid) ?? throw new HullException("restored container init exited during restore");
        record.Created = DateTimeOffset.UtcNow;
        record.Phase = ContainerPhase.Created;
        directory.Save(record);
    }

    /// <summary>
    /// The pid and network namespaces the container joined are handed to CRIU as descriptors under the names the
    /// checkpoint gave them; the others it joins by path.
    /// </summary>
    private static void AddNamespaces(CriuOptions criu, RuntimeSpec spec, int version, List<SafeHandle> files)
    {
        foreach (var ns in spec.Linux?.Namespaces ?? [])
        {
            if (string.IsNullOrEmpty(ns.Path))
                continue;
            if (ns.Type == "cgroup")
                throw new HullException($"Do not know how to handle namespace {ns.Type}", ErrorKind.InvalidArgument);
            if (CriuSetup.ExternalNamespace(ns.Type, version, "the restoration process") is var (_, key))
            {
                var file = Syscall.TryOpen(ns.Path, Syscall.O_RDONLY | Syscall.O_CLOEXEC, out _)
                    ?? throw new HullException($"Requested {ns.Type} namespace {ns.Path} does not exist", ErrorKind.InvalidArgument);
                criu.InheritedFds.Add((key, CriuProcess.FirstExtraFd + files.Count));
                files.Add(file);
            }
            else
            {
                criu.JoinNamespaces.Add((Namespaces.All.First(n => n.Type == ns.Type).ProcName, ns.Path));
            }
        }
    }

    /// <summary>
    /// CRIU mounts the container's mounts onto their mount points in the rootfs, which a fresh rootfs may lack: they
    /// are made as the init would make them, inside the rootfs (never through a symlink out of it). Mount points
    /// inside another mount the checkpoint holds (tmpfs, proc, sysfs) come with it.
    /// </summary>
    private static void PrepareMountpoints(ContainerBundle bundle, RuntimeSpec spec)
    {
        using var root = new RootPath(bundle.Rootfs);
        var mounts = spec.Mounts ?? [];
        foreach (var mount in mounts)
        {
            if (mount.Destination is not { } destination || mount.Type == "cgroup")
                continue;
            if (mounts.Any(other => other != mount && other.Type is not ("bind" or null) && other.Destination is { } outer && destination.StartsWith(outer.TrimEnd('/') + "/", StringComparison.Ordinal)))
                continue;
            bool file = CriuSetup.IsBind(mount) && File.Exists(Path.GetFullPath(mount.Source ?? "/", bundle.Directory));
            try
            {
                (file ? root.CreateFile(destination) : root.CreateDirectory(destination)).Dispose();
            }
            catch (SyscallException e)
            {
                throw new HullException($"unable to create mount point {destination} for restore: {e.Message}", ErrorKind.Failed, e);
            }
        }
    }

    private static List<string> ReadDescriptors(string imagePath)
    {
        string path = Path.Combine(imagePath, CheckpointFlow.DescriptorsFile);
        if (!File.Exists(path))
            throw new HullException($"open {path}: no such file or directory", ErrorKind.InvalidArgument);
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return [.. json.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new HullException($"{path} is not a checkpoint's list of descriptors: {e.Message}", ErrorKind.InvalidArgument, e);
        }
    }
}
