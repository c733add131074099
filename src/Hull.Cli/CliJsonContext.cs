using System.Text.Json.Serialization;

namespace Hull.Cli;

/// <summary>Source-generated JSON for what the CLI prints itself.</summary>
[JsonSerializable(typeof(int[]))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
