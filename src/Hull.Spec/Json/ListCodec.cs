using System.Text.Json;

namespace Hull.Spec.Json;

/// <summary>A JSON array as a list.</summary>
public sealed class ListCodec<T>(JsonCodec<T> items) : JsonCodec<List<T>>
{
    public override List<T> Read(ref SpecJsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw reader.Expected("an array");
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.EnterItem(list.Count);
            list.Add(items.Read(ref reader));
            reader.Leave();
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<T> value)
    {
        writer.WriteStartArray();
        foreach (var item in value)
            items.Write(writer, item);
        writer.WriteEndArray();
    }
}
