using System.Reflection;
using Hull.Spec.Json;

namespace Hull.Tests.Unit.Spec;

/// <summary>Every JSON document type of Hull's (the spec's, state.json, the child's configuration, `state`) reads and writes every property it has.</summary>
public sealed class CodecCoverageTests
{
    public static TheoryData<string> DocumentTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in Documents())
            data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void EveryPropertyHasAField(string typeName)
    {
        var type = Documents().Single(t => t.FullName == typeName);
        var codec = type.GetField("Codec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var fields = ((IEnumerable<string>)codec.GetType().GetProperty("FieldNames")!.GetValue(codec)!)
            .Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var missing = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.Name != nameof(IJsonExtensible.ExtensionData))
            .Select(p => p.Name)
            .Where(name => !fields.Contains(Normalize(name)))
            .ToList();
        Assert.True(missing.Count == 0, $"{type.Name} has no field for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheDocumentsAreFound()
    {
        var names = Documents().Select(t => t.Name).ToList();
        Assert.Contains("RuntimeSpec", names);
        Assert.Contains("ContainerRecord", names);
        Assert.Contains("ChildConfig", names);
        Assert.Contains("ContainerInfo", names);
        Assert.Contains("CgroupState", names);
    }

    /// <summary>JSON names differ from property names only in case and separators ("containerID", "cpu_shares").</summary>
    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();

    private static IEnumerable<Type> Documents() =>
        new[] { typeof(Hull.Spec.RuntimeSpec), typeof(Hull.Runtime.ContainerRuntime), typeof(Hull.Cgroups.CgroupState) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetField("Codec", BindingFlags.Public | BindingFlags.Static)?.FieldType is { IsGenericType: true } f
                && f.GetGenericTypeDefinition() == typeof(ObjectCodec<>))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
