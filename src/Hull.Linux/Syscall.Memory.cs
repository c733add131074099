using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hull.Linux;

/// <summary>Memory calls.</summary>
public static partial class Syscall
{
    private const uint PT_LOAD = 1;
    private const uint PF_W = 2;
    private const int MADV_DONTNEED = 4;
    private const int MaxSegments = 128;
    private const int MaxRuns = 1024;
    private const ulong PagePresent = 1UL << 63;
    private const ulong PageFileOrShared = 1UL << 61;

    /// <summary>
    /// This process's resident pages that still are the loaded files' own: code, constants and data never written,
    /// which come back unchanged from the file if touched again. Pages this process wrote (copies on write, which
    /// /proc/self/pagemap tells apart) are left out. Given back (MADV_DONTNEED) before a long wait, they leave a
    /// process that holds little more than its own data.
    /// </summary>
    public static List<(nint Start, nuint Length)> FilePageRuns(SafeFileHandle pagemap) => FilePageRuns(pagemap, includeWritable: true);

    /// <summary>
    /// Gives back the resident pages of the loaded files' code and constants (the segments nobody can write) while the
    /// process goes on running: what it touches again comes back from the page cache. Data segments are kept, as a
    /// thread or signal handler writing a page between the pagemap read and the release would lose the write.
    /// Returns the bytes given back.
    /// </summary>
    public static long ReleaseReadOnlyFilePages()
    {
        using var pagemap = TryOpen("/proc/self/pagemap", O_RDONLY | O_CLOEXEC, out _);
        if (pagemap is null)
            return 0;
        long released = 0;
        foreach (var (start, length) in FilePageRuns(pagemap, includeWritable: false))
        {
            if (Native.madvise(start, length, MADV_DONTNEED) == 0)
                released += (long)length;
        }
        return released;
    }

    private static unsafe List<(nint Start, nuint Length)> FilePageRuns(SafeFileHandle pagemap, bool includeWritable)
    {
        var segments = stackalloc PageRun[MaxSegments];
        var found = new PageRunList { Items = segments, Count = 0, Capacity = MaxSegments };
        Native.dl_iterate_phdr(&CollectLoadedSegments, &found);
        var runs = stackalloc PageRun[MaxRuns];
        var clean = new PageRunList { Items = runs, Count = 0, Capacity = MaxRuns };
        for (int i = 0; i < found.Count; i++)
        {
            if (includeWritable || !segments[i].Writable)
                CollectFilePages(pagemap, segments[i], &clean);
        }
        var result = new List<(nint, nuint)>(clean.Count);
        for (int i = 0; i < clean.Count; i++)
            result.Add((runs[i].Start, runs[i].Length));
        return result;
    }

    /// <summary>Adds the runs of <paramref name="segment"/>'s pages that are present and still file pages.</summary>
    private static unsafe void CollectFilePages(SafeFileHandle pagemap, PageRun segment, PageRunList* runs)
    {
        long page = Environment.SystemPageSize;
        long pages = (long)segment.Length / page;
        var entries = new ulong[pages];
        long offset = segment.Start / page * sizeof(ulong);
        if (RandomAccess.Read(pagemap, MemoryMarshal.AsBytes(entries.AsSpan()), offset) != entries.Length * sizeof(ulong))
            return;
        long runStart = -1;
        for (long i = 0; i <= pages; i++)
        {
            bool file = i < pages && (entries[i] & (PagePresent | PageFileOrShared)) == (PagePresent | PageFileOrShared);
            if (file && runStart < 0)
                runStart = i;
            if (file || runStart < 0)
                continue;
            if (runs->Count < runs->Capacity)
                runs->Items[runs->Count++] = new PageRun { Start = (nint)(segment.Start + runStart * page), Length = (nuint)((i - runStart) * page) };
            runStart = -1;
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe int CollectLoadedSegments(DlPhdrInfo* info, nuint size, void* data)
    {
        var list = (PageRunList*)data;
        // The vDSO is the kernel's, not a file its pages could be read back from.
        if (info->Name is not null && Marshal.PtrToStringUTF8((nint)info->Name)?.Contains("vdso", StringComparison.Ordinal) == true)
            return 0;
        long page = Environment.SystemPageSize;
        for (int i = 0; i < info->HeaderCount && list->Count < list->Capacity; i++)
        {
            var header = info->Headers[i];
            if (header.Type != PT_LOAD)
                continue;
            long start = (long)(info->Address + header.VirtualAddress) & ~(page - 1);
            long end = ((long)(info->Address + header.VirtualAddress + header.MemorySize) + page - 1) & ~(page - 1);
            list->Items[list->Count++] = new PageRun { Start = (nint)start, Length = (nuint)(end - start), Writable = (header.Flags & PF_W) != 0 };
        }
        return 0;
    }

    private struct PageRun
    {
        public nint Start;
        public nuint Length;
        public bool Writable;
    }

    private unsafe struct PageRunList
    {
        public PageRun* Items;
        public int Count;
        public int Capacity;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct DlPhdrInfo
    {
        public ulong Address;
        public byte* Name;
        public ProgramHeader* Headers;
        public ushort HeaderCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ProgramHeader
    {
        public uint Type;
        public uint Flags;
        public ulong Offset;
        public ulong VirtualAddress;
        public ulong PhysicalAddress;
        public ulong FileSize;
        public ulong MemorySize;
        public ulong Alignment;
    }

    private static partial class Native
    {
        [LibraryImport(Interop.Libc)]
        internal static partial int madvise(nint address, nuint length, int advice);

        [LibraryImport(Interop.Libc)]
        internal static unsafe partial int dl_iterate_phdr(delegate* unmanaged<DlPhdrInfo*, nuint, void*, int> callback, void* data);
    }
}
