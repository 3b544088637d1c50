namespace CriEngine.Oci.Runtime;

/// <summary>A container's status as the OCI runtime reports it (runtime-spec "state").</summary>
public enum OciStatus
{
    Creating,
    Created,
    Running,
    Stopped,
    Paused,
}
