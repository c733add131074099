namespace Hull.Driver;

/// <summary>The machine's physical memory (MemTotal), the limit of a container that sets none.</summary>
internal static class MachineMemory
{
    private static readonly Lazy<ulong> Total = new(Read);

    public static ulong Bytes => Total.Value;

    private static ulong Read()
    {
        foreach (string line in File.ReadLines("/proc/meminfo"))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
                continue;
            string kib = line["MemTotal:".Length..].Trim().Split(' ')[0];
            return ulong.Parse(kib, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidDataException("/proc/meminfo has no MemTotal");
    }
}
