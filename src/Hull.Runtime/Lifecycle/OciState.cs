using Hull.Runtime.State;

namespace Hull.Runtime.Lifecycle;

/// <summary>The OCI state document hooks receive on stdin.</summary>
internal static class OciState
{
    public static string Json(ContainerRecord record, ContainerStatus status)
    {
        var state = new Hull.Spec.State
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
