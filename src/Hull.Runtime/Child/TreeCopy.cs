using Hull.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hull.Runtime.Child;

/// <summary>
/// Copies a directory's tree (directories, files, symlinks, with their modes and owners) into another: tmpcopyup's copy
/// of what a tmpfs covers, read through a descriptor of the covered directory.
/// </summary>
internal static class TreeCopy
{
    public static void Copy(SafeFileHandle from, string to) => CopyDirectory(Syscall.ProcFdPath(from), to);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            var status = Syscall.TryStatNoFollow(entry.FullName) ?? throw new SyscallException($"lstat {entry.FullName}", Errno.ENOENT);
            if (status.IsSymlink)
            {
                File.CreateSymbolicLink(target, entry.LinkTarget ?? "");
            }
            else if (status.IsDirectory)
            {
                Syscall.MakeDirectory(target, status.Mode & 0xfff);
                CopyDirectory(entry.FullName, target);
            }
            else if (status.IsRegular)
            {
                File.Copy(entry.FullName, target);
            }
            else
            {
                continue;
            }
            Syscall.LchownPath(target, status.Uid, status.Gid);
            if (!status.IsSymlink)
                File.SetUnixFileMode(target, (UnixFileMode)(status.Mode & 0xfff));
        }
    }
}
