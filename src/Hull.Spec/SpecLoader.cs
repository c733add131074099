using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hull.Spec.Json;

namespace Hull.Spec;

/// <summary>Reads and writes <c>config.json</c>, keeping fields it does not know.</summary>
public static class SpecLoader
{
    /// <summary>The name of the configuration file in a bundle.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>Reads and parses the configuration file at <paramref name="configPath"/>.</summary>
    /// <exception cref="SpecException">The file cannot be read or is not a valid configuration.</exception>
    public static RuntimeSpec Load(string configPath) => LoadFile(configPath, RuntimeSpec.Codec);

    /// <summary>Parses a resources object (what `update --resources` takes: the "linux.resources" of a config).</summary>
    /// <exception cref="SpecException">The text is not a valid resources object.</exception>
    public static LinuxResources ParseResources(string json, string source) =>
        Parse(json, LinuxResources.Codec, source);

    /// <summary>
    /// Lays <paramref name="update"/> over <paramref name="current"/>: every field the update sets wins,
    /// every other field keeps its current value (nested objects are merged the same way).
    /// </summary>
    public static LinuxResources MergeResources(LinuxResources? current, LinuxResources update)
    {
        var merged = JsonNode.Parse(SpecJson.Write(current ?? new LinuxResources(), LinuxResources.Codec, indented: false))!.AsObject();
        Merge(merged, JsonNode.Parse(SpecJson.Write(update, LinuxResources.Codec, indented: false))!.AsObject());
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonEscaper.CompactWriterOptions))
            merged.WriteTo(writer);
        return SpecJson.Read(buffer.WrittenSpan, LinuxResources.Codec)!;
    }

    private static void Merge(JsonObject target, JsonObject update)
    {
        foreach (var (name, value) in update.ToList())
        {
            if (value is JsonObject nested && target[name] is JsonObject existing)
                Merge(existing, nested);
            else
                target[name] = value?.DeepClone();
        }
    }

    /// <summary>Reads `update -r`'s resources file.</summary>
    /// <exception cref="SpecException">The file cannot be read, or is not valid.</exception>
    public static LinuxResources LoadResources(string path) => LoadFile(path, LinuxResources.Codec);

    /// <summary>Reads a process description (what `exec --process` takes: the "process" object of a config).</summary>
    /// <exception cref="SpecException">The file cannot be read or is not a valid process.</exception>
    public static Process LoadProcess(string path) => LoadFile(path, Process.Codec);

    private static T LoadFile<T>(string path, JsonCodec<T> codec)
        where T : class
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SpecException($"open {path}: no such file or directory", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SpecException($"open {path}: permission denied", e);
        }
        catch (IOException e)
        {
            throw new SpecException($"read {path}: {e.Message}", e);
        }
        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        return Parse(json, codec, path);
    }

    /// <summary>Parses configuration JSON; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="SpecException">The text is not a valid configuration.</exception>
    public static RuntimeSpec Parse(string json, string source = ConfigFileName) =>
        Parse(json, RuntimeSpec.Codec, source);

    /// <summary>A deep copy, unknown fields included: changes to either do not reach the other.</summary>
    public static RuntimeSpec Copy(RuntimeSpec spec) => Copy(spec, RuntimeSpec.Codec);

    /// <summary>A deep copy of a process, unknown fields included.</summary>
    public static Process Copy(Process process) => Copy(process, Process.Codec);

    private static T Copy<T>(T value, JsonCodec<T> codec)
        where T : class =>
        SpecJson.Read(SpecJson.Write(value, codec, indented: false), codec)!;

    /// <summary>
    /// The configuration as JSON, absent fields left out: indented with tabs as runc writes config.json, or compact
    /// (for Hull's own use: the copy in the state directory, what the init is sent).
    /// </summary>
    public static string Serialize(RuntimeSpec spec, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SpecJson.WriteText(spec, RuntimeSpec.Codec, indented);
    }

    /// <inheritdoc cref="Parse{T}(ReadOnlySpan{byte}, JsonCodec{T}, string)"/>
    internal static T Parse<T>(string json, JsonCodec<T> codec, string source)
        where T : class =>
        Parse(Encoding.UTF8.GetBytes(json), codec, source);

    /// <summary>Parses one document with <paramref name="codec"/>; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="SpecException">The text is not valid.</exception>
    internal static T Parse<T>(ReadOnlySpan<byte> json, JsonCodec<T> codec, string source)
        where T : class
    {
        try
        {
            return SpecJson.Read(json, codec) ?? throw Empty(source);
        }
        catch (JsonException e)
        {
            throw InvalidJson(source, e);
        }
    }

    /// <summary>Writes the configuration to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <exception cref="SpecException">The file cannot be written.</exception>
    public static void Save(RuntimeSpec spec, string path)
    {
        var json = Serialize(spec) + "\n";
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(
            Path.GetDirectoryName(full) ?? "/",
            $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes(json));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new SpecException($"write {path}: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the rename failed already and that is the error worth reporting.
        }
    }

    private static SpecException Empty(string source) =>
        new($"{source}: invalid JSON: expected an object, got null");

    private static SpecException InvalidJson(string source, JsonException e)
    {
        var at = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
        var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
        return new SpecException($"{source}: invalid JSON{at}{line}: {JsonErrorText.Describe(e.Message)}", e);
    }
}
