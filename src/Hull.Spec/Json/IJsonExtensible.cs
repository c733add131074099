using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>An object that keeps the fields this version does not know, so that they survive a load and save.</summary>
public interface IJsonExtensible
{
    Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
