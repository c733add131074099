using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>
/// A JSON object as a class: its fields in the order they are written, matched case-insensitively on read as
/// Go's encoding/json matches them; fields it does not know go to <see cref="IJsonExtensible.ExtensionData"/>
/// and are written back after the known ones.
/// </summary>
public sealed class ObjectCodec<T> : JsonCodec<T>
    where T : class, new()
{
    private readonly List<JsonField> _fields = [];
    private readonly Dictionary<string, JsonField> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the field <paramref name="name"/> holding an object, string or list; absent when null.</summary>
    public ObjectCodec<T> Add<TValue>(string name, JsonCodec<TValue> codec, Func<T, TValue?> get, Action<T, TValue?> set)
        where TValue : class =>
        Add(name, new ReferenceField<T, TValue>(name, codec, get, set));

    /// <summary>Adds the field <paramref name="name"/> holding a number or boolean; absent when null.</summary>
    public ObjectCodec<T> Add<TValue>(string name, JsonCodec<TValue> codec, Func<T, TValue?> get, Action<T, TValue?> set)
        where TValue : struct =>
        Add(name, new ValueField<T, TValue>(name, codec, get, set));

    /// <summary>The names of the fields, in the order they are written.</summary>
    public IEnumerable<string> FieldNames => _fields.Select(f => f.Name);

    private ObjectCodec<T> Add(string name, JsonField field)
    {
        _fields.Add(field);
        _byName.Add(name, field);
        return this;
    }

    public override T Read(ref SpecJsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw reader.Expected("an object");
        var value = new T();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.Json.GetString()!;
            reader.Read();
            reader.EnterProperty(name);
            if (_byName.TryGetValue(name, out var field))
                field.Read(ref reader, value);
            else if (value is IJsonExtensible extensible)
                (extensible.ExtensionData ??= [])[name] = JsonElement.ParseValue(ref reader.Json);
            else
                reader.Json.Skip();
            reader.Leave();
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, T value)
    {
        writer.WriteStartObject();
        foreach (var field in _fields)
            field.Write(writer, value);
        if (value is IJsonExtensible { ExtensionData: { } unknown })
        {
            foreach (var (name, element) in unknown)
            {
                writer.WritePropertyName(name);
                element.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }
}
