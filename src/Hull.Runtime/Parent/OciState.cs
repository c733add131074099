using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>The OCI state document hooks receive on stdin, and seccomp agents with the notify descriptor.</summary>
internal static class OciState
{
    public static State Of(ContainerRecord record, string status) => new()
    {
        OciVersion = RuntimeInfo.SpecVersion,
        Id = record.Id,
        Status = status,
        Pid = status == StateStatus.Stopped || record.InitPid == 0 ? null : record.InitPid,
        Bundle = record.Bundle,
        Annotations = record.Annotations,
    };
}
