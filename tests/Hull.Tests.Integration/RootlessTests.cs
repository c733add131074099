using System.Diagnostics;
using Hull.Spec;

namespace Hull.Tests.Integration;

/// <summary>hull run by a real unprivileged user, created for these tests and removed afterwards.</summary>
public sealed class RootlessTests : IClassFixture<RootlessTests.UnprivilegedUser>
{
    private readonly UnprivilegedUser _user;

    public RootlessTests(UnprivilegedUser user)
    {
        _user = user;
    }

    public sealed class UnprivilegedUser : IDisposable
    {
        public const string Name = "hull-rootless-test";

        public UnprivilegedUser()
        {
            if (Run("id", "-u", Name).ExitCode != 0)
                Assert.Equal(0, Run("useradd", "--no-create-home", "--shell", "/bin/sh", Name).ExitCode);
            Uid = uint.Parse(Run("id", "-u", Name).Stdout.Trim());
            Gid = uint.Parse(Run("id", "-g", Name).Stdout.Trim());
            RuntimeDir = Directory.CreateTempSubdirectory("hull-xdg-").FullName;
            Assert.Equal(0, Run("chown", $"{Uid}:{Gid}", RuntimeDir).ExitCode);
        }

        public uint Uid { get; }

        public uint Gid { get; }

        public string RuntimeDir { get; }

        /// <summary>Runs hull as this user, with its own XDG_RUNTIME_DIR.</summary>
        public HullResult Hull(params string[] args) =>
            HullProcess.RunCommand("", ["setpriv", $"--reuid={Uid}", $"--regid={Gid}", "--clear-groups", "env", $"XDG_RUNTIME_DIR={RuntimeDir}", HullProcess.Binary, .. args]);

        public void Dispose()
        {
            Directory.Delete(RuntimeDir, true);
            Run("userdel", Name);
        }

        private static HullResult Run(params string[] command)
        {
            var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in command.Skip(1))
                info.ArgumentList.Add(arg);
            using var process = System.Diagnostics.Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return new HullResult(process.ExitCode, stdout.Result, stderr);
        }
    }

    private TestBundle RootlessBundle(params string[] args)
    {
        var bundle = new TestBundle(args);
        DefaultSpec.MakeRootless(bundle.Spec, _user.Uid, _user.Gid);
        return bundle.Save();
    }

    [Fact]
    public void AnUnprivilegedUserRunsAContainerAsRootOfItsOwnUserNamespace()
    {
        using var bundle = RootlessBundle("sh", "-c", "id -u; cat /proc/self/uid_map | tr -s ' '; hostname");
        var result = _user.Hull("run", "--bundle", bundle.Dir, bundle.Id);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"0\n 0 {_user.Uid} 1\nhull\n", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_user.RuntimeDir, "hull", bundle.Id)));
        HostState.AssertNothingLeft(bundle);
    }

    [Fact]
    public void StateLivesUnderTheUsersRuntimeDirectory()
    {
        using var bundle = RootlessBundle("sleep", "60");
        Assert.Equal(0, _user.Hull("run", "-d", "--bundle", bundle.Dir, bundle.Id).ExitCode);
        try
        {
            Assert.True(File.Exists(Path.Combine(_user.RuntimeDir, "hull", bundle.Id, "state.json")));
            Assert.Contains(bundle.Id, _user.Hull("list", "-q").Stdout, StringComparison.Ordinal);
            Assert.Contains("\"running\"", _user.Hull("state", bundle.Id).Stdout, StringComparison.Ordinal);
            var exec = _user.Hull("exec", bundle.Id, "id", "-u");
            Assert.Equal("0\n", exec.Stdout);
        }
        finally
        {
            Assert.Equal(0, _user.Hull("delete", "--force", bundle.Id).ExitCode);
        }
        Assert.False(Directory.Exists(Path.Combine(_user.RuntimeDir, "hull", bundle.Id)));
        HostState.AssertNothingLeft(bundle);
    }
}
