using Hull.Runtime.Store;
using Hull.Spec;

namespace Hull.Runtime.Parent;

/// <summary>The OCI state document hooks receive on stdin.</summary>
internal static class OciState
{
    public static string Json(ContainerRecord record, ContainerStatus status)
    {
        var state = new State
        {
            OciVersion = RuntimeInfo.SpecVersion,
            Id = record.Id,
            Status = status.ToText(),
            Pid = status == ContainerStatus.Stopped ? null : record.InitPid,
            Bundle = record.Bundle,
            Annotations = record.Annotations,
        };
        return state.ToJson();
    }
}
