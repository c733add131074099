using System.Text.Json.Serialization;

namespace Hull.Spec;

/// <summary>
/// Source-generated JSON metadata for the specification types. Written like runc writes
/// <c>config.json</c>: indented with tabs, absent fields left out.
/// </summary>
/// <remarks>
/// Property names match case-insensitively on read, as Go's <c>encoding/json</c> does, so a
/// config that runc accepts is read the same way here.
/// </remarks>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    IndentCharacter = '\t',
    IndentSize = 1,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(Process))]
[JsonSerializable(typeof(ExecProcessConfig))]
[JsonSerializable(typeof(LinuxResources))]
[JsonSerializable(typeof(State))]
[JsonSerializable(typeof(ContainerProcessState))]
[JsonSerializable(typeof(Features))]
public sealed partial class SpecJsonContext : JsonSerializerContext;
