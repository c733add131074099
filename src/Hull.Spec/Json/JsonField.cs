using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>One named field of an <see cref="ObjectCodec{T}"/>; JSON null and absence both leave it null.</summary>
/// <remarks>
/// Two kinds derive from it because C# spells "absent" differently for the two: <c>Nullable&lt;T&gt;</c> for a number
/// or boolean, a null reference for an object, string or list.
/// It is not generic over the object's type, so that every codec's list and lookup of fields are one and the same
/// instantiation: each distinct instantiation of a collection brings static data the runtime allocates at every
/// process start (about 300 of them when this was generic over 50 spec types).
/// </remarks>
internal abstract class JsonField(string name)
{
    // Kept as a string: pre-encoding it (JsonEncodedText) would set up a JavaScriptEncoder in every process
    // that only reads, the container's init among them.
    private readonly string _name = name;

    /// <summary>The field's name in JSON.</summary>
    public string Name => _name;

    /// <summary>Reads the field's value, the reader being on its first token.</summary>
    public abstract void Read(ref SpecJsonReader reader, object target);

    /// <summary>Writes the field, name and value, unless its value is null.</summary>
    public abstract void Write(Utf8JsonWriter writer, object source);

    protected static bool IsNull(ref SpecJsonReader reader) => reader.TokenType == JsonTokenType.Null;

    protected void Write<TValue>(Utf8JsonWriter writer, JsonCodec<TValue> codec, TValue value)
    {
        writer.WritePropertyName(_name);
        codec.Write(writer, value);
    }
}

/// <summary>A field that holds an object, string or list.</summary>
internal sealed class ReferenceField<T, TValue>(string name, JsonCodec<TValue> codec, Func<T, TValue?> get, Action<T, TValue?> set)
    : JsonField(name)
    where TValue : class
{
    public override void Read(ref SpecJsonReader reader, object target) => set((T)target, IsNull(ref reader) ? null : codec.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, object source)
    {
        if (get((T)source) is { } value)
            Write(writer, codec, value);
    }
}

/// <summary>A field that holds a number or boolean.</summary>
internal sealed class ValueField<T, TValue>(string name, JsonCodec<TValue> codec, Func<T, TValue?> get, Action<T, TValue?> set)
    : JsonField(name)
    where TValue : struct
{
    public override void Read(ref SpecJsonReader reader, object target) => set((T)target, IsNull(ref reader) ? null : codec.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, object source)
    {
        if (get((T)source) is { } value)
            Write(writer, codec, value);
    }
}
