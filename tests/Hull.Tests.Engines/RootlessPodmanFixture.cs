using System.Globalization;

namespace Hull.Tests.Engines;

/// <summary>
/// Rootless podman as a workstation user runs it: an unprivileged user with subordinate ids in /etc/subuid and
/// /etc/subgid, its own HOME and XDG_RUNTIME_DIR, vfs storage and the busybox image. podman runs its runtime as root
/// of a user namespace that maps only those ids. Everything goes at the end: the user's containers and images, the
/// processes it left (podman's pause process), the user and its ids.
/// </summary>
public sealed class RootlessPodmanFixture : IDisposable
{
    public const string Image = "localhost/hull-busybox:rootless";

    private const string User = "hull-podman-test";
    private const string SubordinateIds = "400000:65536";

    public RootlessPodmanFixture()
    {
        Dir = Directory.CreateTempSubdirectory("hull-rootless-podman-").FullName;
        File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
        Home = Path.Combine(Dir, "home");
        Assert.Equal(0, Command.Run(["useradd", "--home-dir", Home, "--create-home", "--shell", "/bin/sh", User]).ExitCode);
        Uid = uint.Parse(Command.Run(["id", "-u", User]).Stdout.Trim(), CultureInfo.InvariantCulture);
        foreach (string file in new[] { "/etc/subuid", "/etc/subgid" })
            File.AppendAllText(file, $"{User}:{SubordinateIds}\n");
        RuntimeDir = Path.Combine(Dir, "run");
        Directory.CreateDirectory(RuntimeDir, (UnixFileMode)0b111_000_000);
        Command.Run(["chown", User, RuntimeDir]);
        // The user cannot reach the build tree's hull, nor every runc: both are copied where it can.
        Hull = Executable(Command.HullBinary);
        Runc = Executable("/usr/sbin/runc");
        var import = Podman(Hull, "import", Command.BusyboxTarball(Dir), Image);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public string Dir { get; }

    public string Home { get; }

    public uint Uid { get; }

    public string RuntimeDir { get; }

    public string Hull { get; }

    public string Runc { get; }

    /// <summary>podman as the user, driving <paramref name="runtime"/>; cgroupfs, since the host has no systemd.</summary>
    public CommandResult Podman(string runtime, params string[] args) => Command.Run([
        "setpriv", $"--reuid={Uid}", $"--regid={Uid}", "--init-groups", "env", $"HOME={Home}", $"XDG_RUNTIME_DIR={RuntimeDir}", $"USER={User}",
        "podman", "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--runtime", runtime, .. args]);

    /// <summary>`podman run` without a network (slirp4netns is not what is tested here).</summary>
    public CommandResult Run(string runtime, params string[] args) => Podman(runtime, ["run", "--network", "none", .. args]);

    public void Dispose()
    {
        Podman(Hull, "rm", "--all", "--force");
        Podman(Hull, "rmi", "--all", "--force");
        foreach (int pid in ProcessesOf(Uid))
            Command.Run(["kill", "-9", pid.ToString(CultureInfo.InvariantCulture)]);
        Command.Run(["userdel", User]);
        foreach (string file in new[] { "/etc/subuid", "/etc/subgid" })
            File.WriteAllLines(file, File.ReadAllLines(file).Where(line => line != $"{User}:{SubordinateIds}"));
        Directory.Delete(Dir, true);
    }

    private string Executable(string path)
    {
        string copy = Path.Combine(Dir, Path.GetFileName(path));
        File.Copy(path, copy);
        File.SetUnixFileMode(copy, (UnixFileMode)0b111_101_101);
        return copy;
    }

    /// <summary>The processes running as <paramref name="uid"/>, which only this fixture's user has.</summary>
    private static IEnumerable<int> ProcessesOf(uint uid)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            string? status = null;
            try
            {
                status = File.ReadAllText(Path.Combine(dir, "status"));
            }
            catch (IOException)
            {
            }
            string? uidLine = status?.Split('\n').FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            if (uidLine?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == uid.ToString(CultureInfo.InvariantCulture))
                yield return pid;
        }
    }
}
