using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>Reads and writes one kind of JSON value without System.Text.Json's metadata (see <see cref="SpecJson"/>).</summary>
public abstract class JsonCodec<T>
{
    /// <summary>
    /// Reads the value whose first token the reader is on, leaving it on the value's last token. JSON null is
    /// the wrong kind here: whoever holds the value (a field, list or map) decides what null means.
    /// </summary>
    public abstract T Read(ref SpecJsonReader reader);

    public abstract void Write(Utf8JsonWriter writer, T value);
}
