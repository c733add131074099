using System.Text.Json.Nodes;
using Hull.Spec;

namespace Hull.Tests.Unit.Spec;

public sealed class SpecRoundTripTests
{
    public static TheoryData<string> Configs =>
        new(nameof(RuncDefaultConfig), nameof(ExtendedConfigs.UnknownFields), nameof(ExtendedConfigs.EveryField));

    [Theory]
    [MemberData(nameof(Configs))]
    public void ParseSerializeParseKeepsEveryField(string name)
    {
        var json = ConfigText(name);

        var written = SpecLoader.Serialize(SpecLoader.Parse(json));
        var rewritten = SpecLoader.Serialize(SpecLoader.Parse(written));

        AssertSameJson(json, written);
        Assert.Equal(written, rewritten);
    }

    [Fact]
    public void DefaultSpecIsWrittenExactlyLikeRunc()
    {
        var expected = RuncDefaultConfig.Json.Replace("\"hostname\": \"runc\"", "\"hostname\": \"hull\"", StringComparison.Ordinal);

        Assert.Equal(expected, SpecLoader.Serialize(DefaultSpec.Create(rootless: false)));
    }

    [Fact]
    public void UnknownFieldsSurviveAtEveryLevel()
    {
        var spec = SpecLoader.Parse(ExtendedConfigs.UnknownFields);

        Assert.Contains("x-top", spec.ExtensionData!.Keys);
        Assert.Contains("windows", spec.ExtensionData.Keys);
        Assert.Equal("kept", spec.Process!.User!.ExtensionData!["x-user"].GetString());
        Assert.Equal(7, spec.Process.Capabilities!.ExtensionData!["x-caps"].GetInt32());
        Assert.Equal("n", spec.Linux!.Namespaces![0].ExtensionData!["x-ns"].GetString());
        Assert.Equal("12345678901234567890", spec.Linux.Resources!.Memory!.ExtensionData!["x-mem"].GetRawText());

        var written = JsonNode.Parse(SpecLoader.Serialize(spec))!;
        var nested = written["x-top"]!["nested"]!.AsArray();
        Assert.Equal(6, nested.Count);
        Assert.Null(nested[4]);
        Assert.Equal("/boot/vmlinuz", (string?)written["vm"]!["kernel"]!["path"]);
        Assert.True((bool)written["linux"]!["x-linux"]!["future"]!["feature"]!);
    }

    [Fact]
    public void AnnotationsArePreservedInOrder()
    {
        var spec = SpecLoader.Parse(ExtendedConfigs.UnknownFields);

        Assert.Equal(["org.example.key", "io.kubernetes.cri.sandbox-id", "empty"], spec.Annotations!.Keys);
        Assert.Equal("", spec.Annotations["empty"]);
    }

    [Fact]
    public void TypedValuesUseTheGoWidths()
    {
        var spec = SpecLoader.Parse(ExtendedConfigs.EveryField);
        var resources = spec.Linux!.Resources!;

        Assert.Equal(uint.MaxValue, spec.Process!.User!.Uid);
        Assert.Equal(ulong.MaxValue, spec.Process.Rlimits![0].Hard);
        Assert.Equal(-1, resources.Memory!.Limit);
        Assert.Equal(long.MaxValue, resources.Memory.Swap);
        Assert.Equal(-1, resources.Cpu!.Quota);
        Assert.Equal(1024UL, resources.Cpu.Shares);
        Assert.Equal((ushort)600, resources.BlockIO!.WeightDevice![0].Weight);
        Assert.Equal(8, resources.BlockIO.ThrottleWriteBpsDevice![0].Major);
        Assert.Equal(10000U, resources.Rdma!["mlx5_1"].HcaObjects);
        Assert.Equal("default 100", resources.Unified!["io.weight"]);
        Assert.Equal(438U, spec.Linux.Devices![0].FileMode);
        Assert.Equal(-86400, spec.Linux.TimeOffsets!["monotonic"].Secs);
        Assert.Equal("net0", spec.Linux.NetDevices!["eth1"].Name);
        Assert.Null(resources.Devices![0].Major);
    }

