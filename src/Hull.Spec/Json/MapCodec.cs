using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>A JSON object with free keys (annotations, sysctls, ...) as a dictionary that keeps their order.</summary>
public sealed class MapCodec<T>(JsonCodec<T> values) : JsonCodec<Dictionary<string, T>>
{
    public override Dictionary<string, T> Read(ref SpecJsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw reader.Expected("an object");
        var map = new Dictionary<string, T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.Json.GetString()!;
            reader.Read();
            reader.EnterProperty(key);
            map[key] = values.Read(ref reader);
            reader.Leave();
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, T> value)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WritePropertyName(key);
            values.Write(writer, item);
        }
        writer.WriteEndObject();
    }
}
