using Hull.Runtime;
using Hull.Runtime.Checkpoint;

namespace Hull.Tests.Unit.Runtime;

/// <summary>CRIU's RPC messages on the wire, against the field numbers of CRIU's images/rpc.proto.</summary>
public sealed class CriuMessagesTests
{
    [Fact]
    public void AVersionRequestIsItsTypeAlone()
    {
        Assert.Equal(new byte[] { 0x08, 10 }, new CriuRequest(CriuRequestType.Version).Encode());
    }

    [Fact]
    public void ANegativeDescriptorIsATenByteVarint()
    {
        byte[] options = new CriuOptions().ToProto().ToArray();
        Assert.Equal(new byte[] { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, options[..11]);
    }

    [Fact]
    public void OptionsGoOutUnderRpcProtosFieldNumbers()
    {
        var options = new CriuOptions { ImagesDirFd = 5, Pid = 42, Root = "/r", LeaveRunning = true, CgroupMode = CriuCgroupMode.Soft, OrphanPtsMaster = true };
        options.ExternalMounts.Add(("/dst", "/src"));
        options.InheritedFds.Add(("pipe:[7]", 1));
        var fields = new Dictionary<int, List<string>>();
        var reader = new ProtoReader(options.ToProto().ToArray());
        while (reader.Next())
        {
            int field = reader.Field;
            string value = field is 13 ? reader.String() : field is 23 or 27 ? Pair(reader.Bytes()) : reader.Int().ToString(System.Globalization.CultureInfo.InvariantCulture);
            (fields.TryGetValue(field, out var list) ? list : fields[field] = []).Add(value);
        }
        Assert.Equal(["5"], fields[1]);       // images_dir_fd
        Assert.Equal(["42"], fields[2]);      // pid
        Assert.Equal(["1"], fields[3]);       // leave_running
        Assert.Equal(["4"], fields[9]);       // log_level
        Assert.Equal(["1"], fields[12]);      // notify_scripts
        Assert.Equal(["/r"], fields[13]);     // root
        Assert.Equal(["/dst=/src"], fields[23]);  // ext_mnt
        Assert.Equal(["1"], fields[24]);      // manage_cgroups
        Assert.Equal(["pipe:[7]=1"], fields[27]); // inherit_fd
        Assert.Equal(["3"], fields[34]);      // manage_cgroups_mode SOFT
        Assert.Equal(["1"], fields[50]);      // orphan_pts_master
        Assert.False(fields.ContainsKey(5), "false booleans are left out");
    }

    [Fact]
    public void ARestoreResponseGivesThePid()
    {
        // criu_resp { type: RESTORE, success: true, restore { pid: 300 } }
        var response = CriuResponse.Decode([0x08, 2, 0x10, 1, 0x22, 3, 0x08, 0xac, 0x02]);
        Assert.Equal(CriuRequestType.Restore, response.Type);
        Assert.True(response.Success);
        Assert.Equal(300, response.RestoredPid);
    }

    [Fact]
    public void ANotificationGivesItsScriptAndPid()
    {
        // criu_resp { type: NOTIFY, success: true, notify { script: "post-restore", pid: 9 } }
        byte[] script = "post-restore"u8.ToArray();
        byte[] notify = [0x0a, (byte)script.Length, .. script, 0x10, 9];
        var response = CriuResponse.Decode([0x08, 6, 0x10, 1, 0x2a, (byte)notify.Length, .. notify]);
        Assert.Equal(CriuRequestType.Notify, response.Type);
        Assert.Equal("post-restore", response.NotifyScript);
        Assert.Equal(9, response.NotifyPid);
    }

    [Fact]
    public void AFailureCarriesErrnoAndMessageAndUnknownFieldsAreSkipped()
    {
        // criu_resp { type: DUMP, success: false, cr_errno: 13, cr_errmsg: "no", status: 1 (unknown here), fixed32 field 99 }
        var response = CriuResponse.Decode([0x08, 1, 0x10, 0, 0x38, 13, 0x4a, 2, (byte)'n', (byte)'o', 0x58, 1, 0x9d, 0x06, 1, 2, 3, 4]);
        Assert.False(response.Success);
        Assert.Equal(13, response.Errno);
        Assert.Equal("no", response.ErrorMessage);
    }

    [Fact]
    public void AVersionIsReadWithItsSublevel()
    {
        // criu_resp { type: VERSION, success: true, version { major: 3, minor: 17, sublevel: 1 } }
        var response = CriuResponse.Decode([0x08, 10, 0x10, 1, 0x52, 6, 0x08, 3, 0x10, 17, 0x20, 1]);
        Assert.Equal((3, 17, 1, false), response.Version);
    }

    [Fact]
    public void ATruncatedMessageIsRefused()
    {
        var error = Assert.Throws<HullException>(() => CriuResponse.Decode([0x08, 2, 0x22, 5, 0x08]));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    private static string Pair(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message);
        string key = "", value = "";
        while (reader.Next())
        {
            if (reader.Field == 1)
                key = reader.String();
            else
                value = reader.Field == 2 && key.StartsWith("pipe", StringComparison.Ordinal) ? reader.Int().ToString(System.Globalization.CultureInfo.InvariantCulture) : reader.String();
        }
        return $"{key}={value}";
    }
}