    [Fact]
    public void BlockDeviceNumbersAreWrittenFirstLikeGo()
    {
        var spec = SpecLoader.Parse("""{"linux": {"resources": {"blockIO": {"weightDevice": [{"weight": 5, "minor": 1, "major": 8}]}}}}""");

        var written = SpecLoader.Serialize(spec);

        Assert.Matches("\"major\": 8,\\s*\"minor\": 1,\\s*\"weight\": 5", written);
    }

    [Fact]
    public void AbsentFieldsStayAbsent()
    {
        var written = SpecLoader.Serialize(SpecLoader.Parse("""{"ociVersion": "1.2.0", "process": {"cwd": "/"}}"""));

        AssertSameJson("""{"ociVersion": "1.2.0", "process": {"cwd": "/"}}""", written);
    }

    [Fact]
    public void FieldNamesMatchCaseInsensitivelyLikeGo()
    {
        var spec = SpecLoader.Parse("""{"OCIVersion": "1.2.0", "Root": {"Path": "rootfs"}}""");

        Assert.Equal("1.2.0", spec.OciVersion);
        Assert.Equal("rootfs", spec.Root!.Path);
    }

    [Fact]
    public void WritesTextWithoutHtmlEscaping()
    {
        var written = SpecLoader.Serialize(SpecLoader.Parse(ExtendedConfigs.UnknownFields));

        Assert.Contains("echo <hi> & 'bye' + ü", written, StringComparison.Ordinal);
    }

    [Fact]
    public void StateAndFeaturesRoundTrip()
    {
        const string state = """{"ociVersion":"1.2.0","id":"c1","status":"created","pid":42,"bundle":"/b","annotations":{"a":"b"},"x":1}""";
        const string features = """
            {"ociVersionMin":"1.0.0","ociVersionMax":"1.2.0","hooks":["prestart"],"mountOptions":["ro"],
             "linux":{"namespaces":["pid"],"capabilities":["CAP_KILL"],
                      "cgroup":{"v1":true,"v2":true,"systemd":true,"systemdUser":true,"rdma":true},
                      "seccomp":{"enabled":true,"actions":["SCMP_ACT_ALLOW"],"operators":["SCMP_CMP_EQ"],"archs":["SCMP_ARCH_X86_64"],
                                 "knownFlags":["SECCOMP_FILTER_FLAG_LOG"],"supportedFlags":["SECCOMP_FILTER_FLAG_LOG"]},
                      "apparmor":{"enabled":true},"selinux":{"enabled":false},"intelRdt":{"enabled":true,"schemata":true},
                      "mountExtensions":{"idmap":{"enabled":true}},"netDevices":{"enabled":true}},
             "annotations":{"org.example.version":"1"},"potentiallyUnsafeConfigAnnotations":["bundle","org.systemd.property."]}
            """;

        var parsedState = State.Parse(state);
        var parsedFeatures = Features.Parse(features);

        Assert.Equal(StateStatus.Created, parsedState.Status);
        Assert.True(parsedFeatures.Linux!.MountExtensions!.IdMap!.Enabled);
        AssertSameJson(state, parsedState.ToJson());
        AssertSameJson(features, parsedFeatures.ToJson());
    }

    private static string ConfigText(string name) => name switch
    {
        nameof(RuncDefaultConfig) => RuncDefaultConfig.Json,
        nameof(ExtendedConfigs.UnknownFields) => ExtendedConfigs.UnknownFields,
        nameof(ExtendedConfigs.EveryField) => ExtendedConfigs.EveryField,
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static void AssertSameJson(string expected, string actual)
    {
        var same = JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));
        Assert.True(same, $"JSON differs.\nexpected:\n{expected}\nactual:\n{actual}");
    }
}
